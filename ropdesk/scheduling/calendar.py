"""Calendar arithmetic: school days, school months and the dates a section meets.

Pure functions on dates, so that the rules can be tested at every edge without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAY_INDEX = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}


def days_between(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def school_days(first: date, last: date, holidays: Iterable[date]) -> list[date]:
    """Weekdays from `first` to `last` inclusive that are not holidays."""
    closed = set(holidays)
    return [d for d in days_between(first, last) if d.weekday() < 5 and d not in closed]


@dataclass(frozen=True)
class SchoolMonthSpan:
    number: int
    start_date: date
    end_date: date
    school_days: int
    is_full: bool


def school_months(
    first_instruction_day: date,
    last_instruction_day: date,
    holidays: Iterable[date],
    days_per_month: int = 20,
) -> list[SchoolMonthSpan]:
    """Consecutive school months of `days_per_month` school days from the first day of
    instruction (a school month is 20 school days: EC 37201, configurable as
    ROPDESK["SCHOOL_MONTH_DAYS"]). The last month may be short; it is then not a full month."""
    days = school_days(first_instruction_day, last_instruction_day, holidays)
    months = []
    for number, start in enumerate(range(0, len(days), days_per_month), start=1):
        chunk = days[start : start + days_per_month]
        months.append(
            SchoolMonthSpan(number, chunk[0], chunk[-1], len(chunk), len(chunk) == days_per_month)
        )
    return months


def meeting_dates(
    first: date, last: date, weekdays: Iterable[str], holidays: Iterable[date]
) -> list[date]:
    """The dates from `first` to `last` that fall on the pattern's weekdays, less holidays."""
    wanted = {WEEKDAY_INDEX[day] for day in weekdays}
    closed = set(holidays)
    return [d for d in days_between(first, last) if d.weekday() in wanted and d not in closed]
