"""Reading the district exit file and the follow-up answers file (docs/import-formats.md).

Both are all-or-nothing: every row is checked first, and one bad row refuses the whole file
with each error's row number (the header is row 1) and column. Nothing is saved from a
refused file."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core.jobs import RowError
from ropdesk.core.models import Student
from ropdesk.outcomes import rules, services
from ropdesk.outcomes.models import FollowUpInvitation


def describe(error: RowError) -> str:
    return _("row %(row)s, column %(column)s: %(message)s") % {
        "row": error.row,
        "column": error.column,
        "message": error.reason,
    }


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(describe(e) for e in errors))
        self.errors = errors
        self.lines = [describe(e) for e in errors]


EXIT_COLUMNS = ("student_id", "exit_date", "completion_code", "graduated")
EXIT_OPTIONAL = ("diploma_date", "grade_at_exit", "graduation_cohort")
FOLLOWUP_COLUMNS = ("exit_year", "student_id", "answered_on", "respondent")
FOLLOWUP_OPTIONAL = ("proxy_relationship", *services.ANSWER_FIELDS)
YES, NO = {"y", "yes", "true", "1"}, {"n", "no", "false", "0", ""}


class _Row:
    """One data row, collecting its errors by column."""

    def __init__(self, number: int, values: dict[str, str], errors: list[RowError]) -> None:
        self.number, self.values, self.errors = number, values, errors

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.fail(column, _("is empty"))
        return value

    def day(self, column: str, *, required: bool = True) -> date | None:
        value = self.required(column) if required else self.text(column)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(column, _("%(value)r is not a date like 2026-06-10") % {"value": value})
            return None

    def yes_no(self, column: str, *, blank: bool | None = False) -> bool | None:
        value = self.text(column).lower()
        if value == "" and blank is None:
            return None
        if value in YES:
            return True
        if value in NO:
            return False
        self.fail(column, _("%(value)r is not Y or N") % {"value": self.text(column)})
        return None

    def whole(self, column: str, low: int, high: int) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if not value.isdigit() or not (low <= int(value) <= high):
            self.fail(
                column,
                _("%(value)r is not a whole number from %(low)s to %(high)s")
                % {"value": value, "low": low, "high": high},
            )
            return None
        return int(value)

    def year(self, column: str, *, required: bool) -> str:
        value = self.required(column) if required else self.text(column)
        if value:
            try:
                rules.year_bounds(value)
            except ValueError:
                self.fail(
                    column, _("%(value)r is not a school year like 2025-2026") % {"value": value}
                )
        return value


def _rows(text: str, required: tuple[str, ...], optional: tuple[str, ...]) -> list[_Row]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required + optional]
    errors: list[RowError] = []
    for column in missing:
        errors.append(RowError(1, column, _("the column is missing")))
    for column in unknown:
        errors.append(RowError(1, column, _("is not a column of this file")))
    if errors:
        raise ImportRefused(errors)
    reader.fieldnames = header
    rows = [_Row(n, values, errors) for n, values in enumerate(reader, start=2)]
    if not rows:
        raise ImportRefused([RowError(2, required[0], _("the file has no rows"))])
    return rows


def _students(rows: list[_Row]) -> dict[str, Student]:
    ids = {r.text("student_id") for r in rows if r.text("student_id")}
    found: dict[str, Student] = {}
    for student in Student.objects.filter(Q(local_id__in=ids) | Q(statewide_id__in=ids)):
        found[student.local_id] = student
        if student.statewide_id:
            found[student.statewide_id] = student
    return found


def _student(row: _Row, students: dict[str, Student]) -> Student | None:
    value = row.required("student_id")
    if value and value not in students:
        row.fail("student_id", _("no student has the id or SSID %(value)r") % {"value": value})
    return students.get(value)


def read_exits(text: str) -> list[dict[str, Any]]:
    """The checked rows of a district exit file, ready for services.exits_import."""
    rows = _rows(text, EXIT_COLUMNS, EXIT_OPTIONAL)
    students = _students(rows)
    result = []
    for row in rows:
        student = _student(row, students)
        exit_date = row.day("exit_date")
        code = row.required("completion_code")
        if code and not (code.isdigit() and len(code) == 3):
            row.fail("completion_code", _("%(value)r is not a three-digit code") % {"value": code})
        graduated = row.yes_no("graduated")
        diploma = row.day("diploma_date", required=False)
        if diploma and graduated is False:
            row.fail("diploma_date", _("is given but graduated is N"))
        grade = row.text("grade_at_exit") or "12"
        if grade not in Student.Grade.values:
            row.fail("grade_at_exit", _("%(value)r is not 09-12 or AD") % {"value": grade})
        cohort = row.year("graduation_cohort", required=False)
        if student and exit_date and graduated is not None:
            result.append(
                {
                    "student": student,
                    "exit_date": exit_date,
                    "completion_code": code,
                    "graduated": graduated,
                    "diploma_date": diploma,
                    "grade_at_exit": grade,
                    "graduation_cohort": cohort or rules.school_year_of(exit_date),
                }
            )
    if rows[0].errors:
        raise ImportRefused(rows[0].errors)
    return result


def read_followup(text: str) -> list[dict[str, Any]]:
    """The checked rows of a follow-up answers file, ready for services.responses_import."""
    rows = _rows(text, FOLLOWUP_COLUMNS, FOLLOWUP_OPTIONAL)
    students = _students(rows)
    invitations = {
        (i.wave.exit_year, i.student_id): i
        for i in FollowUpInvitation.objects.filter(
            student__in=set(students.values())
        ).select_related("wave", "student__exit")
    }
    result = []
    for row in rows:
        year = row.year("exit_year", required=True)
        student = _student(row, students)
        invitation = invitations.get((year, student.pk)) if student else None
        if student and year and invitation is None:
            row.fail("student_id", _("is not in a follow-up wave of %(year)s") % {"year": year})
        answered_on = row.day("answered_on")
        respondent = row.required("respondent").lower()
        if respondent and respondent not in ("self", "proxy"):
            row.fail("respondent", _("%(value)r is not self or proxy") % {"value": respondent})
        answers = {
            "postsecondary": row.text("postsecondary").lower(),
            "apprenticeship": row.yes_no("apprenticeship"),
            "military": row.text("military").lower(),
            "national_service": row.yes_no("national_service"),
            "employment": row.text("employment").lower(),
            "hours_per_week": row.whole("hours_per_week", 1, 99),
            "related_to_pathway": row.yes_no("related_to_pathway", blank=None),
            "employer": row.text("employer")[:160],
            "job_title": row.text("job_title")[:160],
            "seeking_work": row.yes_no("seeking_work"),
            "not_in_labor_force": row.yes_no("not_in_labor_force"),
            "satisfaction": row.whole("satisfaction", 1, 5),
            "consent_later_contact": row.yes_no("consent_later_contact"),
        }
        for column, message in services.answers_check(answers, proxy=respondent == "proxy").items():
            row.fail(column, message)
        if respondent == "proxy" and not row.text("proxy_relationship"):
            row.fail("proxy_relationship", _("is empty for a proxy answer"))
        if invitation is not None and answered_on is not None:
            result.append(
                {
                    "invitation": invitation,
                    "answers": answers,
                    "respondent": respondent,
                    "proxy_relationship": row.text("proxy_relationship")[:40],
                    "answered_at": timezone.make_aware(datetime.combine(answered_on, time(12))),
                }
            )
    if rows[0].errors:
        raise ImportRefused(rows[0].errors)
    return result
