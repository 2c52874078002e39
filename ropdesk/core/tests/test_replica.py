"""The read replica router against a real PostgreSQL streaming replica (issue 16): the test
makes a primary of its own (initdb) on a free port, a replica of it (pg_basebackup -R) on
another, and runs ropdesk in a fresh process pointed at both (replica_check.py). Skipped, with
the reason, where the PostgreSQL 15 server programs are not installed."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

BIN = Path(os.environ.get("ROPDESK_PG_BIN", "/usr/lib/postgresql/15/bin"))
CHECK = Path(__file__).with_name("replica_check.py")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the `postgres` user then."""
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


def _run(args: list[str]) -> None:
    subprocess.run(_as_postgres(args), check=True, capture_output=True, timeout=120)  # noqa: S603


pytestmark = pytest.mark.sleeps_for_real


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[int, int]]:
    missing = [p for p in ("initdb", "pg_ctl", "pg_basebackup") if not (BIN / p).exists()]
    if missing:
        pytest.skip(f"PostgreSQL server programs not found in {BIN}: {', '.join(missing)}")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL")
    root = Path(tempfile.mkdtemp(prefix="ropdesk-replica-"))
    primary, standby = root / "primary", root / "standby"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    p1, p2 = _free_port(), _free_port()
    started = []
    try:
        _run(
            [str(BIN / "initdb"), "-D", str(primary), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
        )
        with (primary / "pg_hba.conf").open("a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        options = f"-p {p1} -k {root} -c listen_addresses=127.0.0.1 -c wal_level=replica"
        _run(
            [
                str(BIN / "pg_ctl"),
                "-D",
                str(primary),
                "-o",
                options,
                "-w",
                "-l",
                str(root / "p.log"),
                "start",
            ]
        )
        started.append(primary)
        _run(
            [
                str(BIN / "pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(p1),
                "-U",
                "postgres",
                "-D",
                str(standby),
                "-R",
                "-X",
                "stream",
            ]
        )
        options = f"-p {p2} -k {root} -c listen_addresses=127.0.0.1 -c hot_standby=on"
        _run(
            [
                str(BIN / "pg_ctl"),
                "-D",
                str(standby),
                "-o",
                options,
                "-w",
                "-l",
                str(root / "s.log"),
                "start",
            ]
        )
        started.append(standby)
        yield p1, p2
    finally:
        for data in reversed(started):
            subprocess.run(  # noqa: S603
                _as_postgres([str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(root, ignore_errors=True)


def test_report_reads_go_to_the_replica_and_everything_else_to_the_primary(servers):
    p1, p2 = servers
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{p1}/postgres",
        "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{p2}/postgres",
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(CHECK)], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {
        "primary_in_recovery": False,
        "replica_in_recovery": True,
        "report_read_alias": "replica",
        "report_sees": ["Replicated County"],
        "report_queries_on": ["replica"],
        "pinned_queries_on": ["default"],
        "in_transaction_queries_on": ["default"],
        "plain_queries_on": ["default"],
        "report_sees_after": ["Replicated County", "Written during a report"],
    }


@pytest.fixture
def replica_named(settings):
    """A replica alias in the settings (never connected to: only the routing is looked at)."""
    settings.DATABASES["replica"] = settings.DATABASES["default"]
    yield
    del settings.DATABASES["replica"]


def test_whoever_just_wrote_reads_the_primary_for_a_while(replica_named, rf):
    from django.http import HttpResponse

    from ropdesk.core import replica

    seen = []

    def view(request):
        with replica.report_reads():
            seen.append(replica.reading_alias())
        return HttpResponse()

    pin = replica.PinAfterWriteMiddleware(view)
    pin(rf.get("/funding/ada/"))
    wrote = pin(rf.post("/attendance/meetings/1/mark/"))
    after = rf.get("/funding/ada/")
    after.COOKIES[replica.PIN_COOKIE] = wrote.cookies[replica.PIN_COOKIE].value
    pin(after)
    assert seen == ["replica", "default", "default"]
    assert replica.reading_alias() == "default"  # outside report reads
