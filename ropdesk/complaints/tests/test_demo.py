"""The demo's complaints: one in each state, every clock showing, and a second run adds
nothing."""

from __future__ import annotations

from datetime import date

import pytest

from ropdesk.complaints.demo import DEMO_CASES, demo_status_path, seed_complaints
from ropdesk.complaints.models import Complaint, ComplianceCoordinator, Notice
from ropdesk.complaints.queries import clocks_of, with_case_records
from ropdesk.core.models import AuditEvent, Role, User
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 2)


@pytest.fixture
def demo_people():
    f.user("support", role=Role.SUPPORT_SERVICES, first_name="Denise", last_name="Okafor")
    f.user("admin", role=Role.ADMINISTRATOR, first_name="Alicia", last_name="Navarro")


def test_the_demo_has_a_case_in_each_state_and_a_second_run_adds_nothing(demo_people):
    assert seed_complaints(today=TODAY, password="x") == 4
    events = AuditEvent.objects.count()
    assert seed_complaints(today=TODAY, password="x") == 0
    assert AuditEvent.objects.count() == events
    statuses = dict(Complaint.objects.values_list("reference", "status"))
    assert statuses == {
        "DMANYMQUSA": "received",
        "DMEXTENDED": "investigating",
        "DMTXREPQRT": "report_issued",
        "DMAPPEALED": "appealed",
    }
    assert Complaint.objects.get(reference="DMANYMQUSA").anonymous
    assert Complaint.objects.get(reference="DMEXTENDED").extensions.get().days == 15
    assert ComplianceCoordinator.objects.count() == 3
    assert Notice.objects.filter(language="es").count() == 2
    for complaint in with_case_records(Complaint.objects.all()):
        states = {c.clock.code: c.state for c in clocks_of(complaint, TODAY)}
        # The appealed case: the complainant appealed, the respondent's window has ended
        # (each party has its own: 34 CFR 106.45(b)(8)). Nothing the office owes is overdue.
        if complaint.reference == "DMAPPEALED":
            assert states.pop("appeal") == "ended"
        assert set(states.values()) <= {"open", "soon", "met"}, complaint.reference


def test_the_demo_status_links_open(demo_people, client):
    seed_complaints(today=TODAY, password="x")
    for reference in DEMO_CASES:
        assert client.get(demo_status_path(reference)).status_code == 200


def test_the_demo_mails_nobody(demo_people, django_capture_on_commit_callbacks):
    from django.core import mail

    with committed_then_worked():
        seed_complaints(today=TODAY, password="x")
    assert mail.outbox == []


def test_the_demo_reports_meet_their_60_days(demo_people, client):
    seed_complaints(today=TODAY, password="x")
    client.force_login(User.objects.get(username="support"))
    page = client.get("/complaints/statistics/?year=all&format=csv").content.decode()
    assert "total,reports after the deadline,0" in page
