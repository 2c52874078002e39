"""Reads of attendance shared by the pages, the services and the import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from ropdesk.attendance.models import AttendanceCertification, AttendanceRecord
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting, Section

# Enrollments that were in the class on a day: seated ones, and those that ended later.
_ON_ROSTER = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED)
_ENDED = (Enrollment.Status.DROPPED, Enrollment.Status.WITHDRAWN)


def on_roster_on(day: date, prefix: str = "") -> Q:
    """A filter for enrollments that were in their section on `day`."""
    p = prefix
    return (
        (
            Q(**{f"{p}status__in": _ON_ROSTER})
            | Q(**{f"{p}status__in": _ENDED, f"{p}ended_on__isnull": False})
        )
        & (Q(**{f"{p}enrolled_on__isnull": True}) | Q(**{f"{p}enrolled_on__lte": day}))
        & (Q(**{f"{p}ended_on__isnull": True}) | Q(**{f"{p}ended_on__gt": day}))
    )


def was_on_roster(enrollment: Enrollment, day: date) -> bool:
    """`on_roster_on` for an enrollment in hand."""
    days = roster_days(enrollment.status, enrollment.enrolled_on, enrollment.ended_on)
    return days is not None and days[0] <= day < days[1]


def roster_days(
    status: str, enrolled_on: date | None, ended_on: date | None
) -> tuple[date, date] | None:
    """`on_roster_on` as a range of days for an enrollment's values: it was on the roster
    from the first day up to (not including) the second, or never (None). Open ends are
    date.min and date.max."""
    if status not in _ON_ROSTER and not (status in _ENDED and ended_on is not None):
        return None
    return (enrolled_on or date.min, ended_on or date.max)


def roster_for(meeting: Meeting) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(section_id=meeting.section_id)
        .filter(on_roster_on(meeting.date))
        .select_related("student")
        .order_by("student__legal_last_name", "student__legal_first_name", "student__local_id")
    )


def certification_covering(section_id: int, day: date) -> AttendanceCertification | None:
    """The first certification that locks a section's meetings on `day`, if any."""
    return (
        AttendanceCertification.objects.filter(section_id=section_id, covers_through__gte=day)
        .select_related("certified_by")
        .order_by("covers_through")
        .first()
    )


@dataclass
class SheetRow:
    enrollment: Enrollment
    record: AttendanceRecord | None

    @property
    def state(self) -> str:
        """not_recorded, present, absent, tardy, left_early or tardy_left_early."""
        record = self.record
        if record is None:
            return "not_recorded"
        if record.arrived is None:
            return "absent"
        meeting = record.meeting
        late = record.arrived > meeting.start_time
        early = record.departed is not None and record.departed < meeting.end_time
        if late and early:
            return "tardy_left_early"
        return "tardy" if late else "left_early" if early else "present"

    @property
    def group(self) -> str:
        """present, absent, partial (tardy or left early) or not_recorded: the page's tally."""
        state = self.state
        return "partial" if state in ("tardy", "left_early", "tardy_left_early") else state


def sheet_for(meeting: Meeting, enrollment_ids: list[int] | None = None) -> list[SheetRow]:
    """The meeting's roster, each student with their record (two queries)."""
    roster = roster_for(meeting)
    found = AttendanceRecord.objects.filter(meeting=meeting)
    if enrollment_ids is not None:
        roster = roster.filter(pk__in=enrollment_ids)
        found = found.filter(enrollment_id__in=enrollment_ids)
    # (no order: the records' default one joins meetings, sections, courses and students)
    records = {r.enrollment_id: r for r in found.select_related("recorded_by").order_by()}
    rows = []
    for enrollment in roster:
        record = records.get(enrollment.pk)
        if record is not None:
            record.meeting = meeting  # already in hand; saves a query per row
        rows.append(SheetRow(enrollment, record))
    return rows


def recent_meetings(meetings: QuerySet[Meeting], today: date, days: int = 14) -> QuerySet[Meeting]:
    """Meetings from `days` ago to today, newest first, with how many records they have."""
    return (
        meetings.filter(date__lte=today, date__gte=today - timedelta(days=days))
        .select_related("section__course", "section__site")
        .annotate(recorded=Count("attendance"))
        .order_by("-date", "start_time")
    )


def section_meetings(section: Section, today: date) -> QuerySet[Meeting]:
    """A section's meetings up to today with their record counts, newest first."""
    return (
        section.meetings.filter(date__lte=today)
        .annotate(recorded=Count("attendance"))
        .order_by("-date")
    )


def certification_status(sections: QuerySet[Section], through: date) -> QuerySet[Section]:
    """Sections with what certifying them through `through` would cover: records, credited
    minutes, meetings held without any record, and the day they are already certified to."""
    records = AttendanceRecord.objects.filter(
        meeting__section=OuterRef("pk"), meeting__date__lte=through
    )
    unrecorded = Meeting.objects.filter(
        section=OuterRef("pk"), date__lte=through, attendance__isnull=True
    )
    certified = AttendanceCertification.objects.filter(section=OuterRef("pk")).order_by(
        "-covers_through"
    )
    return sections.annotate(
        record_count=Coalesce(
            Subquery(records.values("meeting__section").annotate(n=Count("pk")).values("n")), 0
        ),
        minutes=Coalesce(
            Subquery(
                records.values("meeting__section").annotate(m=Sum("credited_minutes")).values("m")
            ),
            0,
        ),
        meetings_without_records=Coalesce(
            Subquery(unrecorded.values("section").annotate(n=Count("pk")).values("n")), 0
        ),
        certified_through=Subquery(certified.values("covers_through")[:1]),
    )


def certified_through(section_id: int) -> date | None:
    """The last day a section's attendance is certified through, if it is."""
    return (
        AttendanceCertification.objects.filter(section_id=section_id)
        .order_by("-covers_through")
        .values_list("covers_through", flat=True)
        .first()
    )


@dataclass(frozen=True)
class CertifyFilters:
    """What the office narrows the certification list to (all optional)."""

    district: int | None = None
    school: int | None = None
    instructor: int | None = None
    term: int | None = None
    code: str = ""
    open_only: bool = True  # only sections not yet certified through the day

    def apply(self, sections: QuerySet[Section]) -> QuerySet[Section]:
        if self.district:
            sections = sections.filter(site__district_id=self.district)
        if self.school:
            sections = sections.filter(site__organization_id=self.school)
        if self.instructor:
            sections = sections.filter(instructor_id=self.instructor)
        if self.term:
            sections = sections.filter(term_id=self.term)
        if self.code:
            sections = sections.filter(code__icontains=self.code)
        return sections


def certification_list(
    sections: QuerySet[Section], year_id: int, through: date, filters: CertifyFilters
) -> QuerySet[Section]:
    """The sections of a school year to certify through `through`, with what certifying each
    would cover (certification_status); by default only those not yet certified through the
    day whose term has begun (the office's "needs attention" count, attendance/attention.py)."""
    rows = certification_status(
        filters.apply(sections.filter(term__school_year_id=year_id)).select_related(
            "course", "site", "instructor", "term"
        ),
        through,
    )
    if filters.open_only:
        rows = rows.filter(term__start_date__lte=through).filter(
            Q(certified_through__isnull=True) | Q(certified_through__lt=through)
        )
    return rows.order_by("code")
