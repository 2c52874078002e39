"""The worker: django-tasks-db's database worker plus what ropdesk needs around it.

On start it fails the import jobs whose worker died (core/jobs.py); then, in a loop, it starts
the periodic jobs that are due (core/schedule.py), every minute fails stale jobs and re-queues
stranded mail, and runs one task at a time from the queue in the database. While a task runs,
a heartbeat thread beats the import jobs this worker holds, so a long import is not mistaken
for a dead one. `tasks_run_pending()` runs the same queue in-process (tests, `--batch`).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from ropdesk.core import jobs, mail, schedule

logger = logging.getLogger("ropdesk.worker")
HOUSEKEEPING_SECONDS = 60


def housekeeping() -> None:
    """Fail dead jobs, remove old report files and uploaded files, start due periodic jobs,
    hand stranded mail to the queue again."""
    jobs.import_jobs_expire_stale()
    jobs.report_outputs_remove_old()
    jobs.import_files_remove_old()
    schedule.schedule_due()
    mail.mail_requeue_stranded(older_than=timedelta(minutes=10))


class RopdeskWorker(Worker):
    def __init__(self, *, worker_id: str, interval: float = 1.0, batch: bool = False) -> None:
        super().__init__(
            queue_names=["default"],
            interval=interval,
            batch=True,  # each turn of our loop asks the package for at most one task
            backend_name="default",
            startup_delay=False,
            max_tasks=1,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.until_empty = batch
        self._last_housekeeping = 0.0
        self._beating = threading.Event()

    def _heartbeat(self) -> None:
        every = settings.ROPDESK["JOB_HEARTBEAT_SECONDS"]
        while not self._beating.wait(every):
            try:
                jobs.import_jobs_beat(worker_id=self.worker_id)
            except OperationalError:
                pass  # the import holds the write lock; the next beat will get through
            finally:
                connection.close()

    def run(self) -> None:
        jobs.worker_identity["id"] = self.worker_id
        jobs.import_jobs_expire_stale(restarting_worker=self.worker_id)
        logger.info("ropdesk worker %s starting", self.worker_id)
        beat = threading.Thread(target=self._heartbeat, name="heartbeat", daemon=True)
        beat.start()
        try:
            while self.running:
                if time.monotonic() - self._last_housekeeping >= HOUSEKEEPING_SECONDS:
                    housekeeping()
                    self._last_housekeeping = time.monotonic()
                self._run_tasks = 0
                super().run()
                if not self._run_tasks:
                    if self.until_empty:
                        return
                    close_old_connections()
                    time.sleep(self.interval)
        finally:
            self._beating.set()


def tasks_run_pending(*, limit: int = 100) -> int:
    """Run the tasks that are ready in the database queue, in this process, one by one, until
    none is left (or `limit`); returns how many ran. Tests use it as the worker."""
    runner = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=jobs.worker_identity["id"][:64],
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        ready = DBTaskResult.objects.ready().filter(backend_name="default")
        with exclusive_transaction(ready.db):
            found = ready.get_locked()
            if found is not None:
                found.claim(runner.worker_id)
        if found is None:
            break
        runner.run_task(found)
        ran += 1
    return ran
