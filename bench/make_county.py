"""Generate a county-size school year for benchmarks, straight into the database of
DATABASE_URL (default: the embedded SQLite file).

At --scale 1: 23 districts, 60,000 students, 3,000 sections meeting all year (fall, spring and
full-year terms), about 90,000 enrollments and 7 million attendance records, plus weekly
on-the-job hours for community-classroom and CVE students. Smaller scales shrink students and
sections together, so a section keeps about 30 students.

Small tables go through the ORM (bulk_create), so that they follow the models; the big ones
(meetings, attendance, on-the-job hours) are written with COPY on PostgreSQL and executemany on
SQLite. Credited minutes come from the same rule functions as every other write.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python bench/make_county.py --scale 0.1
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ropdesk_bench python bench/make_county.py
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time as clock
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ropdesk.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from ropdesk.attendance.models import AttendanceRecord, OnTheJobHours  # noqa: E402
from ropdesk.attendance.rules import (  # noqa: E402
    OnTheJobEntry,
    credited_minutes,
    ojt_credited_minutes,
)
from ropdesk.catalog.models import Course, IndustrySector, InstructionMode, Pathway  # noqa: E402
from ropdesk.core.models import Organization, Site, Student, User  # noqa: E402
from ropdesk.enrollment.models import Enrollment  # noqa: E402
from ropdesk.scheduling.calendar import meeting_dates  # noqa: E402
from ropdesk.scheduling.models import (  # noqa: E402
    Holiday,
    Meeting,
    SchoolYear,
    Section,
    Term,
)
from ropdesk.scheduling.services import school_year_build_calendar  # noqa: E402

PATTERNS = [  # the demo county's meeting patterns: days, start, end, for adults
    ("Mon,Tue,Wed,Thu", time(14, 30), time(17, 0), False),
    ("Mon,Tue,Wed,Thu,Fri", time(7, 30), time(9, 30), False),
    ("Mon,Wed,Fri", time(13, 0), time(15, 30), False),
    ("Tue,Thu", time(14, 45), time(18, 15), False),
    ("Mon,Tue,Wed,Thu", time(18, 0), time(21, 0), True),
    ("Tue,Thu", time(17, 30), time(21, 30), True),
    ("Sat", time(8, 0), time(14, 0), True),
]
RECORDED_AT = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
CHUNK = 50_000


def say(message: str, started: float | None = None) -> None:
    suffix = f" ({clock.perf_counter() - started:.1f} s)" if started is not None else ""
    print(message + suffix, flush=True)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


class County:
    def __init__(self, scale: float, seed: int, start_year: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 -- realism, not secrecy
        self.start = start_year

    # --- small tables through the ORM ------------------------------------------------------
    def organizations(self) -> None:
        county = Organization.objects.create(kind="county", name="Bench County", code="BENCH")
        self.districts = Organization.objects.bulk_create(
            Organization(
                kind="district", name=f"District {k:02d}", code=f"BD{k:02d}", parent=county
            )
            for k in range(1, 24)
        )
        self.schools: dict[int, list[Organization]] = {}
        schools = []
        for district in self.districts:
            for s in range(1, 4):
                schools.append(
                    Organization(
                        kind="school",
                        name=f"{district.name} High School {s}",
                        code=f"{district.code}S{s}",
                        parent=district,
                    )
                )
        for school in Organization.objects.bulk_create(schools):
            self.schools.setdefault(school.parent_id, []).append(school)
        sites = [
            Site(kind="school", name=s.name, code=f"{s.code}-C", organization=s, district_id=d)
            for d, group in self.schools.items()
            for s in group
        ]
        sites += [
            Site(
                kind="community",
                name=f"Career Center {k}",
                code=f"BC{k}",
                organization=county,
                district=self.districts[k * 2],
            )
            for k in range(10)
        ]
        self.sites = Site.objects.bulk_create(sites)

    def catalog(self) -> None:
        sector = IndustrySector.objects.create(code="BEN", name="Bench sector")
        pathways = Pathway.objects.bulk_create(
            Pathway(code=f"{900 + k}", name=f"Bench pathway {k}", sector=sector) for k in range(60)
        )
        self.courses = Course.objects.bulk_create(
            Course(
                code=f"BENCH-{k:02d}",
                title=f"Course {k:02d}",
                pathway=pathways[k],
                hours=180,
                allows_community_classroom=k % 3 == 0,
                allows_cve=k % 6 == 0,
            )
            for k in range(60)
        )

    def calendar(self) -> None:
        start, end = self.start, self.start + 1
        first, last = nth_weekday(start, 8, 0, 3), nth_weekday(end, 6, 4, 1)
        self.year = SchoolYear.objects.create(
            name=f"{start}-{end}",
            start_date=date(start, 7, 1),
            end_date=date(end, 6, 30),
            first_instruction_day=first,
            last_instruction_day=last,
        )
        thanksgiving = nth_weekday(start, 11, 3, 4)
        closed = [nth_weekday(start, 9, 0, 1), thanksgiving, thanksgiving + timedelta(1)]
        closed += [date(start, 12, 22) + timedelta(k) for k in range(12)]
        closed += [nth_weekday(end, 4, 0, 1) + timedelta(k) for k in range(5)]
        Holiday.objects.bulk_create(
            Holiday(school_year=self.year, date=d, name="Closed") for d in closed if d.weekday() < 5
        )
        self.holidays = set(closed)
        school_year_build_calendar(school_year=self.year)
        spring = nth_weekday(end, 1, 0, 3)
        self.terms = [
            Term.objects.create(
                school_year=self.year, name="Fall", start_date=first, end_date=spring - timedelta(3)
            ),
            Term.objects.create(
                school_year=self.year, name="Spring", start_date=spring, end_date=last
            ),
            Term.objects.create(
                school_year=self.year, name="Year", start_date=first, end_date=last
            ),
        ]

    def staff(self) -> None:
        count = max(3, round(1000 * self.scale))
        self.instructors = User.objects.bulk_create(
            User(
                username=f"bench-instructor-{k}",
                password="!",  # noqa: S106 -- Django's "unusable password" marker
                first_name="Bench",
                last_name=f"T{k}",
            )
            for k in range(count)
        )

    def sections(self) -> None:
        rng = self.rng
        rows = []
        for k in range(max(3, round(3000 * self.scale))):
            course = rng.choice(self.courses)
            days, start, end, adult = rng.choice(PATTERNS)
            modes = course.allowed_modes()
            rows.append(
                Section(
                    code=f"B{k:05d}",
                    course=course,
                    term=rng.choice(self.terms),
                    site=rng.choice(self.sites),
                    instructor=rng.choice(self.instructors),
                    mode=rng.choice(modes) if len(modes) > 1 and rng.random() < 0.5 else modes[0],
                    capacity=40,
                    days=days,
                    start_time=start,
                    end_time=end,
                )
            )
        self.section_list = Section.objects.bulk_create(rows, batch_size=2000)

    def students(self) -> None:
        rng = self.rng
        rows = []
        for k in range(max(10, round(60_000 * self.scale))):
            district = rng.choice(self.districts)
            adult = rng.random() < 0.22
            special = adult and rng.random() < 0.08
            rows.append(
                Student(
                    local_id=f"BS{k:07d}",
                    legal_first_name=f"First{k}",
                    legal_last_name=f"Last{k % 997}",
                    birth_date=date(self.start - (30 if adult else 17), 1, 1) + timedelta(k % 365),
                    sex="FM"[k % 2],
                    grade_level="AD" if adult else rng.choice(["09", "10", "11", "12", "11", "12"]),
                    district_of_residence=district,
                    school_of_attendance=None if adult else rng.choice(self.schools[district.pk]),
                    calworks=special and rng.random() < 0.6,
                    wioa_intensive=special and rng.random() < 0.4,
                )
            )
        self.student_list = Student.objects.bulk_create(rows, batch_size=2000)

    def enrollments(self) -> None:
        rng = self.rng
        seats = {s.pk: s.capacity for s in self.section_list}
        open_sections = list(self.section_list)
        rows = []
        for student in self.student_list:
            taken: set[int] = set()
            for _k in range(1 if rng.random() < 0.5 else 2):
                for _try in range(20):
                    section = rng.choice(open_sections)
                    if seats[section.pk] > 0 and section.pk not in taken:
                        break
                else:
                    continue
                seats[section.pk] -= 1
                taken.add(section.pk)
                rows.append(
                    Enrollment(
                        student=student,
                        section=section,
                        status=Enrollment.Status.ENROLLED,
                        enrolled_on=section.term.start_date,
                    )
                )
        self.enrollment_list = Enrollment.objects.bulk_create(rows, batch_size=2000)

    # --- big tables, written directly -------------------------------------------------------
    def meetings(self) -> int:
        rows = []
        self.meetings_of: dict[int, list[tuple[int, date, time, time]]] = {}
        next_id = 1
        for section in self.section_list:
            term = section.term
            for day in meeting_dates(
                term.start_date, term.end_date, section.day_list, self.holidays
            ):
                rows.append(
                    (next_id, section.pk, db(day), db(section.start_time), db(section.end_time))
                )
                self.meetings_of.setdefault(section.pk, []).append(
                    (next_id, day, section.start_time, section.end_time)
                )
                next_id += 1
        write(Meeting, ["id", "section_id", "date", "start_time", "end_time"], rows)
        return len(rows)

    def attendance(self) -> int:
        rng = self.rng.random
        columns = [
            "id",
            "enrollment_id",
            "meeting_id",
            "arrived",
            "departed",
            "credited_minutes",
            "source",
            "recorded_at",
        ]

        recorded_at = db(RECORDED_AT)

        # Written day by day, a meeting's roster at a time, as attendance is really taken, so
        # that the table's physical order is the one a real year leaves.
        by_section: dict[int, list[int]] = {}
        for enrollment in self.enrollment_list:
            by_section.setdefault(enrollment.section_id, []).append(enrollment.pk)
        meetings = sorted(
            (day, start, section_id, meeting_id, end)
            for section_id, rows in self.meetings_of.items()
            for meeting_id, day, start, end in rows
        )

        def rows() -> Iterator[tuple[Any, ...]]:
            next_id = 1
            for _day, start, section_id, meeting_id, end in meetings:
                for enrollment_id in by_section.get(section_id, []):
                    roll = rng()
                    arrived: time | None = start
                    departed: time | None = end
                    if roll < 0.07:
                        arrived = departed = None
                    elif roll < 0.11:
                        arrived = shift(start, 5 + int(roll * 1000) % 45)
                    elif roll < 0.14:
                        departed = shift(end, -(15 + int(roll * 1000) % 55))
                    minutes = credit(start, end, arrived, departed)
                    yield (next_id, enrollment_id, meeting_id, db(arrived), db(departed), minutes,
                           "demo", recorded_at)  # fmt: skip
                    next_id += 1

        return write(AttendanceRecord, columns, rows())

    def on_the_job(self) -> int:
        """A 4-hour approved day a week for the community-classroom and CVE students."""
        columns = [
            "id",
            "enrollment_id",
            "kind",
            "date",
            "minutes",
            "supervisor_approved_at",
            "agreement_signed_on",
            "credited_minutes",
            "created_at",
            "updated_at",
        ]
        sections = {s.pk: s for s in self.section_list}
        rows = []
        for enrollment in self.enrollment_list:
            section = sections[enrollment.section_id]
            if section.mode == InstructionMode.CLASSROOM:
                continue
            kind = "cve_ojt" if section.mode == InstructionMode.CVE else "cc_ojt"
            signed = section.term.start_date
            days = meeting_dates(signed, section.term.end_date, ["Wed"], self.holidays)
            entries = [OnTheJobEntry(day, day, 240, True, signed) for day in days]
            credited = ojt_credited_minutes(kind, entries)
            stamp = db(RECORDED_AT)
            rows += [
                (
                    0,
                    enrollment.pk,
                    kind,
                    db(day),
                    240,
                    stamp,
                    db(signed),
                    credited[day],
                    stamp,
                    stamp,
                )  # fmt: skip
                for day in days
            ]
        rows = [(k + 1, *row[1:]) for k, row in enumerate(rows)]
        return write(OnTheJobHours, columns, rows)


@cache
def db(value: Any) -> Any:
    """A date, time or datetime as the database takes it: itself for PostgreSQL's COPY, its
    text for SQLite (cached: a year has few distinct days and times)."""
    if value is None or connection.vendor != "sqlite":
        return value
    ops = connection.ops
    if isinstance(value, datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return value.isoformat()
    return ops.adapt_timefield_value(value)


@cache
def credit(start: time, end: time, arrived: time | None, departed: time | None) -> int:
    return credited_minutes(start, end, arrived, departed)


@cache
def shift(moment: time, minutes: int) -> time:
    return (datetime.combine(date(2000, 1, 1), moment) + timedelta(minutes=minutes)).time()


def write(model: Any, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert rows of database-ready values (see db()): COPY on PostgreSQL, executemany in
    big chunks on sqlite3's own cursor on SQLite."""
    table = model._meta.db_table
    names = ", ".join(columns)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql":
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 -- model metadata
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= CHUNK:
                raw.executemany(sql, batch)
                count += len(batch)
                batch = []
        raw.executemany(sql, batch)
        return count + len(batch)


@contextmanager
def indexes_dropped(model: Any) -> Iterator[None]:
    """Drop a table's secondary indexes (and, on PostgreSQL, its unique and foreign-key
    constraints) for a bulk load and build them again after: far faster than keeping them up
    to date row by row. The definitions are read from the database, so they come back exactly
    as the migrations made them."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL",
                [table],
            )
            indexes = cursor.fetchall()
            for name, _sql in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            yield
            for _name, sql in indexes:
                cursor.execute(sql)
            return
        # Django's foreign keys are deferred: check the rows written so far now, or PostgreSQL
        # refuses to alter a table with pending checks.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
            [table],
        )
        constraints = cursor.fetchall()
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        yield
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 60,000 students")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--school-year-start", type=int, default=2025)
    args = parser.parse_args()
    started = clock.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if Student.objects.exists():
        sys.exit("This database already has students: give bench a database of its own.")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A one-off load: no crash safety needed, and no write-ahead log of gigabytes.
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-400000")
    county = County(args.scale, args.seed, args.school_year_start)
    with transaction.atomic():
        for step in (
            county.organizations,
            county.catalog,
            county.calendar,
            county.staff,
            county.sections,
            county.students,
            county.enrollments,
        ):
            t = clock.perf_counter()
            step()
            say(f"  {step.__name__}", t)
        for step, model in (
            (county.meetings, Meeting),
            (county.attendance, AttendanceRecord),
            (county.on_the_job, OnTheJobHours),
        ):
            t = clock.perf_counter()
            with indexes_dropped(model):
                rows = step()
                say(f"  {step.__name__}: {rows:,} rows", t)
            say(f"  {model._meta.db_table}: indexes and constraints rebuilt", t)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Meeting, AttendanceRecord, OnTheJobHours]
            ):
                cursor.execute(sql)
    t = clock.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA journal_mode=WAL")  # as ropdesk.settings runs it
    say("  analyze", t)
    say(
        f"{county.year.name}: {len(county.student_list):,} students, "
        f"{len(county.section_list):,} sections, {len(county.enrollment_list):,} enrollments",
        started,
    )


if __name__ == "__main__":
    main()
