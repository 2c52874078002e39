"""A hire in the student's portfolio feeds the follow-up survey: when a job application
reaches "hired" (core.signals.job_hired, from ropdesk/portfolio), the job is kept here; when a
follow-up wave includes the student, their survey opens with that job pre-filled as their
employment (employer, title, start date), and the answer records that the student confirmed
it when they send it as employed with the same employer."""

from __future__ import annotations

from datetime import date
from typing import Any

from ropdesk.core.models import Student
from ropdesk.core.services import audit_record
from ropdesk.outcomes.models import FollowUpInvitation, FollowUpResponse, ReportedHire


def hire_record(
    *,
    student: Student,
    employer: str,
    job_title: str,
    started_on: date | None,
    reference: str,
    actor: Any = None,
    **_signal: Any,
) -> ReportedHire:
    """The receiver of core.signals.job_hired (connected in outcomes/apps.py); it runs in the
    sender's transaction, so the hire and its application commit together."""
    hire, _created = ReportedHire.objects.update_or_create(
        reference=reference,
        defaults={
            "student": student,
            "employer": employer[:200],
            "job_title": job_title[:200],
            "started_on": started_on,
        },
    )
    audit_record(actor=actor, action="followup_hire_reported", obj=hire, reference=reference)
    return hire


def hire_for(invitation: FollowUpInvitation, today: date) -> ReportedHire | None:
    """The latest hire of the student that had begun by today, for pre-filling the survey."""
    return (
        ReportedHire.objects.filter(student_id=invitation.student_id)
        .exclude(started_on__gt=today)
        .order_by("-started_on", "-pk")
        .first()
    )


def prefill(hire: ReportedHire | None) -> dict[str, Any]:
    """The survey form's initial answers from a hire (the full/part-time choice and hours
    are the student's to give: the portfolio does not record them)."""
    if hire is None:
        return {}
    return {
        "employer": hire.employer,
        "job_title": hire.job_title,
        "employment_started_on": hire.started_on,
    }


def hire_confirm(response: FollowUpResponse) -> ReportedHire | None:
    """Link the answer to the hire it confirms: the student answered employed, with the
    employer of one of their reported hires."""
    if not response.employment or not response.employer.strip():
        return None
    employer = response.employer.strip().casefold()
    for hire in ReportedHire.objects.filter(student_id=response.invitation.student_id):
        if hire.employer.strip().casefold() == employer:
            FollowUpResponse.objects.filter(pk=response.pk).update(confirmed_hire=hire)
            response.confirmed_hire = hire
            return hire
    return None
