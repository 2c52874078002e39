"""Which days are holidays for a deadline, and where a deadline that falls on one moves.

Code of Civil Procedure 12a(a): "If the last day for the performance of any act provided or
required by law to be performed within a specified period of time is a holiday, then that
period is hereby extended to and including the next day that is not a holiday." 12a(a) says a
"holiday" there means all day on Saturdays, every Sunday and the judicial holidays of CCP 135
(domain-rules.md 7.1.12). CCP 12: the first day is excluded, the last included (a period of N
days from day D ends on D + N).

CCP 135: every full-day state holiday of Government Code 6700 is a judicial holiday, with
Thanksgiving Day and the day after it, and every Saturday; Admission Day (September 9) and the
other days CCP 135 excepts are not. "If a judicial holiday falls on a Saturday or a Sunday, the
Judicial Council may designate an alternative day for observance"; it did, in California Rules
of Court 1.11: a Saturday holiday is observed on the Friday before, a Sunday one on the Monday
after. The courts are closed on those observed days, so they are holidays here too (the list
below marks them "observed"); the office may remove them for a year on its holidays page.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str
    observed: bool = False  # the weekday a weekend holiday is kept on (CRC 1.11)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` (0 = Monday) of the month; n = -1 is the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


MONDAY, THURSDAY, FRIDAY = 0, 3, 4


def _named_days(year: int) -> list[tuple[date, str]]:
    thanksgiving = nth_weekday(year, 11, THURSDAY, 4)
    return [
        (date(year, 1, 1), str(_("New Year's Day"))),
        (nth_weekday(year, 1, MONDAY, 3), str(_("Martin Luther King, Jr. Day"))),
        (date(year, 2, 12), str(_("Lincoln Day"))),
        (nth_weekday(year, 2, MONDAY, 3), str(_("Presidents' Day"))),
        (date(year, 3, 31), str(_("Cesar Chavez Day"))),
        (nth_weekday(year, 5, MONDAY, -1), str(_("Memorial Day"))),
        (date(year, 6, 19), str(_("Juneteenth"))),
        (date(year, 7, 4), str(_("Independence Day"))),
        (nth_weekday(year, 9, MONDAY, 1), str(_("Labor Day"))),
        (nth_weekday(year, 9, FRIDAY, 4), str(_("Native American Day"))),
        (date(year, 11, 11), str(_("Veterans Day"))),
        (thanksgiving, str(_("Thanksgiving Day"))),
        (thanksgiving + timedelta(days=1), str(_("Day after Thanksgiving"))),
        (date(year, 12, 25), str(_("Christmas Day"))),
    ]


@lru_cache(maxsize=32)
def ccp_135_holidays(year: int) -> tuple[Holiday, ...]:  # CCP 135; Gov Code 6700; CRC 1.11
    """The judicial holidays that fall in `year`, with the observed weekday of each one that
    falls on a weekend: Saturday -> the Friday before, Sunday -> the Monday after (CRC 1.11).

    Worked by hand: in 2026 Independence Day is a Saturday, kept on Friday July 3; in 2027
    Christmas is a Saturday, kept on Friday December 24, and New Year's Day 2028 (a Saturday)
    is kept on Friday December 31, 2027, which is why the next year is looked at too.
    Thanksgiving 2026 is Thursday November 26, the day after Friday November 27.
    """
    days: list[Holiday] = []
    with translation.override("en"):  # cached and stored in English; shown by holiday_shown
        named = [_named_days(y) for y in (year, year + 1)]
    for source_year_days in named:
        for day, name in source_year_days:
            if day.year == year:
                days.append(Holiday(day, name))
            if day.weekday() in (5, 6):
                moved = day - timedelta(days=1) if day.weekday() == 5 else day + timedelta(days=1)
                if moved.year == year:
                    days.append(Holiday(moved, f"{name}{OBSERVED}", True))
    return tuple(sorted(days, key=lambda holiday: holiday.day))


OBSERVED = " (observed)"


def holiday_shown(name: str) -> str:
    """A judicial holiday's name in the reader's language. The names are kept in English (the
    cache above, the office's CourtHoliday rows); one the office typed itself stays as typed."""
    if name.endswith(OBSERVED):
        return gettext("%(name)s (observed)") % {"name": gettext(name.removesuffix(OBSERVED))}
    return gettext(name) if name else name


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5  # CCP 12a(a): Saturdays and Sundays are holidays


def next_court_day(day: date, is_holiday: Callable[[date], bool]) -> date:  # CCP 12, 12a
    """The last day of a period set by statute or regulation: `day` itself, or, when it is a
    Saturday, a Sunday or a judicial holiday, the next day that is none of them.

    Worked by hand (2026-2027 holidays of CCP 135):
    - a 60-day clock from September 27, 2026 ends on Thursday November 26, Thanksgiving; Friday
      is the day after Thanksgiving, then Saturday and Sunday: it moves to Monday November 30;
    - one ending on Sunday November 1, 2026 moves to Monday November 2;
    - one ending on Saturday January 16, 2027, before Martin Luther King, Jr. Day (Monday
      January 18), moves to Tuesday January 19.
    """
    while is_weekend(day) or is_holiday(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class DayRule:
    """How the last day of a complaint period is found.

    `ccp_12a` (the default) moves it past weekends and judicial holidays: the holidays of the
    years the office keeps (`kept_years`, from its holidays page), and for any other year the
    holidays of CCP 135 computed above. `calendar` keeps the date as it is."""

    mode: str = "ccp_12a"
    holidays: frozenset[date] = field(default_factory=frozenset)
    kept_years: frozenset[int] = field(default_factory=frozenset)

    def is_holiday(self, day: date) -> bool:
        if day.year in self.kept_years:
            return day in self.holidays
        return any(holiday.day == day for holiday in ccp_135_holidays(day.year))

    def last_day(self, day: date) -> date:
        if self.mode == CALENDAR:
            return day
        return next_court_day(day, self.is_holiday)


CCP_12A = "ccp_12a"
CALENDAR = "calendar"
DAY_RULES = (CCP_12A, CALENDAR)


def day_rule(mode: str, kept: Iterable[date] = (), kept_years: Iterable[int] = ()) -> DayRule:
    if mode not in DAY_RULES:
        raise ValueError(f"unknown deadline rule {mode!r} (choose {' or '.join(DAY_RULES)})")
    return DayRule(mode, frozenset(kept), frozenset(kept_years))
