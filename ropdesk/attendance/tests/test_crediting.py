"""Crediting positive attendance in clock hours: 60-minute blocks from the scheduled start, any
part of a block earns the block, half-open intervals, only scheduled time counts
(ROCP training deck; 5 CCR 15371; docs/attendance-and-ada.md has these examples)."""

from datetime import time
from decimal import Decimal

import pytest

from ropdesk.attendance.rules import credited_hours, credited_minutes, hours, present_minutes

START, END = time(13, 0), time(15, 30)  # blocks 13:00-14:00, 14:00-15:00, 15:00-15:30


def credit(arrived, departed, start=START, end=END):
    return credited_hours(start, end, arrived, departed)


def test_the_issue_examples():
    assert credit(time(13, 50), time(15, 5)) == Decimal("2.50")
    assert credit(time(14, 10), time(14, 40)) == Decimal("1.00")


def test_present_for_the_whole_meeting_earns_the_whole_meeting():
    assert credit(START, END) == Decimal("2.50")


def test_an_absent_student_earns_nothing():
    assert credit(None, None) == Decimal("0.00")
    assert credited_minutes(START, END, None, None) == 0


def test_leaving_on_the_hour_does_not_touch_the_next_block():
    assert credit(time(13, 0), time(14, 0)) == Decimal("1.00")


def test_arriving_on_the_hour_does_not_touch_the_block_before():
    assert credit(time(14, 0), time(15, 0)) == Decimal("1.00")


def test_one_minute_into_the_next_block_earns_it():
    assert credit(time(13, 0), time(14, 1)) == Decimal("2.00")
    assert credit(time(13, 59), time(14, 0)) == Decimal("1.00")


def test_the_shorter_last_block_earns_only_its_own_length():
    assert credit(time(15, 29), time(16, 0)) == Decimal("0.50")
    assert credited_minutes(START, END, time(15, 0), time(15, 30)) == 30


def test_leaving_when_the_last_block_starts_does_not_earn_it():
    assert credit(time(13, 0), time(15, 0)) == Decimal("2.00")


def test_time_outside_the_schedule_earns_nothing():
    assert credit(time(11, 0), time(13, 0)) == Decimal("0.00")  # before, up to the start
    assert credit(time(15, 30), time(17, 0)) == Decimal("0.00")  # from the end on
    assert credit(time(12, 0), time(18, 0)) == Decimal("2.50")  # no more than scheduled


def test_a_meeting_shorter_than_a_block_is_one_short_block():
    assert credit(time(9, 20), time(9, 25), start=time(9, 0), end=time(9, 50)) == Decimal("0.83")
    assert credited_minutes(time(9, 0), time(9, 50), time(9, 20), time(9, 25)) == 50


def test_a_meeting_of_whole_hours_has_no_short_block():
    assert credit(time(8, 0), time(14, 0), start=time(8, 0), end=time(14, 0)) == Decimal("6.00")
    assert credit(time(10, 30), time(10, 31), start=time(8, 0), end=time(14, 0)) == Decimal("1.00")


def test_seconds_past_a_boundary_count_as_presence_in_the_block():
    assert credited_minutes(START, END, time(13, 0), time(14, 0, 1)) == 120


def test_the_block_length_is_a_setting(settings):
    settings.ROPDESK = {**settings.ROPDESK, "CREDIT_BLOCK_MINUTES": 30}
    # 30-minute blocks: present 13:50-15:05 touches 13:30, 14:00, 14:30 and 15:00 blocks.
    assert credit(time(13, 50), time(15, 5)) == Decimal("2.00")
    assert credited_minutes(START, END, time(14, 10), time(14, 40), block_minutes=60) == 60


@pytest.mark.parametrize(
    ("minutes", "expected"), [(0, "0.00"), (30, "0.50"), (50, "0.83"), (150, "2.50"), (1, "0.02")]
)
def test_minutes_read_as_hours_to_the_hundredth(minutes, expected):
    assert hours(minutes) == Decimal(expected)


def test_present_minutes_are_the_real_minutes_within_the_schedule():
    assert present_minutes(START, END, time(13, 50), time(15, 5)) == 75
    assert present_minutes(START, END, time(12, 0), time(13, 30)) == 30
    assert present_minutes(START, END, None, None) == 0
