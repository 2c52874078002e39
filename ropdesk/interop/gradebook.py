"""The OneRoster gradebook files of the export: one category, one line item per section and
grading period, and one result per mark of record (shared/oneroster.md; docs/import-formats.md).

- Only marks of locked grading periods go out (the marks of record; an open period's marks
  may still change).
- `gradingPeriodSourcedId` (1.1) / `academicSessionSourcedId` (1.2) names the section's term,
  which academicSessions.csv holds; ropdesk's grading periods are not sent as sessions of their
  own (a roster import would read them as terms), so the line item's title names the period.
- A letter mark is sent as grade points (A 4.0, with ±0.3 for + and −; F and NP 0), its letter
  in `comment` (1.1) and `textScore` (1.2) and in metadata.ropdesk.mark; P and I have no
  score. Credits earned travel in metadata.ropdesk.creditsEarned.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ropdesk.enrollment.models import Enrollment
from ropdesk.interop import sourced
from ropdesk.marks.models import Mark
from ropdesk.marks.queries import marks_of_record
from ropdesk.marks.rules import LETTERS

CATEGORY = "ropdesk-marks"
CATEGORY_TITLE = "Marks of record"
POINTS_MAX = Decimal("4.3")

COLUMNS_1_1 = {
    "categories.csv": ["sourcedId", "status", "dateLastModified", "title"],
    "lineItems.csv": [
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "description",
        "assignDate",
        "dueDate",
        "classSourcedId",
        "categorySourcedId",
        "gradingPeriodSourcedId",
        "resultValueMin",
        "resultValueMax",
    ],
    "results.csv": [
        "sourcedId",
        "status",
        "dateLastModified",
        "lineItemSourcedId",
        "studentSourcedId",
        "scoreStatus",
        "score",
        "scoreDate",
        "comment",
    ],
}
# 1.2 (CSV binding 1.2.1) as one independent implementation reads it (check): categories gain
# weight; line items name an academicSession and the school; results gain textScore, the class
# and the four flags.
COLUMNS_1_2 = {
    "categories.csv": [*COLUMNS_1_1["categories.csv"], "weight"],
    "lineItems.csv": [
        *COLUMNS_1_1["lineItems.csv"][:9],
        "academicSessionSourcedId",
        "resultValueMin",
        "resultValueMax",
        "schoolSourcedId",
    ],
    "results.csv": [
        *COLUMNS_1_1["results.csv"],
        "textScore",
        "classSourcedId",
        "inProgress",
        "incomplete",
        "late",
        "missing",
    ],
}
EXTENSIONS = {
    "categories.csv": [],
    "lineItems.csv": ["metadata.ropdesk.gradingPeriod", "metadata.ropdesk.final"],
    "results.csv": ["metadata.ropdesk.mark", "metadata.ropdesk.creditsEarned"],
}
MANIFEST_KEYS = {name: f"file.{name[:-4]}" for name in COLUMNS_1_1}


def columns(version: str) -> dict[str, list[str]]:
    return COLUMNS_1_2 if version == "1.2" else COLUMNS_1_1


def grade_points(mark: str) -> Decimal | None:
    """A 4-point value for a letter mark (+/− worth 0.3); None for P and I; 0 for NP."""
    if mark == "NP":
        return Decimal("0.0")
    if mark not in LETTERS:
        return None
    base = {"A": 4, "B": 3, "C": 2, "D": 1, "F": 0}[mark[0]]
    step = {"+": Decimal("0.3"), "-": Decimal("-0.3")}.get(mark[1:], Decimal("0"))
    return Decimal(base) + (step if mark != "F" else 0)


def _line_item_sid(mark: Mark) -> str:
    return f"{mark.enrollment.section.code}-GP{mark.grading_period_id}"


def gradebook_rows(
    enrollments: list[Enrollment], school_of: Any, version: str
) -> dict[str, list[list[Any]]]:
    """The three files' rows for these enrollments (those the export holds)."""
    marks = list(
        marks_of_record_for(enrollments)
        .select_related(
            "grading_period__term__school_year",
            "enrollment__section__course",
            "enrollment__section__site__organization",
            "enrollment__section__site__district",
            "enrollment__student",
        )
        .order_by(
            "enrollment__section__code",
            "grading_period__starts_on",
            "enrollment__student__local_id",
        )
    )
    if not marks:
        return {name: [] for name in COLUMNS_1_1}
    sessions = sourced.session_map()
    items: dict[str, list[Any]] = {}
    results = []
    for m in marks:
        section, period = m.enrollment.section, m.grading_period
        sid = _line_item_sid(m)
        if sid not in items:
            term = sourced.term_sid(period.term, sessions)
            head = [
                sid,
                "",
                "",
                f"{section.course.title} — {period.name}",
                "",
                period.starts_on,
                period.ends_on,
                section.code,
                CATEGORY,
            ]
            tail = ["0.0", str(POINTS_MAX)]
            row = (
                [*head, term, *tail, school_of(section)]
                if version == "1.2"
                else [*head, term, *tail]
            )
            items[sid] = [*row, period.name, period.is_final]
        points = grade_points(m.value)
        status = "partially graded" if m.value == "I" else "fully graded"
        scored = period.locked_at.date() if period.locked_at else period.ends_on
        result = [
            f"{sid}-{m.enrollment.student.local_id}",
            "",
            "",
            sid,
            m.enrollment.student.local_id,
            status,
            "" if points is None else str(points),
            scored,
            m.value,
        ]
        if version == "1.2":
            result += [
                m.value,
                section.code,
                "false",
                str(m.value == "I").lower(),
                "false",
                "false",
            ]
        results.append([*result, m.value, f"{m.credits_earned:.2f}"])
    category = [CATEGORY, "", "", CATEGORY_TITLE] + ([""] if version == "1.2" else [])
    return {
        "categories.csv": [category],
        "lineItems.csv": list(items.values()),
        "results.csv": results,
    }


def marks_of_record_for(enrollments: Iterable[Enrollment]) -> Any:
    ids = [e.pk for e in enrollments]
    return marks_of_record().filter(enrollment__in=ids)
