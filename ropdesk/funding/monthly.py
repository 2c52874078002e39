"""ADA by school month, this year against the year before: the dashboard's line chart.

Each school month's credited minutes are read by the ADA report's own aggregate
(funding.queries.minutes_by_group, one query per month, whatever the number of records), so
the chart counts exactly what the report counts: classroom records and counted on-the-job
hours inside their enrollments, in sections that are set up. A month's ADA is its hours over
3 hours a day and its school days (funding.rules.school_month_ada). The result is cached like
the report (core/versions.py: rebuilt when attendance or what the report reads changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from ropdesk.attendance.periods import Window
from ropdesk.attendance.rules import hours
from ropdesk.core import replica, versions
from ropdesk.funding import rules
from ropdesk.funding.queries import minutes_by_group, school_months_of
from ropdesk.scheduling.models import SchoolYear


@dataclass(frozen=True)
class MonthFigures:
    number: int  # the school month: 1 from the first day of instruction
    start: date
    end: date
    hours: Decimal | None  # None: the month has not begun
    ada: Decimal | None


@dataclass(frozen=True)
class YearMonths:
    year: SchoolYear
    months: list[MonthFigures]


def ada_by_month(
    school_year: SchoolYear, districts: frozenset[int] | None, today: date
) -> list[MonthFigures]:
    """Each school month's hours and ADA, counted through today for the month in progress."""
    found = []
    for month in school_months_of(school_year):
        if month.start_date > today:
            found.append(MonthFigures(month.number, month.start_date, month.end_date, None, None))
            continue
        end = min(month.end_date, today)
        span = rules.CountedSpan(
            Window(month.start_date, month.end_date), month.start_date, end, (month.number,)
        )
        minutes = sum(m for _group, _category, m in minutes_by_group(span, "category", districts))
        found.append(
            MonthFigures(
                month.number,
                month.start_date,
                month.end_date,
                hours(minutes),
                rules.school_month_ada(minutes, month.school_days),
            )
        )
    return found


def this_year_and_last(
    districts: frozenset[int] | None = None, today: date | None = None
) -> tuple[YearMonths | None, YearMonths | None]:
    """The school year of today and the one before it, each with its months (cached)."""
    today = today or timezone.localdate()
    current = SchoolYear.objects.filter(start_date__lte=today).order_by("-start_date").first()
    if current is None:
        return None, None
    prior = SchoolYear.objects.filter(start_date__lt=current.start_date).order_by("-start_date")
    previous = prior.first()
    return _cached(current, districts, today), (
        _cached(previous, districts, today) if previous else None
    )


def _cached(year: SchoolYear, districts: frozenset[int] | None, today: date) -> YearMonths:
    scope = "county" if districts is None else "-".join(str(d) for d in sorted(districts))
    key = f"ada-months:{year.pk}:{scope}:{today}:{get_language()}"

    def build() -> YearMonths:
        with replica.report_reads():  # the replica, when there is one (core/replica.py)
            return YearMonths(year, ada_by_month(year, districts, today))

    return versions.cached(
        key, "attendance", build, seconds=int(settings.ROPDESK.get("REPORT_CACHE_SECONDS", 600))
    )
