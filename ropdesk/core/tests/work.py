"""The worker for tests: commit what the block did, then run the queued tasks in-process from
the database queue, as `ropdesk worker` would, until none is ready."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

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


def get_after_work(client: Any, path: str, data: dict[str, Any] | None = None) -> Any:
    """A page that hands a cold computation to the worker (the ADA report): asked once, the
    worker runs what it queued, asked again (it then shows what the worker computed)."""
    with committed_then_worked():
        client.get(path, data or {})
    return client.get(path, data or {})
