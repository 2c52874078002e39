"""The real `ropdesk worker` in its own process, against a database file: it fails the job a
dead worker left running, imports an uploaded file, sends the queued mail, starts the daily
reminders itself, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

# Waits on real time (conftest.py: skipped under libfaketime).
pytestmark = pytest.mark.sleeps_for_real

# Each command runs in its own process on the suite's clock, not the machine's: one clock for
# all of them, at FROZEN (the moment conftest.py travels to for every test) when the module's
# database is made, ticking on from there with the machine's monotonic clock (time_machine, in
# LAUNCHER; each process starts where that clock is, so a message queued by one is due for
# the next). Every time is relative to that moment (a heartbeat ten minutes ago, a daily job
# that ran "today") and no run depends on the day or the hour. time.sleep and the monotonic
# clock stay the machine's: the worker waits as it does in use.
FROZEN = "2026-11-02T10:00:00-08:00"
LAUNCHER = """
import os, sys, time
from datetime import datetime, timedelta
import time_machine
ticked = timedelta(seconds=time.monotonic() - float(os.environ["ROPDESK_TEST_CLOCK_FROM"]))
start = datetime.fromisoformat(os.environ["ROPDESK_TEST_FROZEN_AT"]) + ticked
time_machine.travel(start, tick=True).start()
from ropdesk.__main__ import main
sys.argv = ["ropdesk", *sys.argv[1:]]
main()
"""
SETUP = """
from datetime import timedelta
from django.utils import timezone
from ropdesk.attendance import imports
from ropdesk.core.mail import message_queue
from ropdesk.core.models import ImportJob

message_queue(kind="test", to=["rosa@example.org"], compose=lambda: ("Hello", "A body"))
imports.attendance_import_start(
    actor=None, file_name="a.csv",
    data=b"student_id,section_id,date,arrived,departed\\nNOBODY,NONE,2026-10-01,13:00,14:00\\n",
)
ImportJob.objects.create(
    kind="attendance", file_name="dead.csv", content=b"", sha256="-", status="running",
    worker_id="killed-worker", heartbeat_at=timezone.now() - timedelta(minutes=10),
)
ImportJob.objects.create(  # killed a moment ago; the same worker id restarts
    kind="attendance", file_name="restarted.csv", content=b"", sha256="-", status="running",
    worker_id="host-worker", heartbeat_at=timezone.now(),
)
"""


def ropdesk(env: dict[str, str], *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", LAUNCHER, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    folder = tmp_path_factory.mktemp("worker")
    path = folder / "ropdesk.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "ROPDESK_VAR_DIR": str(folder),
        "ROPDESK_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "ROPDESK_TEST_FROZEN_AT": FROZEN,
        # the machine's monotonic clock (one for every process, never travelled) at FROZEN
        "ROPDESK_TEST_CLOCK_FROM": repr(time.monotonic()),
        # Due before the suite's 10:00 (some default to the afternoon), so the worker starts
        # every one.
        "ROPDESK_WORKSITE_REMINDERS_AT": "00:00",
        "ROPDESK_COMPLAINT_REMINDERS_AT": "00:00",
        "ROPDESK_FEED_PICKUP_AT": "00:00",
        "ROPDESK_FOLLOWUP_REMINDERS_AT": "00:00",
        "ROPDESK_SEARCH_INDEX_AT": "00:00",
        "ROPDESK_PORTFOLIO_FOLLOW_UPS_AT": "00:00",
        "ROPDESK_ABSENCE_NOTICES_AT": "00:00",  # (17:30 by default: it ran only late in the day)
    }
    migrated = ropdesk(env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    return env, path


def rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def test_the_worker_process_runs_the_queue_and_fails_what_a_dead_worker_left(database):
    env, path = database
    setup = ropdesk(env, "shell", "-c", SETUP)
    assert setup.returncode == 0, setup.stderr

    worker = ropdesk(env, "worker", "--batch", "--worker-id", "host-worker")

    assert worker.returncode == 0, worker.stderr
    assert "Subject: Hello" in worker.stdout and "To: rosa@example.org" in worker.stdout
    assert rows(path, "SELECT status, attempts FROM core_mailmessage") == [("sent", 1)]
    jobs = dict(rows(path, "SELECT file_name, status FROM core_importjob"))
    assert jobs == {"a.csv": "rejected", "dead.csv": "failed", "restarted.csv": "failed"}
    failures = rows(path, "SELECT failure FROM core_importjob WHERE status='failed'")
    assert [f.startswith("The worker running this import stopped") for (f,) in failures] == [
        True,
        True,
    ]
    assert sorted(rows(path, "SELECT name, last_outcome FROM core_scheduledrun")) == [
        ("absence-notices", "off (ROPDESK_ABSENCE_NOTICES)"),
        ("catalog-search-index", "0 courses indexed"),
        ("complaint-reminders", "0 sent"),
        ("district-feed-pickup", "0 sent"),
        ("followup-reminders", "0 sent"),
        ("portfolio-follow-ups", "0 follow-up reminders"),
        ("worksite-reminders", "0 sent"),
    ]
    # on the suite's day (stored in UTC), whatever day the machine's clock says
    started = {day[:10] for (day,) in rows(path, "SELECT last_run_at FROM core_scheduledrun")}
    assert started == {"2026-11-02"}
    again = ropdesk(env, "worker", "--batch")  # the reminders ran today: not again
    assert again.returncode == 0, again.stderr
    # The queued mail and imports, and the seven scheduled runs (every daily job, once).
    assert rows(path, "SELECT count(*) FROM django_tasks_database_dbtaskresult")[0][0] == 9


def test_ctrl_c_stops_the_worker(database):
    env, _path = database
    worker = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "is running the task queue" in worker.stdout.readline()
        time.sleep(0.5)
        worker.send_signal(signal.SIGINT)
        assert worker.wait(timeout=30) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
