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
