"""The CALPADS file layouts ropdesk writes, as data.

CALPADS files are caret-delimited text, one record a line, fields in the order of the CALPADS
File Specification (CFS) of the year. ropdesk could not read CDE's CFS itself while this was
written, so the table below is ropdesk's own, built from what was confirmed elsewhere; each
field says whether its place and length were confirmed (`confirmed=True`, with the source in
SOURCES) or are ropdesk's best reading (`confirmed=False`, listed as such in
docs/district-returns.md). A district coordinator checks the unconfirmed ones against the CFS
of their year before the first upload; a new CFS version is a new entry in LAYOUTS, chosen by
ROPDESK["CALPADS_SPEC_VERSION"].
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCES = {
    "mapping-guide": "CDE, EOY 1 Certification Reports Data Mapping Guide (copy at "
    "docest.com/doc/119439): CRSC fields 9.07 State Course Code, 9.08 Local Course ID, "
    "9.09 Course Name and 9.16 SEID",
    "ic-crse": "Infinite Campus KB, 'CALPADS Course Section (CRSE)': staff without an SEID "
    "report 9999999999",
    "aeries-eoy": "Aeries support 14000082464, 'EOY 1 Course and Staff Files': SDEM, then CRSC, "
    "then SCSC; CRSC and SCSC are full-replacement files",
    "valid-codes": "CDE, CALPADS Valid Code Combinations v12.0 (2020), ropdesk/data/ca-cte: "
    "state course codes, CTE pathway codes",
}

DELIMITER = "^"
LINE_END = "\r\n"


@dataclass(frozen=True)
class Field:
    number: str  # position in the file: "<file>.<nn>"
    name: str
    key: str  # the row's value for it (returns/rows.py)
    length: int
    required: bool = False
    kind: str = "text"  # text, digits, date (CCYYMMDD), year (CCYY-CCYY), decimal
    codes: str = ""  # a code set of CODE_SETS (or "state_course" / "pathway", from the catalog)
    confirmed: bool = False
    source: str = ""


def _head(prefix: str, where: str, where_key: str) -> list[Field]:
    """The first fields every file starts with."""
    return [
        Field(f"{prefix}.01", "Record Type Code", "record_type", 4, True, codes="record_type"),
        Field(f"{prefix}.02", "Transaction Type Code", "transaction_type", 1, codes="transaction"),
        Field(f"{prefix}.03", "Local Record ID", "local_record_id", 255),
        Field(f"{prefix}.04", "Reporting LEA", "reporting_lea", 7, True, kind="digits"),
        Field(f"{prefix}.05", where, where_key, 7, True, kind="digits"),
        Field(f"{prefix}.06", "Academic Year ID", "academic_year", 9, True, kind="year"),
    ]


def _student(prefix: str) -> list[Field]:
    return [
        *_head(prefix, "School of Attendance", "school"),
        Field(f"{prefix}.07", "SSID", "ssid", 10, True, kind="digits"),
        Field(f"{prefix}.08", "Local Student ID", "local_student_id", 15, True),
        Field(f"{prefix}.09", "Student Legal First Name", "first_name", 30, True),
        Field(f"{prefix}.10", "Student Legal Last Name", "last_name", 50, True),
        Field(f"{prefix}.11", "Student Birth Date", "birth_date", 8, True, kind="date"),
        Field(f"{prefix}.12", "Student Gender Code", "gender", 1, True, codes="gender"),
    ]


def _course_section(prefix: str) -> list[Field]:
    confirmed = prefix == "9"  # the mapping guide numbers CRSC's fields (file 9)
    return [
        *_head(prefix, "School of Course Delivery", "school"),
        Field(
            f"{prefix}.07",
            "CRS-State Course Code",
            "state_course_code",
            4,
            True,
            codes="state_course",
            confirmed=confirmed,
            source="mapping-guide",
        ),
        Field(
            f"{prefix}.08",
            "CRS-Local Course ID",
            "local_course_id",
            10,
            True,
            confirmed=confirmed,
            source="mapping-guide",
        ),
        Field(
            f"{prefix}.09",
            "CRS-Course Name",
            "course_name",
            40,
            True,
            confirmed=confirmed,
            source="mapping-guide",
        ),
        Field(f"{prefix}.10", "CRS-Content Area Category Code", "content_area", 3),
        Field(f"{prefix}.11", "CRS-CTE Pathway Code", "pathway_code", 3, codes="pathway"),
        Field(f"{prefix}.12", "CRS-UC CSU Approved Indicator", "uc_csu", 1, codes="yes_no"),
        Field(f"{prefix}.13", "Course Section Instructional Level Code", "level", 2),
        Field(f"{prefix}.14", "Course Section ID", "section_id", 20, True),
        Field(f"{prefix}.15", "Academic Term Code", "term_code", 2, True, codes="term"),
        Field(
            f"{prefix}.16",
            "SEID",
            "seid",
            10,
            True,
            kind="digits",
            confirmed=confirmed,
            source="mapping-guide",
        ),
        Field(f"{prefix}.17", "Local Staff ID", "local_staff_id", 15),
        Field(
            f"{prefix}.18", "Independent Study Indicator", "independent_study", 1, codes="yes_no"
        ),
        Field(
            f"{prefix}.19", "Distance Learning Indicator", "distance_learning", 1, codes="yes_no"
        ),
        Field(f"{prefix}.20", "CTE Course Section Provider Code", "provider", 1, True),
    ]


def _student_section(prefix: str) -> list[Field]:
    return [
        *_student(prefix),
        Field(
            f"{prefix}.13", "School of Course Delivery", "delivery_school", 7, True, kind="digits"
        ),
        Field(f"{prefix}.14", "CRS-Local Course ID", "local_course_id", 10, True),
        Field(f"{prefix}.15", "Course Section ID", "section_id", 20, True),
        Field(f"{prefix}.16", "Academic Term Code", "term_code", 2, True, codes="term"),
    ]


LAYOUT_2026_1: dict[str, list[Field]] = {
    "CRSE": _course_section("8"),
    "CRSC": _course_section("9"),
    "SCSE": _student_section("10"),
    "SCSC": [
        *_student_section("11"),
        Field("11.17", "Student Credits Attempted", "credits_attempted", 6, True, kind="decimal"),
        Field("11.18", "Student Credits Earned", "credits_earned", 6, True, kind="decimal"),
        Field("11.19", "Student Course Final Grade", "final_grade", 3, True, codes="mark"),
        Field("11.20", "UC CSU Admission Requirement Code", "uc_csu_requirement", 1),
    ],
    "SCTE": [
        *_student("12"),
        Field("12.13", "CTE Pathway Code", "pathway_code", 3, True, codes="pathway"),
        Field(
            "12.14", "CTE Pathway Completion Academic Year ID", "completion_year", 9, kind="year"
        ),
    ],
    "WBLR": [
        *_student("13"),
        Field("13.13", "Work-Based Learning Type Code", "wbl_type", 4, True, codes="wbl_type"),
        Field("13.14", "Work-Based Learning Start Date", "start_date", 8, True, kind="date"),
        Field("13.15", "Work-Based Learning End Date", "end_date", 8, kind="date"),
        Field("13.16", "Work-Based Learning Hours", "hours", 6, kind="decimal"),
        Field("13.17", "CTE Pathway Code", "pathway_code", 3, codes="pathway"),
    ],
    "PSTS": [
        *_student("14"),
        Field("14.13", "Postsecondary Status Code", "status_code", 3, True, codes="psts"),
        Field("14.14", "CTE Pathway Code", "pathway_code", 3, codes="pathway"),
    ],
}

LAYOUTS: dict[str, dict[str, list[Field]]] = {"ropdesk-2026.1": LAYOUT_2026_1}

FILE_TYPES = ["CRSE", "CRSC", "SCSE", "SCSC", "SCTE", "WBLR", "PSTS"]
FILE_TITLES = {
    "CRSE": "Course Section Enrollment",
    "CRSC": "Course Section Completion",
    "SCSE": "Student Course Section Enrollment",
    "SCSC": "Student Course Section Completion",
    "SCTE": "Student Career Technical Education",
    "WBLR": "Work-Based Learning",
    "PSTS": "Postsecondary Status",
}

# Code sets ropdesk checks values against. Marks, genders and yes/no are ropdesk's reading of
# the CALPADS code sets (unconfirmed); course and pathway codes come from the catalog.
CODE_SETS: dict[str, frozenset[str]] = {
    "record_type": frozenset(FILE_TYPES),
    "transaction": frozenset({"", "D"}),
    "gender": frozenset({"M", "F", "X"}),
    "yes_no": frozenset({"Y", "N"}),
    "term": frozenset({"FY", "S1", "S2", "T1", "T2", "T3", "Q1", "Q2", "Q3", "Q4"}),
    "mark": frozenset(
        {"A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F", "P", "NP", "I"}
    ),
    # ropdesk's instruction modes as work-based-learning types (unconfirmed codes; a setting
    # could map them when the CDE code set is read).
    "wbl_type": frozenset({"CC", "CVE"}),
}


def layout(file_type: str, version: str | None = None) -> list[Field]:
    from django.conf import settings

    return LAYOUTS[version or settings.ROPDESK["CALPADS_SPEC_VERSION"]][file_type]
