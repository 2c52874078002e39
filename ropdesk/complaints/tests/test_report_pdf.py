"""The investigation report PDF: the appeal to the CDE in every case (5 CCR 4632), and in a
Title IX case how either party appeals the determination (34 CFR 106.45(b)(8))."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from ropdesk.complaints import deadlines, services
from ropdesk.complaints.models import ComplaintKind, CoordinatorRole
from ropdesk.complaints.tests.conftest import file_complaint

REPORT = {
    "findings": "The supervisor made remarks about the student's body on two shifts.",
    "conclusions": "Sexual harassment: substantiated.",
    "remedies": "Training; the student moves to another site.",
    "outcome": "substantiated",
}


def title_ix_report(support, colleague, admin_user, *, issued_on: date, language: str = "en"):
    """A Title IX case decided by someone who neither investigated nor coordinates."""
    services.coordinator_set(
        actor=support, role=CoordinatorRole.TITLE_IX, user=support, phone="555-0100"
    )
    complaint = file_complaint(kind=ComplaintKind.TITLE_IX, bases=["sex"]).complaint
    services.grant_add(
        actor=support,
        user=admin_user,
        complaint=complaint,
        reason="Decides",
        expires_on=date(2099, 1, 1),
    )
    services.complaint_assign(
        actor=support, complaint=complaint, investigator=colleague, decision_maker=admin_user
    )
    for step, day in (("evidence_shared_on", 1), ("investigative_report_shared_on", 12)):
        services.title_ix_step_record(
            actor=support, complaint=complaint, step=step, on=date(2026, 10, day)
        )
    services.report_issue(
        actor=support, complaint=complaint, issued_on=issued_on, language=language, **REPORT
    )
    return complaint


def report_text(client, user, complaint) -> str:
    client.force_login(user)
    response = client.get(f"/complaints/cases/{complaint.reference}/report.pdf")
    assert response["Content-Disposition"] == f'inline; filename="report-{complaint.reference}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_a_title_ix_report_tells_both_parties_how_to_appeal_and_by_when(
    client, support, colleague, admin_user
):
    """34 CFR 106.45(b)(8): "A recipient must offer both parties an appeal from a
    determination regarding responsibility, and from a recipient's dismissal of a formal
    complaint", on procedural irregularity, new evidence, or a conflict of interest or bias
    that affected the outcome; the other party is notified, both may submit a written
    statement, and a written decision gives the result and its rationale."""
    complaint = title_ix_report(support, colleague, admin_user, issued_on=date(2026, 10, 23))
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
        "denise@rop.example.org, by 2026-11-22 (30 calendar days from the date of this report).",
        # The CDE appeal stays beside it.
        "appeal in writing to the California Department of Education",
    ):
        assert expected in text, expected


def test_the_last_day_to_appeal_is_the_one_the_case_clocks_use(
    client, support, colleague, admin_user, settings
):
    """A window given to a party that ends on a weekend runs to Monday under the
    "next_weekday" rule (complaints/deadlines.py); the report prints that same day."""
    settings.ROPDESK = {**settings.ROPDESK, "COMPLAINT_WEEKEND_RULE": "next_weekday"}
    issued = date(2026, 10, 22)  # + 30 days = Saturday 21 November
    assert deadlines.appeal_deadline(issued, "next_weekday") == date(2026, 11, 23)
    complaint = title_ix_report(support, colleague, admin_user, issued_on=issued)
    text = report_text(client, support, complaint)
    assert "by 2026-11-23 (5 CCR 4632)" in text
    assert f"by 2026-11-23 ({deadlines.APPEAL_DAYS} calendar days" in text
    assert "2026-11-21" not in text


def test_a_ucp_report_has_no_title_ix_appeal(client, support):
    complaint = file_complaint().complaint
    services.complaint_assign(actor=support, complaint=complaint, investigator=support)
    services.report_issue(actor=support, complaint=complaint, issued_on=date(2026, 10, 2), **REPORT)
    text = report_text(client, support, complaint)
    assert "by 2026-11-01 (5 CCR 4632)" in text
    assert "Title IX" not in text


def test_a_spanish_title_ix_report_explains_the_appeal_in_spanish(
    client, support, colleague, admin_user
):
    complaint = title_ix_report(
        support, colleague, admin_user, issued_on=date(2026, 10, 23), language="es"
    )
    text = report_text(client, support, complaint)
    assert "Informe de la investigación" in text
    assert "Título IX: cómo puede apelar cualquiera de las partes esta determinación" in text
    assert "a más tardar el 2026-11-22" in text
    assert "Página 1 de" in text
