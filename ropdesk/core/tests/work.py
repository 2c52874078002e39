"""The worker for tests: commit what the block did, then run the queued tasks in-process from
the database queue, as `ropdesk worker` would, until none is ready."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.test import TestCase

from ropdesk.core.worker import tasks_run_pending


def work() -> int:
    """Run every ready task (and the tasks they enqueue); return how many ran."""
    total = 0
    while True:
        with TestCase.captureOnCommitCallbacks(execute=True):
            ran = tasks_run_pending()
        if not ran:
            return total
        total += ran


@contextmanager
def committed_then_worked() -> Iterator[None]:
    """The block's on-commit callbacks run (the test's transaction never commits), then work()."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
    work()
