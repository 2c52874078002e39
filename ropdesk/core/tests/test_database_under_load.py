"""Writes wait for each other instead of failing (issue 12, item 10: during a large import,
12 of 180 requests got "database is locked" server errors, complaint filings among them).
SQLite is opened with a busy timeout and BEGIN IMMEDIATE (settings.py), so a filing made while
a long write transaction holds the database waits its turn and succeeds."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client

from ropdesk.complaints.models import Complaint
from ropdesk.complaints.tests.test_views import form_data
from ropdesk.core.models import AuditEvent
from ropdesk.core.tests.concurrency import run_together, shared_database  # noqa: F401

# Waits on real time (conftest.py: skipped under libfaketime).
pytestmark = pytest.mark.sleeps_for_real

HOLD_SECONDS = 2.0


def test_sqlite_is_opened_to_wait_for_writers(settings):
    from ropdesk.settings import DATABASES

    if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the production settings use PostgreSQL here")
    options = DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_a_complaint_filed_during_a_long_write_transaction_waits_and_is_stored():
    holding = threading.Event()

    def long_write() -> str:
        with transaction.atomic():
            AuditEvent.objects.create(action="test.long_write", object_type="x", object_id="1")
            holding.set()
            time.sleep(HOLD_SECONDS)  # an import's write phase, holding the write lock
        return "committed"

    def file_complaint() -> tuple[int, float]:
        holding.wait(timeout=30)
        started = time.monotonic()
        response = Client().post("/complaints/file/", form_data())
        return response.status_code, time.monotonic() - started

    writer, (status, waited) = run_together([long_write, file_complaint])
    assert writer == "committed"
    assert status == 302
    assert Complaint.objects.count() == 1
    if connection.vendor == "sqlite":
        assert waited >= HOLD_SECONDS * 0.5  # it waited for the writer instead of failing


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_a_complaint_filed_while_a_oneroster_import_saves_waits_and_both_are_stored():
    """Issue 12, item 10, with a real import: the package is checked outside any transaction,
    then saved whole in one (all or nothing: docs/import-formats.md says why it is not
    committed in batches). A filing that arrives while the save holds the write lock waits
    for it and is stored; so is the whole roster."""
    from ropdesk.core.models import ImportJob, Student
    from ropdesk.enrollment.models import Enrollment
    from ropdesk.interop.importer import oneroster_import
    from ropdesk.interop.tests.test_oneroster_import import package

    saving = threading.Event()

    def slow_progress(percent: int, step: str) -> None:
        if step == "enrollments":  # inside the save: students written, enrollments next
            saving.set()
            time.sleep(HOLD_SECONDS)

    def run_import() -> int:
        job = ImportJob.objects.create(kind="oneroster", file_name="p.zip", content=b"", sha256="-")
        oneroster_import(files=package(), actor=None, audit_obj=job, progress=slow_progress)
        return Enrollment.objects.count()

    def file_complaint() -> tuple[int, float]:
        saving.wait(timeout=30)
        started = time.monotonic()
        response = Client().post("/complaints/file/", form_data())
        return response.status_code, time.monotonic() - started

    enrollments, (status, waited) = run_together([run_import, file_complaint])
    assert (status, Complaint.objects.count()) == (302, 1)
    assert (Student.objects.count(), enrollments) == (2, 2)
    if connection.vendor == "sqlite":
        assert waited >= HOLD_SECONDS * 0.5  # it waited for the save instead of failing


@pytest.mark.django_db
def test_an_import_that_fails_in_its_save_leaves_nothing_of_it():
    """All or nothing per package: a problem found only while saving (an attendance row of a
    meeting the roster does not have) rolls back the students and enrollments saved before."""
    from ropdesk.core.models import ImportJob, Student
    from ropdesk.interop.importer import Rejected, oneroster_import
    from ropdesk.interop.tests.test_oneroster_import import package

    files = package()
    files["attendance.csv"] = (
        b"student_id,section_id,date,arrived,departed\nST-1,MED1-F1,2026-08-22,14:00,16:00\n"
    )
    files["manifest.csv"] += b"metadata.ropdesk.attendanceFile,bulk\n"
    job = ImportJob.objects.create(kind="oneroster", file_name="p.zip", content=b"", sha256="-")

    with pytest.raises(Rejected) as rejected:
        oneroster_import(files=files, actor=None, audit_obj=job)

    assert [p.file for p in rejected.value.problems] == ["attendance.csv"]
    assert Student.objects.count() == 0
