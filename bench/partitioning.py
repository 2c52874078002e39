"""What partitioning attendance by school year would gain when several years stay online
(docs/operations.md, "Attendance partitioned by school year"), measured on PostgreSQL.

On a county made by bench/make_county.py (one school year), three school years of attendance
are built beside ropdesk's tables: the generated year and two earlier copies of it (52 and 104
weeks back, so every date keeps its weekday), in three shapes:

- `today`: ropdesk's shape: a record names its meeting; the date is the meeting's, so a year's
  report joins the meetings (its unique (enrollment, meeting) index and meeting index).
- `dated`: the record carries its meeting's date, with an index on it.
- `by_year`: the same, the table partitioned by school year (PARTITION BY RANGE on the date),
  one partition per year with the same indexes.

For the newest year it times, side by side in each round, the report's inner query (each
enrollment's credited minutes over the counted dates, annual and P-1), checks that every shape
gives the same sums, and times taking the oldest year offline (DELETE against DETACH
PARTITION, each rolled back). Also prints each shape's size on disk.

    DATABASE_URL=postgres://... python bench/partitioning.py [--rounds 5] [--keep]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time as clock
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ropdesk.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from ropdesk.funding.queries import span_of  # noqa: E402
from ropdesk.scheduling.models import SchoolYear  # noqa: E402

YEARS_BACK = (0, 1, 2)  # the generated year and two earlier copies
WEEKS = 52  # a copy is this many weeks earlier per year back: dates keep their weekday
TABLES = ("bench_part_meeting", "bench_part_today", "bench_part_dated", "bench_part_by_year")

SUMS = {
    "today": """SELECT a.enrollment_id, SUM(a.credited_minutes) FROM bench_part_today a
        JOIN bench_part_meeting m ON m.id = a.meeting_id
        WHERE m.date BETWEEN %(start)s AND %(end)s GROUP BY a.enrollment_id""",
    "dated": """SELECT enrollment_id, SUM(credited_minutes) FROM bench_part_dated
        WHERE day BETWEEN %(start)s AND %(end)s GROUP BY enrollment_id""",
    "by_year": """SELECT enrollment_id, SUM(credited_minutes) FROM bench_part_by_year
        WHERE day BETWEEN %(start)s AND %(end)s GROUP BY enrollment_id""",
}


def run(sql: str, params: Any = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def build(year: SchoolYear) -> dict[str, float]:
    """The three shapes of three years; seconds each took to load and index."""
    took: dict[str, float] = {}
    for table in reversed(TABLES):
        run(f"DROP TABLE IF EXISTS {table}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM scheduling_meeting")
        offset = int(cursor.fetchone()[0])
    copies = " UNION ALL ".join(
        f"SELECT {k} AS k, {k * offset} AS shift, {k * WEEKS * 7} AS days" for k in YEARS_BACK
    )
    started = clock.perf_counter()
    run(
        f"""CREATE TABLE bench_part_meeting AS
        SELECT mt.id + c.shift AS id, mt.date - c.days AS date
        FROM scheduling_meeting mt CROSS JOIN ({copies}) c"""  # noqa: S608 -- our numbers
    )
    run("ALTER TABLE bench_part_meeting ADD PRIMARY KEY (id)")
    run("CREATE INDEX ON bench_part_meeting (date)")
    took["meetings"] = clock.perf_counter() - started
    rows = f"""SELECT a.enrollment_id, a.meeting_id + c.shift AS meeting_id,
        mt.date - c.days AS day, a.credited_minutes
        FROM attendance_attendancerecord a JOIN scheduling_meeting mt ON mt.id = a.meeting_id
        CROSS JOIN ({copies}) c"""  # noqa: S608 -- our numbers
    started = clock.perf_counter()
    run(
        "CREATE TABLE bench_part_today (enrollment_id bigint NOT NULL, "
        "meeting_id bigint NOT NULL, credited_minutes integer NOT NULL)"
    )
    run(
        "INSERT INTO bench_part_today SELECT enrollment_id, meeting_id, credited_minutes "  # noqa: S608
        f"FROM ({rows}) r"
    )
    run("CREATE UNIQUE INDEX ON bench_part_today (enrollment_id, meeting_id)")
    run("CREATE INDEX ON bench_part_today (meeting_id)")
    took["today"] = clock.perf_counter() - started
    dated_columns = (
        "(enrollment_id bigint NOT NULL, meeting_id bigint NOT NULL, day date NOT NULL, "
        "credited_minutes integer NOT NULL)"
    )
    for name, partitioned in (("dated", False), ("by_year", True)):
        table = f"bench_part_{name}"
        started = clock.perf_counter()
        by_day = " PARTITION BY RANGE (day)" if partitioned else ""
        run(f"CREATE TABLE {table} {dated_columns}{by_day}")
        for k in YEARS_BACK if partitioned else ():
            begin, end = _year_bounds(year, k)
            run(
                f"CREATE TABLE {table}_{k} PARTITION OF {table} FOR VALUES FROM (%s) TO (%s)",
                [begin, end],
            )
        run(f"INSERT INTO {table} {rows}")
        # The partition key has to be in a unique index of a partitioned table.
        key = "enrollment_id, meeting_id, day" if partitioned else "enrollment_id, meeting_id"
        run(f"CREATE UNIQUE INDEX ON {table} ({key})")
        run(f"CREATE INDEX ON {table} (meeting_id)")
        if not partitioned:
            run(f"CREATE INDEX ON {table} (day)")
        took[name] = clock.perf_counter() - started
    for table in TABLES:
        run(f"ANALYZE {table}")
    return took


def _year_bounds(year: SchoolYear, back: int) -> tuple[date, date]:
    """A partition's range: July 1 of the school year's first calendar year, a year long,
    `back` copies earlier (a copy's dates are WEEKS weeks earlier per year back, which stays
    inside the earlier July-June year for a year of instruction from August to June)."""
    first = year.start_date.year if year.start_date.month >= 7 else year.start_date.year - 1
    return date(first - back, 7, 1), date(first - back + 1, 7, 1)


def sums(name: str, params: dict[str, Any]) -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(SUMS[name], params)
        return {int(e): int(m) for e, m in cursor.fetchall()}


def size_mb(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c
            WHERE c.oid = %s::regclass OR c.oid IN (
              SELECT inhrelid FROM pg_inherits WHERE inhparent = %s::regclass)""",
            [table, table],
        )
        return int(cursor.fetchone()[0]) / 1e6


def offline_oldest(year: SchoolYear) -> dict[str, float]:
    """Seconds to take the oldest year out of each shape, each in a transaction rolled back."""
    begin, end = _year_bounds(year, max(YEARS_BACK))
    statements = {
        "today": (
            "DELETE FROM bench_part_today a USING bench_part_meeting m "
            "WHERE m.id = a.meeting_id AND m.date >= %s AND m.date < %s",
            [begin, end],
        ),
        "dated": ("DELETE FROM bench_part_dated WHERE day >= %s AND day < %s", [begin, end]),
        "by_year": (
            f"ALTER TABLE bench_part_by_year DETACH PARTITION bench_part_by_year_{max(YEARS_BACK)}",
            None,
        ),
    }
    took = {}
    for name, (sql, params) in statements.items():
        started = clock.perf_counter()
        with transaction.atomic():
            run(sql, params)
            transaction.set_rollback(True)
        took[name] = clock.perf_counter() - started
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--school-year", default="2025-2026")
    parser.add_argument("--keep", action="store_true", help="keep the bench tables")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("partitioning is a PostgreSQL feature: set DATABASE_URL to PostgreSQL")
    year = SchoolYear.objects.get(name=args.school_year)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM attendance_attendancerecord")
        records = int(cursor.fetchone()[0])
    print(f"{records:,} records a year, {len(YEARS_BACK)} years: {records * len(YEARS_BACK):,}")
    took = build(year)
    print("built (s): " + ", ".join(f"{k} {v:.1f}" for k, v in took.items()), flush=True)
    for table in TABLES[1:]:
        print(f"  {table}: {size_mb(table):,.0f} MB with its indexes")
    periods = {}
    for period in ("annual", "P1"):
        span = span_of(year, period)
        periods[period] = {"start": span.start, "end": span.end}
    times: dict[tuple[str, str], list[float]] = {}
    for round_number in range(args.rounds + 1):
        for period, params in periods.items():
            found = {}
            for name in SUMS:
                started = clock.perf_counter()
                found[name] = sums(name, params)
                seconds = clock.perf_counter() - started
                if round_number:  # the first round warms the caches and is not counted
                    times.setdefault((period, name), []).append(seconds)
            if len({tuple(sorted(f.items())) for f in found.values()}) != 1:
                sys.exit(f"the shapes disagree for {period}: stop")
    print(f"\nmedian seconds of {args.rounds} rounds, the newest year's sums per enrollment")
    print(f"{'period':<8} {'today':>9} {'dated':>9} {'by_year':>9} {'today/by_year':>14}")
    for period in periods:
        median = {name: statistics.median(times[(period, name)]) for name in SUMS}
        print(
            f"{period:<8} {median['today']:>9.3f} {median['dated']:>9.3f} "
            f"{median['by_year']:>9.3f} {median['today'] / median['by_year']:>13.2f}x"
        )
    offline = offline_oldest(year)
    print(
        "\ntaking the oldest year offline (s, rolled back): "
        + ", ".join(f"{k} {v:.2f}" for k, v in offline.items())
    )
    if not args.keep:
        for table in reversed(TABLES):
            run(f"DROP TABLE IF EXISTS {table}")


if __name__ == "__main__":
    main()
