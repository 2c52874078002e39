"""Deadline reminders that escalate: 10 days before a deadline the investigator hears of it;
at 5 days the coordinators too; at 1 day and once overdue, everyone in support services
(overdue: every day until it is met). Each reminder is stored, so running the job again the
same day sends nothing twice. Mails carry the reference code and dates, never a name."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ropdesk.complaints.models import Complaint, ComplianceCoordinator, ReminderSent
from ropdesk.complaints.queries import ClockView, open_clocks_of, with_case_records
from ropdesk.complaints.services import support_emails
from ropdesk.core.formatting import day_text
from ropdesk.core.mail import message_queue

LEVELS = (("1", 1), ("5", 5), ("10", 10))  # most urgent first


def level_for(days_left: int) -> str | None:
    if days_left < 0:
        return "overdue"
    for level, days in LEVELS:
        if days_left <= days:
            return level
    return None


def recipients_for(complaint: Complaint, level: str) -> list[str]:
    people = [complaint.investigator.email] if complaint.investigator else []
    if level in ("10",) and people:
        return sorted(set(filter(None, people)))
    coordinators = ComplianceCoordinator.objects.select_related("user")
    people += [c.contact_email for c in coordinators]
    if level in ("1", "overdue") or not complaint.investigator:
        people += support_emails()
    return sorted(set(filter(None, people)))


def _already_sent(complaint: Complaint, view: ClockView, level: str, today: date) -> bool:
    sent = ReminderSent.objects.filter(
        complaint=complaint, clock=view.clock.code, due=view.clock.due, level=level
    )
    if level == "overdue":
        sent = sent.filter(sent_on=today)
    return sent.exists()


def reminders_send(*, today: date) -> list[ReminderSent]:
    """Send what is due today for every open case's open clocks; return what was sent."""
    sent: list[ReminderSent] = []
    cases = with_case_records(Complaint.objects.exclude(status=Complaint.Status.CLOSED))
    for complaint in cases:
        for view in open_clocks_of(complaint, today):
            level = level_for(view.days_left)
            if level is None or _already_sent(complaint, view, level, today):
                continue
            to = recipients_for(complaint, level)
            try:
                record = _record_and_send(complaint, view, level, to, today)
            except IntegrityError:  # another run sent it a moment ago
                continue
            sent.append(record)
    return sent


def _record_and_send(
    complaint: Complaint, view: ClockView, level: str, to: list[str], today: date
) -> ReminderSent:
    with transaction.atomic():
        record = ReminderSent.objects.create(
            complaint=complaint,
            clock=view.clock.code,
            due=view.clock.due,
            level=level,
            sent_on=today,
            recipients=to,
        )

        def compose() -> tuple[str, str]:
            subject = _("[%(level)s] Complaint %(reference)s: %(what)s") % {
                "level": _("OVERDUE") if level == "overdue" else view.words,
                "reference": complaint.reference,
                "what": view.clock.label,
            }
            body = _("%(what)s: due %(due)s (%(source)s). %(words)s.") % {
                "what": view.clock.label,
                "due": day_text(view.clock.due),
                "source": view.clock.source,
                "words": view.words,
            }
            return subject, body

        message_queue(kind=f"complaint.reminder.{level}", to=to, compose=compose)
    return record
