"""Each work-based-learning rule at its boundary (docs/rules.md, "Work-based learning")."""

from datetime import date, time
from decimal import Decimal

from ropdesk.worksite import compliance

MONDAY = date(2026, 10, 5)


def test_a_visit_21_days_ago_is_green_and_22_days_ago_is_red():
    assert compliance.cc_visit_due(
        last_visit_on=date(2026, 10, 1), placed_on=date(2026, 9, 1), today=date(2026, 10, 22)
    ).ok
    late = compliance.cc_visit_due(
        last_visit_on=date(2026, 10, 1), placed_on=date(2026, 9, 1), today=date(2026, 10, 23)
    )
    assert not late.ok
    assert "22 days" in late.reason
    assert late.source == "5 CCR 10088(a), (c)"


def test_without_a_visit_the_clock_runs_from_placement():
    placed = date(2026, 9, 1)
    assert compliance.cc_visit_due(last_visit_on=None, placed_on=placed, today=date(2026, 9, 22)).ok
    assert not compliance.cc_visit_due(
        last_visit_on=None, placed_on=placed, today=date(2026, 9, 23)
    ).ok


def test_coordination_time_is_an_hour_per_five_students_at_least_one():
    assert compliance.coordination_hours_required(0) == 0
    assert compliance.coordination_hours_required(1) == 1
    assert compliance.coordination_hours_required(5) == 1
    assert compliance.coordination_hours_required(6) == 2
    assert compliance.coordination_hours_required(11) == 3


def test_coordination_time_exact_when_configured(settings):
    settings.ROPDESK = {**settings.ROPDESK, "CC_COORDINATION_ROUNDING": "exact"}
    assert compliance.coordination_hours_required(6) == Decimal("1.20")
    assert compliance.coordination_hours_required(2) == 1


def test_7_point_9_paid_hours_is_red_and_8_is_green():
    red = compliance.cve_weekly_paid_minimum(paid_minutes=474, week_of=MONDAY)  # 7.9 h
    assert not red.ok
    assert "7.9" in red.reason
    assert red.source == "5 CCR 10107(a)(5)"
    assert compliance.cve_weekly_paid_minimum(paid_minutes=480, week_of=MONDAY).ok


def _minor_day(minutes, *, cve, start=time(15, 0), end=None, school_day=True, tomorrow=True):
    end = end or time((15 * 60 + minutes) // 60 % 24, (15 * 60 + minutes) % 60)
    return compliance.minor_day_limits(
        age=17,
        minutes=minutes,
        started_at=start,
        ended_at=end,
        school_day=school_day,
        school_tomorrow=tomorrow,
        cve=cve,
    )


def test_a_minor_works_4_hours_on_a_school_day_but_not_more():
    assert _minor_day(240, cve=False).ok
    over = _minor_day(241, cve=False)
    assert not over.ok
    assert "school day" in over.reason
    assert over.source == "Labor Code 1391; EC 49116"


def test_cve_is_the_exception_to_the_4_hour_school_day_limit():
    assert _minor_day(241, cve=True).ok
    assert _minor_day(6 * 60, cve=True, start=time(14, 0), end=time(20, 0)).ok


def test_a_minor_works_at_most_8_hours_a_day_even_in_cve():
    assert _minor_day(480, cve=True, start=time(9, 0), end=time(17, 0), school_day=False).ok
    assert not _minor_day(481, cve=True, start=time(9, 0), end=time(17, 1), school_day=False).ok


def test_a_minor_does_not_work_after_10pm_before_a_school_day_or_before_5am():
    assert _minor_day(120, cve=True, start=time(20, 0), end=time(22, 0)).ok
    assert not _minor_day(121, cve=True, start=time(20, 0), end=time(22, 1)).ok
    assert not _minor_day(120, cve=True, start=time(4, 59), end=time(6, 59), tomorrow=False).ok


def test_before_a_day_without_school_a_minor_may_work_until_12_30am():
    ok = _minor_day(
        150, cve=True, start=time(22, 0), end=time(0, 30), school_day=False, tomorrow=False
    )
    assert ok.ok
    late = _minor_day(
        151, cve=True, start=time(22, 0), end=time(0, 31), school_day=False, tomorrow=False
    )
    assert not late.ok


def test_adults_have_no_minor_limits():
    assert compliance.minor_day_limits(
        age=18,
        minutes=600,
        started_at=time(4, 0),
        ended_at=time(14, 0),
        school_day=True,
        school_tomorrow=True,
        cve=False,
    ).ok


def test_a_minor_works_at_most_48_hours_a_week():
    assert compliance.minor_weekly_limit(age=17, minutes=48 * 60, week_of=MONDAY).ok
    assert not compliance.minor_weekly_limit(age=17, minutes=48 * 60 + 1, week_of=MONDAY).ok


def test_a_minor_needs_a_permit_valid_on_the_day():
    day = date(2026, 10, 5)
    assert not compliance.work_permit_on_file(age=17, permit_from=None, permit_to=None, day=day).ok
    assert compliance.work_permit_on_file(
        age=17, permit_from=date(2026, 9, 1), permit_to=day, day=day
    ).ok
    assert not compliance.work_permit_on_file(
        age=17, permit_from=date(2026, 9, 1), permit_to=date(2026, 10, 4), day=day
    ).ok
    assert compliance.work_permit_on_file(age=18, permit_from=None, permit_to=None, day=day).ok


def test_evaluations_fall_due_every_nine_weeks():
    start = date(2026, 8, 24)
    before = compliance.evaluation_due(
        started_on=start, points_done=set(), today=date(2026, 10, 25)
    )
    assert before.ok and before.due_on == date(2026, 10, 26)
    assert not compliance.evaluation_due(
        started_on=start, points_done=set(), today=date(2026, 10, 26)
    ).ok
    assert compliance.evaluation_due(started_on=start, points_done={1}, today=date(2026, 10, 26)).ok


def test_workers_comp_for_cve_must_be_on_file_and_unexpired():
    today = date(2026, 10, 5)
    assert not compliance.workers_comp_on_file(cve=True, expires_on=None, today=today).ok
    assert not compliance.workers_comp_on_file(
        cve=True, expires_on=date(2026, 10, 4), today=today
    ).ok
    assert compliance.workers_comp_on_file(cve=True, expires_on=today, today=today).ok
    assert compliance.workers_comp_on_file(cve=False, expires_on=None, today=today).ok


def test_agreement_and_plan_checks():
    assert not compliance.agreement_fully_signed(
        exists=False, fully_signed_on=None, missing=[], cve=True
    ).ok
    waiting = compliance.agreement_fully_signed(
        exists=True, fully_signed_on=None, missing=["Parent or guardian"], cve=True
    )
    assert not waiting.ok and "Parent or guardian" in waiting.reason
    assert compliance.agreement_fully_signed(
        exists=True, fully_signed_on=MONDAY, missing=[], cve=False
    ).ok
    assert not compliance.training_plan_exists(
        exists=False, competencies=0, site_copy_ready=False
    ).ok
    assert compliance.training_plan_exists(exists=True, competencies=3, site_copy_ready=True).ok


def test_a_shift_past_midnight_is_counted_to_the_next_day():
    assert compliance.shift_minutes(time(22, 0), time(0, 30)) == 150
    assert compliance.shift_minutes(time(9, 0), time(17, 0)) == 480
