# ruff: noqa: E501 -- the CSV fixtures are clearer one record to a line
"""The OneRoster import writes in bulk: its queries do not grow with the rows, and what the
one-at-a-time services wrote (events, audit records, seats, the waitlist, the feed's
sourcedIds) is still written for every row."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropdesk.core.models import AuditEvent, ImportJob
from ropdesk.enrollment.models import Enrollment, EnrollmentEvent
from ropdesk.interop.importer import oneroster_import
from ropdesk.interop.models import Feed, FeedRecord
from ropdesk.interop.tests.test_oneroster_import import MANIFEST, ORGS, SESSIONS

pytestmark = pytest.mark.django_db

COURSES = """sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes
C1,,,,Welding,C1,,D1,,
"""
CLASS_HEADER = (
    "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,"
    "location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n"
)
USER_HEADER = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
    "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
)
ENROLLMENT_HEADER = (
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,"
    "primary,beginDate,endDate\n"
)
DEMOGRAPHICS_HEADER = (
    "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,"
    "blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,"
    "demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,"
    "stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus\n"
)


def county_package(students: int, per_class: int = 10, prefix: str = "") -> dict[str, bytes]:
    """A district feed without ropdesk's columns: `students` students, a class (and its
    teacher) per `per_class` of them, one enrollment each, demographics for all; `prefix`
    makes its people and classes another district's (the orgs and sessions are shared)."""
    x, classes = prefix, -(-students // per_class)
    class_rows = "".join(
        f"{x}K{k},,,Welding {k},,C1,{x}K{k},scheduled,,S1,T1,,,\n" for k in range(classes)
    )
    teachers = "".join(
        f"{x}U{k},,,true,S1,teacher,{x}teach{k},,Teacher,N{k},,,t{k}@example.org,,,,,\n"
        for k in range(classes)
    )
    pupils = "".join(
        f'{x}P{n},,,true,"S1,D1",student,{x}p{n},{{SSID:{len(x)}{n:09d}}},Pat,N{n},,,,,,,11,\n'
        for n in range(students)
    )
    enrollments = "".join(
        f"{x}ET{k},,,{x}K{k},S1,{x}U{k},teacher,true,,\n" for k in range(classes)
    ) + "".join(
        f"{x}E{n},,,{x}K{n // per_class},S1,{x}P{n},student,false,2026-08-19,\n"
        for n in range(students)
    )
    demographics = "".join(
        f"{x}P{n},,,2010-03-01,female,false,false,false,false,true,false,false,,,,\n"
        for n in range(students)
    )
    files = {
        "manifest.csv": MANIFEST.format(mode="bulk"),
        "orgs.csv": ORGS,
        "academicSessions.csv": SESSIONS,
        "courses.csv": COURSES,
        "classes.csv": CLASS_HEADER + class_rows,
        "users.csv": USER_HEADER + teachers + pupils,
        "enrollments.csv": ENROLLMENT_HEADER + enrollments,
        "demographics.csv": DEMOGRAPHICS_HEADER + demographics,
    }
    return {name: text.encode() for name, text in files.items()}


def run(files: dict[str, bytes], feed: Feed) -> tuple[int, dict]:
    job = ImportJob.objects.create(kind="oneroster", file_name="p.zip", content=b"", sha256="-")
    with CaptureQueriesContext(connection) as queries:
        outcome = oneroster_import(files=files, actor=None, audit_obj=job, feed=feed)
    return len(queries), outcome.counts


def test_the_queries_of_an_import_do_not_grow_with_its_rows():
    run(county_package(5), Feed.objects.create(code="a", name="A"))  # orgs, sessions, course
    small, _counts = run(county_package(20, prefix="B"), Feed.objects.create(code="b", name="B"))

    large, counts = run(county_package(80, prefix="CC"), Feed.objects.create(code="c", name="C"))

    assert counts["enrollments.csv"]["created"] == 80  # the teachers' rows name the instructor
    assert counts["users.csv"]["created"] == 80 + 8
    # Four times the people, classes and enrollments (60 more students, 6 more classes and
    # teachers): no query per row. A couple of queries may differ between two runs (the
    # database cache's own housekeeping when the ADA version moves), never one per row.
    assert large - small <= 3, (small, large)


def test_every_rostered_enrollment_has_its_events_audit_record_and_seat():
    feed = Feed.objects.create(code="a", name="A")

    _queries, counts = run(county_package(25, per_class=25), feed)

    enrollments = Enrollment.objects.all()
    assert counts["enrollments.csv"]["created"] == 25
    assert enrollments.filter(status="enrolled").count() == 25
    # enrollment_roster's events: admitted, then enrolled; and its audit record.
    for enrollment in enrollments:
        assert list(enrollment.events.order_by("pk").values_list("from_status", "to_status")) == [
            ("", "admitted"),
            ("admitted", "enrolled"),
        ]
        assert enrollment.grade_9_12 is True
        # The grade of the enrollment's year, which the district return files read.
        assert enrollment.grade_level == enrollment.student.grade_level != ""
        assert enrollment.enrolled_on.isoformat() == "2026-08-19"
    assert AuditEvent.objects.filter(action="enrollment_enrolled").count() == 25
    assert set(
        AuditEvent.objects.filter(action="enrollment_enrolled").values_list("object_id", flat=True)
    ) == {str(pk) for pk in enrollments.values_list("pk", flat=True)}
    # The feed owns what it created, found again by its sourcedIds next time.
    assert FeedRecord.objects.filter(feed=feed, kind="student", owner=True).count() == 25
    assert FeedRecord.objects.filter(feed=feed, kind="class", owner=True).count() == 1


def test_a_full_class_waitlists_in_file_order_and_the_same_package_again_changes_nothing():
    feed = Feed.objects.create(code="a", name="A")
    files = county_package(32, per_class=32)  # the new section's capacity is 30

    _queries, counts = run(files, feed)
    events = EnrollmentEvent.objects.count()
    audits = AuditEvent.objects.count()

    assert Enrollment.objects.filter(status="enrolled").count() == 30
    waitlisted = Enrollment.objects.filter(status="waitlisted")
    assert sorted(waitlisted.values_list("student__local_id", flat=True)) == ["P30", "P31"]
    assert all(e.enrolled_on is None and e.priority for e in waitlisted)

    _queries, again = run(files, feed)

    changed = {f: (c["created"], c["updated"]) for f, c in again.items()}
    assert all(n == (0, 0) for n in changed.values()), changed
    assert EnrollmentEvent.objects.count() == events
    assert AuditEvent.objects.count() == audits + 1  # the import's own record


def test_students_written_a_part_at_a_time_make_the_queries_of_one_bulk_write(monkeypatch):
    """A county's students are written as they are compared, a whole number of the database's
    insert batches at a time (and let go of but for what the enrollments read): the same
    INSERTs as one bulk_create of them all, every value written."""
    import math

    from ropdesk.core.models import Student
    from ropdesk.interop import importer

    monkeypatch.setattr(importer, "BATCH", 60)
    written: list[int] = []
    flush_new = importer.Writes.flush_new

    def spy(self: importer.Writes) -> list:
        objs = flush_new(self)
        written.append(len(objs))
        return objs

    monkeypatch.setattr(importer.Writes, "flush_new", spy)
    run(county_package(5), Feed.objects.create(code="a", name="A"))  # orgs, sessions, course
    written.clear()
    job = ImportJob.objects.create(kind="oneroster", file_name="p.zip", content=b"", sha256="-")
    feed = Feed.objects.create(code="b", name="B")

    with CaptureQueriesContext(connection) as queries:
        oneroster_import(
            files=county_package(100, prefix="B"), actor=None, audit_obj=job, feed=feed
        )

    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "core_student"')]
    fields = [f for f in Student._meta.concrete_fields if not f.generated and f.name != "id"]
    batch = min(60, max(connection.ops.bulk_batch_size(fields, [None] * 60), 1))
    assert len(inserts) == math.ceil(100 / batch)
    assert sum(written) >= 60  # written before the last row was compared
    students = Student.objects.filter(local_id__startswith="BP")
    assert students.count() == 100
    assert set(
        students.values_list("grade_level", "birth_date", "sex", "district_of_residence__code")
    ) == {("11", date(2010, 3, 1), "F", "1964725")}  # a feed's district: its CDS code
    enrollments = Enrollment.objects.filter(student__in=students)
    assert enrollments.count() == 100
    assert set(enrollments.values_list("grade_9_12", "grade_level", "status")) == {
        (True, "11", "enrolled")
    }
