"""A student's attendance and hours as the student and their parents read them: each
enrollment's class days (present, late, left early, absent, not recorded) and on-the-job
days, with what counts toward ADA and what does not, and the hours of each month.

What counts is what the ADA report counts (funding.queries.per_enrollment_sql), read from the
same stored figures: a class day's `credited_minutes` (attendance.rules.credited_minutes) in a
section that is set up, and an on-the-job day's `credited_minutes`
(attendance.rules.ojt_credited_minutes: approved by the site supervisor, worked under a signed
training agreement, within the weekly cap) worked inside the enrollment
(attendance.rules.on_the_job_day_within_enrollment). An absence earns no hours, excused or
not: ADA counts the hours a student attends (5 CCR 15371(c)).

The student's page takes five queries whatever the number of enrollments, days and hours.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from ropdesk.attendance.models import AttendanceRecord, OnTheJobHours
from ropdesk.attendance.rules import hours, on_the_job_day_within_enrollment
from ropdesk.attendance.services import ojt_outside_enrollment_filter
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting, SchoolYear, Section


@dataclass
class ClassDay:
    meeting: Meeting
    record: AttendanceRecord | None
    counts: bool  # its section is set up: its credited minutes count for ADA

    @property
    def state(self) -> str:
        """present, late, left_early, late_left_early, absent or not_recorded."""
        record = self.record
        if record is None:
            return "not_recorded"
        if record.arrived is None:
            return "absent"
        late = record.arrived > self.meeting.start_time
        early = record.departed is not None and record.departed < self.meeting.end_time
        if late and early:
            return "late_left_early"
        return "late" if late else "left_early" if early else "present"

    @property
    def state_label(self) -> str:
        return {
            "present": _("Present"),
            "late": _("Arrived late"),
            "left_early": _("Left early"),
            "late_left_early": _("Arrived late, left early"),
            "absent": _("Absent"),
            "not_recorded": _("Not recorded yet"),
        }[self.state]

    @property
    def minutes(self) -> int:
        return self.record.credited_minutes if self.record else 0

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)


@dataclass
class JobDay:
    entry: OnTheJobHours
    within_enrollment: bool

    @property
    def counted_minutes(self) -> int:
        return self.entry.credited_minutes if self.within_enrollment else 0

    @property
    def status(self) -> str:
        """counted, partly_counted, waiting (for the supervisor) or not_counted."""
        if not self.entry.supervisor_approved:
            return "waiting"
        if self.counted_minutes == 0:
            return "not_counted"
        return "counted" if self.counted_minutes >= self.entry.minutes else "partly_counted"

    @property
    def status_label(self) -> str:
        return {
            "counted": _("Approved, counts"),
            "partly_counted": _("Approved, counts in part (weekly limit)"),
            "waiting": _("Waiting for the supervisor's approval"),
            "not_counted": _("Approved, does not count"),
        }[self.status]

    @property
    def reason(self) -> str:
        """Why approved hours do not count, in plain words (empty when they do)."""
        if self.status in ("counted", "waiting"):
            return ""
        if not self.within_enrollment:
            return _("Worked outside the enrollment's dates.")
        if self.status == "partly_counted":
            return _("Above the weekly limit of hours that count.")
        agreement = self.entry.agreement_signed_on
        if agreement is None or agreement > self.entry.date:
            return _("Worked before the training agreement was signed.")
        return _("These hours do not count for ADA under the program's settings.")

    @property
    def hours(self) -> Decimal:
        return hours(self.entry.minutes)

    @property
    def counted_hours(self) -> Decimal:
        return hours(self.counted_minutes)


@dataclass
class EnrollmentHours:
    enrollment: Enrollment
    days: list[ClassDay] = field(default_factory=list)  # newest first
    job_days: list[JobDay] = field(default_factory=list)  # newest first

    def _count(self, *states: str) -> int:
        return sum(1 for day in self.days if day.state in states)

    @property
    def attended(self) -> int:
        return self._count("present", "late", "left_early", "late_left_early")

    @property
    def absent(self) -> int:
        return self._count("absent")

    @property
    def not_recorded(self) -> int:
        return self._count("not_recorded")

    @property
    def classroom_minutes(self) -> int:
        return sum(day.minutes for day in self.days if day.counts)

    @property
    def classroom_hours(self) -> Decimal:
        return hours(self.classroom_minutes)

    @property
    def uncounted_classroom_hours(self) -> Decimal:
        """Credited time in a section the office has not finished setting up (interop)."""
        return hours(sum(day.minutes for day in self.days if not day.counts))

    @property
    def job_counted_hours(self) -> Decimal:
        return hours(sum(d.counted_minutes for d in self.job_days))

    @property
    def job_waiting_hours(self) -> Decimal:
        return hours(sum(d.entry.minutes for d in self.job_days if d.status == "waiting"))

    @property
    def job_not_counted_hours(self) -> Decimal:
        approved = [d for d in self.job_days if d.status != "waiting"]
        return hours(sum(d.entry.minutes - d.counted_minutes for d in approved))

    @property
    def counted_hours(self) -> Decimal:
        minutes = self.classroom_minutes + sum(d.counted_minutes for d in self.job_days)
        return hours(minutes)


@dataclass(frozen=True)
class MonthHours:
    """One calendar month of the school year: hours that count (classroom, on the job) and
    on-the-job hours still waiting for approval."""

    month: date  # its first day
    classroom: Decimal
    job_counted: Decimal
    job_waiting: Decimal


SHOWN = (*Enrollment.SEATED, *Enrollment.ENDED)  # enrollments that sat in a class


def enrollment_hours(enrollments: QuerySet[Enrollment], today: date) -> list[EnrollmentHours]:
    """Each enrollment's class days up to today and on-the-job days, newest first."""
    rows = list(
        enrollments.filter(status__in=SHOWN)
        .select_related(
            "section__course", "section__term__school_year", "section__site", "worksite"
        )
        .order_by("-section__term__start_date", "section__course__title")
    )
    by_id = {e.pk: EnrollmentHours(e) for e in rows}
    sections = {e.section_id for e in rows}
    records = {
        (r.enrollment_id, r.meeting_id): r
        for r in AttendanceRecord.objects.filter(enrollment_id__in=by_id)
    }
    meetings = Meeting.objects.filter(section_id__in=sections, date__lte=today).order_by(
        "-date", "-start_time"
    )
    by_section: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_section[meeting.section_id].append(meeting)
    for item in by_id.values():
        e = item.enrollment
        for meeting in by_section[e.section_id]:
            record = records.get((e.pk, meeting.pk))
            inside = (e.enrolled_on is None or e.enrolled_on <= meeting.date) and (
                e.ended_on is None or meeting.date < e.ended_on
            )
            if record is None and not inside:
                continue  # a class day before the student joined or after they left
            if record is not None:
                record.meeting = meeting  # in hand: no query per day
            item.days.append(ClassDay(meeting, record, counts=not e.section.needs_setup))
    for entry in OnTheJobHours.objects.filter(enrollment_id__in=by_id).order_by("-date", "kind"):
        item = by_id[entry.enrollment_id]
        e = item.enrollment
        within = (
            on_the_job_day_within_enrollment(
                entry.date,
                enrolled_on=e.enrolled_on,
                ended_on=e.ended_on,
                term_start=e.section.term.start_date,
                term_end=e.section.term.end_date,
            )
            and not e.section.needs_setup
        )
        item.job_days.append(JobDay(entry, within))
    return list(by_id.values())


def school_year_of(day: date) -> SchoolYear | None:
    return SchoolYear.objects.filter(start_date__lte=day, end_date__gte=day).first()


def months_of(year: SchoolYear, today: date) -> list[date]:
    """The first day of each calendar month from the first day of instruction to today (or
    the last day of instruction, if earlier)."""
    last = min(today, year.last_instruction_day)
    months = []
    day = year.first_instruction_day.replace(day=1)
    while day <= last:
        months.append(day)
        day = day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)
    return months


def by_month(items: Sequence[EnrollmentHours], months: Sequence[date]) -> list[MonthHours]:
    """The hours of every enrollment, added up per calendar month."""
    classroom: dict[date, int] = defaultdict(int)
    counted: dict[date, int] = defaultdict(int)
    waiting: dict[date, int] = defaultdict(int)
    for item in items:
        for day in item.days:
            if day.counts:
                classroom[day.meeting.date.replace(day=1)] += day.minutes
        for job in item.job_days:
            month = job.entry.date.replace(day=1)
            counted[month] += job.counted_minutes
            if job.status == "waiting":
                waiting[month] += job.entry.minutes
    return [
        MonthHours(m, hours(classroom[m]), hours(counted[m]), hours(waiting[m])) for m in months
    ]


@dataclass(frozen=True)
class SectionsMonth:
    """One calendar month of some sections (an instructor's): student class days attended
    and missed, and the hours, as MonthHours counts them."""

    month: date
    attended: int
    absent: int
    classroom: Decimal
    job_counted: Decimal
    job_waiting: Decimal


def sections_by_month(sections: QuerySet[Section], months: Sequence[date]) -> list[SectionsMonth]:
    """The months' figures of the sections' enrollments: two aggregate queries."""
    if not months:
        return []
    first, last = months[0], months[-1].replace(day=28) + timedelta(days=4)
    records = (
        AttendanceRecord.objects.filter(
            meeting__section__in=sections, meeting__date__gte=first, meeting__date__lt=last
        )
        .annotate(month=TruncMonth("meeting__date"))
        .values("month")
        .annotate(
            attended=Count("pk", filter=Q(arrived__isnull=False)),
            absent=Count("pk", filter=Q(arrived__isnull=True)),
            minutes=Sum("credited_minutes", filter=Q(meeting__section__needs_setup=False)),
        )
        .order_by()
    )
    jobs = (
        OnTheJobHours.objects.filter(
            enrollment__section__in=sections, date__gte=first, date__lt=last
        )
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(
            counted=Sum(
                "credited_minutes",
                filter=Q(enrollment__section__needs_setup=False) & ~ojt_outside_enrollment_filter(),
            ),
            waiting=Sum("minutes", filter=Q(supervisor_approved_at__isnull=True)),
        )
        .order_by()
    )
    by_record: dict[date, dict[str, Any]] = {_first_of(r["month"]): dict(r) for r in records}
    by_job: dict[date, dict[str, Any]] = {_first_of(j["month"]): dict(j) for j in jobs}
    found = []
    for month in months:
        r = by_record.get(month, {})
        j = by_job.get(month, {})
        found.append(
            SectionsMonth(
                month,
                r.get("attended", 0),
                r.get("absent", 0),
                hours(r.get("minutes") or 0),
                hours(j.get("counted") or 0),
                hours(j.get("waiting") or 0),
            )
        )
    return found


def _first_of(value: date | datetime) -> date:
    day = value.date() if isinstance(value, datetime) else value
    return day.replace(day=1)
