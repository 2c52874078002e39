"""CSV templates for offices without a OneRoster feed: students, sections, enrollments
(docs/import-formats.md). A template file is turned into the rows of a OneRoster package and
goes through the same checks and the same import as a package."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from ropdesk.core import exports
from ropdesk.interop import spec
from ropdesk.interop.reader import Problem

TEMPLATES: dict[str, list[str]] = {
    "students": [
        "student_id",
        "statewide_id",
        "first_name",
        "middle_name",
        "last_name",
        "birth_date",
        "sex",
        "hispanic_latino",
        "race_codes",
        "grade",
        "district_code",
        "school_code",
        "programs",
        "email",
        "phone",
    ],
    "sections": [
        "section_id",
        "course_code",
        "school_year",
        "term",
        "school_code",
        "site_code",
        "instructor_username",
        "mode",
        "days",
        "start_time",
        "end_time",
        "capacity",
    ],
    "enrollments": ["student_id", "section_id", "status", "enrolled_on", "ended_on"],
}
EXAMPLES: dict[str, list[list[str]]] = {
    "students": [
        [
            "ROP000901",
            "1234567890",
            "Ana",
            "María",
            "Lopez",
            "2010-03-01",
            "F",
            "true",
            "700",
            "11",
            "D01",
            "D01S1",
            "iep,english_learner",
            "",
            "",
        ],
        [
            "ROP000902",
            "",
            "Ben",
            "",
            "Oduya",
            "1990-05-20",
            "M",
            "false",
            "200,600",
            "AD",
            "D01",
            "",
            "calworks",
            "ben@example.org",
            "562-555-0100",
        ],
    ],
    "sections": [
        [
            "ROP-198-F9",
            "ROP-198",
            "2026-2027",
            "Fall",
            "D01S1",
            "D01S1-CAMPUS",
            "instructor01",
            "community_classroom",
            "Mon,Wed",
            "14:00",
            "16:30",
            "24",
        ],
    ],
    "enrollments": [
        ["ROP000901", "ROP-198-F9", "enrolled", "2026-08-19", ""],
    ],
}
_SEX = {"F": "female", "M": "male", "X": "other"}


def template_csv(kind: str) -> str:
    """The template people fill in a spreadsheet: the shared writer (core/exports.py)."""
    return exports.csv_text([TEMPLATES[kind], *EXAMPLES[kind]])


def _csv(name: str, rows: list[list[str]]) -> bytes:
    # Not the shared spreadsheet writer: these are OneRoster files for the importer, whose
    # values must stay exactly as typed (an apostrophe before "-" would change the data).
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(spec.COLUMNS[name] + spec.EXTENSIONS[name])
    writer.writerows(rows)
    return out.getvalue().encode()


def _manifest(files: list[str]) -> bytes:
    rows = ["propertyName,value", "manifest.version,1.0", "oneroster.version,1.1"]
    rows += [
        f"{key},{'bulk' if name in files else 'absent'}" for name, key in spec.MANIFEST_KEYS.items()
    ]
    return ("\r\n".join(rows) + "\r\n").encode()


def package_of(kind: str, data: bytes) -> tuple[dict[str, bytes], list[Problem], dict[int, int]]:
    """A OneRoster package holding the template's rows, the problems of the file itself, and
    the package row of each template row (to report problems at the template's row)."""
    file = f"{kind}.csv"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}, [Problem(file, 0, "", _("The file is not UTF-8 text."))], {}
    table = list(csv.reader(io.StringIO(text)))
    header = [c.strip() for c in (table[0] if table else [])]
    missing = [c for c in TEMPLATES[kind] if c not in header]
    if missing:
        reason = _("The header row has no “%(name)s” column.")
        return {}, [Problem(file, 1, c, reason % {"name": c}) for c in missing], {}
    rows = [
        (
            number,
            {
                c: (cells[header.index(c)].strip() if header.index(c) < len(cells) else "")
                for c in TEMPLATES[kind]
            },
        )
        for number, cells in enumerate(table[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    build = {"students": _students, "sections": _sections, "enrollments": _enrollments}[kind]
    files = build([values for _n, values in rows])
    files["manifest.csv"] = _manifest(list(files))
    return files, [], {position + 2: number for position, (number, _v) in enumerate(rows)}


def _students(rows: list[dict[str, str]]) -> dict[str, bytes]:
    users, demographics = [], []
    for r in rows:
        orgs = ",".join(o for o in (r["school_code"], r["district_code"]) if o)
        ssid = f"{{SSID:{r['statewide_id']}}}" if r["statewide_id"] else ""
        grade = "" if r["grade"] == "AD" else r["grade"]
        users.append(
            [
                r["student_id"],
                "",
                "",
                "true",
                orgs,
                "student",
                r["student_id"],
                ssid,
                r["first_name"],
                r["last_name"],
                r["middle_name"],
                r["student_id"],
                r["email"],
                "",
                r["phone"],
                "",
                grade,
                "",
                r["programs"],
                "",
                "",
            ]
        )
        races = r["race_codes"].replace(" ", "")
        demographics.append(
            [
                r["student_id"],
                "",
                "",
                r["birth_date"],
                _SEX.get(r["sex"], r["sex"]),
                "",
                "",
                "",
                "",
                "",
                "",
                r["hispanic_latino"] or "false",
                "",
                "",
                "",
                "",
                races,
            ]
        )
    return {
        "users.csv": _csv("users.csv", users),
        "demographics.csv": _csv("demographics.csv", demographics),
    }


def _sections(rows: list[dict[str, str]]) -> dict[str, bytes]:
    classes, enrollments = [], []
    for r in rows:
        term = f"{r['school_year']}-{r['term']}"
        classes.append(
            [
                r["section_id"],
                "",
                "",
                r["section_id"],
                "",
                r["course_code"],
                r["section_id"],
                "scheduled",
                "",
                r["school_code"],
                term,
                "",
                "",
                "",
                r["mode"],
                r["days"],
                r["start_time"],
                r["end_time"],
                r["capacity"],
                r["site_code"],
                "",
                "",
            ]
        )
        if r["instructor_username"]:
            enrollments.append(
                [
                    f"{r['section_id']}-T",
                    "",
                    "",
                    r["section_id"],
                    r["school_code"],
                    r["instructor_username"],
                    "teacher",
                    "true",
                    "",
                    "",
                    "",
                ]
            )
    files = {"classes.csv": _csv("classes.csv", classes)}
    if enrollments:
        files["enrollments.csv"] = _csv("enrollments.csv", enrollments)
    return files


def _enrollments(rows: list[dict[str, str]]) -> dict[str, bytes]:
    from ropdesk.core.models import Student

    schools = dict(
        Student.objects.filter(local_id__in=[r["student_id"] for r in rows]).values_list(
            "local_id", "district_of_residence__code"
        )
    )
    out = [
        [
            f"{r['section_id']}-{r['student_id']}",
            "",
            "",
            r["section_id"],
            schools.get(r["student_id"], ""),
            r["student_id"],
            "student",
            "false",
            r["enrolled_on"],
            r["ended_on"],
            r["status"],
        ]
        for r in rows
    ]
    return {"enrollments.csv": _csv("enrollments.csv", out)}


# Template columns of each OneRoster column, to report a problem where the office typed it.
COLUMN_OF = {
    "students": {
        "sourcedId": "student_id",
        "orgSourcedIds": "school_code",
        "givenName": "first_name",
        "familyName": "last_name",
        "userIds": "statewide_id",
        "birthDate": "birth_date",
        "sex": "sex",
        "hispanicOrLatinoEthnicity": "hispanic_latino",
        "metadata.ropdesk.raceCodes": "race_codes",
        "metadata.ropdesk.programs": "programs",
    },
    "sections": {
        "sourcedId": "section_id",
        "courseSourcedId": "course_code",
        "schoolSourcedId": "school_code",
        "termSourcedIds": "term",
        "userSourcedId": "instructor_username",
        "metadata.ropdesk.mode": "mode",
        "metadata.ropdesk.days": "days",
        "metadata.ropdesk.startTime": "start_time",
        "metadata.ropdesk.endTime": "end_time",
        "metadata.ropdesk.capacity": "capacity",
        "classSourcedId": "section_id",
    },
    "enrollments": {
        "userSourcedId": "student_id",
        "classSourcedId": "section_id",
        "beginDate": "enrolled_on",
        "endDate": "ended_on",
        "metadata.ropdesk.status": "status",
        "schoolSourcedId": "student_id",
    },
}


def as_template_problems(kind: str, problems: list[Problem], rows: dict[int, int]) -> list[Problem]:
    """Problems of the generated package, told in the template's rows and columns."""
    return [
        Problem(
            f"{kind}.csv", rows.get(p.row, p.row), COLUMN_OF[kind].get(p.column, p.column), p.reason
        )
        for p in problems
    ]
