"""Periodic work, started by the worker instead of cron.

ROPDESK["SCHEDULE"] names each job, the function to call (with `today=`) and the local time
of day it runs. On every turn of its loop the worker calls `schedule_due()`: a job whose time
today has come and that has not started since is enqueued once (ScheduledRun.last_run_at is
moved forward by a conditional update, so two workers cannot both start it). A failing run
is tried again with growing waits, then recorded as failed. The old management commands
(`worksite-reminders`, `complaint-reminders`) still run the same functions by hand.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from ropdesk.core.models import ScheduledRun


def _due_moment(entry: dict[str, Any], now: datetime) -> datetime:
    local = timezone.localtime(now)
    at = time.fromisoformat(entry["at"])
    return local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)


def schedule_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue every scheduled job whose time has come today; return their names."""
    from ropdesk.core.tasks import scheduled_task

    now = now or timezone.now()
    started = []
    for name, entry in settings.ROPDESK["SCHEDULE"].items():
        due = _due_moment(entry, now)
        if now < due:
            continue
        run, _created = ScheduledRun.objects.get_or_create(name=name)
        if run.last_run_at is not None and run.last_run_at >= due:
            continue
        claimed = ScheduledRun.objects.filter(pk=run.pk, last_run_at=run.last_run_at).update(
            last_run_at=now
        )
        if claimed:
            scheduled_task.enqueue(name=name)
            started.append(name)
    return started


def scheduled_execute(*, name: str, attempt: int = 1) -> str:
    """Run one scheduled job now (the task's body) and record the outcome."""
    from ropdesk.core.mail import retry_delay
    from ropdesk.core.tasks import scheduled_task

    entry = settings.ROPDESK["SCHEDULE"][name]
    call = import_string(entry["call"])
    try:
        outcome = call(today=timezone.localdate())
    except Exception as failure:
        reason = f"{type(failure).__name__}: {failure}"[:2000]
        retrying = attempt < settings.ROPDESK["TASK_ATTEMPTS"]
        ScheduledRun.objects.filter(name=name).update(
            last_finished_at=timezone.now(),
            last_outcome=f"retrying (attempt {attempt})" if retrying else "failed",
            last_error=reason,
        )
        if not retrying:
            raise
        scheduled_task.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
            name=name, attempt=attempt + 1
        )
        return "retry"
    # A list of what was sent, a count of messages sent, or the job's own words.
    if isinstance(outcome, list):
        summary = f"{len(outcome)} sent"
    elif isinstance(outcome, int):
        summary = f"{outcome} sent"
    else:
        summary = str(outcome)
    ScheduledRun.objects.filter(name=name).update(
        last_finished_at=timezone.now(), last_outcome=summary[:200], last_error=""
    )
    return summary
