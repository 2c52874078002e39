# ruff: noqa: E501 -- the CSV rows are clearer one record to a line
"""Packages shaped the way other producers write OneRoster 1.1 CSV, none of them written for
ropdesk: a Windows SIS export (every field quoted, CRLF line ends, a UTF-8 byte-order mark, no
newline after the last row), a small LMS test bundle (blank dateLastModified in bulk files, a
semester whose parent is the school year, schools under a district), and a regional profile's
export that adds its own metadata columns and puts its schools under a `local` org.

Each must import as a district would send it: nothing to edit by hand, what only the ROP can
supply left in the "needs setup" list."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from ropdesk.catalog.models import Course
from ropdesk.core.models import ImportJob, Organization, Student
from ropdesk.enrollment.models import Enrollment
from ropdesk.interop.importer import oneroster_import
from ropdesk.interop.models import Feed
from ropdesk.scheduling.models import Section

pytestmark = pytest.mark.django_db

MANIFEST = [
    ("manifest.version", "1.0"),
    ("oneroster.version", "1.1"),
    ("file.academicSessions", "bulk"),
    ("file.categories", "absent"),
    ("file.classes", "bulk"),
    ("file.classResources", "absent"),
    ("file.courses", "bulk"),
    ("file.courseResources", "absent"),
    ("file.demographics", "bulk"),
    ("file.enrollments", "bulk"),
    ("file.lineItems", "absent"),
    ("file.orgs", "bulk"),
    ("file.resources", "absent"),
    ("file.results", "absent"),
    ("file.users", "bulk"),
]

ORGS = """sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
dist-77,,,Harbor Unified School District,district,1964000,
sch-1,,,Harbor High School,school,19640001930001,dist-77
"""
SESSIONS = """sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear
sy2627,,,2026-2027,schoolYear,2026-08-19,2027-06-10,,2027
fa26,,,Fall 2026,semester,2026-08-19,2027-01-22,sy2627,2027
"""
COURSES = """sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes
crs-welding,,,sy2627,Welding Technology,WELD1,"11,12",dist-77,Career Technical Education,
"""
CLASSES = """sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods
cls-weld-3,,,Welding Technology - Period 3,"11,12",crs-welding,WELD1-3,scheduled,Shop 4,sch-1,fa26,,,3
"""
USERS = """sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password
t-100,,,true,sch-1,teacher,jlee@harbor.example,,Jordan,Lee,,T100,jlee@harbor.example,,,,,
s-200,,,true,sch-1,student,ava.smith,{SSID:4011122233},Ava,Smith,,200200,ava.smith@students.harbor.example,,,,11,
s-201,,,true,sch-1,student,ben.okafor,{SSID:4011122234},Ben,Okafor,,200201,,,,,12,
"""
ENROLLMENTS = """sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
e-1,,,cls-weld-3,sch-1,t-100,teacher,true,,
e-2,,,cls-weld-3,sch-1,s-200,student,false,2026-08-19,
e-3,,,cls-weld-3,sch-1,s-201,student,false,2026-08-19,
"""
DEMOGRAPHICS = """sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus
s-200,,,2009-04-12,female,false,false,false,false,true,false,true,,,,
s-201,,,2008-11-30,male,false,false,true,false,false,false,false,,,,
"""


def _manifest(quote: bool = False) -> str:
    q = '"' if quote else ""
    rows = [f"{q}propertyName{q},{q}value{q}"] + [f"{q}{k}{q},{q}{v}{q}" for k, v in MANIFEST]
    return "\n".join(rows) + "\n"


def _plain() -> dict[str, str]:
    return {
        "manifest.csv": _manifest(),
        "orgs.csv": ORGS,
        "academicSessions.csv": SESSIONS,
        "courses.csv": COURSES,
        "classes.csv": CLASSES,
        "users.csv": USERS,
        "enrollments.csv": ENROLLMENTS,
        "demographics.csv": DEMOGRAPHICS,
    }


def _windows(text: str) -> bytes:
    """Every field quoted, CRLF, a byte-order mark, no newline after the last row."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().rstrip("\r\n").encode("utf-8")


def _import(files: dict[str, bytes]) -> Any:
    job = ImportJob.objects.create(
        kind="oneroster", file_name="harbor.zip", content=b"", sha256="-"
    )
    feed, _ = Feed.objects.get_or_create(code="harbor", defaults={"name": "Harbor Unified feed"})
    return oneroster_import(files=files, actor=None, audit_obj=job, feed=feed)


def _assert_imported() -> None:
    assert Organization.objects.filter(name="Harbor High School").count() == 1
    ava = Student.objects.get(legal_last_name="Smith")
    assert ava.grade_level == "11"
    section = Section.objects.get(course__title="Welding Technology")
    assert section.needs_setup  # meeting days and times come only from the ROP
    assert Course.objects.get(title="Welding Technology").needs_setup
    assert Enrollment.objects.filter(section=section).count() == 2


def test_a_small_lms_bundle_with_blank_dates_imports():
    _import({name: text.encode() for name, text in _plain().items()})
    _assert_imported()


def test_a_windows_sis_export_quoted_with_crlf_and_a_bom_imports():
    _import({name: _windows(text) for name, text in _plain().items()})
    _assert_imported()


def test_a_profile_with_its_own_metadata_columns_and_a_local_org_imports():
    files = _plain()
    files["orgs.csv"] = (
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId,metadata.jp.kanaName,metadata.jp.orgCode\n"
        "region-1,,,Harbor Region,local,,,,R1\n"
        "dist-77,,,Harbor Unified School District,district,1964000,region-1,,D77\n"
        "sch-1,,,Harbor High School,school,19640001930001,dist-77,,S1\n"
    )
    header, *rows = USERS.strip().split("\n")
    files["users.csv"] = (
        "\n".join([header + ",metadata.jp.homeClass"] + [row + ",3-B" for row in rows]) + "\n"
    )
    _import({name: text.encode() for name, text in files.items()})
    _assert_imported()


def _without_demographics() -> dict[str, bytes]:
    files = _plain()
    del files["demographics.csv"]
    files["manifest.csv"] = files["manifest.csv"].replace(
        "file.demographics,bulk", "file.demographics,absent"
    )
    return {name: text.encode() for name, text in files.items()}


def test_new_students_without_demographics_are_imported_with_the_birth_date_unknown():
    """OneRoster makes demographics optional: a package without them imports whole, its new
    students with no birth date and no sex, seated in their class like any other."""
    _import(_without_demographics())

    _assert_imported()
    assert list(
        Student.objects.order_by("legal_last_name").values_list("local_id", "birth_date", "sex")
    ) == [("s-201", None, ""), ("s-200", None, "")]


def test_students_without_a_birth_date_are_listed_on_needs_setup_and_the_office_enters_it(
    client,
):
    from ropdesk.core.models import AuditEvent, Role
    from ropdesk.core.tests import factories as f

    _import(_without_demographics())
    ava = Student.objects.get(local_id="s-200")
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))

    page = client.get("/interop/needs-setup/").content.decode()
    assert "Students without a birth date: 2" in page
    assert "Smith, Ava" in page and "Okafor, Ben" in page
    assert f"/interop/needs-setup/student/{ava.pk}/" in page

    refused = client.post(
        f"/interop/needs-setup/student/{ava.pk}/", {"birth_date": "2031-01-01", "sex": "F"}
    )
    assert refused.status_code == 200
    assert "A birth date cannot be in the future." in refused.content.decode()
    ava.refresh_from_db()
    assert ava.birth_date is None

    saved = client.post(
        f"/interop/needs-setup/student/{ava.pk}/", {"birth_date": "2009-04-12", "sex": "F"}
    )

    assert saved.status_code == 302 and saved["Location"] == "/interop/needs-setup/"
    ava.refresh_from_db()
    assert (str(ava.birth_date), ava.sex, ava.age_on(date(2026, 11, 2))) == ("2009-04-12", "F", 17)
    assert AuditEvent.objects.filter(
        action="student.setup_complete", object_id=str(ava.pk)
    ).exists()
    page = client.get("/interop/needs-setup/").content.decode()
    assert "Students without a birth date: 1" in page and "Smith, Ava" not in page
    assert client.get(f"/interop/needs-setup/student/{ava.pk}/").status_code == 404


def test_the_students_needing_setup_are_paged_at_a_constant_number_of_queries(
    client, django_assert_num_queries
):
    from ropdesk.core.models import Role
    from ropdesk.core.tests import factories as f

    office = f.user("office", role=Role.ADMINISTRATOR)
    client.force_login(office)

    def unknown(n: int) -> None:
        for _ in range(n):
            Student.objects.filter(pk=f.student().pk).update(birth_date=None)

    unknown(2)
    client.get("/interop/needs-setup/")  # warm the per-process caches
    with django_assert_num_queries(_count(client)) as small:
        client.get("/interop/needs-setup/")
    unknown(60)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get("/interop/needs-setup/").content.decode()
    assert "Students without a birth date: 62" in page and "Page 1 of 2" in page


def _count(client: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/interop/needs-setup/")
    return len(queries.captured_queries)


def test_a_year_long_class_whose_term_is_the_school_year_meets_all_year():
    """SIS exports name the schoolYear session itself in a year-long class's termSourcedIds.
    A section meets in one term, so the class gets the school year's "Year" term, from the
    first to the last day of instruction; set up, it meets in both semesters."""
    from ropdesk.catalog.models import Pathway
    from ropdesk.interop.setup import course_setup_complete, section_setup_complete
    from ropdesk.scheduling.models import Term

    files = _plain()
    files["classes.csv"] = CLASSES + (
        'cls-weld-yr,,,Welding Technology - Year,"11,12",crs-welding,WELD1-Y,scheduled,Shop 4,sch-1,sy2627,,,4\n'
    )
    _import({name: text.encode() for name, text in files.items()})

    year_long = Section.objects.get(code="cls-weld-yr")
    assert (year_long.term.name, str(year_long.term.school_year)) == ("Year", "2026-2027")
    assert (year_long.term.start_date, year_long.term.end_date) == (
        date(2026, 8, 19),
        date(2027, 6, 10),
    )
    assert Section.objects.get(code="cls-weld-3").term.name == "Fall 2026"
    course_setup_complete(
        actor=None,
        course=Course.objects.get(title="Welding Technology"),
        pathway=Pathway.objects.get(code="198"),
        hours=180,
        modes=["classroom"],
    )
    section_setup_complete(
        actor=None,
        section=year_long,
        mode="classroom",
        days="Tue,Thu",
        start_time=time(14),
        end_time=time(16),
    )
    meetings = year_long.meetings.order_by("date")
    assert (meetings.first().date, meetings.last().date) == (date(2026, 8, 20), date(2027, 6, 10))

    _import({name: text.encode() for name, text in files.items()})  # the same file again

    assert Term.objects.filter(name="Year").count() == 1
