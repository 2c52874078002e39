# ruff: noqa: E501 -- the CSV rows are clearer one record to a line
"""Issue 13: real district files. Security first (each asserting that nothing changed), then
what was too strict or wrong, with files shaped the way SIS exports write them."""

from __future__ import annotations

import io
import zipfile
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from ropdesk.attendance.services import attendance_mark
from ropdesk.catalog.models import Course
from ropdesk.core import access
from ropdesk.core.models import (
    Guardianship,
    ImportJob,
    Organization,
    Role,
    RoleAssignment,
    Student,
    User,
)
from ropdesk.core.tests import factories as f
from ropdesk.enrollment.models import Enrollment
from ropdesk.interop import services
from ropdesk.interop.importer import Rejected, oneroster_import
from ropdesk.interop.models import Feed, FeedRecord
from ropdesk.interop.reader import files_of
from ropdesk.interop.tests.test_oneroster_import import (
    CLASSES,
    DEMOGRAPHICS,
    ENROLLMENTS,
    ORGS,
    USERS,
    package,
)
from ropdesk.scheduling.models import SchoolYear, Section, Term

pytestmark = pytest.mark.django_db

PACKAGES = Path(__file__).parent / "packages"
USERS_HEADER = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"


def run(files: dict[str, bytes], **options: Any):
    job = ImportJob.objects.create(kind="oneroster", file_name="p.zip", content=b"", sha256="-")
    return oneroster_import(files=files, actor=None, audit_obj=job, **options)


def problems_of(files: dict[str, bytes], **options: Any) -> list[tuple[str, int, str, str]]:
    with pytest.raises(Rejected) as rejected:
        run(files, **options)
    return [(p.file, p.row, p.column, p.reason) for p in rejected.value.problems]


def picture() -> list[Any]:
    """Every account, role and guardianship as values: equal before and after = nothing changed."""
    return [
        list(
            User.objects.order_by("pk").values_list(
                "username", "first_name", "last_name", "email", "is_active", "password"
            )
        ),
        list(
            RoleAssignment.objects.order_by("pk").values_list("user_id", "role", "organization_id")
        ),
        list(Guardianship.objects.order_by("pk").values_list("student_id", "user_id", "name")),
        list(
            Student.objects.order_by("pk").values_list(
                "local_id", "legal_last_name", "statewide_id"
            )
        ),
    ]


def feed(code: str = "abc", name: str = "ABC Unified feed") -> Feed:
    return Feed.objects.create(code=code, name=name)


# --- security and privacy ------------------------------------------------------------------------


@pytest.mark.parametrize("with_feed", [False, True])
def test_a_teacher_row_with_the_username_of_an_administrator_changes_nothing(with_feed):
    admin = f.user("admin", role=Role.ADMINISTRATOR, email="admin@rop.example", first_name="Ada")
    before = picture()
    users = USERS.replace(
        "T-9,,,true,S1,teacher,jrivera,,Julia,Rivera,,,jrivera@harbor.example",
        "T-9,,,false,S1,teacher,admin,,Mallory,Evil,,,mallory@evil.example",
    )

    problems = problems_of(package(users=users), feed=feed() if with_feed else None)

    assert ("users.csv", 2, "username") in [p[:3] for p in problems]
    assert picture() == before
    admin.refresh_from_db()
    assert (admin.email, admin.is_active, admin.first_name) == ("admin@rop.example", True, "Ada")


def test_a_feed_never_matches_an_instructor_account_by_username():
    f.user("jrivera", role=Role.INSTRUCTOR, email="julia@rop.example")
    before = picture()

    problems = problems_of(package(), feed=feed())

    assert problems[0][:3] == ("users.csv", 2, "username")
    assert "never matches a person by username" in problems[0][3]
    assert picture() == before


def test_a_teacher_the_feed_created_is_updated_but_a_staff_role_later_freezes_it():
    abc = feed()
    run(package(), feed=abc)
    teacher = User.objects.get(username="jrivera")
    RoleAssignment.objects.create(user=teacher, role=Role.ADMINISTRATOR)
    before = picture()

    problems = problems_of(
        package(users=USERS.replace("jrivera@harbor.example", "x@evil.example")), feed=abc
    )

    assert (
        "users.csv",
        2,
        "username",
        "The account “jrivera” holds a staff role; a roster file cannot change it.",
    ) in problems
    assert picture() == before


def test_a_guardian_row_never_links_an_account_by_username():
    other_parent = f.user("rlopez", role=Role.PARENT)
    their_child = f.student(first="Other", last="Child")
    f.guardian_of(their_child, other_parent, name="Rosa Lopez (other)")

    run(package())

    guardianship = Guardianship.objects.get(student__local_id="ST-1")
    assert (guardianship.name, guardianship.user) == ("Rosa Lopez", None)
    assert list(access.students_visible_to(other_parent)) == [their_child]


def test_a_tobedeleted_row_in_a_bulk_file_removes_nothing():
    run(package())
    before = (Student.objects.count(), Enrollment.objects.count(), Section.objects.count())
    users = USERS.replace("ST-2,,,true", "ST-2,tobedeleted,2026-10-01T00:00:00Z,true")
    classes = CLASSES.replace("MED1-F1,,,", "MED1-F1,inactive,2026-10-01T00:00:00Z,")

    outcome = run(package(users=users, classes=classes))

    assert (Student.objects.count(), Enrollment.objects.count(), Section.objects.count()) == before
    assert {(w.file, w.row, w.column) for w in outcome.warnings} == {
        ("users.csv", 4, "status"),
        ("classes.csv", 2, "status"),
    }


def test_every_import_records_its_feed_and_the_feed_owns_what_it_created():
    abc = feed()
    job = services.oneroster_import_create(
        actor=None, file_name="abc.zip", data=services.zip_of(package()), feed=abc
    )

    services.oneroster_import_run(job=job, actor=None)

    job.refresh_from_db()
    assert (job.status, services.feed_of(job)) == ("done", abc)
    student = Student.objects.get(local_id="ST-1")
    assert FeedRecord.objects.get(kind="student", object_id=student.pk).feed == abc


def users_only(users: str) -> dict[str, bytes]:
    """A package of orgs and users only (the other files declared absent)."""
    manifest = package()["manifest.csv"].decode().replace("bulk", "absent")
    manifest = manifest.replace("file.orgs,absent", "file.orgs,bulk").replace(
        "file.users,absent", "file.users,bulk"
    )
    return {
        "manifest.csv": manifest.encode(),
        "orgs.csv": ORGS.encode(),
        "users.csv": users.encode(),
    }


def test_another_feed_cannot_change_a_student_it_does_not_own():
    run(package(), feed=feed("abc", "ABC"))
    before = picture()
    other = USERS_HEADER + "X-7,,,true,S1,student,ana2,{SSID:1234567890},Ana,Changed,,X-7,,,,,11,\n"

    problems = problems_of(users_only(other), feed=feed("xyz", "XYZ Unified"))

    assert (
        "users.csv",
        2,
        "userIds",
        "This record belongs to the district feed “ABC”; a feed changes only the records it owns.",
    ) in problems
    assert picture() == before


# --- too strict, or wrong ------------------------------------------------------------------------


def test_spec_values_in_other_casing_and_org_types_are_accepted():
    orgs = (
        ORGS
        + "CDE,,,California Department of Education,state,,\nUS,,,US,national,,\nDEP,,,Health Careers,department,,S1\n"
    )
    users = USERS.replace("T-9,,,true", "T-9,,,TRUE").replace("ST-2,,,true", "ST-2,,,True")
    classes = CLASSES.replace(",scheduled,", ",Scheduled,")
    enrollments = ENROLLMENTS.replace("teacher,true", "Teacher,TRUE")
    files = package(orgs=orgs, users=users, classes=classes, enrollments=enrollments)
    files = {
        name.lower() if name != "academicSessions.csv" else "AcademicSessions.CSV": data
        for name, data in files.items()
    }

    run(files)

    assert Organization.objects.get(code="CDE").kind == "county"
    assert not Organization.objects.filter(code="DEP").exists()  # read as its school
    assert Section.objects.get(code="MED1-F1").instructor.username == "jrivera"


def test_a_school_without_a_district_and_a_term_without_a_school_year_are_accepted():
    orgs = ORGS.replace(
        "S1,,,Harbor High,school,1964725123,D1", "S1,,,Harbor High,school,1964725123,"
    )
    sessions = "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\nT1,,,Fall,semester,2026-08-19,2027-01-22,,2027\n"

    run(package(orgs=orgs, academicSessions=sessions))

    assert Organization.objects.get(code="S1").parent is None
    term = Term.objects.get(name="Fall")
    assert (term.school_year.name, term.school_year.first_instruction_day) == (
        "2026-2027",
        date(2026, 8, 19),
    )


def test_a_course_and_class_without_extension_columns_are_created_needing_setup():
    courses = "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes\nMED1,,,,Medical Assisting,MED1,,ROP,,\n"
    classes = "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\nMED1-F1,,,Medical Assisting,,MED1,MED1-F1,scheduled,Room 4,S1,T1,,,\n"

    run(package(courses=courses, classes=classes))

    course = Course.objects.get(code="MED1")
    section = Section.objects.get(code="MED1-F1")
    assert (course.needs_setup, course.setup_missing()) == (True, ["pathway", "hours"])
    assert (section.needs_setup, section.meetings.count(), section.mode) == (True, 0, "classroom")
    assert Enrollment.objects.filter(section=section, status="enrolled").count() == 2


def test_attendance_is_refused_and_earns_no_ada_until_the_section_is_set_up():
    from ropdesk.interop.setup import section_setup_complete

    sec = f.section()
    child = f.student()
    enrollment = f.enroll(child, sec)
    meeting = sec.meetings.earliest("date")
    sec.needs_setup = True
    sec.save(update_fields=["needs_setup"])
    office = f.user(role=Role.ADMINISTRATOR)

    with pytest.raises(ValidationError, match="needs setup"):
        attendance_mark(
            actor=office,
            meeting=meeting,
            enrollment=enrollment,
            arrived=time(14),
            departed=time(16),
        )

    section_setup_complete(
        actor=office,
        section=sec,
        mode="classroom",
        days="Mon,Wed",
        start_time=time(14),
        end_time=time(16),
    )
    sec.refresh_from_db()
    assert sec.needs_setup is False
    attendance_mark(
        actor=office, meeting=meeting, enrollment=enrollment, arrived=time(14), departed=time(16)
    )


def test_a_section_that_needs_setup_earns_no_ada():
    """Nothing that needs the missing values runs: the ADA report leaves the section out."""
    from ropdesk.funding.queries import ada_report
    from ropdesk.scheduling.services import school_year_build_calendar

    sec = f.section()
    school_year_build_calendar(school_year=sec.term.school_year)
    enrollment = f.enroll(f.student(), sec)
    meeting = sec.meetings.earliest("date")
    attendance_mark(
        actor=None, meeting=meeting, enrollment=enrollment, arrived=time(14), departed=time(16)
    )
    minutes = ada_report(school_year=sec.term.school_year, period="annual").totals.minutes
    assert minutes == 120

    Section.objects.filter(pk=sec.pk).update(needs_setup=True)

    assert ada_report(school_year=sec.term.school_year, period="annual").totals.minutes == 0


def test_completing_a_course_sets_up_its_sections_and_generates_their_meetings():
    from ropdesk.catalog.models import Pathway
    from ropdesk.interop.setup import course_setup_complete, needs_setup_count

    classes = CLASSES.replace("MED1-F1,,,", "MED1-F1,,,")
    courses = "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes\nMED1,,,,Medical Assisting,MED1,,ROP,,\n"
    run(package(courses=courses, classes=classes.replace("community_classroom", "classroom")))
    section = Section.objects.get(code="MED1-F1")
    assert (section.needs_setup, needs_setup_count()) == (True, 2)

    course_setup_complete(
        actor=None,
        course=Course.objects.get(code="MED1"),
        pathway=Pathway.objects.get(code="198"),
        hours=180,
        modes=["classroom"],
    )

    section.refresh_from_db()
    assert (section.needs_setup, needs_setup_count()) == (False, 0)
    assert section.meetings.count() > 0


def test_students_without_demographics_are_matched_by_ssid_and_new_ones_have_no_birth_date():
    district = f.district()
    existing = f.student(district_org=district, statewide_id="1234567890", last="Lopez")
    born = existing.birth_date
    files = package(demographics=None)
    files["manifest.csv"] = files["manifest.csv"].replace(
        b"file.demographics,bulk", b"file.demographics,absent"
    )

    outcome = run(files)

    existing.refresh_from_db()
    assert (existing.legal_first_name, existing.birth_date) == ("Ana", born)
    assert outcome.counts["users.csv"]["matched"] == 1
    ben = Student.objects.get(local_id="ST-2")
    assert (ben.birth_date, ben.sex, ben.age_on(date(2026, 11, 2))) == (None, "", None)
    assert Enrollment.objects.filter(student=ben, status="enrolled").count() == 1


@pytest.mark.parametrize(
    ("grades", "level"),
    [
        ("09", "09"),
        ("9", "09"),
        ("11", "11"),
        ("Eleventh", "11"),
        ("Grade 12", "12"),
        ("KG", "AD"),
        ("13", "AD"),
        ("UG", "AD"),
        ("", "AD"),
    ],
)
def test_grade_spellings_of_the_vocabulary_and_of_real_files(grades, level):
    run(package(users=USERS.replace(",G-1,11,", f",G-1,{grades},")))

    assert Student.objects.get(local_id="ST-1").grade_level == level


def test_an_unknown_grade_is_refused_with_row_and_column():
    problems = problems_of(package(users=USERS.replace(",G-1,11,", ",G-1,Junior,")))

    assert problems == [
        (
            "users.csv",
            3,
            "grades",
            "“Junior” is not a grade (give 09-12, KG, 01-08, 13, PS, UG or Other).",
        )
    ]


def test_a_duplicate_ssid_in_the_file_is_a_problem_not_a_traceback():
    users = USERS.replace(
        "ST-2,,,true,D1,student,ben,,", "ST-2,,,true,D1,student,ben,{SSID:1234567890},"
    )
    job = services.oneroster_import_create(
        actor=None, file_name="dup.zip", data=services.zip_of(package(users=users))
    )

    services.oneroster_import_run(job=job, actor=None)

    assert job.status == ImportJob.Status.REJECTED
    assert job.errors == [
        {
            "file": "users.csv",
            "row": 4,
            "column": "userIds",
            "reason": "Row 3 already gives the SSID 1234567890.",
        }
    ]


def test_the_ssid_of_an_existing_other_student_is_a_problem_not_a_traceback():
    f.student(statewide_id="1234567890", last="Somebody")
    run(package(users=USERS.replace("{SSID:1234567890}", "")))  # ST-1 created without SSID

    problems = problems_of(package())

    assert problems[0][:3] == ("users.csv", 3, "userIds")
    assert "already the SSID of another student" in problems[0][3]


def test_orgs_with_guids_find_the_existing_district_and_school_by_cds_code():
    district = Organization.objects.create(kind="district", code="1964725", name="Harbor Unified")
    Organization.objects.create(
        kind="school", code="1964725123", name="Harbor High", parent=district
    )
    orgs = (
        ORGS.replace("D1,", "a3c1-guid-d1,")
        .replace(",D1\n", ",a3c1-guid-d1\n")
        .replace("S1,,,Harbor", "b7e2-guid-s1,,,Harbor")
    )
    text = {
        n: t.replace("S1", "b7e2-guid-s1")
        .replace('"b7e2-guid-s1,D1"', '"b7e2-guid-s1,a3c1-guid-d1"')
        .replace(",D1,", ",a3c1-guid-d1,")
        for n, t in {"users": USERS, "classes": CLASSES, "enrollments": ENROLLMENTS}.items()
    }

    outcome = run(package(orgs=orgs, **text), feed=feed())

    assert Organization.objects.filter(name="Harbor Unified").count() == 1
    assert Organization.objects.filter(name="Harbor High").count() == 1
    assert outcome.counts["orgs.csv"]["matched"] == 2
    assert Student.objects.get(legal_first_name="Ana").school_of_attendance.code == "1964725123"


def test_a_full_class_waitlists_the_rostered_student_and_a_removal_promotes_the_waitlist():
    classes = CLASSES.replace(",24\n", ",1\n")
    # two high-school students (an adult could not take a seat on a high-school campus)
    users = USERS.replace(
        "ST-2,,,true,D1,student,ben,,Ben,Oduya,,ST-2,,,,,,",
        "ST-2,,,true,D1,student,ben,,Ben,Oduya,,ST-2,,,,,12,",
    )
    demographics = DEMOGRAPHICS.replace("1990-05-20", "2009-05-20")
    run(package(classes=classes, users=users, demographics=demographics))
    section = Section.objects.get(code="MED1-F1")
    assert sorted(section.enrollments.values_list("status", flat=True)) == [
        "enrolled",
        "waitlisted",
    ]
    seated = section.enrollments.get(status="enrolled").student.local_id
    manifest = (
        package()["manifest.csv"]
        .decode()
        .replace("bulk", "absent")
        .replace("file.enrollments,absent", "file.enrollments,delta")
    )
    removal = f"sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\nE-x,tobedeleted,2026-10-20T00:00:00Z,MED1-F1,S1,{seated},student,false,,\n"

    run({"manifest.csv": manifest.encode(), "enrollments.csv": removal.encode()})

    assert list(section.enrollments.values_list("status", flat=True)) == ["enrolled"]
    assert section.enrollments.get().student.local_id != seated


def test_import_valid_rows_skips_an_enrollment_whose_role_does_not_fit():
    enrollments = ENROLLMENTS + "E-3,,,MED1-F1,S1,T-9,student,false,,\n"

    assert problems_of(package(enrollments=enrollments)) == [
        ("enrollments.csv", 5, "userSourcedId", "The user is not a student.")
    ]
    outcome = run(package(enrollments=enrollments), import_valid_rows=True)

    assert [(w.file, w.row, w.reason) for w in outcome.warnings] == [
        ("enrollments.csv", 5, "Skipped: The user is not a student.")
    ]
    assert outcome.counts["enrollments.csv"]["skipped"] == 1
    assert Enrollment.objects.count() == 2


def test_import_valid_rows_does_not_skip_a_broken_reference():
    enrollments = ENROLLMENTS.replace("S1,ST-2", "S1,ST-99")

    problems = problems_of(package(enrollments=enrollments), import_valid_rows=True)

    assert problems[0][:3] == ("enrollments.csv", 4, "userSourcedId")
    assert Student.objects.count() == 0


def test_a_dry_run_writes_nothing_and_says_what_would_happen():
    before = picture() + [
        Organization.objects.count(),
        Section.objects.count(),
        Enrollment.objects.count(),
    ]

    outcome = run(package(), dry_run=True)

    assert outcome.dry_run and outcome.counts["users.csv"]["created"] == 4
    assert (
        picture()
        + [Organization.objects.count(), Section.objects.count(), Enrollment.objects.count()]
        == before
    )


def test_the_command_dry_run_writes_nothing(tmp_path):
    for name, data in package().items():
        (tmp_path / name).write_bytes(data)
    out = io.StringIO()

    call_command("import_oneroster", str(tmp_path), "--dry-run", stdout=out)

    assert "dry run, nothing was written" in out.getvalue()
    assert "users.csv: 4 created" in out.getvalue()
    assert Student.objects.count() == 0


# --- a package in the style of a large SIS export ----------------------------------------------


@pytest.fixture
def abc_unified() -> dict[str, Any]:
    """What ropdesk already holds before ABC Unified's SIS feed first arrives: the district and
    school under their CDS codes, the ROP's Medical Assisting course, the school year, and two
    students who applied to the ROP (known by SSID)."""
    county = f.county()
    district = Organization.objects.create(
        kind="district", code="1964352", name="ABC Unified", parent=county
    )
    school = Organization.objects.create(
        kind="school", code="19643521930049", name="Artesia High", parent=district
    )
    course = f.course(title="Medical Assisting")
    Course.objects.filter(pk=course.pk).update(code="MEDASST")
    year = f.school_year()
    jasmine = f.student(
        district_org=district,
        school_org=school,
        statewide_id="4123456789",
        first="Jas",
        last="Nguyen",
        grade="09",
    )
    marcus = f.student(
        district_org=district,
        school_org=school,
        statewide_id="4198765432",
        first="Marcus",
        last="Brown",
        grade="10",
    )
    return {
        "district": district,
        "school": school,
        "year": year,
        "jasmine": jasmine,
        "marcus": marcus,
    }


def test_a_sis_style_package_imports(abc_unified):
    abc = feed()
    files = files_of(PACKAGES / "sis_bulk_1_1")

    outcome = run(files, feed=abc)

    assert Organization.objects.filter(name="ABC Unified").count() == 1
    assert Organization.objects.filter(name="Artesia High").count() == 1
    assert SchoolYear.objects.count() == 1
    assert outcome.counts["orgs.csv"] == {**outcome.counts["orgs.csv"], "matched": 3, "created": 0}
    jasmine = Student.objects.get(statewide_id="4123456789")
    assert (jasmine.pk, jasmine.legal_first_name, jasmine.grade_level) == (
        abc_unified["jasmine"].pk,
        "Jasmine",
        "09",
    )
    assert Student.objects.get(statewide_id="4198765432").grade_level == "11"
    medical = Section.objects.get(code="2c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f")
    assert (medical.course.code, medical.needs_setup, medical.setup_missing()) == (
        "MEDASST",
        True,
        ["meeting days and times"],
    )
    auto = Course.objects.get(code="7245")
    assert (auto.needs_setup, auto.title) == (True, "Automotive Technology 1")
    assert medical.instructor.username == "mgarcia@abcusd.example"
    assert medical.instructor.has_usable_password() is False
    assert Guardianship.objects.get(student=jasmine).name == "Hoa Nguyen"
    assert Enrollment.objects.filter(status="enrolled").count() == 2
    assert not User.objects.filter(username="dlee@abcusd.example").exists()  # staff: not granted

    again = run(files, feed=abc)
    assert not again.changed, {
        k: {a: n for a, n in c.items() if n} for k, c in again.counts.items()
    }


def test_the_sis_style_package_imports_into_a_county_that_has_none_of_its_students():
    """GUID ids, no extension columns, no demographics, upper-case booleans: into an empty
    county, its students are new, with the birth date unknown, and the office's needs-setup
    list holds them beside the courses and sections."""
    from ropdesk.interop.setup import needs_setup_count, students_needing_setup

    run(files_of(PACKAGES / "sis_bulk_1_1"), feed=feed())

    new = sorted(students_needing_setup().values_list("statewide_id", "birth_date", "sex"))
    assert new == [("4123456789", None, ""), ("4198765432", None, "")]
    assert Enrollment.objects.filter(status="enrolled").count() == 2
    assert (Course.objects.filter(needs_setup=True).count(), needs_setup_count()) == (2, 6)


def test_the_sis_package_from_a_zip_with_lower_case_names(abc_unified):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((PACKAGES / "sis_bulk_1_1").iterdir()):
            archive.write(path, f"export/{path.name}")
    run(files_of(buffer.getvalue()), feed=feed())

    assert Section.objects.count() == 2


def test_a_missing_file_says_which_file_was_looked_for():
    files = package()
    del files["users.csv"]
    enrollments = files.pop("enrollments.csv")
    files["Enrollments.CSV"] = enrollments

    problems = problems_of(files)

    assert problems[0] == (
        "manifest.csv",
        16,
        "value",
        "The manifest declares users.csv (bulk) but the package has no such file.",
    )


def test_demographics_of_staff_are_not_an_error():
    demographics = (
        DEMOGRAPHICS + "T-9,,,1980-01-01,female,false,false,false,false,true,false,false,,,,\n"
    )

    outcome = run(package(demographics=demographics))

    assert ("demographics.csv", 4) in {(w.file, w.row) for w in outcome.warnings}


def _admin_post(client: Any, section: Section, **changes: Any):
    fields = {
        "code": section.code,
        "course": section.course_id,
        "term": section.term_id,
        "site": section.site_id,
        "instructor": section.instructor_id or "",
        "mode": section.mode,
        "capacity": section.capacity,
        "days": section.days,
        "start_time": "",
        "end_time": "",
    }
    return client.post(f"/admin/scheduling/section/{section.pk}/change/", {**fields, **changes})


def test_a_section_that_needs_setup_saved_in_the_admin_keeps_needing_setup(client):
    """Saving an imported section's other fields in the admin (no pattern yet) is no error: it
    stays "needs setup", with no meetings, and the save is audited."""
    from ropdesk.core.models import AuditEvent

    classes = "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\nMED1-F1,,,Medical Assisting,,MED1,MED1-F1,scheduled,Room 4,S1,T1,,,\n"
    run(package(classes=classes))
    section = Section.objects.get(code="MED1-F1")
    client.force_login(f.user("boss", role=Role.ADMINISTRATOR))

    response = _admin_post(client, section, capacity=30)

    assert response.status_code == 302, response.content.decode()[:3000]
    section.refresh_from_db()
    assert (section.capacity, section.needs_setup, section.meetings.count()) == (30, True, 0)
    assert AuditEvent.objects.filter(action="section.change", object_id=str(section.pk)).exists()


def test_a_section_that_needs_setup_completed_in_the_admin_is_set_up_with_meetings(client):
    classes = "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\nMED1-F1,,,Medical Assisting,,MED1,MED1-F1,scheduled,Room 4,S1,T1,,,\n"
    run(package(classes=classes))
    section = Section.objects.get(code="MED1-F1")
    client.force_login(f.user("boss", role=Role.ADMINISTRATOR))

    response = _admin_post(
        client, section, mode="classroom", days="Tue, Thu", start_time="14:00", end_time="16:00"
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    section.refresh_from_db()
    assert (section.needs_setup, section.days) == (False, "Tue,Thu")
    assert {m.date.weekday() for m in section.meetings.all()} == {1, 3}


def test_the_admin_refuses_to_take_the_pattern_off_a_section_that_is_set_up(client):
    run(package())
    section = Section.objects.get(code="MED1-F1")
    client.force_login(f.user("boss", role=Role.ADMINISTRATOR))

    response = _admin_post(client, section, days="")

    assert response.status_code == 200
    assert "Give the meeting days, the start time and the end time" in response.content.decode()
    section.refresh_from_db()
    assert (section.days, section.needs_setup) == ("Mon,Wed", False)
