"""Time the attendance import against the fastest way to put the same rows into a plain table
of the same database, and print the peak memory of the import, for a few file sizes.

For each size it makes, in DATABASE_URL, enough sections (Mon-Fri, fall 2025), students and
enrollments that every (student, meeting) pair is one row of the file, writes the file
(student_id,section_id,date,arrived,departed), and runs:

- ours: `attendance.imports.attendance_import_run` on an ImportJob holding the file, in a
  fresh Python process (so that its peak resident memory is its own): read, check every row,
  save in one transaction, as `ropdesk import-attendance` does.
- the floor: the same rows, already resolved to enrollment and meeting ids with their credited
  minutes, into a plain table of the same columns (no index, no constraint): `executemany` on
  SQLite, `COPY` on PostgreSQL, in one transaction.

    DATABASE_URL=... python bench/attendance_import.py [--sizes 10000,100000,1000000]

It refuses a database that already holds students that it did not make (the prefix BENCH-).
Numbers on a shared machine wander; run it twice.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import time as clock
from datetime import date, time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ropdesk.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from ropdesk.attendance.rules import credited_minutes  # noqa: E402
from ropdesk.core.models import ImportJob, Student  # noqa: E402

STUDENTS_PER_SECTION = 30
ARRIVED, DEPARTED = time(8, 0), time(9, 50)


def _rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the
    parent that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(job_id: int) -> None:
    """Run one import in this fresh process; print seconds and peak memory as JSON."""
    from ropdesk.attendance.imports import attendance_import_run

    job = ImportJob.objects.defer("content").get(pk=job_id)
    before = _rss_mb()
    started = clock.perf_counter()
    attendance_import_run(job=job, actor=None)
    seconds = clock.perf_counter() - started
    job.refresh_from_db()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_mb": _rss_mb(),
                "rss_before_mb": before,
                "status": job.status,
                "result": job.result,
                "errors": job.errors[:3],
            }
        )
    )


def make_rows(size: int, tag: str) -> tuple[bytes, list[tuple[Any, ...]]]:
    """Sections, students and enrollments for `size` rows; the file and the resolved rows."""
    from ropdesk.core.tests import factories as f
    from ropdesk.enrollment.models import Enrollment
    from ropdesk.scheduling.models import Meeting

    f._seq = itertools.count(int(clock.time() * 1000))  # codes new to this database
    term = f.term(2025)
    district = f.district(f"Bench district {tag}")
    school = f.school(district)
    site = f.site(district_org=district)
    course = f.course()
    lines = ["student_id,section_id,date,arrived,departed"]
    resolved: list[tuple[Any, ...]] = []
    k = 0
    while len(resolved) < size:
        section = f.section(
            site_obj=site,
            course_obj=course,
            term_obj=term,
            days="Mon,Tue,Wed,Thu,Fri",
            start=ARRIVED,
            end=DEPARTED,
        )
        meetings = list(Meeting.objects.filter(section=section, date__lt=date(2026, 1, 1)))
        students = Student.objects.bulk_create(
            Student(
                local_id=f"BENCH-{tag}-{k}-{n}",
                legal_first_name="Bench",
                legal_last_name=f"S{n}",
                birth_date=date(2008, 1, 1),
                sex="F",
                grade_level="12",
                district_of_residence=district,
                school_of_attendance=school,
            )
            for n in range(STUDENTS_PER_SECTION)
        )
        enrollments = Enrollment.objects.bulk_create(
            Enrollment(student=s, section=section, status="enrolled", enrolled_on=term.start_date)
            for s in students
        )
        for meeting in meetings:
            minutes = credited_minutes(meeting.start_time, meeting.end_time, ARRIVED, DEPARTED)
            for student, enrollment in zip(students, enrollments, strict=True):
                if len(resolved) == size:
                    break
                lines.append(f"{student.local_id},{section.code},{meeting.date},08:00,09:50")
                resolved.append(
                    (enrollment.pk, meeting.pk, "08:00", "09:50", minutes, "import", None)
                )
        k += 1
    return ("\n".join(lines) + "\n").encode(), resolved


def floor(rows: list[tuple[Any, ...]], *, into_attendance: bool = False) -> float:
    """The same rows into a plain table: executemany (SQLite) or COPY (PostgreSQL). With
    `into_attendance`, the same into the attendance table itself, with its indexes and foreign
    keys checked (then rolled back): what the database costs, whatever the code above it."""
    columns = (
        "enrollment_id, meeting_id, arrived, departed, credited_minutes, source, recorded_by_id"
    )
    table = "attendance_attendancerecord" if into_attendance else "bench_plain"
    if not into_attendance:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_plain")
            cursor.execute(
                "CREATE TABLE bench_plain (enrollment_id bigint, meeting_id bigint, arrived "
                "time, departed time, credited_minutes integer, source varchar(12), "
                "recorded_by_id bigint, recorded_at timestamp with time zone)"
            )
    started = clock.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}, recorded_at) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, "now"))
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}, recorded_at) "  # noqa: S608 -- constants
                "VALUES (%s, %s, %s, %s, %s, %s, %s, CURRENT_TIMESTAMP)",
                rows,
            )
        if into_attendance:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred key checks
            else:
                cursor.execute("PRAGMA foreign_key_check")
            seconds = clock.perf_counter() - started
            transaction.set_rollback(True)
            return seconds
    seconds = clock.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if Student.objects.exclude(local_id__startswith="BENCH-").exists():
        sys.exit("This database holds students the bench did not make; use an empty one.")
    print(f"database: {connection.vendor}; floor: ", end="")
    print("COPY into a plain table" if connection.vendor == "postgresql" else "executemany")
    print(
        f"{'rows':>9} {'file MB':>8} {'ours s':>8} {'floor s':>8} {'ratio':>6} "
        f"{'real table s':>12} {'ratio':>6} {'peak RSS MB':>11} {'RSS at start':>12} "
        f"{'rows/s':>9}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        tag = f"{size}-{int(clock.time())}"
        data, resolved = make_rows(size, tag)
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.ATTENDANCE,
            file_name=f"bench-{size}.csv",
            content=data,
            sha256="0" * 64,
        )
        floor_seconds = floor(resolved)
        real_seconds = floor(resolved, into_attendance=True)
        del resolved
        run = subprocess.run(  # noqa: S603 -- this script, with a job id
            [sys.executable, __file__, "--child", str(job.pk)],
            capture_output=True,
            text=True,
            check=True,
        )
        found = json.loads(run.stdout.strip().splitlines()[-1])
        if found["status"] != "done":
            sys.exit(f"the import did not finish: {found}")
        ours = found["seconds"]
        print(
            f"{size:>9,} {len(data) / 2**20:>8.1f} {ours:>8.2f} {floor_seconds:>8.2f} "
            f"{ours / floor_seconds:>5.1f}x {real_seconds:>12.2f} {ours / real_seconds:>5.1f}x "
            f"{found['rss_mb']:>11.0f} "
            f"{found['rss_before_mb']:>12.0f} {size / ours:>9,.0f}"
        )


if __name__ == "__main__":
    main()
