"""E-mail reminders: instructors about visits due within 3 days or overdue and agreements,
permits and workers' comp running out within 14 days; supervisors about hours waiting for
approval. One reminder per key, recipient and day (ReminderSent), so reruns send nothing.
The worker runs this every morning (ROPDESK["SCHEDULE"]); `ropdesk worksite-reminders` runs it
by hand."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ropdesk.core.mail import message_queue
from ropdesk.core.models import Role, RoleAssignment
from ropdesk.enrollment.models import Enrollment
from ropdesk.worksite import queries
from ropdesk.worksite.models import ReminderSent

EXPIRING = {"agreement_current", "work_permit", "workers_comp"}


def _lines_for_instructors(today: date) -> dict[str, list[str]]:
    trainees = Enrollment.objects.filter(
        section__mode__in=["community_classroom", "cve"],
        worksite__isnull=False,
        status=Enrollment.Status.ENROLLED,
    ).select_related(
        "student",
        "section__course",
        "section__term",
        "section__instructor",
        "worksite__organization__employer_profile",
    )
    soon = today + timedelta(days=settings.ROPDESK["WBL_VISIT_REMINDER_DAYS"])
    window = today + timedelta(days=settings.ROPDESK["WBL_DUE_WINDOW_DAYS"])
    lines: dict[str, list[str]] = defaultdict(list)
    for status in queries.trainee_statuses(trainees, today):
        instructor = status.enrollment.section.instructor
        if instructor is None or not instructor.email:
            continue
        for check in status.checks:
            due = check.due_on
            if due is None:
                continue
            if (check.rule == "cc_visit" and due <= soon) or (
                check.rule in EXPIRING and due <= window
            ):
                lines[instructor.email].append(
                    f"{status.enrollment.student}: {check.reason} ({check.source})"
                )
    return lines


def _lines_for_supervisors() -> dict[str, list[str]]:
    lines: dict[str, list[str]] = defaultdict(list)
    for assignment in RoleAssignment.objects.filter(role=Role.EMPLOYER_SUPERVISOR).select_related(
        "user", "site"
    ):
        if not assignment.user.email:
            continue
        waiting = queries.hours_waiting(
            Enrollment.objects.filter(worksite=assignment.site_id)
        ).count()
        if waiting:
            lines[assignment.user.email].append(
                f"{assignment.site}: {waiting} day(s) of student hours wait for your approval."
            )
    return lines


def _compose(
    lines_in: Callable[[str], dict[str, dict[str, list[str]]]], kind: str, email: str
) -> tuple[str, str]:
    """The reminder for one recipient, in the language active while it is composed."""
    lines = lines_in(translation.get_language() or settings.LANGUAGE_CODE)[kind].get(email, [])
    return _("Work-based learning: what needs you"), "\n".join(lines)


def reminders_send(*, today: date) -> int:
    """Queue today's reminders (core.mail); each is written in its recipient's language."""
    by_language: dict[str, dict[str, dict[str, list[str]]]] = {}

    def lines_in(language: str) -> dict[str, dict[str, list[str]]]:
        if language not in by_language:
            with translation.override(language):
                by_language[language] = {
                    "instructor": _lines_for_instructors(today),
                    "supervisor": _lines_for_supervisors(),
                }
        return by_language[language]

    sent = 0
    for kind, lines in lines_in(translation.get_language() or settings.LANGUAGE_CODE).items():
        for email in lines:
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        key=f"worksite:{kind}", recipient=email, sent_on=today
                    )
                    message_queue(
                        kind=f"worksite.reminder.{kind}",
                        to=[email],
                        compose=partial(_compose, lines_in, kind, email),
                    )
            except IntegrityError:  # already sent today
                continue
            sent += 1
    return sent
