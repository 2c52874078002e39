"""The investigation report PDF: the appeal to the CDE in every case (5 CCR 4632), and in a
Title IX case how either party appeals the determination (34 CFR 106.45(b)(8))."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from ropdesk.complaints import deadlines, queries, services
from ropdesk.complaints.models import ComplaintKind, CoordinatorRole
from ropdesk.complaints.tests.conftest import file_complaint
from ropdesk.core.formatting import day_text
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f

REPORT = {
    "findings": "The supervisor made remarks about the student's body on two shifts.",
    "conclusions": "Sexual harassment: substantiated.",
    "remedies": "Training; the student moves to another site.",
    "outcome": "substantiated",
}


@pytest.fixture
def decider(db):
    return f.user("morgan", role=Role.SUPPORT_SERVICES, first_name="Morgan", last_name="Diaz")


# The two Title IX steps, dated so that a determination may be issued from Tuesday
# October 20, 2026 under either deadline rule (worked by hand, CCP 12/12a):
# evidence to the parties Monday September 28; their 10 days end Thursday October 8, so the
# investigative report may go out from Friday October 9, and it does; the 10 days to review
# it end Monday October 19, and the determination may be issued from Tuesday October 20.
EVIDENCE_SHARED_ON = date(2026, 9, 28)
INVESTIGATIVE_REPORT_SHARED_ON = date(2026, 10, 9)


def title_ix_report(support, colleague, decider, *, issued_on: date, language: str = "en"):
    """A Title IX case decided by someone in support services who neither investigated nor
    coordinates (34 CFR 106.45(b)(7)(i)): Denise coordinates, James investigates, Morgan
    decides and issues the determination."""
    services.coordinator_set(
        actor=support, role=CoordinatorRole.TITLE_IX, user=support, phone="555-0100"
    )
    complaint = file_complaint(kind=ComplaintKind.TITLE_IX, bases=["sex"]).complaint
    services.complaint_assign(
        actor=support, complaint=complaint, investigator=colleague, decision_maker=decider
    )
    for step, day in (
        ("evidence_shared_on", EVIDENCE_SHARED_ON),
        ("investigative_report_shared_on", INVESTIGATIVE_REPORT_SHARED_ON),
    ):
        services.title_ix_step_record(actor=support, complaint=complaint, step=step, on=day)
    services.report_issue(
        actor=decider, complaint=complaint, issued_on=issued_on, language=language, **REPORT
    )
    return complaint


def appeal_clock(complaint) -> deadlines.Clock:
    """The case's appeal clock, as the case page and the reminders show it."""
    clocks = queries.clocks_of(complaint, today=date(2026, 10, 1))
    return next(view.clock for view in clocks if view.clock.code == "appeal")


def report_text(client, user, complaint) -> str:
    client.force_login(user)
    response = client.get(f"/complaints/cases/{complaint.reference}/report.pdf")
    assert response["Content-Disposition"] == f'inline; filename="report-{complaint.reference}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_a_title_ix_report_tells_both_parties_how_to_appeal_and_by_when(
    client, support, colleague, decider
):
    """34 CFR 106.45(b)(8): "A recipient must offer both parties an appeal from a
    determination regarding responsibility, and from a recipient's dismissal of a formal
    complaint", on procedural irregularity, new evidence, or a conflict of interest or bias
    that affected the outcome; the other party is notified, both may submit a written
    statement, and a written decision gives the result and its rationale."""
    # Friday October 23, 2026 + 30 days = Sunday November 22: CCP 12a moves it to Monday
    # November 23 (not a court holiday; Thanksgiving is Thursday November 26).
    complaint = title_ix_report(support, colleague, decider, issued_on=date(2026, 10, 23))
    text = report_text(client, support, complaint)
    for expected in (
        "Title IX: how either party may appeal this determination",
        "The complainant and the respondent each have the right to appeal",
        "and a dismissal of the formal complaint",
        "A procedural irregularity that affected the outcome of the matter.",
        "New evidence that was not reasonably available",
        "had a conflict of interest or bias",
        "the program tells the other party in writing",
        "a reasonable and equal opportunity to submit a written statement",
        "a written decision describing the result of the appeal and the reasons for it",
        "Send your appeal in writing to the Title IX Coordinator, Denise Okafor",
        "denise@rop.example.org, by Mon, Nov 23, 2026 (30 calendar days from the date of this "
        "report).",
        # The CDE appeal stays beside it.
        "appeal in writing to the California Department of Education",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    ("rule", "last_day"),
    [
        # Thursday October 22, 2026 + 30 days = Saturday November 21 ...
        ("ccp_12a", date(2026, 11, 23)),  # ... which CCP 12a moves to Monday November 23
        ("calendar", date(2026, 11, 21)),  # ... which the calendar rule keeps
    ],
)
def test_the_last_day_to_appeal_is_the_one_the_case_clocks_use(
    client, support, colleague, decider, settings, rule, last_day
):
    """A window given to a party that ends on a weekend runs to the next court day under
    the "ccp_12a" rule (complaints/court_days.py) and stays put under "calendar"; either
    way the report prints the day the case's appeal clock uses."""
    settings.ROPDESK = {**settings.ROPDESK, "COMPLAINT_DEADLINE_RULE": rule}
    issued = date(2026, 10, 22)
    assert deadlines.appeal_deadline(issued, deadlines.day_rule(rule)) == last_day
    complaint = title_ix_report(support, colleague, decider, issued_on=issued)
    assert appeal_clock(complaint).due == last_day
    text = report_text(client, support, complaint)
    assert f"by {day_text(last_day)} (5 CCR 4632)" in text
    assert f"by {day_text(last_day)} ({deadlines.APPEAL_DAYS} calendar days" in text
    if rule == "ccp_12a":
        assert day_text(date(2026, 11, 21)) not in text


def test_a_ucp_report_has_no_title_ix_appeal(client, support):
    complaint = file_complaint().complaint
    services.complaint_assign(actor=support, complaint=complaint, investigator=support)
    services.report_issue(actor=support, complaint=complaint, issued_on=date(2026, 10, 2), **REPORT)
    # Friday October 2, 2026 + 30 days = Sunday November 1: CCP 12a moves it to Monday
    # November 2, the day the case's appeal clock gives too.
    clock = appeal_clock(complaint)
    assert (clock.due, clock.moved_from) == (date(2026, 11, 2), date(2026, 11, 1))
    text = report_text(client, support, complaint)
    assert "by Mon, Nov 2, 2026 (5 CCR 4632)" in text
    assert "Sun, Nov 1, 2026" not in text
    assert "Title IX" not in text


def test_a_spanish_title_ix_report_explains_the_appeal_in_spanish(
    client, support, colleague, decider
):
    complaint = title_ix_report(
        support, colleague, decider, issued_on=date(2026, 10, 23), language="es"
    )
    text = report_text(client, support, complaint)
    assert "Informe de la investigación" in text
    assert "Título IX: cómo puede apelar cualquiera de las partes esta determinación" in text
    assert "a más tardar el lun 23 nov 2026" in text  # Sunday the 22nd moved
    assert "Página 1 de" in text
