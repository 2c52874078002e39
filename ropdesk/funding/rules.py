"""The ADA and apportionment arithmetic, each rule in one function with its source.

Everything here is pure: minutes, days and Decimals in, Decimals out. Every number comes from
settings.ROPDESK, because domain-rules.md §1 asks that each one stay configurable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from ropdesk.attendance.periods import Period, Window, period_window

CENT = Decimal("0.01")
SHARE_PLACES = Decimal("0.0001")
# EC 52302.8: participants in these programs may take the extra share of the cap.
SPECIAL_PROGRAMS = ("calworks", "tap", "job_corps", "wioa_intensive")


class Category:
    """Funding categories of attendance (EC 52302.8; EC 52324.5)."""

    GRADES_9_12 = "grades_9_12"
    NON_HIGH_SCHOOL = "non_high_school"
    SPECIAL_POPULATION = "non_high_school_special_population"
    ALL = (GRADES_9_12, NON_HIGH_SCHOOL, SPECIAL_POPULATION)


def divisor_hours(period: str) -> int:
    """Hours of attendance that make one unit of ADA in a period: 210, 405 or 525."""
    # 5 CCR 15371(c): 3 hours = 1 day for ROC/P; P-1 ÷ 70 days, P-2 ÷ 135, annual ÷ 175
    # (also EC 52324(a) for the annual 175).
    config = settings.ROPDESK
    return int(config["ADA_HOURS_PER_DAY"]) * int(config["ADA_DIVISOR_DAYS"][period])


def ada(minutes: int, period: str) -> Decimal:
    """ADA of a number of credited minutes in a period, rounded as configured (2 places)."""
    # 5 CCR 15371(c): ADA = hours of attendance / 3 / days in the divisor.
    places = Decimal(1).scaleb(-int(settings.ROPDESK["ADA_DECIMAL_PLACES"]))
    return exact_ada(minutes, period).quantize(places, rounding=ROUND_HALF_UP)


def school_month_ada(minutes: int, school_days: int) -> Decimal:
    """The ADA of one school month's credited minutes: hours / 3 / the month's school days,
    rounded as the report rounds. An indication for the dashboard's month-by-month chart,
    not a figure the state is sent: the reports divide a period's hours by its divisor."""
    # 5 CCR 15371(c) (3 hours = 1 day, divided by the days taught) applied to one month [I].
    if school_days <= 0:
        return Decimal(0)
    places = Decimal(1).scaleb(-int(settings.ROPDESK["ADA_DECIMAL_PLACES"]))
    per_day = 60 * int(settings.ROPDESK["ADA_HOURS_PER_DAY"])
    return (Decimal(minutes) / per_day / school_days).quantize(places, rounding=ROUND_HALF_UP)


def exact_ada(minutes: int, period: str) -> Decimal:
    return Decimal(minutes) / (60 * divisor_hours(period))


def revenue(minutes: int, period: str) -> Decimal:
    """Revenue of the ADA those minutes make, at the configured amount per ADA."""
    # domain-rules.md 1.5.6 [I]: revenue limit per ADA = $/student hour x 525
    # ($4.00 x 525 = $2,100). Computed on unrounded ADA: an annual hour is worth exactly $4.00.
    rate = Decimal(settings.ROPDESK["REVENUE_PER_ADA"])
    return (exact_ada(minutes, period) * rate).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class SchoolMonthDates:
    number: int
    start_date: date
    end_date: date
    school_days: int


@dataclass(frozen=True)
class CountedSpan:
    """The dates whose attendance counts for a period, and which school months they are."""

    window: Window
    start: date | None
    end: date | None
    months: tuple[int, ...]

    @property
    def empty(self) -> bool:
        return self.start is None


def counted_span(
    fiscal_start: date, fiscal_end: date, period: str, months: Iterable[SchoolMonthDates]
) -> CountedSpan:
    """The attendance dates a period counts.

    Annual: the whole fiscal year. P-1 and P-2: the full school months of the period's window,
    a month counting only if it is full and its last school day falls inside the window; the
    span runs from the first counted month's first day to the last one's last day, so that a
    Saturday class between two counted months counts too.
    """
    # EC 41601 (windows; "full school months"); 5 CCR 15371(c) ("days in all full school
    # months"). A school month is ROPDESK["SCHOOL_MONTH_DAYS"] school days (EC 37201).
    window = period_window(fiscal_start, fiscal_end, period)
    if period == Period.ANNUAL:
        return CountedSpan(window, window.start, window.end, ())
    full = settings.ROPDESK["SCHOOL_MONTH_DAYS"]
    counted = sorted(
        (m for m in months if m.school_days >= full and m.end_date <= window.end),
        key=lambda m: m.number,
    )
    # School months follow each other, so the counted ones are the first few, without gaps.
    if not counted:
        return CountedSpan(window, None, None, ())
    return CountedSpan(
        window,
        max(counted[0].start_date, window.start),
        counted[-1].end_date,
        tuple(m.number for m in counted),
    )


@dataclass(frozen=True)
class CapCheck:
    """The non-grade-9-12 cap on the ADA of one fiscal year (or period)."""

    total_ada: Decimal
    non_high_school_ada: Decimal
    special_population_ada: Decimal
    share: Decimal
    limit_ada: Decimal

    @property
    def within_cap(self) -> bool:
        return self.non_high_school_ada <= self.limit_ada

    @property
    def excess_ada(self) -> Decimal:
        return max(Decimal(0), self.non_high_school_ada - self.limit_ada)


def non_high_school_cap(
    total_ada: Decimal, non_high_school_ada: Decimal, special_population_ada: Decimal
) -> CapCheck:
    """Whether the ADA of students not in grades 9-12 stays within the cap.

    The cap is 10 % of the program's ADA, plus up to 5 % more filled only by special-population
    students (CalWORKs, TAP, Job Corps, WIOA intensive services) who are not in grades 9-12.
    `special_population_ada` is part of `non_high_school_ada`.
    """
    # EC 52302.8 (10 % from 2011-12, + 5 % for those programs); domain-rules.md 1.4.
    config = settings.ROPDESK
    general = Decimal(config.get("NON_HS_SHARE_LIMIT", "0.10"))
    extra = Decimal(config.get("NON_HS_SPECIAL_EXTRA", "0.05"))
    limit = general * total_ada + min(special_population_ada, extra * total_ada)
    share = non_high_school_ada / total_ada if total_ada else Decimal(0)
    return CapCheck(
        total_ada,
        non_high_school_ada,
        special_population_ada,
        share.quantize(SHARE_PLACES, rounding=ROUND_HALF_UP),
        limit,
    )


def category_of(grade_level: str, special_programs: Iterable[bool]) -> str:
    """The category of a student's record. The report uses it only for an enrollment that
    carries no category of its own (made before categories were stored); otherwise it uses
    category_code on the category in force on the day (funding.queries.category_sql)."""
    # EC 52302.8: "pupils not enrolled in grades 9 to 12"; special populations as listed.
    if grade_level in ("09", "10", "11", "12"):
        return Category.GRADES_9_12
    return Category.SPECIAL_POPULATION if any(special_programs) else Category.NON_HIGH_SCHOOL


def category_code(grade_9_12: bool, special_population: bool) -> str:
    """The report category of a day's attendance from the enrollment's funding category in
    force that day (enrollment.categories): the status the pupil had when it was earned."""
    # EC 52302.8: attendance of "pupils not enrolled in grades 9 to 12", + 5 % for CalWORKs,
    # TAP, Job Corps and WIOA intensive-services participants.
    if grade_9_12:
        return Category.GRADES_9_12
    return Category.SPECIAL_POPULATION if special_population else Category.NON_HIGH_SCHOOL


def projected_minutes(minutes_to_date: int, meetings_held: int, meetings_scheduled: int) -> int:
    """The credited minutes a period in progress will reach if attendance keeps its rate so
    far: the minutes to date per scheduled meeting held, times every meeting the schedule has
    in the period's counted dates. Nothing is projected before the first meeting."""
    # An estimate [I], not a rule of law: the period's ADA is known only when it ends
    # (5 CCR 15371(c) divides the hours of the whole period).
    if meetings_held <= 0:
        return minutes_to_date
    scale = Decimal(meetings_scheduled) / Decimal(meetings_held)
    return int((Decimal(minutes_to_date) * scale).quantize(Decimal(1), rounding=ROUND_HALF_UP))
