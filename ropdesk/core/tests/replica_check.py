"""Run by test_replica.py in a fresh process whose DATABASE_URL is a primary and whose
DATABASE_REPLICA_URL is its streaming replica: prints one line of JSON with what it saw."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ropdesk.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections, transaction  # noqa: E402

from ropdesk.core import replica  # noqa: E402
from ropdesk.core.models import Organization  # noqa: E402


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return bool(cursor.fetchone()[0])


def caught_up() -> None:
    """Wait until the replica has replayed everything the primary wrote."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    for _ in range(200):
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise SystemExit("the replica did not catch up")


def used_alias(run: object) -> list[str]:
    """The aliases that ran a query while `run()` ran."""
    seen: list[str] = []
    wrappers = []
    for alias in ("default", "replica"):

        def note(execute, sql, params, many, context, alias=alias):
            seen.append(alias)
            return execute(sql, params, many, context)

        wrappers.append(connections[alias].execute_wrapper(note))
    for wrapper in wrappers:
        wrapper.__enter__()
    try:
        run()  # type: ignore[operator]
    finally:
        for wrapper in wrappers:
            wrapper.__exit__(None, None, None)
    return sorted(set(seen))


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    Organization.objects.create(kind="county", code="C1", name="Replicated County")
    caught_up()
    found: dict[str, object] = {
        "primary_in_recovery": in_recovery("default"),
        "replica_in_recovery": in_recovery("replica"),
    }
    with replica.report_reads():
        found["report_read_alias"] = replica.reading_alias()
        found["report_sees"] = list(Organization.objects.values_list("name", flat=True))
        found["report_queries_on"] = used_alias(lambda: list(Organization.objects.all()))
        with replica.pinned_to_primary():
            found["pinned_queries_on"] = used_alias(lambda: list(Organization.objects.all()))
        with transaction.atomic():
            found["in_transaction_queries_on"] = used_alias(
                lambda: list(Organization.objects.all())
            )
        # A write inside report reads still goes to the primary (the replica is read-only).
        Organization.objects.create(kind="district", code="D1", name="Written during a report")
    found["plain_queries_on"] = used_alias(lambda: list(Organization.objects.all()))
    caught_up()
    with replica.report_reads():
        found["report_sees_after"] = sorted(Organization.objects.values_list("name", flat=True))
    print(json.dumps(found))


if __name__ == "__main__":
    main()
