"""Import jobs: one model (core.ImportJob) and one life for every kind of import.

An app keeps the upload (`import_job_create`) and starts it (`import_job_start`) with the
dotted path of its runner, a function `run(*, job, actor, progress)` that does the work,
reports `progress(percent, step)` and ends with `import_job_finish(...)`. The worker runs the
job as a task (`core.tasks.import_job_task`): it claims the job, beats its heartbeat while it
runs, retries a job that a busy database stopped (with growing waits), and records any other
failure on the job with its reason. Core never imports the apps: the runner is named by the app.

No job stays "running" after its worker is gone: a running job whose heartbeat is older than
ROPDESK["JOB_LEASE_SECONDS"] is failed with that reason (`import_jobs_expire_stale`) when the
worker starts, every minute while it runs, and whenever someone opens the job's page. The
imports are all-or-nothing, so a job stopped half-way has written nothing; upload it again.

Each app names its kinds of job in `ropdesk/<app>/job_kinds.py` (`KINDS`, a tuple of
`JobKind`, found by core/contributions.py): its label, the page that starts another, how its
result is shown, and, for a report, who may download the file it built (the report's own
access policy, asked again at download). A report job (`report_job_start`) builds a file
the person asked for (the ADA report's CSV, the outcomes figures) and keeps it on the
job (`report_job_finish`); the job's page offers it once it is ready (`job_download`).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import secrets
import socket
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ropdesk.core.formatting import day_text, time_text
from ropdesk.core.models import ImportJob
from ropdesk.core.types import Actor, recorded

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

log = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
# Failures worth another try: the database was busy or the connection dropped.
TRANSIENT_FAILURES: tuple[type[Exception], ...] = (OperationalError, InterfaceError)

# Who runs jobs in this process: `ropdesk worker` sets its own id; anything else runs inline.
worker_identity = {"id": f"inline-{socket.gethostname()}-{os.getpid()}"}


@dataclass(frozen=True)
class JobKind:
    """One kind of job, as the app that owns it registers it (`KINDS` in its job_kinds.py)."""

    value: str  # ImportJob.kind
    label: StrOrPromise
    again_url: str = ""  # the URL name of the page that starts another job of this kind
    again_label: StrOrPromise = ""
    # How a finished job's result is shown (a template given `job`): counts by default.
    result_template: str = "core/_job_counts.html"
    # Its errors name the file of a package they are in (a OneRoster zip's users.csv).
    errors_name_files: bool = False
    # A report builds a file to download instead of importing one.
    report: bool = False
    # Whether this person may download the file the job built: the report's own policy,
    # asked again at download (their role may have changed since they asked). Required for
    # a report: without it nobody downloads.
    may_download: Callable[[Actor, ImportJob], bool] | None = None
    # Called once a download is handed over (a hand-off log, a disclosure), in its request.
    downloaded: Callable[[Actor, ImportJob], None] | None = None
    # A report built for a page rather than a file (the ADA report page with a cold cache):
    # the worker fills the cache, the page shows a progress panel and then the figures; a
    # finished job shows `result_template` (no download).
    fills_page: bool = False


def _unknown_kind(value: str) -> JobKind:
    return JobKind(value=value, label=value)


_kinds: dict[str, JobKind] = {}


def job_kinds() -> dict[str, JobKind]:
    """Every app's kinds of job by value (an app's `job_kinds.py`, core/contributions.py)."""
    if not _kinds:
        from ropdesk.core.contributions import app_modules

        found: dict[str, JobKind] = {}
        for module in app_modules("job_kinds"):
            for kind in module.KINDS:
                if kind.value in found:
                    raise ValueError(f"{module.__name__}: the job kind {kind.value!r} is taken")
                found[kind.value] = kind
        _kinds.update(found)
    return _kinds


def job_kind(value: str) -> JobKind:
    return job_kinds().get(value) or _unknown_kind(value)


def import_job_create(
    *,
    kind: str,
    actor: Actor | None,
    file_name: str,
    data: bytes,
    options: dict[str, Any] | None = None,
) -> ImportJob:
    """Keep an uploaded file, waiting to be imported, with the options its runner reads."""
    return ImportJob.objects.create(
        kind=kind,
        file_name=file_name[:200],
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        started_by=recorded(actor),
        options=options or {},
    )


def import_job_start(*, job: ImportJob, runner: str) -> ImportJob:
    """Hand the job to the worker once the current transaction commits."""
    transaction.on_commit(lambda: import_job_enqueue(job_id=job.pk, runner=runner))
    return job


def import_job_enqueue(*, job_id: int, runner: str, after: timedelta | None = None) -> None:
    from ropdesk.core.tasks import import_job_task

    task = (
        import_job_task
        if after is None
        else import_job_task.using(run_after=timezone.now() + after)
    )
    result = task.enqueue(job_id=job_id, runner=runner)
    ImportJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def report_job_start(
    *,
    kind: str,
    actor: Actor | None,
    title: str,
    options: dict[str, Any],
    runner: str,
    shared: bool = False,
) -> ImportJob:
    """Ask the worker to build a report (`runner` ends with `report_job_finish`). The same
    person asking again for the same report while it is being built gets that job, not a
    second one; with `shared`, anyone asking with the same options does (a job that only
    fills a cache, whose options hold everything the result depends on, its scope too)."""
    waiting = ImportJob.objects.filter(
        kind=kind,
        options=options,
        status__in=[ImportJob.Status.WAITING, ImportJob.Status.RUNNING],
    )
    if not shared:
        waiting = waiting.filter(started_by=recorded(actor))
    waiting = waiting.defer("content", "output").order_by("pk")
    found = waiting.first()
    if found is not None:
        return found
    job = ImportJob.objects.create(
        kind=kind,
        file_name=title[:200],
        content=b"",
        sha256="",
        started_by=recorded(actor),
        options=options,
    )
    return import_job_start(job=job, runner=runner)


def report_job_finish(
    job: ImportJob,
    *,
    content: bytes,
    name: str,
    content_type: str,
    result: dict[str, Any] | None = None,
) -> ImportJob:
    """Keep the file a report job built and end the job: its page offers the download."""
    job.output, job.output_name, job.output_type = content, name[:200], content_type[:100]
    job.save(update_fields=["output", "output_name", "output_type"])
    return import_job_finish(
        job, status=ImportJob.Status.DONE, result={"bytes": len(content), **(result or {})}
    )


def job_may_download(user: Actor, job: ImportJob) -> bool:
    """A report job's file: for whoever may see the job (core/access.import_jobs_visible_to),
    when the report's own policy still lets them see that report."""
    kind = job_kind(job.kind)
    return (
        kind.report
        and kind.may_download is not None
        and job.status == ImportJob.Status.DONE
        and bool(job.output_name)
        and kind.may_download(user, job)
    )


def report_outputs_remove_old() -> int:
    """Remove the files report jobs built more than ROPDESK["REPORT_KEEP_HOURS"] ago (they
    may hold student records); the job stays, its page saying the file was removed. Returns
    how many."""
    cutoff = timezone.now() - timedelta(hours=settings.ROPDESK["REPORT_KEEP_HOURS"])
    return (
        ImportJob.objects.filter(finished_at__lt=cutoff)
        .exclude(output_name="")
        .update(output=b"", output_name="", output_type="")
    )


def import_files_remove_old() -> int:
    """Empty the uploaded files of the jobs that finished more than
    ROPDESK["IMPORT_FILE_KEEP_DAYS"] ago (they hold student records); each job keeps its file
    name, checksum, result and problems, and each removal is audited. Returns how many."""
    from ropdesk.core.models import AuditEvent

    days = settings.ROPDESK["IMPORT_FILE_KEEP_DAYS"]
    cutoff = timezone.now() - timedelta(days=days)
    with transaction.atomic():
        ids = list(
            ImportJob.objects.filter(status__in=ImportJob.FINISHED, finished_at__lt=cutoff)
            .annotate(size=Length("content"))  # PostgreSQL reads it without the file
            .filter(size__gt=0)
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        ImportJob.objects.filter(pk__in=ids).update(content=b"")
        AuditEvent.objects.bulk_create(
            AuditEvent(
                action="job.file_removed",
                object_type=ImportJob._meta.label_lower,
                object_id=str(pk),
                details={"after_days": days},
            )
            for pk in ids
        )
    return len(ids)


class _StoredFile(io.RawIOBase):
    """A job's file read from the database a slice at a time: a runner streams a large
    upload without holding it in memory.

    On SQLite the stored value is opened as an incremental blob (sqlite3's `blobopen`): an
    SQL `substr` of a BLOB would load the whole value for every slice, so reading a file
    would cost the square of its size. On PostgreSQL the column is stored uncompressed
    (migration core 0011, `STORAGE EXTERNAL`), where `substring` reads only the slice's
    chunks."""

    def __init__(self, job_id: int) -> None:
        self.job_id, self.position = job_id, 0
        self.pending, self.offset = memoryview(b""), 0
        table = ImportJob._meta.db_table
        self.blob: Any = None
        self.blob_ok = connection.vendor == "sqlite"
        slice_of = (
            "substring(content FROM %s FOR %s)"
            if connection.vendor == "postgresql"
            else ("substr(content, %s, %s)")
        )
        self.sql = f"SELECT {slice_of} FROM {table} WHERE id = %s"  # noqa: S608 -- model metadata

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if self.blob is not None:
            self.blob.close()
            self.blob = None
        super().close()

    def _open_blob(self) -> Any:
        connection.ensure_connection()
        raw = connection.connection
        try:
            blob = raw.blobopen(ImportJob._meta.db_table, "content", self.job_id, readonly=True)
        except (AttributeError, sqlite3.Error):  # an older SQLite, or no such row: use SQL
            self.blob_ok = False
            return None
        blob.seek(self.position)
        return blob

    def _slice(self) -> bytes:
        if self.blob_ok:
            # A blob handle expires when its row changes (the job's progress is written on
            # that row): it is opened again at the same place.
            for _attempt in range(2):
                if self.blob is None:
                    self.blob = self._open_blob()
                    if self.blob is None:
                        break
                try:
                    return bytes(self.blob.read(SLICE_BYTES))
                except sqlite3.Error:
                    self.blob = None
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [self.position + 1, SLICE_BYTES, self.job_id])
            found = cursor.fetchone()
        return bytes(found[0]) if found and found[0] is not None else b""

    def readinto(self, buffer: Any) -> int:
        # Readers ask for a few KB at a time; the database is asked for a slice of 1 MB.
        if self.offset == len(self.pending):
            self.pending = memoryview(self._slice())
            self.position += len(self.pending)
            self.offset = 0
        size = min(len(buffer), len(self.pending) - self.offset)
        buffer[:size] = self.pending[self.offset : self.offset + size]
        self.offset += size
        return size


SLICE_BYTES = 1024 * 1024


def import_job_file(job: ImportJob) -> io.BufferedReader:
    """The job's stored file, as a binary stream read from the database 1 MB at a time."""
    return io.BufferedReader(_StoredFile(job.pk), buffer_size=SLICE_BYTES)


def import_job_progress(job: ImportJob) -> Progress:
    """A progress callback for a runner: saves percent and step and beats the heartbeat. A
    busy database must not fail the import for a progress bar, so that write may be skipped.

    Inside the import's own transaction (its saving phase) the write would stay invisible
    until the end; on PostgreSQL it then goes through a connection of its own, so that the
    job's page follows the saving too. (SQLite has one writer at a time: there the saving
    phase is seen when it ends, and the command line's echo shows it as it goes.)"""

    def report(percent: int, step: str) -> None:
        values = {
            "percent": max(0, min(99, percent)),
            "step": step[:120],
            "heartbeat_at": timezone.now(),
        }
        if connection.in_atomic_block and connection.vendor == "postgresql":
            if _report_outside(job.pk, values):
                return
        try:
            ImportJob.objects.filter(pk=job.pk).update(**values)
        except OperationalError:
            pass

    return report


_side = threading.local()


def _report_outside(job_id: int, values: dict[str, Any]) -> bool:
    """Write a job's progress on a second connection, in autocommit, giving up after 200 ms
    (a job row locked by a transaction that is not committed yet). False when that
    connection cannot see the job (created in a transaction not committed yet, as in a
    test): the caller then writes it in its own transaction."""
    side = getattr(_side, "connection", None)
    if side is None:
        side = _side.connection = connections.create_connection(DEFAULT_DB_ALIAS)
    table = ImportJob._meta.db_table
    try:
        with side.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
            cursor.execute(
                f"UPDATE {table} SET percent = %s, step = %s, heartbeat_at = %s WHERE id = %s",  # noqa: S608 -- the table name is the model's
                [values["percent"], values["step"], values["heartbeat_at"], job_id],
            )
            return bool(cursor.rowcount)
    except DatabaseError:
        side.close()
        _side.connection = None
        return True  # a busy database must not fail the import for a progress bar


def import_job_progress_close() -> None:
    """Close the second connection of `import_job_progress`, if one was opened (a runner
    calls it when its saving phase ends: an idle connection must not outlive the job)."""
    side = getattr(_side, "connection", None)
    if side is not None:
        side.close()
        _side.connection = None


def import_job_finish(
    job: ImportJob,
    *,
    status: str,
    result: dict[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
    warnings: list[dict[str, Any]] | None = None,
    failure: str = "",
) -> ImportJob:
    job.status = status
    job.percent = 100 if status == ImportJob.Status.DONE else job.percent
    job.result = result or {}
    job.errors = errors or []
    job.warnings = warnings or []
    job.failure = failure
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "percent",
            "result",
            "errors",
            "warnings",
            "failure",
            "finished_at",
        ]
    )
    return job


@dataclass(frozen=True)
class RowError:
    """One problem of an imported file: where (row as a spreadsheet numbers it, the header
    being row 1; column name) and why."""

    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


MAX_ERRORS_KEPT = 1000


def import_rows_finish(
    job: ImportJob,
    *,
    status: str,
    errors: list[RowError],
    counts: dict[str, int],
    columns: list[str],
    action: str,
    actor: Actor | None = None,
) -> ImportJob:
    """End a row-by-row import: its errors in file order (at most MAX_ERRORS_KEPT, then a
    count of the rest), its counts, and, when it saved, one audit record naming the file."""
    ordered = sorted(
        errors, key=lambda e: (e.row, columns.index(e.column) if e.column in columns else 0)
    )
    kept = [e.as_dict() for e in ordered[:MAX_ERRORS_KEPT]]
    if len(ordered) > MAX_ERRORS_KEPT:
        more = _("… and %(n)s more errors.") % {"n": len(ordered) - MAX_ERRORS_KEPT}
        kept.append({"row": 0, "column": "", "reason": more})
    import_job_finish(job, status=status, result=counts, errors=kept)
    if status == ImportJob.Status.DONE:
        from ropdesk.core.services import audit_record

        audit_record(
            actor=actor, action=action, obj=job, file=job.file_name, sha256=job.sha256, **counts
        )
    return job


def _claim(job_id: int) -> ImportJob | None:
    """Mark the job running for this worker; None when it is finished or another live worker
    holds it (a duplicate task)."""
    with transaction.atomic():
        # The file stays in the database: a runner streams it (import_job_file).
        job = (
            ImportJob.objects.select_for_update()
            .defer("content", "output")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.finished:
            return None
        if job.status == ImportJob.Status.RUNNING and not _lease_expired(job, timezone.now()):
            return None
        now = timezone.now()
        job.status = ImportJob.Status.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.worker_id = worker_identity["id"][:64]
        job.failure = ""
        job.save(
            update_fields=[
                "status",
                "attempts",
                "started_at",
                "heartbeat_at",
                "worker_id",
                "failure",
            ]
        )
    return job


def import_job_execute(*, job_id: int, runner: str) -> str:
    """Run one attempt of a job (the task's body); returns the job's status afterwards."""
    job = _claim(job_id)
    if job is None:
        return "skipped"
    run = import_string(runner)
    try:
        run(job=job, actor=job.started_by, progress=import_job_progress(job))
    except TRANSIENT_FAILURES as failure:
        return _retry_or_fail(job, runner, failure)
    except Exception as failure:
        import_job_fail_unexpectedly(job, failure, runner=runner)
        raise
    finally:
        # The progress bar's second connection ends with the job, whichever runner it was
        # (a report runner never closed it: an idle connection per worker thread stayed open).
        import_job_progress_close()
    job.refresh_from_db(fields=["status"])
    if not job.finished:  # a runner that forgot to say how it ended
        import_job_finish(
            job, status=ImportJob.Status.FAILED, failure=_("The import stopped without a result.")
        )
    return job.status


def import_job_fail_unexpectedly(job: ImportJob, failure: BaseException, *, runner: str) -> str:
    """Fail the job for an error nobody foresaw (a bug, a disk): the person sees a generic
    message with a reference, the server's log has the traceback under that reference. Raw
    exception text can show a database's or a library's internals (issue 12, item 8).
    Returns the reference."""
    reference = "R-" + secrets.token_hex(4).upper()
    log.error(
        "import job %s (%s) failed, reference %s", job.pk, runner, reference, exc_info=failure
    )
    if job_kind(job.kind).report:
        message = _(
            "An unexpected error stopped the report. Give the reference %(reference)s to the "
            "program's administrator, who finds the details in the server's log."
        ) % {"reference": reference}
    else:
        message = _(
            "An unexpected error stopped the import. Give the reference %(reference)s to the "
            "program's administrator, who finds the details in the server's log."
        ) % {"reference": reference}
    import_job_finish(job, status=ImportJob.Status.FAILED, failure=message)
    return reference


def _retry_or_fail(job: ImportJob, runner: str, failure: Exception) -> str:
    from ropdesk.core.mail import retry_delay

    log.warning("import job %s: database busy on try %s: %s", job.pk, job.attempts, failure)
    if job.attempts >= settings.ROPDESK["TASK_ATTEMPTS"]:
        reason = _(
            "The database stayed busy on %(tries)s tries. Upload the file again in a few minutes."
        ) % {"tries": job.attempts}
        import_job_finish(job, status=ImportJob.Status.FAILED, failure=reason)
        return job.status
    wait = retry_delay(job.attempts)
    again = timezone.localtime(timezone.now() + wait)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.WAITING,
        step=_("The database was busy; trying again at %(time)s.")
        % {"time": time_text(again.time())},
    )
    import_job_enqueue(job_id=job.pk, runner=runner, after=wait)
    return "retry"


def _lease_expired(job: ImportJob, now: Any) -> bool:
    lease = timedelta(seconds=settings.ROPDESK["JOB_LEASE_SECONDS"])
    return job.heartbeat_at is None or job.heartbeat_at < now - lease


def import_jobs_expire_stale(
    jobs: QuerySet[ImportJob] | None = None, *, restarting_worker: str = ""
) -> int:
    """Fail every running job whose worker stopped beating its heartbeat (restart, crash,
    kill): the reason says so and when it was last heard of. Returns how many. A worker that
    starts under the id of one that ran before (`--worker-id`, as the systemd unit does) fails
    that one's running jobs at once: it is their worker, and it is not running them."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.ROPDESK["JOB_LEASE_SECONDS"])
    if restarting_worker:
        cutoff = now
        jobs = (jobs if jobs is not None else ImportJob.objects.all()).filter(
            worker_id=restarting_worker
        )
    stale = (jobs if jobs is not None else ImportJob.objects.all()).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True),
        status=ImportJob.Status.RUNNING,
    )
    count = 0
    for job in stale.defer("content", "output"):
        last = timezone.localtime(job.heartbeat_at or job.started_at or job.created_at)
        when = {"time": time_text(last.time()), "date": day_text(last.date())}
        if job_kind(job.kind).report:
            reason = (
                _(
                    "The worker building this report stopped (last heard from at %(time)s on "
                    "%(date)s). Ask for the report again."
                )
                % when
            )
        else:
            reason = (
                _(
                    "The worker running this import stopped (last heard from at %(time)s on "
                    "%(date)s). Nothing was saved: imports are all or nothing. Upload the file "
                    "again."
                )
                % when
            )
        count += ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
            status=ImportJob.Status.FAILED, failure=reason, finished_at=now
        )
        _fail_task(job.task_id, reason)
    return count


def _fail_task(task_id: str, reason: str) -> None:
    """Close the queue's own record of a task whose worker died, so it is not left running."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if task_id:
        DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="ropdesk.core.jobs.WorkerLost",
            traceback=reason,
        )


def import_jobs_beat(*, worker_id: str) -> int:
    """The worker's heartbeat for the jobs it is running (called from its heartbeat thread)."""
    return ImportJob.objects.filter(worker_id=worker_id, status=ImportJob.Status.RUNNING).update(
        heartbeat_at=timezone.now()
    )
