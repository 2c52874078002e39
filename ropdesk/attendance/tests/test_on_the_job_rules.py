"""Which on-the-job hours count for ADA (configurable: domain-rules.md 1.3 is unconfirmed),
and the CVE related-instruction minimum (5 CCR 10106)."""

from datetime import date, timedelta
from decimal import Decimal

from ropdesk.attendance.rules import OnTheJobEntry, cve_classroom_minimum_met, ojt_credited_minutes

MONDAY = date(2025, 10, 6)
SIGNED = date(2025, 9, 1)


def entry(key, day, hours, approved=True, signed=SIGNED):
    return OnTheJobEntry(key, day, int(hours * 60), approved, signed)


def test_cve_hours_are_capped_at_15_a_week_in_date_order():
    week = [entry(k, MONDAY + timedelta(days=k), 4) for k in range(5)]  # 20 hours
    credited = ojt_credited_minutes("cve_ojt", week)
    assert [credited[k] / 60 for k in range(5)] == [4, 4, 4, 3, 0]


def test_the_cap_starts_again_each_monday():
    entries = [entry("sun", MONDAY - timedelta(days=1), 15), entry("mon", MONDAY, 15)]
    assert ojt_credited_minutes("cve_ojt", entries) == {"sun": 900, "mon": 900}


def test_community_classroom_hours_have_no_cap_by_default():
    week = [entry(k, MONDAY + timedelta(days=k), 5) for k in range(4)]
    assert sum(ojt_credited_minutes("cc_ojt", week).values()) == 20 * 60


def test_hours_a_supervisor_did_not_approve_do_not_count():
    credited = ojt_credited_minutes("cc_ojt", [entry("a", MONDAY, 3, approved=False)])
    assert credited == {"a": 0}


def test_unapproved_hours_do_not_use_up_the_cap():
    entries = [entry("a", MONDAY, 10, approved=False), entry("b", MONDAY + timedelta(1), 10)]
    assert ojt_credited_minutes("cve_ojt", entries) == {"a": 0, "b": 600}


def test_hours_before_the_agreement_was_signed_or_without_one_do_not_count():
    entries = [
        entry("before", SIGNED - timedelta(days=1), 3),
        entry("on", SIGNED, 3),
        entry("none", MONDAY, 3, signed=None),
    ]
    assert ojt_credited_minutes("cc_ojt", entries) == {"before": 0, "on": 180, "none": 0}


def test_each_condition_is_a_setting(settings):
    settings.ROPDESK = {
        **settings.ROPDESK,
        "OJT_COUNTS_FOR_ADA": {"cc_ojt": True, "cve_ojt": False},
        "OJT_REQUIRES_SUPERVISOR_APPROVAL": False,
        "OJT_REQUIRES_SIGNED_AGREEMENT": False,
        "OJT_WEEKLY_CAP_HOURS": {"cc_ojt": 2, "cve_ojt": 15},
    }
    assert ojt_credited_minutes("cve_ojt", [entry("a", MONDAY, 3)]) == {"a": 0}
    loose = [entry("a", MONDAY, 3, approved=False, signed=None)]
    assert ojt_credited_minutes("cc_ojt", loose) == {"a": 120}


def weeks(*minutes):
    return {MONDAY + timedelta(weeks=k): m for k, m in enumerate(minutes)}


def test_three_periods_a_week_meets_the_cve_minimum():
    check = cve_classroom_minimum_met(weeks(150, 150, 150))
    assert check.met and check.average_minutes == Decimal("150.00")


def test_the_average_may_be_met_by_front_loaded_weeks():
    check = cve_classroom_minimum_met(weeks(300, 100, 50))
    assert check.met  # 450 / 3 = 150, every week at least one 50-minute period


def test_a_week_without_a_period_fails_whatever_the_average():
    check = cve_classroom_minimum_met(weeks(400, 49, 150))
    assert check.average_met and not check.every_week_met and not check.met
    assert check.weeks_without_a_period == [MONDAY + timedelta(weeks=1)]


def test_too_little_on_average_fails():
    check = cve_classroom_minimum_met(weeks(100, 100, 100))
    assert check.every_week_met and not check.average_met
    assert check.required_average_minutes == 150


def test_no_weeks_yet_is_not_a_failure():
    assert cve_classroom_minimum_met({}).met
