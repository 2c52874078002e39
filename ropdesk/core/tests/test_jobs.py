"""Import jobs run by the worker: each kind succeeds, a busy database is retried with a wait,
any other failure is shown with its reason, and a job whose worker died is failed visibly
instead of staying "running" forever. The job's page is for whoever started it."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError, connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ropdesk.attendance import imports
from ropdesk.attendance.models import AttendanceRecord
from ropdesk.core.jobs import import_job_start, import_jobs_expire_stale
from ropdesk.core.models import ImportJob, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_now
from ropdesk.core.tests.work import committed_then_worked, work
from ropdesk.funding.tests import handworked
from ropdesk.interop import services as interop
from ropdesk.interop.tests.test_oneroster_import import package

pytestmark = pytest.mark.django_db

ATTENDANCE = "student_id,section_id,date,arrived,departed\n{ana},WELD-1,2025-09-03,13:00,16:00\n"
BUSY = {"left": 0}


def busy_then_attendance(*, job: ImportJob, actor: Any, progress: Any) -> ImportJob:
    """A runner whose database is locked for the first BUSY["left"] tries (the outside world:
    another process holding SQLite's write lock), then the real attendance runner."""
    if BUSY["left"]:
        BUSY["left"] -= 1
        raise OperationalError("database is locked")
    return imports.attendance_import_run(job=job, actor=actor, progress=progress)


def reporting_runner(*, job: ImportJob, actor: Any, progress: Any) -> ImportJob:
    """A runner that shows progress and never closes the progress connection itself."""
    from ropdesk.core.jobs import import_job_finish

    progress(50, "halfway")
    return import_job_finish(job, status=ImportJob.Status.DONE, result={})


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the second connection is PostgreSQL's only"
)
def test_the_progress_connection_ends_with_the_job_whatever_the_runner(county):
    from ropdesk.core import jobs

    job = attendance_job(county, runner=f"{__name__}.reporting_runner")
    assert job.status == "done"
    assert getattr(jobs._side, "connection", None) is None  # no idle connection left behind


def broken_runner(*, job: ImportJob, actor: Any, progress: Any) -> ImportJob:
    progress(10, "reading")
    raise ValueError("the file ends in the middle of a row")


@pytest.fixture
def county():
    w = handworked.build()
    w.office = f.user("office", role=Role.ADMINISTRATOR)
    AttendanceRecord.objects.all().delete()
    return w


def attendance_job(w, runner: str = imports.RUNNER) -> ImportJob:
    data = ATTENDANCE.format(ana=w.ana.local_id).encode()
    with committed_then_worked():
        job = imports.attendance_import_create(actor=w.office, file_name="a.csv", data=data)
        import_job_start(job=job, runner=runner)
    job.refresh_from_db()
    return job


def test_an_attendance_job_is_run_by_the_worker_and_shows_its_result(county, client):
    job = attendance_job(county)
    assert (job.status, job.percent, job.attempts) == ("done", 100, 1)
    assert job.result == {"created": 1, "updated": 0, "unchanged": 0}
    client.force_login(county.office)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Imported" in page and "Records added" in page
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL


def test_an_uploaded_file_is_emptied_the_days_after_its_import_and_the_job_kept(
    county, client, _frozen_clock
):
    from ropdesk.core.jobs import import_files_remove_old
    from ropdesk.core.models import AuditEvent

    job = attendance_job(county)
    waiting = imports.attendance_import_create(actor=county.office, file_name="b.csv", data=b"x")
    _frozen_clock.shift(timedelta(days=29))
    assert import_files_remove_old() == 0
    _frozen_clock.shift(timedelta(days=2))
    assert import_files_remove_old() == 1  # finished 31 days ago; the waiting job keeps its file
    job.refresh_from_db()
    waiting.refresh_from_db()
    assert bytes(job.content) == b"" and bytes(waiting.content) == b"x"
    assert (job.status, job.file_name, job.result["created"]) == ("done", "a.csv", 1)
    assert len(job.sha256) == 64
    event = AuditEvent.objects.get(action="job.file_removed")
    assert (event.object_id, event.details) == (str(job.pk), {"after_days": 30})
    assert import_files_remove_old() == 0  # once
    client.force_login(county.office)
    assert "Records added" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_a_busy_database_is_retried_after_a_wait_then_imports(county, _frozen_clock):
    BUSY["left"] = 1
    job = attendance_job(county, runner=f"{__name__}.busy_then_attendance")
    assert (job.status, job.attempts) == ("waiting", 1)
    assert job.step == "The database was busy; trying again at 10:00 AM."
    _frozen_clock.shift(timedelta(seconds=31))
    work()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)
    assert AttendanceRecord.objects.count() == 1


def test_a_database_busy_on_every_try_fails_the_job_with_the_reason(county, _frozen_clock):
    BUSY["left"] = 10
    job = attendance_job(county, runner=f"{__name__}.busy_then_attendance")
    for wait in (31, 121, 601):
        _frozen_clock.shift(timedelta(seconds=wait))
        work()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 4)
    assert job.failure == (
        "The database stayed busy on 4 tries. Upload the file again in a few minutes."
    )
    BUSY["left"] = 0


def test_any_other_failure_shows_a_reference_and_logs_the_traceback_under_it(
    county, client, caplog
):
    """Issue 12, item 8: an unexpected error's own text (a database's or a library's
    internals) never reaches the page; the person gets a reference the log has too."""
    caplog.set_level(logging.ERROR, logger="ropdesk.core.jobs")

    job = attendance_job(county, runner=f"{__name__}.broken_runner")

    assert (job.status, job.attempts) == ("failed", 1)
    reference = re.fullmatch(
        r"An unexpected error stopped the import\. Give the reference (R-[0-9A-F]{8}) to the "
        r"program's administrator, who finds the details in the server's log\.",
        job.failure,
    ).group(1)
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.FAILED
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert len(logged) == 1
    assert logged[0].exc_info[1].args == ("the file ends in the middle of a row",)
    client.force_login(county.office)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "The import failed; nothing was saved." in page and reference in page
    assert "the file ends in the middle of a row" not in page
    assert "ValueError" not in page


def test_a_oneroster_job_is_run_by_the_worker(client):
    office = f.user("office", role=Role.ADMINISTRATOR)
    with committed_then_worked():
        job = interop.oneroster_import_start(
            actor=office, file_name="harbor.zip", data=interop.zip_of(package())
        )
    job.refresh_from_db()
    assert (job.kind, job.status, job.percent) == ("oneroster", "done", 100)
    assert job.result["users.csv"]["created"] > 0
    client.force_login(office)
    assert "users.csv" in client.get(f"/jobs/{job.pk}/progress/").content.decode()


def test_a_oneroster_upload_that_is_not_a_zip_is_rejected_with_its_problems():
    office = f.user("office", role=Role.ADMINISTRATOR)
    with committed_then_worked():
        job = interop.oneroster_import_start(actor=office, file_name="x.zip", data=b"not a zip")
    job.refresh_from_db()
    assert (job.status, job.failure) == ("rejected", "")
    assert job.errors and all(e["reason"] for e in job.errors)


def claimed_by_a_worker_that_died(job: ImportJob, minutes_ago: int) -> None:
    """What a killed worker leaves behind: the job running, its task claimed, no more beats."""
    job.refresh_from_db()
    then = suite_now() - timedelta(minutes=minutes_ago)
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker_id="dead-worker", heartbeat_at=then, started_at=then, percent=40
    )
    DBTaskResult.objects.filter(id=job.task_id).update(status=TaskResultStatus.RUNNING)


def test_a_job_whose_worker_was_killed_is_failed_with_the_reason_when_its_page_is_opened(
    county, client
):
    data = ATTENDANCE.format(ana=county.ana.local_id).encode()
    with TestCaseCommit():
        job = imports.attendance_import_start(actor=county.office, file_name="a.csv", data=data)
    claimed_by_a_worker_that_died(job, minutes_ago=5)
    client.force_login(county.office)

    page = client.get(f"/jobs/{job.pk}/").content.decode()

    job.refresh_from_db()
    assert job.status == "failed"
    assert "The worker running this import stopped" in job.failure
    assert "The worker running this import stopped" in page
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.FAILED
    assert not AttendanceRecord.objects.exists()


def test_a_job_whose_worker_still_beats_is_left_running(county):
    data = ATTENDANCE.format(ana=county.ana.local_id).encode()
    with TestCaseCommit():
        job = imports.attendance_import_start(actor=county.office, file_name="a.csv", data=data)
    claimed_by_a_worker_that_died(job, minutes_ago=1)  # within the 2-minute lease
    assert import_jobs_expire_stale() == 0
    job.refresh_from_db()
    assert job.status == "running"
    assert work() == 0  # and no second worker takes it


def test_a_job_page_is_for_whoever_started_it_and_administrators(county, client):
    job = attendance_job(county)
    client.force_login(f.user(role=Role.INSTRUCTOR))
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/progress/").status_code == 404
    client.force_login(county.office)
    assert client.get(f"/jobs/{job.pk}/").status_code == 200


class TestCaseCommit:
    """Run the block's on-commit callbacks (enqueue) without running the worker."""

    def __enter__(self) -> None:
        from django.test import TestCase

        self._capture = TestCase.captureOnCommitCallbacks(execute=True)
        self._capture.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self._capture.__exit__(*exc)
