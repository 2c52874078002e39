"""Time the annual ADA report by district against the fastest single SQL query that computes
the same totals on the same database, side by side, and print the ratio.

The report is funding.queries.ada_report(), exactly what the page, the downloads and
`ropdesk ada-report` run (its calendar lookup, its one aggregate query, the district names and
the adjustments). The floor is the fastest of a few hand-written single statements, each
returning, per district, all credited minutes and those of students not in grades 9-12 and of
the special population, classroom and on-the-job together: what the report needs, nothing
else, with no ORM and no Python arithmetic. Every round runs each of them once, in turn, so
caches treat them alike; the first round is a warm-up and is not counted.

    DATABASE_URL=... python bench/ada_report.py [--rounds 5] [--school-year 2025-2026]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time as clock
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ropdesk.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from ropdesk.funding.queries import ada_report, span_of  # noqa: E402
from ropdesk.funding.rules import Category  # noqa: E402
from ropdesk.scheduling.models import SchoolYear  # noqa: E402

CATEGORY = """CASE WHEN s.grade_level IN ('09', '10', '11', '12') THEN 0
    WHEN (s.calworks OR s.tap OR s.job_corps OR s.wioa_intensive) THEN 2 ELSE 1 END"""
SUMS = """SUM(m) AS total,
    SUM(CASE WHEN cat > 0 THEN m ELSE 0 END) AS non_hs,
    SUM(CASE WHEN cat = 2 THEN m ELSE 0 END) AS special"""

# The floors. %(start)s / %(end)s are the counted dates. Each is one statement.
FLOOR_TEXTS = {
    # Join every record to its meeting, enrollment and student (the report's own shape).
    "join": """
SELECT district, __SUMS__ FROM (
  SELECT s.district_of_residence_id AS district, __CATEGORY__ AS cat, a.credited_minutes AS m
  FROM attendance_attendancerecord a
  JOIN scheduling_meeting mt ON mt.id = a.meeting_id
  JOIN enrollment_enrollment e ON e.id = a.enrollment_id
  JOIN core_student s ON s.id = e.student_id
  WHERE mt.date BETWEEN %(start)s AND %(end)s
  UNION ALL
  SELECT s.district_of_residence_id, __CATEGORY__, o.credited_minutes
  FROM attendance_onthejobhours o
  JOIN enrollment_enrollment e ON e.id = o.enrollment_id
  JOIN core_student s ON s.id = e.student_id
  WHERE o.date BETWEEN %(start)s AND %(end)s AND o.credited_minutes > 0
) rows GROUP BY district""",
    # Sum each enrollment's minutes first, then look its student up once.
    "per_enrollment": """
SELECT district, __SUMS__ FROM (
  SELECT s.district_of_residence_id AS district, __CATEGORY__ AS cat, t.m AS m
  FROM (
    SELECT a.enrollment_id AS eid, SUM(a.credited_minutes) AS m
    FROM attendance_attendancerecord a
    WHERE a.meeting_id IN (
      SELECT id FROM scheduling_meeting WHERE date BETWEEN %(start)s AND %(end)s)
    GROUP BY a.enrollment_id
    UNION ALL
    SELECT o.enrollment_id, SUM(o.credited_minutes) FROM attendance_onthejobhours o
    WHERE o.date BETWEEN %(start)s AND %(end)s
    GROUP BY o.enrollment_id
  ) t
  JOIN enrollment_enrollment e ON e.id = t.eid
  JOIN core_student s ON s.id = e.student_id
) rows GROUP BY district""",
    # The same, joining the meetings instead of testing membership in a set of them.
    "per_enrollment_join": """
SELECT district, __SUMS__ FROM (
  SELECT s.district_of_residence_id AS district, __CATEGORY__ AS cat, t.m AS m
  FROM (
    SELECT a.enrollment_id AS eid, SUM(a.credited_minutes) AS m
    FROM attendance_attendancerecord a
    JOIN scheduling_meeting mt ON mt.id = a.meeting_id
    WHERE mt.date BETWEEN %(start)s AND %(end)s
    GROUP BY a.enrollment_id
    UNION ALL
    SELECT o.enrollment_id, SUM(o.credited_minutes) FROM attendance_onthejobhours o
    WHERE o.date BETWEEN %(start)s AND %(end)s
    GROUP BY o.enrollment_id
  ) t
  JOIN enrollment_enrollment e ON e.id = t.eid
  JOIN core_student s ON s.id = e.student_id
) rows GROUP BY district""",
    # Filter records by a set of meeting ids, then join the enrollment and student per row.
    "semi_join": """
SELECT district, __SUMS__ FROM (
  SELECT s.district_of_residence_id AS district, __CATEGORY__ AS cat, a.credited_minutes AS m
  FROM attendance_attendancerecord a
  JOIN enrollment_enrollment e ON e.id = a.enrollment_id
  JOIN core_student s ON s.id = e.student_id
  WHERE a.meeting_id IN (
    SELECT id FROM scheduling_meeting WHERE date BETWEEN %(start)s AND %(end)s)
  UNION ALL
  SELECT s.district_of_residence_id, __CATEGORY__, o.credited_minutes
  FROM attendance_onthejobhours o
  JOIN enrollment_enrollment e ON e.id = o.enrollment_id
  JOIN core_student s ON s.id = e.student_id
  WHERE o.date BETWEEN %(start)s AND %(end)s AND o.credited_minutes > 0
) rows GROUP BY district""",
}
FLOORS = {
    name: text.replace("__SUMS__", SUMS).replace("__CATEGORY__", CATEGORY)
    for name, text in FLOOR_TEXTS.items()
}


def run_floor(sql: str, params: dict[str, Any]) -> dict[int, tuple[int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in cursor.fetchall()}


def report_totals(year: SchoolYear) -> tuple[int, int, int]:
    report = ada_report(school_year=year, period="annual", by="district")
    c = {code: row.minutes for code, row in report.by_category.items()}
    total = report.totals.minutes
    special = c[Category.SPECIAL_POPULATION]
    return total, c[Category.NON_HIGH_SCHOOL] + special, special


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = clock.perf_counter()
    result = work()
    return clock.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--school-year", default="2025-2026")
    args = parser.parse_args()
    year = SchoolYear.objects.get(name=args.school_year)
    span = span_of(year, "annual")
    params = {"start": span.start, "end": span.end}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM attendance_attendancerecord")
        records = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM attendance_onthejobhours")
        on_the_job = cursor.fetchone()[0]
    if connection.vendor == "sqlite":
        import sqlite3

        engine = f"SQLite {sqlite3.sqlite_version}"
    else:
        version = connection.pg_version
        engine = f"PostgreSQL {version // 10000}.{version % 10000}"
    print(f"{engine}: {records:,} attendance records, {on_the_job:,} on-the-job entries")
    times: dict[str, list[float]] = {"report": [], **{name: [] for name in FLOORS}}
    expected = None
    for round_number in range(args.rounds + 1):
        spent, totals = timed(lambda: report_totals(year))
        if round_number:
            times["report"].append(spent)
        for name, sql in FLOORS.items():
            spent, rows = timed(lambda sql=sql: run_floor(sql, params))
            if round_number:
                times[name].append(spent)
            summed = tuple(sum(row[k] for row in rows.values()) for k in range(3))
            if summed != totals:
                sys.exit(f"{name} disagrees with the report: {summed} != {totals}")
        expected = totals
    assert expected is not None
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor_name = min(FLOORS, key=lambda name: medians[name])
    hours = Decimal(expected[0]) / 60
    print(f"annual credited hours {hours:,.2f}; median of {args.rounds} rounds after a warm-up:")
    for name, median in medians.items():
        marker = "  <- floor" if name == floor_name else ""
        print(f"  {name:<20} {median:8.3f} s   (min {min(times[name]):.3f}){marker}")
    ratio = medians["report"] / medians[floor_name]
    print(f"report / fastest single SQL ({floor_name}) = {ratio:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
