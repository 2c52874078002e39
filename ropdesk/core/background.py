"""Long work (file imports) run after the request, in a thread, with progress in the database.

One switch, ROPDESK["ATTENDANCE_IMPORT_IN_BACKGROUND"], runs the work inside the request
instead (tests; setups that forbid threads). A database-backed task queue would survive a
restart of the web process; a thread does not (see docs/operations.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, models, transaction


def job_start(*, label: str, job: models.Model, actor: Any, run: Callable[..., Any]) -> None:
    """Call `run(job=job, actor=actor)` once the current transaction commits, in a thread."""
    if not settings.ROPDESK["ATTENDANCE_IMPORT_IN_BACKGROUND"]:
        run(job=job, actor=actor)
        return
    model, job_id = type(job), job.pk
    actor_id = getattr(actor, "pk", None)

    def target() -> None:
        from ropdesk.core.models import User

        close_old_connections()
        try:
            who = User.objects.filter(pk=actor_id).first() if actor_id else None
            run(job=model.objects.get(pk=job_id), actor=who)
        finally:
            connection.close()

    transaction.on_commit(
        lambda: threading.Thread(target=target, name=f"{label}-{job_id}", daemon=True).start()
    )
