"""Calendar arithmetic: school days, school months and the dates a section meets.

Pure functions on dates, so that the rules can be tested at every edge without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAY_INDEX = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}

# The kinds of calendar entry (scheduling.models.Holiday.Kind holds the labels).
LEGAL_HOLIDAY = "legal_holiday"  # EC 37220
LOCAL_HOLIDAY = "local_holiday"  # adopted by the board, EC 37220.5, 37220.7
WINTER_RECESS = "winter_recess"  # may be left out of the school month, EC 37201(a)
NON_SCHOOL_DAY = "non_school_day"  # any other weekday without classes


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


def kind_for_name(name: str) -> str:
    """A kind for a calendar entry known only by its name (an imported calendar, the rows
    entered before entries had kinds): a recess or break is a winter recess when it says
    winter or Christmas, else another day without school; anything else a legal holiday."""
    lowered = name.lower()
    if not any(word in lowered for word in ("recess", "break", "vacation")):
        return LEGAL_HOLIDAY
    if any(word in lowered for word in ("winter", "christmas", "holiday break")):
        return WINTER_RECESS
    return NON_SCHOOL_DAY


def days_left_out_of_school_months(
    entries: Iterable[tuple[date, str]], *, exclude_winter_recess: bool
) -> set[date]:
    """The calendar entries a school month does not count: the winter recess, when the program
    leaves it out (ROPDESK["SCHOOL_MONTH_EXCLUDES_WINTER_RECESS"]); nothing else. A legal
    holiday (EC 37220), a holiday the board adopts (EC 37220.5, 37220.7) and any other day
    without school (a staff day, the spring recess) stay days of the school month."""
    # EC 37201(a): "20 days or four weeks of five days each, including legal holidays ... the
    # winter vacation period, or any portion thereof, may be excluded".
    if not exclude_winter_recess:
        return set()
    return {day for day, kind in entries if kind == WINTER_RECESS}


def school_months(
    first_instruction_day: date,
    last_instruction_day: date,
    left_out: Iterable[date],
    days_per_month: int = 20,
) -> list[SchoolMonthSpan]:
    """Consecutive school months of `days_per_month` weekdays from the first day of
    instruction, counting holidays and every other weekday except those `left_out` (the
    winter recess: `days_left_out_of_school_months`). The last month may be short; it is then
    not a full month. Weekends never count ("excluding weekend makeup classes")."""
    # EC 37201(a): "20 days or four weeks of five days each, including legal holidays but
    # excluding weekend makeup classes"; the 20 is ROPDESK["SCHOOL_MONTH_DAYS"].
    days = school_days(first_instruction_day, last_instruction_day, left_out)
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
