"""The admissions pages: who reaches which (forbidden looks like missing), the public form and
the consent link, bulk admit, exports, query counts, and forms that keep what was typed."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, time

import pytest
from django.core import mail
from openpyxl import load_workbook

from ropdesk.core.models import Role, Site
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.enrollment import services
from ropdesk.enrollment.models import Application, Enrollment, ParentConsent
from ropdesk.enrollment.tests.helpers import BASE_URL, application

pytestmark = pytest.mark.django_db


# The 404 page is in the site layout: its forms carry a CSRF token masked afresh for every
# response and a "next" input holding the requested path. Those two values are the only
# things allowed to differ between a forbidden object's 404 and a missing one's.
CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
NEXT_VALUE = re.compile(rb'(<input name="next" type="hidden" value=")[^"]*(")')


def without_per_response_values(content: bytes) -> bytes:
    content, tokens = CSRF_VALUE.subn(rb"\1\2", content)
    content, nexts = NEXT_VALUE.subn(rb"\1\2", content)
    assert tokens and nexts, "the 404 page no longer has the layout's forms; revisit this test"
    return content


@pytest.fixture
def world():
    a, b = f.district("District A"), f.district("District B")
    school_a, school_b = f.school(a, "School A1"), f.school(b, "School B1")
    section = f.section(capacity=5, site_obj=f.site(kind=Site.Kind.COMMUNITY))
    w = {
        "admin": f.user("admin", role=Role.ADMINISTRATOR),
        "support": f.user("support", role=Role.SUPPORT_SERVICES),
        "coordinator_a": f.user("coordinator_a", role=Role.DISTRICT_COORDINATOR, organization=a),
        "counselor_a": f.user("counselor_a", role=Role.COUNSELOR, organization=a),
        "counselor_school_b": f.user(
            "counselor_school_b", role=Role.COUNSELOR, organization=school_b
        ),
        "instructor": f.user("instructor", role=Role.INSTRUCTOR),
        "student": f.user("student", role=Role.STUDENT),
        "parent": f.user("parent", role=Role.PARENT),
        "nobody": f.user("nobody"),
        "section": section,
    }
    w["app_a"] = application(section=section, school=school_a, last="Alvarez", consent=True)
    w["app_b"] = application(section=section, school=school_b, last="Brooks", consent=True)
    w["app_mine"] = application(section=section, school=school_a, last="Mine", user=w["student"])
    return w


APPLICATIONS_SEEN = {
    "admin": {"app_a", "app_b", "app_mine"},
    "support": set(),
    "coordinator_a": set(),
    "counselor_a": {"app_a", "app_mine"},
    "counselor_school_b": {"app_b"},
    "instructor": set(),
    "student": set(),  # the applicant sees their own on "My applications", not the staff page
    "parent": set(),
    "nobody": set(),
}


@pytest.mark.parametrize("persona", sorted(APPLICATIONS_SEEN))
def test_application_pages_answer_404_outside_the_scope(world, client, persona):
    client.force_login(world[persona])
    for name in ("app_a", "app_b", "app_mine"):
        response = client.get(f"/admissions/{world[name].pk}/")
        expected = 200 if name in APPLICATIONS_SEEN[persona] else 404
        assert response.status_code == expected, (persona, name)


@pytest.mark.parametrize("persona", sorted(APPLICATIONS_SEEN))
def test_posting_outside_the_scope_changes_nothing(world, client, persona):
    client.force_login(world[persona])
    for name in ("app_a", "app_b"):
        client.post(
            f"/admissions/{world[name].pk}/",
            {"action": "admit", "admit-section": world["section"].pk, "admit-will_benefit": "on"},
        )
        world[name].refresh_from_db()
        admitted = world[name].status == Application.Status.ADMITTED
        assert admitted == (name in APPLICATIONS_SEEN[persona]), (persona, name)


def test_a_counselor_of_one_district_gets_404_for_another_district_s_application(world, client):
    client.force_login(world["counselor_a"])
    forbidden = client.get(f"/admissions/{world['app_b'].pk}/")
    missing = client.get("/admissions/999999/")
    assert forbidden.status_code == missing.status_code == 404
    assert without_per_response_values(forbidden.content) == without_per_response_values(
        missing.content
    )


PAGES = {  # url: personas who reach it
    "/admissions/": {"admin", "counselor_a", "counselor_school_b"},
    "/admissions/new/": {"admin", "counselor_a", "counselor_school_b"},
    "/enrollments/": {"admin", "coordinator_a", "counselor_a", "counselor_school_b"},
    "/completion/": {"instructor"},  # the sections one teaches: instructors only
    "/my/applications/": set(APPLICATIONS_SEEN),
}


@pytest.mark.parametrize("persona", sorted(APPLICATIONS_SEEN))
def test_each_page_answers_only_the_roles_it_serves(world, client, persona):
    client.force_login(world[persona])
    for url, allowed in PAGES.items():
        assert client.get(url).status_code == (200 if persona in allowed else 404), (persona, url)


def test_anonymous_visitors_reach_only_the_public_pages(world, client):
    for url in ("/apply/", "/certificates/verify/"):
        assert client.get(url).status_code == 200
    for url in ("/admissions/", "/enrollments/", "/my/applications/", "/completion/"):
        assert client.get(url)["Location"].startswith("/accounts/login/")


def test_the_queue_lists_only_the_counselor_s_applications(world, client):
    client.force_login(world["counselor_a"])
    page = client.get("/admissions/").content.decode()
    assert "Alvarez" in page and "Mine" in page and "Brooks" not in page


def test_the_queue_filters_by_consent(world, client):
    client.force_login(world["admin"])
    page = client.get("/admissions/", {"consent": "waiting"}).content.decode()
    assert "Mine" in page and "Alvarez" not in page


def test_the_queue_s_query_count_does_not_grow_with_its_length(
    world, client, django_assert_max_num_queries
):
    client.force_login(world["admin"])
    client.get("/admissions/")  # warm the session
    with django_assert_max_num_queries(16) as few:
        client.get("/admissions/")
    for k in range(15):
        application(section=world["section"], last=f"Extra{k}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/admissions/").content.decode()
    assert "Extra14" in page


def test_bulk_admit_admits_the_checked_and_explains_the_refused(world, client):
    client.force_login(world["admin"])
    response = client.post(
        "/admissions/admit/",
        {
            "applications": [world["app_a"].pk, world["app_b"].pk, world["app_mine"].pk],
            "will_benefit": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "2 admitted with a seat, 0 admitted to a waitlist." in page
    assert "Not admitted" in page and "no parent or guardian has consented" in page
    statuses = dict(Application.objects.values_list("legal_last_name", "status"))
    assert statuses == {"Alvarez": "admitted", "Brooks": "admitted", "Mine": "submitted"}


def test_bulk_admit_needs_the_finding_that_each_will_benefit(world, client):
    client.force_login(world["admin"])
    response = client.post("/admissions/admit/", {"applications": [world["app_a"].pk]}, follow=True)
    assert "Admission needs this finding" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_the_queue_exports_to_csv_and_xlsx(world, client):
    client.force_login(world["counselor_a"])
    response = client.get("/admissions/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Reference", "Submitted", "Name"]
    assert sorted(r[2].split(",")[0] for r in rows[1:]) == ["Alvarez", "Mine"]
    response = client.get("/admissions/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["Reference", "Submitted", "Name"]
    assert sheet.max_row == 3


def test_the_enrollment_list_exports_the_coordinator_s_students_only(world, client):
    a_student = f.student(district_org=world["coordinator_a"].roles.get().organization, last="Ames")
    f.enroll(a_student, world["section"])
    f.enroll(f.student(last="Zed"), world["section"])
    client.force_login(world["coordinator_a"])
    response = client.get("/enrollments/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert names == [f"Ames, {a_student.legal_first_name}"]


def test_spreadsheet_formulas_are_written_as_text(world, client):
    application(section=world["section"], last="=HYPERLINK(1)")
    client.force_login(world["admin"])
    body = client.get("/admissions/", {"export": "csv"}).content.decode()
    assert "'=HYPERLINK(1)" in body


# --- the public form and the consent link -------------------------------------------------------


def form_data(section, district, school, **changes):
    data = {
        "kind": "high_school",
        "legal_first_name": "Mateo",
        "legal_last_name": "Flores",
        "birth_date": "2009-12-03",
        "sex": "M",
        "email": "mateo@example.org",
        "grade_level": "11",
        "district_of_residence": district.pk,
        "school": school.pk,
        "choice_1": section.course.pk,
        "section_1": section.pk,
        "transportation": "transit",
        "transportation_acknowledged": "on",
        "guardian_name": "Rosa Flores",
        "guardian_relationship": "Mother",
        "guardian_email": "rosa@example.org",
        "other_needs": "A seat near the front",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_wrong_field_is_marked_and_everything_typed_is_kept(client):
    district = f.district()
    school = f.school(district)
    section = f.section()
    other = f.section()
    response = client.post(
        "/apply/",
        form_data(section, district, school, section_1=other.pk, transportation_acknowledged=None),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This section is not a section of the course chosen." in page
    assert "Please confirm that you will provide your own transportation." in page
    for typed in (
        'value="Mateo"',
        'value="Flores"',
        'value="2009-12-03"',
        "A seat near the front",
        'value="rosa@example.org"',
    ):
        assert typed in page, typed
    assert 'aria-invalid="true"' in page
    assert not Application.objects.exists()


def test_a_minor_applies_and_the_parent_consents_from_the_e_mailed_link(
    client, django_capture_on_commit_callbacks
):
    district = f.district()
    school = f.school(district)
    section = f.section()
    with committed_then_worked():
        response = client.post("/apply/", form_data(section, district, school))
    assert response.status_code == 302
    received = client.get(response["Location"]).content.decode()
    filed = Application.objects.get()
    assert filed.reference in received
    assert sorted(m.to[0] for m in mail.outbox) == ["mateo@example.org", "rosa@example.org"]
    letter = next(m for m in mail.outbox if m.to == ["rosa@example.org"])
    link = next(word for word in letter.body.split() if "/consent/" in word)
    path = link.replace("http://testserver", "")
    page = client.get(path).content.decode()
    assert "Mateo Flores" in page
    wrong = client.post(path, {"guardian_name": "Rosa Flores", "relationship": "Mother"})
    assert "Check this box to give your consent." in wrong.content.decode()
    assert 'value="Rosa Flores"' in wrong.content.decode()
    done = client.post(
        path,
        {
            "guardian_name": "Rosa Flores",
            "relationship": "Mother",
            "consent": "on",
            "transportation": "on",
        },
    )
    assert "your consent is recorded" in done.content.decode()
    consent = ParentConsent.objects.get()
    assert (consent.guardian_name, consent.method, consent.user) == ("Rosa Flores", "online", None)
    assert client.get(path).status_code == 404  # the link is used up
    assert not filed.findings.get(rule="parent_consent").blocks


def test_a_counselor_records_consent_given_on_paper(world, client):
    client.force_login(world["counselor_a"])
    url = f"/admissions/{world['app_mine'].pk}/"
    bad = client.post(
        url, {"action": "consent", "consent-guardian_name": "Luz", "consent-method": "paper"}
    )
    assert "This field is required." in bad.content.decode()
    assert 'value="Luz"' in bad.content.decode()
    client.post(
        url,
        {
            "action": "consent",
            "consent-guardian_name": "Luz Mine",
            "consent-relationship": "Aunt",
            "consent-method": "paper",
        },
    )
    consent = ParentConsent.objects.get(application=world["app_mine"])
    assert (consent.method, consent.recorded_by) == ("paper", world["counselor_a"])


def test_an_override_on_the_page_needs_a_reason_and_is_shown(world, client):
    young = application(
        section=world["section"],
        school=world["app_a"].school,
        birth_date=date(2012, 1, 1),
        grade="10",
        consent=True,
    )
    services.application_check(application=young, actor=None)
    finding = young.findings.get(rule="minimum_age")
    url = f"/admissions/{young.pk}/"
    client.force_login(world["counselor_a"])
    assert "Override this rule" not in client.get(url).content.decode()
    client.force_login(world["admin"])
    page = client.get(url).content.decode()
    assert "Students must be at least 16" in page and "Override this rule" in page
    empty = client.post(url, {"action": "override", "finding": finding.pk})
    assert "This field is required." in empty.content.decode()
    client.post(
        url,
        {"action": "override", "finding": finding.pk, f"override-{finding.pk}-reason": "Memo 9"},
    )
    page = client.get(url).content.decode()
    assert "Memo 9" in page
    finding.refresh_from_db()
    assert finding.overridden_by == world["admin"]


def test_admitting_without_the_finding_of_benefit_is_refused_on_the_page(world, client):
    client.force_login(world["counselor_a"])
    response = client.post(
        f"/admissions/{world['app_a'].pk}/",
        {"action": "admit", "admit-section": world["section"].pk},
    )
    assert "Admission needs this finding (EC 52314(a)(1))." in response.content.decode()
    world["app_a"].refresh_from_db()
    assert world["app_a"].status == "submitted"


def test_declining_needs_a_reason_that_the_applicant_sees(world, client):
    client.force_login(world["counselor_a"])
    url = f"/admissions/{world['app_mine'].pk}/"
    assert "This field is required." in client.post(url, {"action": "decline"}).content.decode()
    client.post(
        url, {"action": "decline", "decline-reason": "The course needs a driver's license."}
    )
    client.force_login(world["student"])
    page = client.get("/my/applications/").content.decode()
    assert "Not admitted" in page and "driver&#x27;s license" in page


def test_the_student_sees_a_waitlist_place(world, client):
    section = f.section(capacity=1, site_obj=f.site(kind=Site.Kind.COMMUNITY), start=time(8, 0))
    other = f.student()
    f.enroll(other, section)
    account = world["student"]
    mine = f.student(account=account, birth_date=date(2000, 1, 1), grade="AD")
    filed = application(
        section=section, student=mine, birth_date=date(2000, 1, 1), grade="AD", kind="adult"
    )
    services.application_admit(
        application=filed, actor=world["admin"], will_benefit=True, base_url=BASE_URL
    )
    client.force_login(account)
    page = client.get("/my/applications/").content.decode()
    assert "number 1 on the waitlist" in page
