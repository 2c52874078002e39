"""ADA arithmetic: divisors, period windows counting full school months only, revenue and the
non-grade-9-12 cap, each against numbers worked by hand."""

from datetime import date
from decimal import Decimal

import pytest

from ropdesk.attendance.periods import period_window
from ropdesk.funding import rules
from ropdesk.funding.rules import Category, SchoolMonthDates
from ropdesk.scheduling.calendar import school_months

FY_START, FY_END = date(2025, 7, 1), date(2026, 6, 30)


def months_2025_2026():
    """20-day school months from Monday, August 18, 2025 with no holidays: four weeks each.
    1 Aug 18-Sep 12, 2 Sep 15-Oct 10, 3 Oct 13-Nov 7, 4 Nov 10-Dec 5, 5 Dec 8-Jan 2,
    6 Jan 5-30, 7 Feb 2-27, 8 Mar 2-27, 9 Mar 30-Apr 24, 10 Apr 27-May 22, 11 May 25-Jun 5
    (10 days: not a full month)."""
    spans = school_months(date(2025, 8, 18), date(2026, 6, 5), [], 20)
    return [SchoolMonthDates(s.number, s.start_date, s.end_date, s.school_days) for s in spans]


def test_the_hand_worked_calendar_is_what_the_calendar_code_builds():
    months = months_2025_2026()
    assert [(m.number, m.start_date, m.end_date) for m in months][3:5] == [
        (4, date(2025, 11, 10), date(2025, 12, 5)),
        (5, date(2025, 12, 8), date(2026, 1, 2)),
    ]
    assert (months[8].start_date, months[8].end_date) == (date(2026, 3, 30), date(2026, 4, 24))
    assert months[-1].school_days == 10


def test_divisors_are_days_times_three_hours():
    assert rules.divisor_hours("P1") == 210  # 70 days x 3 hours
    assert rules.divisor_hours("P2") == 405  # 135 x 3
    assert rules.divisor_hours("annual") == 525  # 175 x 3


def test_the_windows_of_ec_41601():
    assert period_window(FY_START, FY_END, "P1").end == date(2025, 12, 31)
    assert period_window(FY_START, FY_END, "P2").end == date(2026, 4, 15)
    assert period_window(FY_START, FY_END, "annual").end == date(2026, 6, 30)
    assert period_window(FY_START, FY_END, "P2").start == date(2025, 7, 1)


def test_p1_counts_the_full_months_that_end_by_december_31():
    span = rules.counted_span(FY_START, FY_END, "P1", months_2025_2026())
    # Month 5 (Dec 8-Jan 2) ends after December 31: it does not count.
    assert span.months == (1, 2, 3, 4)
    assert (span.start, span.end) == (date(2025, 8, 18), date(2025, 12, 5))


def test_p2_counts_the_full_months_that_end_by_april_15():
    span = rules.counted_span(FY_START, FY_END, "P2", months_2025_2026())
    # Month 9 (Mar 30-Apr 24) ends after April 15: it does not count.
    assert span.months == (1, 2, 3, 4, 5, 6, 7, 8)
    assert (span.start, span.end) == (date(2025, 8, 18), date(2026, 3, 27))


def test_annual_counts_the_whole_fiscal_year():
    span = rules.counted_span(FY_START, FY_END, "annual", months_2025_2026())
    assert (span.start, span.end) == (FY_START, FY_END)


def test_a_short_month_never_counts_for_p1_or_p2(settings):
    settings.ROPDESK = {**settings.ROPDESK, "PERIOD_WINDOW_END": {"P1": "06-30", "P2": "06-30"}}
    span = rules.counted_span(FY_START, FY_END, "P1", months_2025_2026())
    assert span.months == tuple(range(1, 11))  # not month 11, of 10 days


def test_before_the_first_full_month_ends_nothing_counts():
    months = [SchoolMonthDates(1, date(2025, 12, 15), date(2026, 1, 16), 20)]
    span = rules.counted_span(FY_START, FY_END, "P1", months)
    assert span.empty and span.months == ()


def test_ada_of_hand_worked_hours():
    # The example section: 30 students x 2 h x 180 days = 10,800 h; / 525 = 20.57.
    assert rules.ada(10_800 * 60, "annual") == Decimal("20.57")
    assert rules.ada(210 * 60, "P1") == Decimal("1.00")
    assert rules.ada(405 * 60, "P2") == Decimal("1.00")
    assert rules.ada(13 * 60, "P1") == Decimal("0.06")  # 13 / 210 = 0.0619


def test_revenue_is_2100_per_ada_which_is_4_dollars_an_annual_hour():
    assert rules.revenue(525 * 60, "annual") == Decimal("2100.00")
    assert rules.revenue(60, "annual") == Decimal("4.00")
    assert rules.revenue(13 * 60, "P1") == Decimal("130.00")  # 13 h x $2,100 / 210
    assert rules.revenue(17 * 60, "P2") == Decimal("88.15")  # 17 x 2100 / 405 = 88.148


def test_the_numbers_are_settings(settings):
    settings.ROPDESK = {
        **settings.ROPDESK,
        "ADA_DIVISOR_DAYS": {"P1": 70, "P2": 135, "annual": 180},
        "REVENUE_PER_ADA": "5400",
    }
    assert rules.divisor_hours("annual") == 540
    assert rules.revenue(540 * 60, "annual") == Decimal("5400.00")


def test_the_cap_is_ten_percent_plus_five_for_special_populations():
    within = rules.non_high_school_cap(Decimal(100), Decimal(12), Decimal(3))
    assert within.limit_ada == Decimal("13.00")  # 10 + min(3, 5)
    assert within.within_cap and within.share == Decimal("0.1200")
    over = rules.non_high_school_cap(Decimal(100), Decimal(16), Decimal(6))
    assert over.limit_ada == Decimal("15.00")  # 10 + min(6, 5)
    assert not over.within_cap and over.excess_ada == Decimal("1.00")
    general_only = rules.non_high_school_cap(Decimal(100), Decimal(11), Decimal(0))
    assert not general_only.within_cap and general_only.excess_ada == Decimal("1.00")


def test_exactly_at_the_cap_is_within_it():
    assert rules.non_high_school_cap(Decimal(50), Decimal(5), Decimal(0)).within_cap


def test_no_ada_has_no_share():
    cap = rules.non_high_school_cap(Decimal(0), Decimal(0), Decimal(0))
    assert cap.share == Decimal(0) and cap.within_cap


@pytest.mark.parametrize(
    ("grade", "programs", "category"),
    [
        ("11", [False], Category.GRADES_9_12),
        ("12", [True], Category.GRADES_9_12),
        ("AD", [False, False], Category.NON_HIGH_SCHOOL),
        ("AD", [False, True], Category.SPECIAL_POPULATION),
    ],
)
def test_funding_categories(grade, programs, category):
    assert rules.category_of(grade, programs) == category
