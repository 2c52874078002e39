"""The attendance rules: how clock hours are credited, which on-the-job hours count, and the
CVE related-instruction minimum. Pure functions on times and numbers, so that every edge can be
tested without a database; services and imports call them, never a copy of them.

Hours are kept in whole minutes, which are exact; `hours()` turns minutes into Decimal hours
only to show them (a 50-minute block is 0.8333… hours, which no decimal column holds exactly).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

HUNDREDTH = Decimal("0.01")


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def hours(minutes: int) -> Decimal:
    """Minutes as Decimal hours, to the hundredth, for people to read."""
    return (Decimal(minutes) / 60).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def credited_minutes(
    scheduled_start: time,
    scheduled_end: time,
    arrived: time | None,
    departed: time | None,
    *,
    block_minutes: int | None = None,
) -> int:
    """The minutes a student is credited for one meeting (positive attendance, clock hours).

    The scheduled time is cut into consecutive blocks of `block_minutes` (60 by default) from
    the scheduled start; the last block may be shorter. Presence for any part of a block earns
    the whole block. Intervals are half-open: leaving at 14:00 does not touch the block that
    starts at 14:00. Time outside the schedule earns nothing. Absent (no times) earns nothing.
    """
    # ROCP training deck [S] (domain-rules.md 1.2.1-1.2.2); 5 CCR 15371. Block length is
    # ROPDESK["CREDIT_BLOCK_MINUTES"]: the deck, not a statute, says 60 minutes.
    if arrived is None or departed is None:
        return 0
    block = 60 * (block_minutes or settings.ROPDESK["CREDIT_BLOCK_MINUTES"])
    start, end = _seconds(scheduled_start), _seconds(scheduled_end)
    present_from, present_to = max(_seconds(arrived), start), min(_seconds(departed), end)
    total = 0
    if present_from < present_to:
        for block_start in range(start, end, block):
            block_end = min(block_start + block, end)
            if present_from < block_end and block_start < present_to:
                total += block_end - block_start
    return total // 60


def credited_hours(
    scheduled_start: time, scheduled_end: time, arrived: time | None, departed: time | None
) -> Decimal:
    """`credited_minutes` in Decimal hours (13:00-15:30, present 13:50-15:05: 2.50)."""
    return hours(credited_minutes(scheduled_start, scheduled_end, arrived, departed))


def present_minutes(
    scheduled_start: time, scheduled_end: time, arrived: time | None, departed: time | None
) -> int:
    """The minutes a student was actually in a meeting, within its schedule (no blocks)."""
    if arrived is None or departed is None:
        return 0
    begin = max(_seconds(arrived), _seconds(scheduled_start))
    finish = min(_seconds(departed), _seconds(scheduled_end))
    return max(0, finish - begin) // 60


# --- On-the-job hours (community classroom and CVE) -------------------------------------------


@dataclass(frozen=True)
class OnTheJobEntry:
    """One day's on-the-job minutes of one enrollment, as the counting rule needs them."""

    key: Hashable
    day: date
    minutes: int
    supervisor_approved: bool
    agreement_signed_on: date | None


def week_start(day: date) -> date:
    """The Monday of the day's week (weeks for caps and the CVE check run Monday-Sunday)."""
    return day - timedelta(days=day.weekday())


def ojt_credited_minutes(kind: str, entries: Iterable[OnTheJobEntry]) -> dict[Hashable, int]:
    """The minutes of each on-the-job entry (of one enrollment, one kind) that count for ADA.

    An entry counts only if its kind counts at all, a site supervisor approved it, and it was
    worked on or after the day the training agreement was signed; then a weekly cap applies,
    filled in date order (the first hours of the week count first).
    """
    # domain-rules.md 1.3 ([S] Riverside COE deck: CVE 15 h/week; time cards signed by the
    # supervisor) and 1.2.6 (EC 46300(b)(1): OJT under a training agreement). Unconfirmed
    # (domain-rules.md 9.1), so each condition is a ROPDESK setting.
    config = settings.ROPDESK
    entries = sorted(entries, key=lambda e: (e.day, str(e.key)))
    if not config["OJT_COUNTS_FOR_ADA"].get(kind, False):
        return {entry.key: 0 for entry in entries}
    cap_hours = config["OJT_WEEKLY_CAP_HOURS"].get(kind)
    cap = None if cap_hours is None else int(Decimal(str(cap_hours)) * 60)
    used: dict[date, int] = {}
    credited: dict[Hashable, int] = {}
    for entry in entries:
        eligible = entry.minutes
        if config["OJT_REQUIRES_SUPERVISOR_APPROVAL"] and not entry.supervisor_approved:
            eligible = 0
        if config["OJT_REQUIRES_SIGNED_AGREEMENT"] and (
            entry.agreement_signed_on is None or entry.agreement_signed_on > entry.day
        ):
            eligible = 0
        if cap is not None:
            week = week_start(entry.day)
            eligible = min(eligible, cap - used.get(week, 0))
            used[week] = used.get(week, 0) + eligible
        credited[entry.key] = eligible
    return credited


# --- CVE related classroom instruction -------------------------------------------------------


@dataclass(frozen=True)
class RelatedInstructionCheck:
    """The CVE related-instruction check for one student over the weeks looked at."""

    weeks: int
    total_minutes: int
    average_minutes: Decimal
    required_average_minutes: int
    weeks_without_a_period: list[date] = field(default_factory=list)

    @property
    def average_met(self) -> bool:
        return self.weeks == 0 or self.average_minutes >= self.required_average_minutes

    @property
    def every_week_met(self) -> bool:
        return not self.weeks_without_a_period

    @property
    def met(self) -> bool:
        return self.average_met and self.every_week_met


def cve_classroom_minimum_met(weekly_minutes: Mapping[date, int]) -> RelatedInstructionCheck:
    """Whether a CVE student's related classroom instruction meets the minimum.

    `weekly_minutes` maps each week (its Monday) that counts to the minutes of related
    classroom instruction the student attended that week, zero included.
    """
    # 5 CCR 10106: a minimum equivalency of 3 periods a week, a period being at least 50
    # minutes, and at least 1 period actually conducted in every week (domain-rules.md 2.2.1).
    config = settings.ROPDESK
    period = config["CVE_PERIOD_MINUTES"]
    required_average = period * config["CVE_AVERAGE_PERIODS_PER_WEEK"]
    weekly_floor = period * config["CVE_MINIMUM_PERIODS_EVERY_WEEK"]
    weeks = len(weekly_minutes)
    total = sum(weekly_minutes.values())
    average = (Decimal(total) / weeks).quantize(HUNDREDTH) if weeks else Decimal("0.00")
    short = sorted(week for week, minutes in weekly_minutes.items() if minutes < weekly_floor)
    return RelatedInstructionCheck(weeks, total, average, required_average, short)


def on_the_job_day_within_enrollment(
    day: date,
    *,
    enrolled_on: date | None,
    ended_on: date | None,
    term_start: date,
    term_end: date,
) -> bool:
    """Whether a day of on-the-job training falls inside the enrollment: on or after the day
    it began (the term's first day when no date is on file), before the day it ended (the
    roster's reading: a student who ended on the 10th was not in the class on the 10th), and
    inside the section's term. The ADA report applies the same test in SQL
    (funding.queries.per_enrollment_sql)."""
    # EC 46300: ADA counts the attendance of the pupils enrolled; a day outside the
    # enrollment is not a pupil's attendance in the program.
    begins = max(enrolled_on or term_start, term_start)
    return begins <= day <= term_end and (ended_on is None or day < ended_on)
