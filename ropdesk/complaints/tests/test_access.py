"""Confidentiality as a matrix: every case URL against every role (and no one signed in).
Only support services reach a case; anyone else gets 404, administrators and superusers
included, unless support services granted them the case (to read, never to change)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ropdesk.complaints import access as complaints_access
from ropdesk.complaints import services
from ropdesk.complaints.models import CaseAccessLog, Complaint, ComplaintAccessGrant
from ropdesk.complaints.tests.conftest import file_complaint
from ropdesk.core.models import AuditEvent, Role, Site, User
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today

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
def people(support):
    district = f.district("District A")
    worksite = f.site(kind=Site.Kind.WORKSITE, district_org=district)
    people = {
        "support": support,
        "admin": f.user("admin_person", role=Role.ADMINISTRATOR),
        "coordinator": f.user(
            "coordinator_person", role=Role.DISTRICT_COORDINATOR, organization=district
        ),
        "counselor": f.user("counselor_person", role=Role.COUNSELOR, organization=district),
        "instructor": f.user("instructor_person", role=Role.INSTRUCTOR),
        "supervisor": f.user("supervisor_person", role=Role.EMPLOYER_SUPERVISOR, site_obj=worksite),
        "student": f.user("student_person", role=Role.STUDENT),
        "parent": f.user("parent_person", role=Role.PARENT),
        "nobody": f.user("nobody_person"),
        "superuser": User.objects.create_superuser("root_person", password=f.PASSWORD),
    }
    # Every role has a persona.
    roles = {r for u in people.values() for r in u.roles.values_list("role", flat=True)}
    assert roles == set(Role.values)
    return people


@pytest.fixture
def case(support):
    complaint = file_complaint(
        files=[
            SimpleUploadedFile("photo.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
        ],
        received_on=suite_today() - timedelta(days=20),
        incident_date=suite_today() - timedelta(days=25),
    ).complaint
    services.complaint_assign(actor=support, complaint=complaint, investigator=support)
    services.report_issue(
        actor=support,
        complaint=complaint,
        findings="Findings.",
        conclusions="Conclusions.",
        remedies="",
        outcome="not_substantiated",
        issued_on=suite_today(),
    )
    appeal = services.appeal_record(
        actor=support,
        complaint=complaint,
        appellant="complainant",
        filed_on=suite_today(),
        grounds=["law"],
    )
    return complaint, appeal


def read_urls(complaint):
    item = complaint.items.exclude(file="").get()
    return [
        "/complaints/cases/",
        f"/complaints/cases/{complaint.reference}/",
        f"/complaints/cases/{complaint.reference}/files/{item.pk}/",
        f"/complaints/cases/{complaint.reference}/report.pdf",
        "/complaints/grants/",
    ]


def write_requests(complaint, appeal):
    today = suite_today().isoformat()
    ref = complaint.reference
    return [
        (
            f"/complaints/cases/{ref}/do/item/",
            {"item-kind": "note", "item-title": "t", "item-body": "b"},
        ),
        (
            f"/complaints/cases/{ref}/appeals/{appeal.pk}/",
            {
                f"appealfile-{appeal.pk}-cde_notice_on": today,
                f"appealfile-{appeal.pk}-file_sent_on": today,
            },
        ),
        (
            "/complaints/grants/",
            {"user": "nobody_person", "reason": "r", "expires_on": "2099-01-01"},
        ),
        (f"/complaints/cases/{ref}/do/close/", {"close-closed_on": today, "close-note": "x"}),
    ]


OUTSIDERS = [
    "admin",
    "coordinator",
    "counselor",
    "instructor",
    "supervisor",
    "student",
    "parent",
    "nobody",
    "superuser",
]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_no_one_outside_support_services_reaches_a_case(client, people, case, persona):
    complaint, appeal = case
    client.force_login(people[persona])
    events_before = AuditEvent.objects.count()
    for url in read_urls(complaint):
        assert client.get(url).status_code == 404, (persona, url)
    for url, data in write_requests(complaint, appeal):
        assert client.post(url, data).status_code == 404, (persona, url)
    assert AuditEvent.objects.count() == events_before  # nothing changed
    assert not ComplaintAccessGrant.objects.exists()
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.APPEALED
    assert not complaints_access.complaints_visible_to(people[persona]).exists()


def test_no_one_signed_out_reaches_a_case(client, case):
    complaint, appeal = case
    for url in read_urls(complaint):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for url, _data in write_requests(complaint, appeal):
        assert client.post(url, _data).status_code == 302
    assert Complaint.objects.get().status == Complaint.Status.APPEALED


def test_support_services_reach_every_case_url(client, people, case):
    complaint, appeal = case
    client.force_login(people["support"])
    for url in read_urls(complaint):
        assert client.get(url).status_code == 200, url
    for url, data in write_requests(complaint, appeal):
        assert client.post(url, data).status_code == 302, url
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.CLOSED


def test_an_administrator_reads_a_case_only_while_granted_and_never_changes_it(
    client, people, case, support
):
    complaint, appeal = case
    other = file_complaint().complaint
    admin = people["admin"]
    client.force_login(admin)
    case_url = f"/complaints/cases/{complaint.reference}/"
    assert client.get(case_url).status_code == 404

    grant = services.grant_add(
        actor=support,
        user=admin,
        complaint=complaint,
        reason="Decision-maker",
        expires_on=suite_today() + timedelta(days=30),
    )
    for url in read_urls(complaint)[:4]:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/complaints/cases/{other.reference}/").status_code == 404
    page = client.get("/complaints/cases/").content.decode()
    assert complaint.reference in page and other.reference not in page
    for url, data in write_requests(complaint, appeal):
        assert client.post(url, data).status_code == 404, url
    assert "do/close" not in client.get(case_url).content.decode()  # no forms to change it

    services.grant_revoke(actor=support, grant=grant)
    assert client.get(case_url).status_code == 404


def test_an_expired_grant_gives_nothing(client, people, case, support):
    complaint, _appeal = case
    ComplaintAccessGrant.objects.create(
        user=people["admin"],
        complaint=None,
        reason="Audit",
        granted_by=support,
        granted_on=date(2025, 1, 1),
        expires_on=suite_today() - timedelta(days=1),
    )
    client.force_login(people["admin"])
    assert client.get(f"/complaints/cases/{complaint.reference}/").status_code == 404


def test_a_missing_case_and_a_forbidden_one_look_the_same(client, people, case):
    complaint, _appeal = case
    client.force_login(people["counselor"])
    forbidden = client.get(f"/complaints/cases/{complaint.reference}/")
    missing = client.get("/complaints/cases/ZZZZZZZZZZ/")
    assert forbidden.status_code == missing.status_code == 404
    assert without_per_response_values(forbidden.content) == without_per_response_values(
        missing.content
    )


def test_a_wrong_token_on_the_status_link_is_404(client, case):
    complaint, _appeal = case
    assert client.get(f"/complaints/status/{complaint.reference}/not-the-token/").status_code == 404


@pytest.mark.parametrize("persona", ["support", "admin"])
def test_figures_without_names_are_for_support_services_and_administrators(client, people, persona):
    client.force_login(people[persona])
    assert client.get("/complaints/statistics/").status_code == 200


@pytest.mark.parametrize(
    "persona",
    ["coordinator", "counselor", "instructor", "supervisor", "student", "parent", "nobody"],
)
def test_figures_are_404_for_everyone_else(client, people, persona):
    client.force_login(people[persona])
    assert client.get("/complaints/statistics/").status_code == 404
    assert client.get("/complaints/notices/").status_code == 404


def test_every_read_is_logged(client, people, case):
    complaint, _appeal = case
    client.force_login(people["support"])
    client.get(f"/complaints/cases/{complaint.reference}/")
    client.get(f"/complaints/cases/{complaint.reference}/report.pdf")
    reads = CaseAccessLog.objects.filter(complaint=complaint).order_by("id")
    assert [(r.actor, r.action) for r in reads] == [
        (people["support"], CaseAccessLog.Action.READ),
        (people["support"], CaseAccessLog.Action.DOWNLOAD),
    ]
