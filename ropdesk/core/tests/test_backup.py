"""`ropdesk backup` and `ropdesk restore` (issue 12 item 4): complaint evidence survives a restore
into an empty machine and downloads through its page; a changed archive is refused before
anything is touched; a backup finishes while another connection keeps writing.

The restore runs as the `ropdesk` console script in a fresh layout (its own ROPDESK_VAR_DIR and
MEDIA_ROOT; on PostgreSQL, a new empty database), as an operator would run it on a new machine.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from ropdesk.complaints import services
from ropdesk.complaints.models import ComplaintKind
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.sleeps_for_real]

EVIDENCE = b"%PDF-1.4 the aide's written statement"
POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@dataclass
class Machine:
    """An empty machine layout: a data folder, a media folder and an empty database."""

    root: Path
    database_url: str | None

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.pop("DATABASE_URL", None)
        env.update(
            ROPDESK_VAR_DIR=str(self.root / "var"),
            ROPDESK_MEDIA_ROOT=str(self.root / "var" / "media"),
            ROPDESK_ALLOWED_HOSTS="testserver",
            DJANGO_SETTINGS_MODULE="ropdesk.settings",
            # The restored machine's download is signed in with force_login, which a second
            # factor would stop at its check; the test is about the files, not sign-in.
            ROPDESK_REQUIRE_STAFF_MFA="0",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    @property
    def sqlite_file(self) -> Path:
        return self.root / "var" / "ropdesk.sqlite3"

    def ropdesk(self, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ropdesk", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def _admin_dsn(name: str) -> str:
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return f"{base}/{name}"


@pytest.fixture
def machine(tmp_path: Path) -> Iterator[Machine]:
    if not POSTGRES:
        yield Machine(tmp_path / "new-machine", None)
        return
    import psycopg

    name = f"ropdesk_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_admin_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield Machine(tmp_path / "new-machine", _admin_dsn(name))
    with psycopg.connect(_admin_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def case_with_evidence(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "old-machine-media"
    officer = f.user("denise", role=Role.SUPPORT_SERVICES)
    complaint = services.complaint_file(
        kind=ComplaintKind.UCP_DISCRIMINATION,
        bases=["race"],
        description="The lab aide mocks my accent every day.",
        incident_date=date(2026, 8, 20),
        received_on=date(2026, 9, 1),
        filer_name="Rosa Quintero",
        filer_email="rosa@example.org",
    ).complaint
    item = services.investigation_item_add(
        actor=officer,
        complaint=complaint,
        kind="document",
        title="Written statement",
        file=SimpleUploadedFile("statement.pdf", EVIDENCE, content_type="application/pdf"),
    )
    return f"/complaints/cases/{complaint.reference}/files/{item.pk}/"


DOWNLOAD = """
import sys
from django.test import Client
from ropdesk.core.models import User
client = Client()
client.force_login(User.objects.get(username="denise"))
response = client.get({url!r})
sys.stdout.buffer.write(str(response.status_code).encode() + b"|")
sys.stdout.buffer.write(b"".join(response.streaming_content))
"""


def test_evidence_downloads_after_a_restore_into_an_empty_machine(
    case_with_evidence, machine, tmp_path
):
    archive = tmp_path / "ropdesk.tar"
    call_command("backup", str(archive), stdout=io.StringIO())

    restored = machine.ropdesk("restore", str(archive))

    assert restored.returncode == 0, restored.stderr
    assert "restored: the database and 1 files match the manifest" in restored.stdout
    download = machine.ropdesk(
        "shell", "--no-imports", "-c", DOWNLOAD.format(url=case_with_evidence)
    )
    assert download.returncode == 0, download.stderr
    assert download.stdout.encode() == b"200|" + EVIDENCE


def test_the_manifest_records_checksums_migrations_version_and_time(case_with_evidence, tmp_path):
    archive = tmp_path / "ropdesk.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        import json

        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = set(tar.getnames())
    assert manifest["format"] == "ropdesk-backup/1"
    assert manifest["ropdesk_version"] == "0.1.0"
    assert manifest["created_at"].startswith("2026-11-02T")
    assert manifest["database"]["vendor"] == connection.vendor
    assert "complaints.0001_initial" in manifest["migrations"]
    assert {entry["path"] for entry in manifest["files"]} | {"manifest.json"} == names
    evidence = [e for e in manifest["files"] if e["path"].startswith("media/complaints/")]
    import hashlib

    assert [e["sha256"] for e in evidence] == [hashlib.sha256(EVIDENCE).hexdigest()]


def _tampered(archive: Path, out: Path) -> Path:
    """The same archive with one byte of the evidence changed (manifest untouched)."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data.replace(b"statement", b"statemenT")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return out


def test_a_changed_archive_is_refused_and_nothing_is_touched(case_with_evidence, machine, tmp_path):
    archive = tmp_path / "ropdesk.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    tampered = _tampered(archive, tmp_path / "tampered.tar")

    refused = machine.ropdesk("restore", str(tampered))

    assert refused.returncode != 0
    assert "does not match its SHA-256 in the manifest" in refused.stderr
    assert not (machine.root / "var" / "media").exists()
    assert not machine.sqlite_file.exists() or machine.sqlite_file.stat().st_size == 0
    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command("restore", "--check", str(tampered))


def test_a_restore_over_a_database_in_use_is_refused(case_with_evidence, tmp_path):
    archive = tmp_path / "ropdesk.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Refused: the database .* (is not empty|has tables)"):
        call_command("restore", str(archive))


def _keep_writing(machine: Machine, stop: threading.Event, written: list[int]) -> None:
    """Another client committing a row after row, as long as the backup runs."""
    if machine.database_url:
        import psycopg

        db: Any = psycopg.connect(machine.database_url, autocommit=True)  # or sqlite3, below
        db.execute("CREATE TABLE churn (id serial PRIMARY KEY, payload text)")
        insert = "INSERT INTO churn (payload) VALUES (%s)"
    else:
        import sqlite3

        db = sqlite3.connect(machine.sqlite_file, isolation_level=None, timeout=20)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE churn (id integer PRIMARY KEY, payload text)")
        insert = "INSERT INTO churn (payload) VALUES (?)"
    while not stop.is_set():
        db.execute(insert, ["x" * 512])
        written[0] += 1
    db.close()


def test_a_backup_finishes_while_another_client_keeps_writing(
    case_with_evidence, machine, tmp_path
):
    archive = tmp_path / "ropdesk.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert machine.ropdesk("restore", str(archive)).returncode == 0
    stop, written = threading.Event(), [0]
    writer = threading.Thread(target=_keep_writing, args=(machine, stop, written))
    writer.start()
    try:
        while written[0] < 50:
            time.sleep(0.05)
        before = written[0]
        backup = machine.ropdesk("backup", str(tmp_path / "under-writes.tar"), timeout=240)
        during = written[0] - before
    finally:
        stop.set()
        writer.join()

    assert backup.returncode == 0, backup.stderr
    assert during > 0  # the writer really kept writing while the backup ran
    checked = machine.ropdesk("restore", "--check", str(tmp_path / "under-writes.tar"))
    assert checked.returncode == 0, checked.stderr
