"""Absence notices: a message to the student and the family after an absence, when the
program turns them on (ROPDESK["ABSENCE_NOTICES"], off by default; docs/attendance-and-ada.md).

The worker runs `absence_notices_send` after the school day (ROPDESK["SCHEDULE"]). It tells
each absence once (AbsenceNotice), from meetings of the last few days, so a mark entered late
is still told, and a mark corrected to present before the job runs is never told. Who is told:
the student, at the student's address or account's; a parent or guardian with an address when
the student is a minor on the meeting's day, or an adult student who consented to their access
(the same rule as the parent's view of the record, 34 CFR 99.5). A student whose birth date is
unknown is told, the parents are not. Each message is in its reader's language (core/mail.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.attendance.models import AbsenceNotice, AttendanceRecord
from ropdesk.core.content import shown
from ropdesk.core.formatting import day_text, time_text
from ropdesk.core.mail import Compose, message_queue


def _absences(today: date) -> list[AttendanceRecord]:
    back = int(settings.ROPDESK["ABSENCE_NOTICE_DAYS_BACK"])
    return list(
        AttendanceRecord.objects.filter(
            arrived__isnull=True,
            meeting__date__gte=today - timedelta(days=back),
            meeting__date__lte=today,
            absence_notice__isnull=True,
        )
        .select_related("meeting", "enrollment__section__course", "enrollment__student__user")
        .prefetch_related("enrollment__student__guardianships")
        .order_by("meeting__date", "meeting__start_time", "pk")
    )


def recipients(record: AttendanceRecord) -> list[str]:
    """The addresses that are told of this absence."""
    student = record.enrollment.student
    account = student.user if student.user_id else None
    addresses = [student.email or (account.email if account is not None else "")]
    minor = student.birth_date is not None and student.is_minor_on(record.meeting.date)
    for guardian in student.guardianships.all():
        if guardian.email and (minor or guardian.adult_student_consent):
            addresses.append(guardian.email)
    return [a for a in addresses if a]


@transaction.atomic
def absence_notices_send(*, today: date | None = None) -> str:
    """Tell each untold absence of the last days; the job's words for the schedule's record."""
    if not settings.ROPDESK["ABSENCE_NOTICES"]:
        return "off (ROPDESK_ABSENCE_NOTICES)"
    today = today or timezone.localdate()
    now = timezone.now()
    told = sent = 0
    notices = []
    for record in _absences(today):
        addresses = recipients(record)
        if addresses:
            sent += len(
                message_queue(kind="attendance_absence", to=addresses, compose=_composer(record))
            )
            told += 1
        notices.append(AbsenceNotice(record=record, sent_at=now, recipients=len(addresses)))
    AbsenceNotice.objects.bulk_create(notices, ignore_conflicts=True)
    return f"{told} absences told, {sent} messages"


def _composer(record: AttendanceRecord) -> Compose:
    student = record.enrollment.student
    meeting = record.meeting
    course = record.enrollment.section.course

    def compose() -> tuple[str, str]:
        words = {
            "student": student.full_name,
            "course": shown(course, "title"),
            "day": day_text(meeting.date),
            "start": time_text(meeting.start_time),
            "end": time_text(meeting.end_time),
        }
        subject = _("Absence: %(student)s, %(course)s on %(day)s") % words
        body = (
            _(
                "%(student)s was marked absent from %(course)s on %(day)s "
                "(%(start)s to %(end)s).\n\n"
                "If this is a mistake, tell the instructor. Regular attendance counts toward the "
                "course's hours and its certificate; sign in to ropdesk to see the attendance and "
                "hours so far.\n"
            )
            % words
        )
        return subject, body

    return compose
