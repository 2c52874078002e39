"""The disclosure log (34 CFR 99.32; EC 49064): every page an employer supervisor (an outside
party) opens that shows a trainee's record writes a row; rows outlive the student; the student,
and the parent of a minor, read their own log (99.32(c))."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from ropdesk.core.models import DisclosureLog, Student
from ropdesk.core.tests import county as c
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.urlmap import pages
from ropdesk.interop.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def county() -> c.County:
    return c.build()


def _shows(content: str, student: Student) -> bool:
    return student.legal_last_name in content or student.local_id in content


def test_every_page_a_supervisor_reaches_that_shows_a_trainee_logs_the_disclosure(
    county, client, caplog
):
    """99.32(a)(1): "An educational agency or institution must maintain a record of each
    request for access to and each disclosure of personally identifiable information from the
    education records of each student." Every URL of the URL map, opened as the supervisor
    in their browser session (the API's data refuse that session: the API test below reads
    them with a token)."""
    caplog.set_level(logging.CRITICAL, logger="django.request")
    cora = county.trainee.student
    client.force_login(county.users["employer_supervisor"])
    showing, unlogged = [], []
    for page in pages(county):
        if page.name.startswith("admin:"):
            continue
        DisclosureLog.objects.all().delete()
        response = client.get(page.url)
        if response.status_code != 200 or not hasattr(response, "content"):
            continue
        content = response.content.decode(errors="ignore")
        if not _shows(content, cora):
            continue
        showing.append(page.name)
        logged = DisclosureLog.objects.filter(
            student=cora, party=county.users["employer_supervisor"], page=page.url
        )
        if not logged.exists():
            unlogged.append(page.url)
    assert unlogged == []
    # The pages the log used to miss are among those that show the trainee.
    assert {
        "dashboard",
        "enrollment_detail",
        "worksite_trainee",
        "worksite_home",
        "section_detail",
    } <= set(showing)


def test_a_disclosure_row_names_the_party_the_records_and_the_basis(county, client):
    client.force_login(county.users["employer_supervisor"])
    client.get(reverse("worksite_trainee", args=[county.trainee.pk]))
    [row] = DisclosureLog.objects.all()
    assert row.student == county.trainee.student
    assert row.party == county.users["employer_supervisor"]
    assert "training record" in row.records
    assert "99.31(a)(1)" in row.legal_basis
    assert (row.student_local_id, row.student_statewide_id) == (row.student.local_id, "1234567890")


def test_the_api_logs_each_student_it_hands_a_supervisor(county, client):
    """A supervisor reads the API with a token; their browser session is refused (403)."""
    supervisor = county.users["employer_supervisor"]
    client.force_login(supervisor)
    assert client.get(reverse("api_students")).status_code == 403
    assert not DisclosureLog.objects.exists()
    client.logout()

    vic = county.other_trainee.student
    f.enroll(vic, county.section, worksite=county.site)  # a second trainee at the site
    _token, secret = api_token_create(user=supervisor, name="timesheets")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    body = json.loads(client.get(reverse("api_students"), **bearer).content)
    # The supervisor's field-level view of a student: no SSID, grade or school.
    assert [set(row) for row in body["results"]] == [{"id", "updated_at", "name"}] * 2
    handed = sorted(row["id"] for row in body["results"])
    assert handed == sorted([county.trainee.student_id, vic.pk])
    rows = DisclosureLog.objects.order_by("student_id")
    assert [row.student_id for row in rows] == handed
    assert {(row.party, row.records, row.page) for row in rows} == {
        (supervisor, "student record", "/api/v1/students/")
    }

    DisclosureLog.objects.all().delete()
    body = json.loads(client.get(reverse("api_job_site_hours"), **bearer).content)
    assert body["count"] == 1
    [row] = DisclosureLog.objects.all()
    assert row.student == county.trainee.student and row.party == supervisor
    assert row.records == "job-site hours" and row.page == "/api/v1/job-site-hours/"


def test_another_sites_trainee_is_neither_shown_nor_logged(county, client):
    client.force_login(county.users["employer_supervisor"])
    client.get(reverse("worksite_home"))
    assert set(DisclosureLog.objects.values_list("student", flat=True)) == {
        county.trainee.student_id
    }


def test_school_officials_are_not_outside_parties(county, client):
    client.force_login(county.users["instructor"])
    client.get(reverse("worksite_trainee", args=[county.trainee.pk]))
    client.get(reverse("api_students"))
    assert not DisclosureLog.objects.exists()


def test_a_supervisor_who_also_teaches_the_trainee_is_not_logged(county, client):
    supervisor = county.users["employer_supervisor"]
    supervisor.roles.create(role="instructor")
    county.section.instructor = supervisor
    county.section.save(update_fields=["instructor"])
    client.force_login(supervisor)
    client.get(reverse("worksite_trainee", args=[county.trainee.pk]))
    assert not DisclosureLog.objects.exists()


def test_the_log_survives_the_removal_of_the_student(county, client):
    """99.32(a)(2): the record of disclosures is kept "as long as the education records are
    maintained" — and, here, after a OneRoster delta or the admin removes the student."""
    vic = county.other_trainee.student
    client.force_login(county.users["other_supervisor"])
    client.get(reverse("student_detail", args=[vic.pk]))
    local_id = vic.local_id
    # A OneRoster delta drops the enrollment, then the student (interop/importer.py).
    county.other_trainee.delete()
    vic.delete()
    [row] = DisclosureLog.objects.all()
    assert row.student is None
    assert row.student_local_id == local_id and row.student_name == "Vic Baker"
    assert row.party == county.users["other_supervisor"]


def test_the_student_sees_who_has_seen_their_record(county, client):
    client.force_login(county.users["employer_supervisor"])
    client.get(reverse("worksite_trainee", args=[county.trainee.pk]))
    client.force_login(county.users["other_supervisor"])
    client.get(reverse("worksite_trainee", args=[county.other_trainee.pk]))
    client.force_login(county.users["student"])
    assert reverse("my_disclosures") in client.get(reverse("dashboard")).content.decode()
    page = client.get(reverse("my_disclosures")).content.decode()
    assert "employer_supervisor" in page and "training record" in page
    assert "other_supervisor" not in page and "Baker" not in page


def test_the_page_is_in_spanish(county, client):
    client.force_login(county.users["student"])
    client.cookies["django_language"] = "es"
    page = client.get(reverse("my_disclosures"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Quién ha visto mi expediente" in page


def test_the_parent_of_a_minor_sees_the_childs_log(county, client):
    client.force_login(county.users["employer_supervisor"])
    client.get(reverse("worksite_trainee", args=[county.trainee.pk]))
    client.force_login(county.users["parent"])
    assert reverse("my_disclosures") in client.get(reverse("dashboard")).content.decode()
    page = client.get(reverse("my_disclosures")).content.decode()
    assert "Cora Alvarez" in page and "employer_supervisor" in page


@pytest.mark.clock("2028-03-02 09:00")
def test_the_parent_of_an_adult_who_has_not_consented_does_not(county, client):
    """34 CFR 99.5(a): the rights pass to the student at 18 (Cora turned 18 on 2028-03-01)."""
    client.force_login(county.users["parent"])
    assert client.get(reverse("my_disclosures")).status_code == 404


def test_staff_have_no_such_page(county, client):
    client.force_login(county.users["instructor"])
    assert client.get(reverse("my_disclosures")).status_code == 404


def test_a_supervisor_sees_no_grade_or_school_on_the_section_roster(county, client):
    """A training site's legitimate interest is the trainee, the course and the site: the
    roster shows a supervisor the name and status, and logs only that."""
    cora = county.trainee.student
    client.force_login(county.users["employer_supervisor"])
    page = client.get(reverse("section_detail", args=[county.section.pk])).content.decode()

    assert cora.legal_last_name in page
    assert cora.get_grade_level_display() not in page
    assert str(county.school) not in page
    (entry,) = DisclosureLog.objects.filter(student=cora, page__contains="/sections/")
    assert "grade" not in entry.records and "school" not in entry.records


def test_the_instructor_sees_the_grade_and_school(county, client):
    cora = county.trainee.student
    client.force_login(county.users["instructor"])
    page = client.get(reverse("section_detail", args=[county.section.pk])).content.decode()
    assert cora.get_grade_level_display() in page and str(county.school) in page


def test_a_disclosure_to_a_signed_in_party_is_logged_under_the_basis_given(county):
    """99.32(a)(3)(ii): the log names "the legitimate interests the parties had": a page that
    discloses under another basis than the site supervisor's (a district's return files,
    99.31(a)(1) as a school official of the home district) gets that basis on its rows, not
    the supervisor's."""
    from ropdesk.core.services import disclosure_record
    from ropdesk.core.types import signed_in

    party = signed_in(county.users["employer_supervisor"])
    basis = "34 CFR 99.31(a)(2): officials of a school where the student seeks to enroll"
    disclosure_record(
        students=[county.trainee.student], party=party, records="transcript", legal_basis=basis
    )
    [row] = DisclosureLog.objects.all()
    assert (row.party, row.records, row.legal_basis) == (party, "transcript", basis)


def test_two_bases_in_one_request_make_two_rows(county, rf):
    from ropdesk.core.disclosures import LEGAL_BASIS, DisclosureMiddleware, note
    from ropdesk.core.types import signed_in

    party = signed_in(county.users["employer_supervisor"])
    student_id = county.trainee.student_id

    def view(request):
        from django.http import HttpResponse

        note(user=party, student_ids={student_id}, records="name")
        note(user=party, student_ids={student_id}, records="marks", legal_basis="other basis")
        return HttpResponse("ok")

    DisclosureMiddleware(view)(rf.get("/some/page/"))
    rows = sorted(DisclosureLog.objects.values_list("legal_basis", "records", "page"))
    assert rows == sorted(
        [(LEGAL_BASIS, "name", "/some/page/"), ("other basis", "marks", "/some/page/")]
    )
