# ruff: noqa: E501 -- the CSV fixtures are clearer one record to a line
"""Importing a hand-made OneRoster 1.1 package: every file, every class of error, BOM, delta."""

from __future__ import annotations

import pytest

from ropdesk.catalog.models import Course
from ropdesk.core.models import Guardianship, ImportJob, Organization, RoleAssignment, Student, User
from ropdesk.enrollment.models import Enrollment
from ropdesk.interop.importer import Rejected, oneroster_import
from ropdesk.scheduling.models import Holiday, SchoolYear, Section, Term

pytestmark = pytest.mark.django_db

MANIFEST = """propertyName,value
manifest.version,1.0
oneroster.version,1.1
file.academicSessions,{mode}
file.categories,absent
file.classes,{mode}
file.classResources,absent
file.courses,{mode}
file.courseResources,absent
file.demographics,{mode}
file.enrollments,{mode}
file.lineItems,absent
file.orgs,{mode}
file.resources,absent
file.results,absent
file.users,{mode}
"""
ORGS = """sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
ROP,,,Harbor ROP,local,,
D1,,,Harbor Unified,district,1964725,ROP
S1,,,Harbor High,school,1964725123,D1
"""
SESSIONS = """sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear,metadata.ropdesk.holidays
Y27,,,2026-2027,schoolYear,2026-08-19,2027-06-10,,2027,"2026-09-07 Labor Day,2026-11-11 Veterans Day"
T1,,,Fall,term,2026-08-19,2027-01-22,Y27,2027,
"""
COURSES = """sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes,metadata.ropdesk.pathway,metadata.ropdesk.hours,metadata.ropdesk.modes
MED1,,,,Medical Assisting,MED1,,ROP,,,198,180,"classroom,community_classroom"
"""
CLASSES = """sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods,metadata.ropdesk.mode,metadata.ropdesk.days,metadata.ropdesk.startTime,metadata.ropdesk.endTime,metadata.ropdesk.capacity
MED1-F1,,,Medical Assisting,,MED1,MED1-F1,scheduled,Room 4,S1,T1,,,,community_classroom,"Mon,Wed",14:00,16:30,24
"""
USERS = """sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,metadata.ropdesk.programs
T-9,,,true,S1,teacher,jrivera,,Julia,Rivera,,,jrivera@harbor.example,,,,,,
ST-1,,,true,"S1,D1",student,ana,{SSID:1234567890},Ana,Lopez,María,ST-1,,,,G-1,11,,"iep,english_learner"
ST-2,,,true,D1,student,ben,,Ben,Oduya,,ST-2,,,,,,,"calworks"
G-1,,,true,S1,parent,rlopez,,Rosa,Lopez,,,rosa@example.org,,555-0100,ST-1,,,
"""
ENROLLMENTS = """sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
E-T,,,MED1-F1,S1,T-9,teacher,true,,
E-1,,,MED1-F1,S1,ST-1,student,false,2026-08-19,
E-2,,,MED1-F1,S1,ST-2,student,false,2026-08-19,
"""
DEMOGRAPHICS = """sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus
ST-1,,,2010-03-01,female,false,false,false,false,true,false,true,,,,
ST-2,,,1990-05-20,male,false,true,true,false,false,true,false,,,,
"""


def package(mode: str = "bulk", **replace: str | None) -> dict[str, bytes]:
    files: dict[str, str | None] = {
        "manifest.csv": MANIFEST.format(mode=mode),
        "orgs.csv": ORGS,
        "academicSessions.csv": SESSIONS,
        "courses.csv": COURSES,
        "classes.csv": CLASSES,
        "users.csv": USERS,
        "enrollments.csv": ENROLLMENTS,
        "demographics.csv": DEMOGRAPHICS,
    }
    for name, text in replace.items():
        files[f"{name}.csv"] = text
    return {name: text.encode() for name, text in files.items() if text is not None}


def run(files: dict[str, bytes]):
    job = ImportJob.objects.create(kind="oneroster", file_name="p.zip", content=b"", sha256="-")
    return oneroster_import(files=files, actor=None, audit_obj=job)


def problems_of(files: dict[str, bytes]) -> list[tuple[str, int, str, str]]:
    with pytest.raises(Rejected) as rejected:
        run(files)
    return [(p.file, p.row, p.column, p.reason) for p in rejected.value.problems]


def test_a_package_with_every_file_creates_the_roster():
    outcome = run(package())

    assert set(Organization.objects.values_list("code", "kind")) == {
        ("ROP", "county"),
        ("D1", "district"),
        ("S1", "school"),
    }
    year = SchoolYear.objects.get()
    assert (year.name, year.first_instruction_day.isoformat()) == ("2026-2027", "2026-08-19")
    assert Holiday.objects.count() == 2
    assert Term.objects.get().name == "Fall"
    assert Course.objects.get().allowed_modes() == ["classroom", "community_classroom"]
    section = Section.objects.get(code="MED1-F1")
    assert (section.mode, section.days, section.capacity) == ("community_classroom", "Mon,Wed", 24)
    assert section.instructor.username == "jrivera"
    assert section.meetings.count() > 0  # section_create generated them
    assert RoleAssignment.objects.filter(user__username="jrivera", role="instructor").exists()
    ana = Student.objects.get(local_id="ST-1")
    assert (ana.statewide_id, ana.grade_level, ana.is_high_school) == ("1234567890", "11", True)
    assert (ana.school_of_attendance.code, ana.district_of_residence.code) == ("S1", "D1")
    assert (ana.has_iep, ana.english_learner, ana.calworks) == (True, True, False)
    assert (ana.sex, ana.races, ana.hispanic_latino) == ("F", ["700"], True)
    ben = Student.objects.get(local_id="ST-2")
    assert (ben.grade_level, ben.is_high_school, ben.school_of_attendance) == ("AD", False, None)
    assert (ben.sex, sorted(ben.races), ben.calworks) == ("M", ["200", "600"], True)
    guardian = Guardianship.objects.get()
    assert (guardian.student, guardian.name, guardian.phone) == (ana, "Rosa Lopez", "555-0100")
    assert Enrollment.objects.filter(section=section, status="enrolled").count() == 2
    assert Enrollment.objects.get(student=ana).grade_9_12 is True
    assert outcome.counts["users.csv"]["created"] == 4  # teacher, two students, a guardianship


def test_importing_the_same_package_twice_changes_nothing():
    run(package())
    users = User.objects.count()

    outcome = run(package())

    assert not outcome.changed, outcome.counts
    assert outcome.counts["enrollments.csv"]["unchanged"] == 3
    assert User.objects.count() == users


def test_a_utf8_bom_is_skipped():
    files = package()
    files["orgs.csv"] = "\ufeff".encode() + files["orgs.csv"]
    files["manifest.csv"] = "\ufeff".encode() + files["manifest.csv"]

    run(files)

    assert Organization.objects.filter(code="ROP").exists()


def test_a_row_that_is_not_csv_is_named_with_its_row_and_nothing_is_saved():
    # A field longer than Python's csv field limit (131,072 characters) stops the reader.
    huge = "x" * 200_000
    files = package(users=USERS.replace("Ben,Oduya", f"Ben,{huge}"))

    [(file, row, column, reason)] = problems_of(files)

    assert (file, row, column) == ("users.csv", 4, "")
    assert reason.startswith("Row 4 cannot be read as CSV: field larger than field limit")
    assert Organization.objects.count() == 0


def test_a_row_keeps_its_values_by_column_as_a_dict_would():
    from ropdesk.interop.reader import Values, read_package

    users = read_package(package()).rows("users.csv")
    ana = next(r for r in users if r.sid == "ST-1")

    assert ana.get("givenName") == "Ana" and ana.values["familyName"] == "Lopez"
    assert "metadata.ropdesk.programs" in ana.values and "metadata.other" not in ana.values
    assert ana.get("metadata.other") == "" and ana.values.get("metadata.other") is None
    ana.values["metadata.other"] = "added"
    ana.values["givenName"] = "Anna"
    assert dict(ana.values)["metadata.other"] == "added" and ana.get("givenName") == "Anna"
    assert len(ana.values) == len(list(ana.values)) == USERS.splitlines()[0].count(",") + 2
    # every row of the file shares one column index
    kept = [r.values for r in users if isinstance(r.values, Values)]
    assert len(kept) == len(users)
    assert len({id(v._columns) for v in kept}) == 1  # noqa: SLF001


def test_an_enrollment_row_is_kept_lean_and_reads_as_a_record():
    from ropdesk.interop.reader import LeanRecord, read_package

    files = package(
        enrollments=ENROLLMENTS.replace(
            "student,false,2026-08-19,\nE-2", "STUDENT,false,2026-08-19,\nE-2"
        )
    )
    rows = read_package(files).rows("enrollments.csv")

    assert all(isinstance(r, LeanRecord) for r in rows)
    e1 = next(r for r in rows if r.get("userSourcedId") == "ST-1")
    assert (e1.file, e1.row, e1.deleted) == ("enrollments.csv", 3, False)
    assert e1.get("classSourcedId") == "MED1-F1" and e1.get("metadata.other") == ""
    # the parsers' values, the vocabulary's spelling put back in the cell
    assert (e1.role, e1.primary, e1.begin.isoformat(), e1.end, e1.status) == (
        "student",
        False,
        "2026-08-19",
        None,
        "",
    )
    assert e1.parsed["role"] == e1.get("role") == e1.values["role"] == "student"
    assert e1.begin is next(r for r in rows if r.get("userSourcedId") == "ST-2").begin  # one date


def test_an_enrollments_file_cut_by_a_bad_row_names_that_row_alone():
    huge = "x" * 200_000
    enrollments = (
        ENROLLMENTS.replace("2026-08-19,\nE-2", "2026-02-30,\nE-1")
        + f"E-3,,,{huge},S1,ST-2,student,false,,\n"
    )

    # the bad date and the repeated sourcedId before the unreadable row are not listed: the file
    # is not read, as any other file cut by a row Python's CSV reader cannot read
    [(file, row, column, reason)] = problems_of(package(enrollments=enrollments))

    assert (file, row, column) == ("enrollments.csv", 5, "")
    assert reason.startswith("Row 5 cannot be read as CSV")


def test_an_enrollments_file_lists_its_problems_and_warnings_as_the_other_files():
    enrollments = (
        ENROLLMENTS.replace("2026-08-19,\nE-2", "2026-02-30,\nE-1").replace(
            "E-T,,", "E-T,tobedeleted,"
        )
        + "E-4,,,MED1-F1,S1,ST-2,learner,maybe,,\n"
    )

    assert problems_of(package(enrollments=enrollments)) == [
        ("enrollments.csv", 3, "beginDate", "“2026-02-30” is not a date YYYY-MM-DD."),
        ("enrollments.csv", 4, "sourcedId", "Row 3 already has this sourcedId."),
        ("enrollments.csv", 5, "primary", "Give true or false."),
        (
            "enrollments.csv",
            5,
            "role",
            "“learner” is not one of: student, teacher, administrator, proctor, aide, guardian, parent.",
        ),
    ]


def test_a_bulk_enrollments_row_to_be_deleted_is_listed_and_not_kept():
    from ropdesk.interop.reader import read_package

    read = read_package(package(enrollments=ENROLLMENTS.replace("E-2,,", "E-2,tobedeleted,")))

    assert [r.row for r in read.rows("enrollments.csv")] == [2, 3]
    assert [(w.file, w.row, w.column) for w in read.warnings] == [("enrollments.csv", 4, "status")]
    assert not read.problems


def test_an_invalid_package_is_rejected_whole_with_every_problem_listed():
    files = package(
        # the manifest names demographics.csv, which is missing
        demographics=None,
        # wrong header order
        courses=COURSES.replace("title,courseCode", "courseCode,title"),
        # an unknown sourcedId and a bad date
        enrollments=ENROLLMENTS.replace("S1,ST-2", "S1,ST-99").replace(
            "2026-08-19,\nE-2", "2026-02-30,\nE-2"
        ),
    )

    assert problems_of(files) == [
        (
            "manifest.csv",
            10,
            "value",
            "The manifest declares demographics.csv (bulk) but the package has no such file.",
        ),
        (
            "courses.csv",
            1,
            "title",
            "Column 5 must be “title” (found “courseCode”): the standard columns come first, in the order of the specification.",
        ),
        ("enrollments.csv", 3, "beginDate", "“2026-02-30” is not a date YYYY-MM-DD."),
    ]
    assert Organization.objects.count() == 0


def test_references_are_checked_only_when_the_files_themselves_are_sound():
    files = package(enrollments=ENROLLMENTS.replace("S1,ST-2", "S1,ST-99"))

    assert problems_of(files) == [
        (
            "enrollments.csv",
            4,
            "userSourcedId",
            "No record has the sourcedId “ST-99”, in this package or in ropdesk.",
        ),
    ]
    assert Student.objects.count() == 0


def test_a_delta_package_updates_and_removes():
    run(package())
    ana = Student.objects.get(local_id="ST-1")
    delta = {
        "manifest.csv": MANIFEST.format(mode="absent")
        .replace("file.users,absent", "file.users,delta")
        .replace("file.enrollments,absent", "file.enrollments,delta"),
        "users.csv": USERS.splitlines()[0]
        + "\n"
        + 'ST-1,active,2026-09-01T10:00:00Z,true,"S1,D1",student,ana,{SSID:1234567890},Ana,Lopez-Diaz,María,ST-1,,,,G-1,12,,iep\n'
        + "G-1,tobedeleted,2026-09-01T10:00:00Z,true,S1,parent,rlopez,,Rosa,Lopez,,,,,,ST-1,,,\n",
        "enrollments.csv": ENROLLMENTS.splitlines()[0]
        + "\n"
        + "E-2,tobedeleted,2026-09-01T10:00:00Z,MED1-F1,S1,ST-2,student,false,2026-08-19,\n",
    }

    outcome = run({k: v.encode() for k, v in delta.items()})

    ana.refresh_from_db()
    assert (ana.legal_last_name, ana.grade_level, ana.english_learner) == (
        "Lopez-Diaz",
        "12",
        False,
    )
    assert Guardianship.objects.count() == 0
    assert not Enrollment.objects.filter(student__local_id="ST-2").exists()
    assert outcome.counts["enrollments.csv"]["deleted"] == 1


def test_a_delta_row_needs_status_and_date_last_modified():
    files = package("delta")

    found = problems_of(files)

    assert (
        "orgs.csv",
        2,
        "status",
        "In a delta file status must be active or tobedeleted.",
    ) in found
    assert (
        "orgs.csv",
        2,
        "dateLastModified",
        "In a delta file dateLastModified must be a date-time (ISO 8601).",
    ) in found


def test_removing_a_student_with_attendance_ends_the_enrollment_instead():
    from datetime import time

    from ropdesk.attendance.models import AttendanceRecord

    run(package())
    enrollment = Enrollment.objects.get(student__local_id="ST-2")
    meeting = enrollment.section.meetings.first()
    assert meeting is not None
    AttendanceRecord.objects.create(
        enrollment=enrollment,
        meeting=meeting,
        arrived=time(14),
        departed=time(16),
        credited_minutes=120,
    )
    delta = {
        "manifest.csv": MANIFEST.format(mode="absent").replace(
            "file.users,absent", "file.users,delta"
        ),
        "users.csv": USERS.splitlines()[0]
        + "\n"
        + "ST-2,tobedeleted,2026-09-01T10:00:00Z,true,D1,student,ben,,Ben,Oduya,,ST-2,,,,,,,\n",
    }

    outcome = run({k: v.encode() for k, v in delta.items()})

    enrollment.refresh_from_db()
    assert enrollment.status == "dropped"
    assert Student.objects.filter(local_id="ST-2").exists()
    assert outcome.counts["users.csv"]["kept"] == 1
    assert outcome.counts["enrollments.csv"]["ended"] == 1


def test_an_update_by_the_import_moves_updated_at_so_api_clients_see_it(_frozen_clock):
    """modified_since (docs/api.md) finds what the import changed: a partial save must move
    the auto_now stamp too."""
    from datetime import timedelta

    from ropdesk.core.models import Student

    run(package())
    before = Student.objects.get(local_id="ST-1").updated_at
    _frozen_clock.shift(timedelta(hours=1))  # the suite's clock (conftest.py)
    run(package(users=USERS.replace("Ana,Lopez", "Anita,Lopez")))
    after = Student.objects.get(local_id="ST-1")
    assert after.legal_first_name == "Anita"
    assert after.updated_at >= before + timedelta(hours=1)
