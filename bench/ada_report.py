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

from ropdesk.funding.queries import ada_report, minutes_by_group, span_of  # noqa: E402
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
    # The report's own rule for the category: the category period in force on each day (a
    # LEFT JOIN of every record to the periods of its enrollment), else the enrollment's
    # stored category, else the student's record. Sums per enrollment and period first.
    "per_enrollment_period": """
__PERIOD_HEAD__
    SELECT a.enrollment_id AS eid, cp.id AS pid, SUM(a.credited_minutes) AS m
    FROM attendance_attendancerecord a
    JOIN scheduling_meeting mt ON mt.id = a.meeting_id
    __PERIOD_OF_RECORD__
    WHERE mt.date BETWEEN %(start)s AND %(end)s
    GROUP BY a.enrollment_id, cp.id
    UNION ALL
    SELECT o.enrollment_id, cp.id, SUM(o.credited_minutes) FROM attendance_onthejobhours o
    __PERIOD_OF_HOURS__
    WHERE o.date BETWEEN %(start)s AND %(end)s
    GROUP BY o.enrollment_id, cp.id
__PERIOD_TAIL__""",
    # Every rule the report applies, written by hand: the category period in force on the
    # day; no minutes from a section that needs setup; on-the-job days only inside the
    # enrollment (from its first day, or the term's, to the term's end, before it ended).
    # Sections are tested by a set of ids, the enrollment window by one join per on-the-job row.
    "every_rule": """
__PERIOD_HEAD__
    SELECT a.enrollment_id AS eid, cp.id AS pid, SUM(a.credited_minutes) AS m
    FROM attendance_attendancerecord a
    JOIN scheduling_meeting mt ON mt.id = a.meeting_id
    __PERIOD_OF_RECORD__
    WHERE mt.date BETWEEN %(start)s AND %(end)s
      AND mt.section_id IN (SELECT id FROM scheduling_section WHERE NOT needs_setup)
    GROUP BY a.enrollment_id, cp.id
    UNION ALL
    SELECT o.enrollment_id, cp.id, SUM(o.credited_minutes) FROM attendance_onthejobhours o
    JOIN enrollment_enrollment oe ON oe.id = o.enrollment_id
    JOIN scheduling_section os ON os.id = oe.section_id AND NOT os.needs_setup
    JOIN scheduling_term ot ON ot.id = os.term_id
    __PERIOD_OF_HOURS__
    WHERE o.date BETWEEN %(start)s AND %(end)s AND o.credited_minutes > 0
      AND o.date BETWEEN COALESCE(oe.enrolled_on, ot.start_date) AND ot.end_date
      AND o.date >= ot.start_date AND (oe.ended_on IS NULL OR o.date < oe.ended_on)
    GROUP BY o.enrollment_id, cp.id
__PERIOD_TAIL__""",
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
# The parts the two floors with category periods share: each record's or on-the-job day's
# period in force on the day, and the outer join of each sum to its enrollment, student, period.
PERIOD_OF_RECORD = """LEFT JOIN enrollment_enrollmentcategoryperiod cp
      ON cp.enrollment_id = a.enrollment_id
      AND (cp.starts_on IS NULL OR cp.starts_on <= mt.date)
      AND (cp.ends_on IS NULL OR mt.date < cp.ends_on)"""
PERIOD_OF_HOURS = """LEFT JOIN enrollment_enrollmentcategoryperiod cp
      ON cp.enrollment_id = o.enrollment_id
      AND (cp.starts_on IS NULL OR cp.starts_on <= o.date)
      AND (cp.ends_on IS NULL OR o.date < cp.ends_on)"""
PERIOD_HEAD = """SELECT district, __SUMS__ FROM (
  SELECT s.district_of_residence_id AS district, __PERIOD_CATEGORY__ AS cat, t.m AS m
  FROM ("""
PERIOD_TAIL = """  ) t
  JOIN enrollment_enrollment e ON e.id = t.eid
  JOIN core_student s ON s.id = e.student_id
  LEFT JOIN enrollment_enrollmentcategoryperiod p ON p.id = t.pid
) rows GROUP BY district"""
PERIOD_CATEGORY = """CASE
    WHEN (p.id IS NOT NULL AND p.grade_9_12) OR (p.id IS NULL AND e.grade_9_12)
      OR (p.id IS NULL AND e.grade_9_12 IS NULL AND s.grade_level IN ('09', '10', '11', '12'))
      THEN 0
    WHEN (p.id IS NOT NULL AND p.special_population)
      OR (p.id IS NULL AND e.grade_9_12 IS NOT NULL AND e.special_population)
      OR (p.id IS NULL AND e.grade_9_12 IS NULL
          AND (s.calworks OR s.tap OR s.job_corps OR s.wioa_intensive))
      THEN 2
    ELSE 1 END"""
FLOORS = {
    name: text.replace("__PERIOD_HEAD__", PERIOD_HEAD)
    .replace("__PERIOD_TAIL__", PERIOD_TAIL)
    .replace("__PERIOD_OF_RECORD__", PERIOD_OF_RECORD)
    .replace("__PERIOD_OF_HOURS__", PERIOD_OF_HOURS)
    .replace("__SUMS__", SUMS)
    .replace("__PERIOD_CATEGORY__", PERIOD_CATEGORY)
    .replace("__CATEGORY__", CATEGORY)
    for name, text in FLOOR_TEXTS.items()
}
PERIODS = ("P1", "P2", "annual")


def run_floor(sql: str, params: dict[str, Any]) -> dict[int, tuple[int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in cursor.fetchall()}


def report_run(year: SchoolYear, period: str) -> Any:
    return ada_report(school_year=year, period=period, by="district")


def report_by_district(year: SchoolYear, period: str) -> dict[int, tuple[int, int, int]]:
    """What the report sums, per district and funding category (its one aggregate query,
    minutes_by_group), as the floors give it: all minutes, those not in grades 9-12, those of
    the special population."""
    span = span_of(year, period)
    found: dict[int, list[int]] = {}
    for district, category, minutes in minutes_by_group(span, "district", None):
        sums = found.setdefault(district, [0, 0, 0])
        sums[0] += minutes
        if category != Category.GRADES_9_12:
            sums[1] += minutes
        if category == Category.SPECIAL_POPULATION:
            sums[2] += minutes
    return {district: (a, b, c) for district, (a, b, c) in found.items() if a or b or c}


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
    for period in PERIODS:
        span = span_of(year, period)
        params = {"start": span.start, "end": span.end}
        compare(year, period, params, args.rounds)


def compare(year: SchoolYear, period: str, params: dict[str, Any], rounds: int) -> None:
    """Time the report and each floor, in turn, `rounds` times after a warm-up; check in the
    warm-up that every floor gives the report's figures per district and funding category."""
    expected = report_by_district(year, period)
    times: dict[str, list[float]] = {"report": [], **{name: [] for name in FLOORS}}
    for round_number in range(rounds + 1):
        spent, report = timed(lambda: report_run(year, period))
        if round_number:
            times["report"].append(spent)
        elif report.totals.minutes != sum(v[0] for v in expected.values()):
            sys.exit(f"{period}: the report's total is not the sum of its districts")
        for name, sql in FLOORS.items():
            spent, rows = timed(lambda sql=sql: run_floor(sql, params))
            if round_number:
                times[name].append(spent)
            elif {k: v for k, v in rows.items() if any(v)} != expected:
                sys.exit(f"{period}: {name} disagrees with the report per district and category")
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor_name = min(FLOORS, key=lambda name: medians[name])
    hours = Decimal(sum(v[0] for v in expected.values())) / 60
    print(
        f"{period}: {len(expected)} districts x 3 categories agree; credited hours {hours:,.2f}; "
        f"median of {rounds} rounds after a warm-up:"
    )
    for name, median in medians.items():
        marker = "  <- floor" if name == floor_name else ""
        print(f"  {name:<22} {median:8.3f} s   (min {min(times[name]):.3f}){marker}")
    ratio = medians["report"] / medians[floor_name]
    print(f"  report / fastest single SQL ({floor_name}) = {ratio:.2f}x (target <= 1.2x)")
    ruled = medians["report"] / medians["every_rule"]
    print(f"  report / the single SQL that applies every rule (every_rule) = {ruled:.2f}x")


if __name__ == "__main__":
    main()
