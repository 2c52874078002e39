"""Running requests or services in several threads at once against the real database.

Use with `@pytest.mark.django_db(transaction=True)` and the `shared_database` fixture (import it
into the test module) so that every thread has its own connection, as in production.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import close_old_connections, connection


@pytest.fixture
def shared_database(tmp_path: Path) -> Iterator[None]:
    """A database several threads can wait on, as in production.

    Django tests SQLite in a shared-cache in-memory database, where a writer that finds the
    database locked fails at once ("database table is locked") instead of waiting its turn.
    The test therefore runs on a file copy, opened the way production opens it (WAL,
    BEGIN IMMEDIATE, a busy timeout). PostgreSQL needs nothing: rows lock with FOR UPDATE.
    """
    # SQLite's wrapper has is_in_memory_db; the stubs type the connection as the base wrapper.
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():  # type: ignore[attr-defined]
        yield
        return
    connection.ensure_connection()
    keeper = connection.connection  # holding it keeps the in-memory database alive
    path = tmp_path / "shared.sqlite3"
    copy = sqlite3.connect(path)
    keeper.backup(copy)
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    settings_dict = connection.settings_dict  # shared by every thread's connection
    original = settings_dict["NAME"]
    connection.connection = None
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = original
        connection.connection = keeper


def run_together(targets: list[Callable[[], Any]], timeout: float = 60) -> list[Any]:
    """Run each callable in its own thread, all released at the same moment; return their
    results in order, or raise the first exception one of them raised."""
    start = threading.Barrier(len(targets))
    results: list[Any] = [None] * len(targets)
    errors: list[BaseException] = []

    def run(key: int, target: Callable[[], Any]) -> None:
        try:
            start.wait()
            results[key] = target()
        except BaseException as error:  # noqa: BLE001 -- re-raised in the test's thread
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(k, t)) for k, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    if errors:
        raise errors[0]
    return results
