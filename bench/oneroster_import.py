"""Time the OneRoster import against the fastest way to put the same rows into plain tables of
the same database, and print the peak memory of the import, for a few package sizes.

For each size it writes, like a district SIS's bulk export (OneRoster 1.1, no ropdesk
extension columns): one county office, one district, ten high schools, a school year and two
semesters, fifty courses, a class per 25 student enrollments (each with its teacher), the
users (students and about one teacher per 30 users), a demographics row per student and the
enrollments (students and teachers). It then runs:

- ours: `interop.services.oneroster_import_run` on an ImportJob holding the .zip, from a
  district feed, in a fresh Python process (so that its peak resident memory is its own):
  read, check every row and reference, save in one transaction, as `ropdesk import-oneroster
  --feed` and the scheduled pickup do. Then the same package a second time (nothing changes:
  the idempotent re-import a nightly feed makes).
- the floor: the same rows of every file, as text, into plain tables with the files' columns
  (no index, no constraint): `executemany` on SQLite, `COPY` on PostgreSQL, in one
  transaction.

    DATABASE_URL=... python bench/oneroster_import.py [--sizes 6000:20000,60000:200000]

A size is USERS:ENROLLMENTS. It refuses a database that already holds students that it did
not make (the prefix BR). Numbers on a shared machine wander; run it twice.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import time as clock
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ropdesk.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from ropdesk.core.models import ImportJob, Student  # noqa: E402
from ropdesk.interop import spec  # noqa: E402

STUDENTS_PER_CLASS = 25
SCHOOLS = 10
COURSES = 50

MANIFEST_FILES = (
    "academicSessions",
    "classes",
    "courses",
    "demographics",
    "enrollments",
    "orgs",
    "users",
)


def _rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the
    parent that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(job_id: int) -> None:
    """Run one import in this fresh process; print seconds and peak memory as JSON."""
    from ropdesk.interop.services import oneroster_import_run

    job = ImportJob.objects.get(pk=job_id)
    before = _rss_mb()
    started = clock.perf_counter()
    oneroster_import_run(job=job, actor=None)
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


def make_package(users: int, enrollments: int, tag: str) -> dict[str, list[list[str]]]:
    """The rows of every file (header first) for about `users` users and `enrollments`
    enrollments, every sourcedId carrying `tag` so that each size is new to the database."""
    classes = max(1, -(-enrollments // (STUDENTS_PER_CLASS + 1)))  # no class over 25
    teachers = max(1, min(users // 30, classes))
    students = max(1, users - teachers)
    p = f"BR{tag}"
    tables: dict[str, list[list[str]]] = {
        name: [list(spec.COLUMNS[name])]
        for name in (
            "orgs.csv",
            "academicSessions.csv",
            "courses.csv",
            "classes.csv",
            "users.csv",
            "enrollments.csv",
            "demographics.csv",
        )
    }

    def row(file: str, **values: str) -> None:
        tables[file].append([values.get(column, "") for column in tables[file][0]])

    row("orgs.csv", sourcedId=f"{p}-COE", name=f"Bench County {tag}", type="local")
    row(
        "orgs.csv",
        sourcedId=f"{p}-D",
        name=f"Bench Unified {tag}",
        type="district",
        identifier=f"{p}D",
        parentSourcedId=f"{p}-COE",
    )
    for s in range(SCHOOLS):
        row(
            "orgs.csv",
            sourcedId=f"{p}-S{s}",
            name=f"Bench High {tag} {s}",
            type="school",
            identifier=f"{p}S{s}",
            parentSourcedId=f"{p}-D",
        )
    row(
        "academicSessions.csv",
        sourcedId=f"{p}-Y",
        title="2026-2027",
        type="schoolYear",
        startDate="2026-08-19",
        endDate="2027-06-10",
        schoolYear="2027",
    )
    for t, (title, start, end) in enumerate(
        (("Fall", "2026-08-19", "2027-01-22"), ("Spring", "2027-01-25", "2027-06-10"))
    ):
        row(
            "academicSessions.csv",
            sourcedId=f"{p}-T{t}",
            title=title,
            type="semester",
            startDate=start,
            endDate=end,
            parentSourcedId=f"{p}-Y",
            schoolYear="2027",
        )
    for c in range(COURSES):
        row(
            "courses.csv",
            sourcedId=f"{p}-C{c}",
            title=f"Career course {c}",
            courseCode=f"C{tag[-8:]}{c}"[:20],
            orgSourcedId=f"{p}-D",
        )
    for k in range(classes):
        row(
            "classes.csv",
            sourcedId=f"{p}-K{k}",
            title=f"Career course {k % COURSES} section {k}",
            courseSourcedId=f"{p}-C{k % COURSES}",
            classCode=f"K{k}",
            classType="scheduled",
            location=f"Room {k % 40}",
            schoolSourcedId=f"{p}-S{k % SCHOOLS}",
            termSourcedIds=f"{p}-T{k % 2}",
        )
    for t in range(teachers):
        row(
            "users.csv",
            sourcedId=f"{p}-U{t}",
            enabledUser="true",
            orgSourcedIds=f"{p}-S{t % SCHOOLS}",
            role="teacher",
            username=f"br{tag}t{t}".lower(),
            givenName="Teacher",
            familyName=f"Number {t}",
            email=f"t{t}@bench.example",
        )
    for n in range(students):
        school = n % SCHOOLS
        row(
            "users.csv",
            sourcedId=f"{p}-P{n}",
            enabledUser="true",
            orgSourcedIds=f"{p}-S{school},{p}-D",
            role="student",
            username=f"br{tag}s{n}".lower(),
            userIds=f"{{SSID:{tag[-4:]}{n:06d}}}",
            givenName=f"Student{n % 997}",
            familyName=f"Family{n % 1009}",
            grades=str(9 + n % 4).zfill(2) if n % 5 else "",
        )
        row(
            "demographics.csv",
            sourcedId=f"{p}-P{n}",
            birthDate=f"{2008 + n % 4}-0{1 + n % 9}-1{n % 10}",
            sex="female" if n % 2 else "male",
            white="true" if n % 3 else "false",
            asian="true" if n % 3 == 0 else "false",
            hispanicOrLatinoEthnicity="true" if n % 4 == 0 else "false",
        )
    e = 0
    for k in range(classes):
        row(
            "enrollments.csv",
            sourcedId=f"{p}-E{e}",
            classSourcedId=f"{p}-K{k}",
            schoolSourcedId=f"{p}-S{k % SCHOOLS}",
            userSourcedId=f"{p}-U{k % teachers}",
            role="teacher",
            primary="true",
        )
        e += 1
    while e < enrollments:
        # Student n takes classes n, n + students, n + 2*students... (spread over classes),
        # 25 students a class at most, never twice the same class.
        n = (e - classes) % students
        klass = ((e - classes) // STUDENTS_PER_CLASS) % classes
        row(
            "enrollments.csv",
            sourcedId=f"{p}-E{e}",
            classSourcedId=f"{p}-K{klass}",
            schoolSourcedId=f"{p}-S{klass % SCHOOLS}",
            userSourcedId=f"{p}-P{n}",
            role="student",
            primary="false",
            beginDate="2026-08-19",
        )
        e += 1
    return tables


def zip_of(tables: dict[str, list[list[str]]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        manifest = ["propertyName,value", "manifest.version,1.0", "oneroster.version,1.1"]
        manifest += [
            f"file.{name},{'bulk' if name in MANIFEST_FILES else 'absent'}"
            for name in (
                "academicSessions",
                "categories",
                "classes",
                "classResources",
                "courses",
                "courseResources",
                "demographics",
                "enrollments",
                "lineItems",
                "orgs",
                "resources",
                "results",
                "users",
            )
        ]
        manifest += ["source.systemName,bench"]
        archive.writestr("manifest.csv", "\n".join(manifest) + "\n")
        for name, rows in tables.items():
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(rows)
            archive.writestr(name, text.getvalue())
    return buffer.getvalue()


def floor(tables: dict[str, list[list[str]]]) -> float:
    """Every row of every file, as text, into a plain table per file (no index, no
    constraint): executemany (SQLite) or COPY (PostgreSQL), in one transaction."""
    names = {name: "bench_or_" + name.removesuffix(".csv").lower() for name in tables}
    with connection.cursor() as cursor:
        for name, rows in tables.items():
            cursor.execute(f"DROP TABLE IF EXISTS {names[name]}")
            columns = ", ".join(f'"{c}" text' for c in rows[0])
            cursor.execute(f"CREATE TABLE {names[name]} ({columns})")
    started = clock.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for name, rows in tables.items():
            columns = ", ".join(f'"{c}"' for c in rows[0])
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {names[name]} ({columns}) FROM STDIN") as copy:
                    for values in rows[1:]:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(rows[0]))
                cursor.executemany(
                    f"INSERT INTO {names[name]} ({columns}) VALUES ({marks})",  # noqa: S608
                    rows[1:],
                )
    seconds = clock.perf_counter() - started
    with connection.cursor() as cursor:
        for table in names.values():
            cursor.execute(f"DROP TABLE {table}")
    return seconds


def run_child(job: ImportJob) -> dict:
    done = subprocess.run(  # noqa: S603 -- this script, with a job id
        [sys.executable, __file__, "--child", str(job.pk)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"the import failed:\n{done.stderr[-3000:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    if found["status"] != "done":
        sys.exit(f"the import did not finish: {found}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="3000:10000")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    from ropdesk.interop.models import Feed
    from ropdesk.interop.services import oneroster_import_create

    if Student.objects.exclude(local_id__startswith="BR").exists():
        sys.exit("This database holds students the bench did not make; use an empty one.")
    print(f"database: {connection.vendor}; floor: ", end="")
    print("COPY into plain tables" if connection.vendor == "postgresql" else "executemany")
    print(
        f"{'users':>7} {'enrollments':>11} {'rows':>7} {'zip MB':>6} {'ours s':>8} "
        f"{'floor s':>8} {'ratio':>7} {'again s':>8} {'peak RSS MB':>11} {'RSS at start':>12} "
        f"{'rows/s':>7}"
    )
    for size in args.sizes.split(","):
        users, enrollments = (int(n) for n in size.split(":"))
        tag = f"{int(clock.time()) % 100000:05d}"
        tables = make_package(users, enrollments, tag)
        rows = sum(len(t) - 1 for t in tables.values())
        data = zip_of(tables)
        feed = Feed.objects.create(code=f"bench-{tag}", name=f"Bench feed {tag}")
        floor_seconds = floor(tables)
        del tables
        job = oneroster_import_create(
            actor=None, file_name=f"bench-{size}.zip", data=data, feed=feed
        )
        found = run_child(job)
        again_job = oneroster_import_create(
            actor=None, file_name=f"bench-{size}-again.zip", data=data, feed=feed
        )
        again = run_child(again_job)
        changed = {
            file: {a: n for a, n in counts.items() if n and a in ("created", "updated")}
            for file, counts in again["result"].items()
        }
        ours = found["seconds"]
        print(
            f"{users:>7,} {enrollments:>11,} {rows:>7,} {len(data) / 2**20:>6.1f} {ours:>8.2f} "
            f"{floor_seconds:>8.2f} {ours / floor_seconds:>6.1f}x {again['seconds']:>8.2f} "
            f"{found['rss_mb']:>11.0f} {found['rss_before_mb']:>12.0f} {rows / ours:>7,.0f}",
            flush=True,
        )
        if any(changed.values()):
            sys.exit(f"the second import changed something: {changed}")


if __name__ == "__main__":
    main()
