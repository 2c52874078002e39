"""Exporting the program as a OneRoster 1.1 (default) or 1.2 CSV package
(docs/import-formats.md).

What goes in is what the requesting user may see (core.access); the command-line export runs
as the whole program (user=None). The metadata.ropdesk.* columns and the attendance.csv
extension file make the round trip lossless: importing an export reproduces the records.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.db.models import QuerySet

from ropdesk.attendance.models import AttendanceRecord
from ropdesk.catalog.models import Course
from ropdesk.core import access
from ropdesk.core.models import Guardianship, Organization, Student
from ropdesk.core.types import Actor
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment.models import Enrollment
from ropdesk.interop import gradebook, sourced, spec
from ropdesk.interop.services import zip_of
from ropdesk.scheduling.models import SchoolYear, Section, Term

PROGRAM = None  # the user of a whole-program export
APPLICANT_STATUSES = (
    Enrollment.Status.REQUESTED,
    Enrollment.Status.ADMITTED,
    Enrollment.Status.WAITLISTED,
)


def _csv(name: str, rows: Iterable[list[Any]], version: str = "1.1") -> bytes:
    # The OneRoster package is written with the plain csv module, not the shared spreadsheet
    # writer (core/exports.py): OneRoster files are data for machines (an SIS, an LMS), whose
    # values must round-trip exactly; an apostrophe before a "-" or "=" would corrupt them.
    # The same holds for attendance.csv and the job-site hours file below.
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(spec.columns(version)[name] + spec.EXTENSIONS[name])
    writer.writerows([_text(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def _rows_csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_text(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


# Positions in a 1.1 users.csv row (spec.COLUMNS["users.csv"]).
_USER = {column: i for i, column in enumerate(spec.COLUMNS["users.csv"])}


def _users_1_2(rows: list[list[Any]]) -> tuple[list[list[Any]], list[list[Any]]]:
    """1.1 user rows as 1.2 users.csv rows and their roles.csv rows: orgSourcedIds and role
    leave users.csv; each org of the user becomes a role (the first primary), and the first
    org is the primaryOrgSourcedId."""
    users, roles = [], []
    width = len(spec.COLUMNS["users.csv"])
    for row in rows:
        standard, extension = row[:width], row[width:]
        orgs = [o for o in str(standard[_USER["orgSourcedIds"]]).split(",") if o]
        kept = [
            v for i, v in enumerate(standard) if i not in (_USER["orgSourcedIds"], _USER["role"])
        ]
        preferred = extension[1] if len(extension) > 1 else ""
        users.append([*kept, "", preferred, "", "", orgs[0] if orgs else "", "", *extension])
        for number, org in enumerate(orgs, start=1):
            roles.append(
                [
                    f"{standard[0]}-R{number}",
                    "",
                    "",
                    standard[0],
                    "primary" if number == 1 else "secondary",
                    standard[_USER["role"]],
                    "",
                    "",
                    org,
                    "",
                ]
            )
    return users, roles


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _visible(
    user: Actor | None,
) -> tuple[QuerySet[Student], QuerySet[Section], QuerySet[Enrollment]]:
    if user is None:  # PROGRAM
        return Student.objects.all(), Section.objects.all(), Enrollment.objects.all()
    return (
        access.students_visible_to(user),
        enrollment_access.sections_visible_to(user),
        enrollment_access.enrollments_visible_to(user),
    )


def oneroster_export(
    *, user: Actor | None = PROGRAM, attendance: bool = True, version: str = "1.1"
) -> bytes:
    """The package as a .zip. `attendance` adds attendance.csv (whole-program exports and the
    office's downloads: attendance is not part of OneRoster). `version`: "1.1" or "1.2"."""
    students, sections, enrollments = _visible(user)
    sections = sections.select_related(
        "course", "term__school_year", "site__organization", "site__district", "instructor"
    )
    section_list = list(sections.order_by("code"))
    student_list = list(
        students.select_related("district_of_residence", "school_of_attendance").order_by(
            "local_id"
        )
    )
    seen_students = {s.pk for s in student_list}
    # Students who hold or held a seat; applicants (requested, admitted, waitlisted) are not
    # members of the class, and OneRoster has no status for them.
    enrollment_list = [
        e
        for e in enrollments.filter(section__in=[s.pk for s in section_list])
        .exclude(status__in=APPLICANT_STATUSES)
        .select_related("student", "section")
        .order_by("section__code", "student__local_id")
        if e.student_id in seen_students
    ]
    sessions = sourced.session_map()
    teachers = sourced.teacher_map()
    files = {
        "orgs.csv": _csv("orgs.csv", _orgs()),
        "academicSessions.csv": _csv("academicSessions.csv", _sessions(sessions)),
        "courses.csv": _csv("courses.csv", _courses()),
        "classes.csv": _csv("classes.csv", _classes(section_list, sessions)),
    }
    guardians = _guardians(student_list)
    user_rows = list(_users(section_list, student_list, guardians, teachers))
    if version == "1.2":
        users_1_2, roles = _users_1_2(user_rows)
        files["users.csv"] = _csv("users.csv", users_1_2, version)
        files["roles.csv"] = _csv("roles.csv", roles, version)
    else:
        files["users.csv"] = _csv("users.csv", user_rows)
    files["enrollments.csv"] = _csv(
        "enrollments.csv", _enrollments(section_list, enrollment_list, teachers)
    )
    sex_out = spec.SEX_OUT_1_2 if version == "1.2" else spec.SEX_OUT
    files["demographics.csv"] = _csv("demographics.csv", _demographics(student_list, sex_out))
    grades = gradebook.gradebook_rows(enrollment_list, _school_of, version)
    for name, rows in grades.items():
        header = gradebook.columns(version)[name] + gradebook.EXTENSIONS[name]
        files[name] = _rows_csv(header, rows)
    manifest = [
        ["manifest.version", "1.0"],
        ["oneroster.version", version],
        *[
            [key, "bulk" if name in files and files[name].count(b"\n") > 1 else "absent"]
            for name, key in spec.manifest_keys(version).items()
        ],
        *[
            [key, "bulk" if grades[name] else "absent"]
            for name, key in gradebook.MANIFEST_KEYS.items()
        ],
        *[[f"file.{n[:-4]}", "absent"] for n in spec.IGNORED_FILES if n not in grades],
        *([[key, "absent"] for key in spec.MANIFEST_ONLY_1_2] if version == "1.2" else []),
        ["source.systemName", "ropdesk"],
        ["source.systemCode", "ropdesk"],
    ]
    files = {name: data for name, data in files.items() if data.count(b"\n") > 1}
    if attendance and (user is None or access.can_manage_attendance(user)):  # None: PROGRAM
        files[spec.ATTENDANCE_FILE] = _attendance(enrollment_list)
        manifest.append([spec.ATTENDANCE_MANIFEST_KEY, "bulk"])
        files[spec.JOB_SITE_HOURS_FILE] = _job_site_hours(enrollment_list)
        manifest.append([spec.JOB_SITE_HOURS_MANIFEST_KEY, "bulk"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["propertyName", "value"])
    writer.writerows(manifest)
    files["manifest.csv"] = out.getvalue().encode("utf-8")
    return zip_of(files)


def _orgs() -> Iterable[list[Any]]:
    orgs = Organization.objects.filter(kind__in=spec.ORG_TYPES_OUT).select_related("parent")
    for org in sorted(orgs, key=lambda o: (["county", "district", "school"].index(o.kind), o.code)):
        parent = org.parent.code if org.parent and org.parent.kind in spec.ORG_TYPES_OUT else ""
        yield [org.code, "", "", org.name, spec.ORG_TYPES_OUT[org.kind], org.code, parent]


def _sessions(mapped: dict[str, str]) -> Iterable[list[Any]]:
    for year in SchoolYear.objects.prefetch_related("holidays").order_by("start_date"):
        holidays = ",".join(
            f"{h.date.isoformat()} {h.name.replace(',', ' ')}" for h in year.holidays.all()
        )
        ending = year.end_date.year
        yield [
            sourced.year_sid(year, mapped),
            "",
            "",
            year.name,
            "schoolYear",
            year.first_instruction_day,
            year.last_instruction_day,
            "",
            ending,
            holidays,
        ]
        for term in Term.objects.filter(school_year=year).order_by("start_date", "name"):
            term.school_year = year
            yield [
                sourced.term_sid(term, mapped),
                "",
                "",
                term.name,
                "term",
                term.start_date,
                term.end_date,
                sourced.year_sid(year, mapped),
                ending,
                "",
            ]


def _program_org() -> str:
    county = Organization.objects.filter(kind="county").order_by("code").first()
    return county.code if county else ""


def _courses() -> Iterable[list[Any]]:
    org = _program_org()
    for course in Course.objects.select_related("pathway__sector", "state_course_code").order_by(
        "code"
    ):
        yield [
            course.code,
            "",
            "",
            "",
            course.title,
            course.code,
            "",
            org,
            course.pathway.sector.name if course.pathway else "",
            "",
            course.pathway.code if course.pathway else "",
            course.hours,
            ",".join(course.allowed_modes()),
            course.state_course_code.code if course.state_course_code else "",
        ]


def _school_of(section: Section) -> str:
    site = section.site
    if site.organization.kind in ("school", "district"):
        return site.organization.code
    return site.district.code if site.district else site.organization.code


def _classes(sections: list[Section], mapped: dict[str, str]) -> Iterable[list[Any]]:
    for s in sections:
        yield [
            s.code,
            "",
            "",
            f"{s.course.title} ({s.code})",
            "",
            s.course.code,
            s.code,
            "scheduled",
            s.site.name,
            _school_of(s),
            sourced.term_sid(s.term, mapped),
            "",
            "",
            "",
            s.mode,
            s.days,
            s.start_time,
            s.end_time,
            s.capacity,
            s.site.code,
            s.site.name,
            s.site.kind if s.site.kind != "worksite" else "community",
        ]


def _guardians(students: list[Student]) -> dict[int, list[tuple[str, Guardianship]]]:
    found: dict[int, list[tuple[str, Guardianship]]] = defaultdict(list)
    by_student = {s.pk: s for s in students}
    rows = (
        Guardianship.objects.filter(student__in=list(by_student))
        .select_related("user")
        .order_by("student", "name")
    )
    for g in rows:
        student = by_student[g.student_id]
        found[g.student_id].append((f"{student.local_id}-G{len(found[g.student_id]) + 1}", g))
    return found


def _programs(student: Student) -> str:
    return ",".join(code for code, name in spec.PROGRAMS.items() if getattr(student, name))


def _users(
    sections: list[Section],
    students: list[Student],
    guardians: dict[int, list[tuple[str, Guardianship]]],
    teachers: dict[str, str],
) -> Iterable[list[Any]]:
    instructors = {s.instructor.pk: s.instructor for s in sections if s.instructor}
    org = _program_org()
    for user in sorted(instructors.values(), key=lambda u: u.username):
        sid = teachers.get(str(user.pk), user.username)
        yield [
            sid,
            "",
            "",
            user.is_active,
            org,
            "teacher",
            user.username,
            "",
            user.first_name or user.username,
            user.last_name or user.username,
            "",
            "",
            user.email,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    for s in students:
        orgs = [s.school_of_attendance.code] if s.school_of_attendance else []
        if (
            not s.school_of_attendance
            or s.school_of_attendance.parent_id != s.district_of_residence_id
        ):
            orgs.append(s.district_of_residence.code)
        user_ids = f"{{SSID:{s.statewide_id}}}" if s.statewide_id else ""
        agents = ",".join(sid for sid, _g in guardians.get(s.pk, []))
        grade = s.grade_level if s.is_high_school else ""
        yield [
            s.local_id,
            "",
            "",
            True,
            ",".join(orgs),
            "student",
            s.user.username if s.user else s.local_id,
            user_ids,
            s.legal_first_name,
            s.legal_last_name,
            s.legal_middle_name,
            s.local_id,
            s.email,
            "",
            s.phone,
            agents,
            grade,
            "",
            _programs(s),
            s.preferred_name,
            "",
        ]
        for sid, g in guardians.get(s.pk, []):
            first, _sep, last = g.name.partition(" ")
            role = "guardian" if g.relationship.lower() == "guardian" else "parent"
            yield [
                sid,
                "",
                "",
                True,
                ",".join(orgs),
                role,
                g.user.username if g.user else sid,
                "",
                first,
                last or first,
                "",
                "",
                g.email,
                "",
                g.phone,
                s.local_id,
                "",
                "",
                "",
                "",
                g.relationship,
            ]


def _enrollments(
    sections: list[Section], enrollments: list[Enrollment], teachers: dict[str, str]
) -> Iterable[list[Any]]:
    for s in sections:
        if s.instructor:
            sid = teachers.get(str(s.instructor.pk), s.instructor.username)
            yield [f"{s.code}-T", "", "", s.code, _school_of(s), sid, "teacher", True, "", "", ""]
    by_code = {s.pk: s for s in sections}
    for e in enrollments:
        s = by_code[e.section_id]
        yield [
            f"{s.code}-{e.student.local_id}",
            "",
            "",
            s.code,
            _school_of(s),
            e.student.local_id,
            "student",
            False,
            e.enrolled_on,
            e.ended_on,
            e.status,
        ]


def _demographics(students: list[Student], sex_out: dict[str, str]) -> Iterable[list[Any]]:
    for s in students:
        races = set(s.races)
        asian = bool(races & {"200", "400"})
        flags = [code in races for code in spec.RACE_COLUMNS.values()]
        flags[1] = asian
        yield [
            s.local_id,
            "",
            "",
            s.birth_date,
            sex_out.get(s.sex, ""),  # blank: unknown (imported without demographics)
            *flags,
            len(races) > 1,
            s.hispanic_latino,
            "",
            "",
            "",
            "",
            ",".join(s.races),
            s.sex,
        ]


def _attendance(enrollments: list[Enrollment]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["student_id", "section_id", "date", "arrived", "departed"])
    records = (
        AttendanceRecord.objects.filter(enrollment__in=[e.pk for e in enrollments])
        .select_related("meeting__section", "enrollment__student")
        .order_by("meeting__section__code", "meeting__date", "enrollment__student__local_id")
    )
    for r in records.iterator(chunk_size=2000):
        writer.writerow(
            [
                r.enrollment.student.local_id,
                r.meeting.section.code,
                r.meeting.date.isoformat(),
                _text(r.arrived),
                _text(r.departed),
            ]
        )
    return out.getvalue().encode("utf-8")


def _job_site_hours(enrollments: list[Enrollment]) -> bytes:
    from ropdesk.attendance.models import OnTheJobHours

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(spec.JOB_SITE_HOURS_COLUMNS)
    entries = (
        OnTheJobHours.objects.filter(enrollment__in=[e.pk for e in enrollments])
        .select_related("enrollment__student", "enrollment__section")
        .order_by("enrollment__section__code", "enrollment__student__local_id", "date", "kind")
    )
    for h in entries:
        approved = h.supervisor_approved_at.isoformat() if h.supervisor_approved_at else ""
        writer.writerow(
            [
                h.enrollment.student.local_id,
                h.enrollment.section.code,
                h.kind,
                h.date.isoformat(),
                h.minutes,
                approved,
                _text(h.agreement_signed_on),
            ]
        )
    return out.getvalue().encode("utf-8")
