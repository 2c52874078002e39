"""Reads of the schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.calendar import school_days
from ropdesk.scheduling.models import Holiday, Meeting, SchoolMonth, SchoolYear, Section


def with_enrolled_count(sections: QuerySet[Section]) -> QuerySet[Section]:
    return sections.annotate(
        enrolled_count=Count("enrollments", filter=Q(enrollments__status__in=Enrollment.SEATED))
    )


def meetings_of_instructor_on(user: Any, day: date) -> QuerySet[Meeting]:
    """The instructor's meetings on a day, with their sections and head counts."""
    return (
        Meeting.objects.filter(section__instructor=user, date=day)
        .select_related("section__course", "section__site")
        .annotate(
            enrolled_count=Count(
                "section__enrollments",
                filter=Q(section__enrollments__status__in=Enrollment.SEATED),
            )
        )
        .order_by("start_time")
    )


def next_teaching_day(user: Any, after: date) -> date | None:
    """The first day after `after` on which the instructor has a meeting."""
    return (
        Meeting.objects.filter(section__instructor=user, date__gt=after)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )


def roster_of(section: Section, visible: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """The section's enrollments the viewer may see, with the students, in one query."""
    return (
        visible.filter(section=section)
        .select_related("student", "student__school_of_attendance", "worksite")
        .order_by("student__legal_last_name", "student__legal_first_name")
    )


@dataclass(frozen=True)
class MonthOnCalendar:
    """A school month as the calendar page shows it, with the periods that count it."""

    month: SchoolMonth
    is_full: bool
    instruction_days: int
    holidays: list[Holiday]
    periods: list[str]


def school_calendar(school_year: SchoolYear) -> list[MonthOnCalendar]:
    """The school months of a year with their calendar entries and which of P-1 and P-2
    count them (funding.rules.counted_span), in two queries."""
    from ropdesk.attendance.periods import Period
    from ropdesk.funding import rules

    months = list(school_year.school_months.all())
    entries = list(school_year.holidays.all())
    dates = [
        rules.SchoolMonthDates(m.number, m.start_date, m.end_date, m.school_days) for m in months
    ]
    counted = {
        period: rules.counted_span(school_year.start_date, school_year.end_date, period, dates)
        for period in (Period.P1, Period.P2)
    }
    full = settings.ROPDESK["SCHOOL_MONTH_DAYS"]
    closed = {e.date for e in entries}
    shown = []
    for m in months:
        inside = [e for e in entries if m.start_date <= e.date <= m.end_date]
        teaching = len(school_days(m.start_date, m.end_date, closed))
        periods = [str(Period(p).label) for p, span in counted.items() if m.number in span.months]
        shown.append(MonthOnCalendar(m, m.school_days >= full, teaching, inside, periods))
    return shown
