# ruff: noqa: E501 -- the CSV rows are clearer one record to a line
"""Packages shaped the way other producers write OneRoster 1.1 CSV, none of them written for
ropdesk: a Windows SIS export (every field quoted, CRLF line ends, a UTF-8 byte-order mark, no
newline after the last row), a small LMS test bundle (blank dateLastModified in bulk files, a
semester whose parent is the school year, schools under a district), and a regional profile's
export that adds its own metadata columns and puts its schools under a `local` org.

Each must import as a district would send it: nothing to edit by hand, what only the ROP can
supply left in the "needs setup" list."""

from __future__ import annotations

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
    feed = Feed.objects.create(code="harbor", name="Harbor Unified feed")
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


def test_new_students_without_demographics_are_refused_with_the_row_named():
    """Known gap (issue 13): OneRoster makes demographics optional, but a student ropdesk does
    not know yet needs a birth date for the age and funding rules, so such a package is refused
    whole, each student named by file, row and column, and nothing is written."""
    from ropdesk.interop.importer import Rejected

    files = _plain()
    del files["demographics.csv"]
    files["manifest.csv"] = files["manifest.csv"].replace(
        "file.demographics,bulk", "file.demographics,absent"
    )
    with pytest.raises(Rejected) as rejected:
        _import({name: text.encode() for name, text in files.items()})
    assert [(p.file, p.row, p.column) for p in rejected.value.problems] == [
        ("users.csv", 3, "sourcedId"),
        ("users.csv", 4, "sourcedId"),
    ]
    assert not Student.objects.exists()
