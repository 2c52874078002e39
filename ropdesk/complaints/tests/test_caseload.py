"""Support services' start page (issue 15): their cases by state with the next deadline of
each, the cases near or past a deadline first, counts by kind, the annual notices to review;
without names, student records or a case's text, and logged like the case list."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropdesk.complaints import caseload, services
from ropdesk.complaints.models import CaseAccessLog, ComplaintKind, Notice, NoticeKind
from ropdesk.complaints.tests.conftest import file_complaint
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(support):
    """Three open cases (report due today, overdue, in seven weeks) and a closed one, on the
    suite's day, Monday 2026-11-02."""
    due_today = file_complaint(received_on=date(2026, 9, 1)).complaint  # Oct 31, a Saturday
    overdue = file_complaint(
        received_on=date(2026, 8, 20), incident_date=date(2026, 8, 10)
    ).complaint  # Oct 19
    later = file_complaint(
        kind=ComplaintKind.TITLE_IX, bases=["sex"], received_on=date(2026, 10, 20)
    ).complaint  # Dec 19, a Saturday: Monday Dec 21
    closed = file_complaint(received_on=date(2026, 9, 10)).complaint
    services.complaint_close(
        actor=support, complaint=closed, closed_on=date(2026, 10, 1), note="Withdrawn."
    )
    services.complaint_assign(actor=support, complaint=later, investigator=support)
    return {"due_today": due_today, "overdue": overdue, "later": later, "closed": closed}


def test_open_cases_nearest_or_past_deadline_first(support, cases):
    found = caseload.caseload(support)
    assert [r.complaint for r in found.cases] == [
        cases["overdue"],
        cases["due_today"],
        cases["later"],
    ]
    assert [(r.next.state, r.next.clock.due) for r in found.cases] == [
        ("overdue", date(2026, 10, 19)),
        ("soon", date(2026, 11, 2)),
        ("open", date(2026, 12, 21)),
    ]
    assert found.open_count == 3 and found.more == 0


def test_cases_by_state_with_the_next_deadline_and_by_kind(support, cases):
    found = caseload.caseload(support)
    states = {s.value: (s.count, s.next_due) for s in found.by_state}
    assert states == {
        "received": (2, date(2026, 10, 19)),
        "investigating": (1, date(2026, 12, 21)),
        "report_issued": (0, None),
        "appealed": (0, None),
        "closed": (1, None),
    }
    kinds = {k.label: (k.open, k.total) for k in found.by_kind}
    assert kinds["Discrimination, harassment, intimidation or bullying"] == (2, 3)
    assert kinds["Sex discrimination or sexual harassment (Title IX)"] == (1, 1)
    assert [s.url for s in found.by_state][0] == "/complaints/cases/?status=received"


def test_notices_not_reviewed_this_school_year_are_overdue(support, admin_user):
    [nondiscrimination, ucp] = caseload.notices_due(date(2026, 11, 2))
    assert (nondiscrimination.overdue, nondiscrimination.due) == (True, date(2026, 6, 30))
    assert nondiscrimination.last_saved is None
    services.notice_update(
        actor=admin_user, kind=NoticeKind.ANNUAL_UCP, language="es", title="Aviso", body="Texto"
    )
    [nondiscrimination, ucp] = caseload.notices_due(date(2026, 11, 2))
    assert (ucp.overdue, ucp.due) == (False, date(2027, 6, 30))
    assert nondiscrimination.overdue
    # Saved last school year: due again before this one began.
    Notice.objects.update(updated_at="2026-05-01T12:00:00Z")
    [_n, ucp] = caseload.notices_due(date(2026, 11, 2))
    assert (ucp.overdue, ucp.last_saved) == (True, date(2026, 5, 1))


def test_the_start_page_shows_the_work_and_no_names(support, cases, client):
    child = f.student(first="Valentina", last="Quispe")
    f.enroll(child, f.section())
    client.force_login(support)
    response = client.get("/dashboard/")
    page = response.content.decode()
    for name in ("overdue", "due_today", "later"):
        assert f'href="/complaints/cases/{cases[name].reference}/"' in page
    assert cases["closed"].reference not in page  # closed cases only counted
    assert "Overdue by 14 days" in page
    assert "3 open cases, nearest deadline first" in page
    assert "Annual notices" in page
    assert "Name the Title IX coordinator" in page
    assert "Annual notices to review for this school year: <strong>2</strong>" in page
    # No filer, no text, no student.
    for secret in ("Rosa Quintero", "mocks my accent", "Valentina", "Quispe"):
        assert secret not in page
    assert CaseAccessLog.objects.filter(
        actor=support, action=CaseAccessLog.Action.LIST, what="/dashboard/"
    ).exists()


def test_the_start_page_in_spanish(support, cases, client):
    client.force_login(support)
    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "3 casos abiertos, el plazo más cercano primero" in page
    assert "Avisos anuales" in page


def test_support_services_still_see_no_student_records(support, client):
    child = f.student(first="Valentina", last="Quispe")
    client.force_login(support)
    assert client.get("/students/").status_code == 404
    assert client.get(f"/students/{child.pk}/").status_code == 404
    assert client.get("/admissions/").status_code == 404


def test_other_roles_get_no_caseload(admin_user, cases, client):
    client.force_login(admin_user)
    page = client.get("/dashboard/").content.decode()
    assert "caseload" not in client.get("/dashboard/").context
    for complaint in cases.values():
        assert complaint.reference not in page
    with pytest.raises(PermissionError):
        caseload.caseload(admin_user)
    counselor = f.user("c", role=Role.COUNSELOR, organization=f.district())
    with pytest.raises(PermissionError):
        caseload.caseload(counselor)


def _count(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/dashboard/").status_code == 200
    return len(captured)


def test_the_start_page_costs_the_same_queries_with_more_cases(support, cases, client):
    client.force_login(support)
    client.get("/dashboard/")
    small = _count(client)
    for day in (3, 5, 8, 12, 15):
        file_complaint(received_on=date(2026, 10, day))
    assert _count(client) == small
