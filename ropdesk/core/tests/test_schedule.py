"""Periodic work is started by the worker: each scheduled job once a day, from its time of day
on, its last run kept in the database; a failing run is retried, then recorded as failed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ropdesk.core.models import ScheduledRun
from ropdesk.core.schedule import schedule_due
from ropdesk.core.tests.work import work

pytestmark = pytest.mark.django_db

CALLS: list[date] = []


def count_the_day(*, today: date) -> int:
    CALLS.append(today)
    return 3


def always_fails(*, today: date) -> int:
    raise ConnectionError("the reminders could not be read")


@pytest.fixture
def schedule(settings):
    CALLS.clear()
    settings.ROPDESK = {
        **settings.ROPDESK,
        "SCHEDULE": {"count": {"call": f"{__name__}.count_the_day", "at": "06:30"}},
    }
    return settings


@pytest.mark.clock("2026-11-02 06:29")
def test_nothing_starts_before_its_time_of_day(schedule):
    assert schedule_due() == []
    assert not ScheduledRun.objects.exists()


@pytest.mark.clock("2026-11-02 06:30")
def test_a_job_starts_at_its_time_and_only_once_that_day(schedule, _frozen_clock):
    assert schedule_due() == ["count"]
    work()
    _frozen_clock.shift(timedelta(hours=8))
    assert schedule_due() == []
    work()
    assert CALLS == [date(2026, 11, 2)]
    run = ScheduledRun.objects.get(name="count")
    assert (run.last_outcome, run.last_error) == ("3 sent", "")


@pytest.mark.clock("2026-11-02 23:59")
def test_the_next_day_it_starts_again(schedule, _frozen_clock):
    assert schedule_due() == ["count"]
    work()
    _frozen_clock.shift(timedelta(hours=6, minutes=31))  # 06:30 the next morning
    assert schedule_due() == ["count"]
    work()
    assert CALLS == [date(2026, 11, 2), date(2026, 11, 3)]


@pytest.mark.clock("2026-11-02 07:00")
def test_a_failing_run_is_retried_then_recorded_as_failed(settings, _frozen_clock):
    settings.ROPDESK = {
        **settings.ROPDESK,
        "SCHEDULE": {"broken": {"call": f"{__name__}.always_fails", "at": "06:30"}},
    }
    schedule_due()
    work()
    run = ScheduledRun.objects.get(name="broken")
    assert run.last_outcome == "retrying (attempt 1)"
    for wait in (31, 121, 601):
        _frozen_clock.shift(timedelta(seconds=wait))
        work()
    run.refresh_from_db()
    assert run.last_outcome == "failed"
    assert run.last_error == "ConnectionError: the reminders could not be read"
