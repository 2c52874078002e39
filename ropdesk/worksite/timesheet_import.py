"""Importing job-site hours kept elsewhere (an employer's time clock, a paper time card typed
up by the office): a CSV file with a header row

    student_id,section_id,date,start,end,hourly_wage

(student_id = Student.local_id, section_id = Section.code, date YYYY-MM-DD, start and end
HH:MM in 24-hour local time, hourly_wage in dollars for CVE rows and blank for community
classroom; docs/import-formats.md).

Each row passes the same rules as a student's own timesheet (services.timesheet_check: a CC
or CVE enrollment with a training site, a day inside the enrollment, today or earlier, a wage
and, for a minor, a work permit for CVE, not over approved hours). One error anywhere rejects
the whole file with the row, column and reason of each; a clean file is saved in one
transaction. Imported days wait for the site supervisor's approval like any other: an import
cannot sign for the supervisor. Importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ropdesk.core.jobs import Progress as JobProgress
from ropdesk.core.jobs import RowError, import_job_create, import_job_start, import_rows_finish
from ropdesk.core.models import ImportJob
from ropdesk.core.types import Actor
from ropdesk.enrollment.models import Enrollment
from ropdesk.worksite import services
from ropdesk.worksite.models import TimesheetEntryDetail

COLUMNS = ["student_id", "section_id", "date", "start", "end", "hourly_wage"]
REQUIRED = COLUMNS[:5]
RUNNER = "ropdesk.worksite.timesheet_import.timesheet_import_run"
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
# Which column a rule's complaint belongs to (services.timesheet_check names its fields).
_FIELD_COLUMN = {"day": "date", "started_at": "start", "ended_at": "end", "minutes": "end"}


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    lines: list[services.TimesheetLine] = field(default_factory=list)


def decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        raise ValidationError(_("The file is not UTF-8 text (save it as “CSV UTF-8”).")) from bad
    if "\x00" in text:
        raise ValidationError(_("The file contains a NUL character, which is not allowed."))
    return text


def _time(text: str) -> time | None:
    match = _TIME.match(text)
    return time(int(match.group(1)), int(match.group(2))) if match else None


def _day(text: str) -> date | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _wage(text: str) -> Decimal | None:
    try:
        wage = Decimal(text.removeprefix("$").replace(",", ""))
    except InvalidOperation:
        return None
    return wage if wage.is_finite() else None


def check_rows(text: str, progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Every row checked against the timesheet rules; nothing is written."""
    outcome = Outcome()
    reader = csv.reader(io.StringIO(text))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        outcome.errors += [
            RowError(1, name, _("The header row has no “%(name)s” column.") % {"name": name})
            for name in missing
        ]
        return outcome
    index = {name: header.index(name) for name in COLUMNS if name in header}
    try:
        rows = [
            (number, {n: (cells[i].strip() if i < len(cells) else "") for n, i in index.items()})
            for number, cells in enumerate(reader, start=2)
            if any(cell.strip() for cell in cells)
        ]
    except csv.Error as broken:
        reason = _("The file cannot be read as CSV: %(why)s.") % {"why": broken}
        outcome.errors.append(RowError(reader.line_num, "", reason))
        return outcome
    enrollments = _enrollments({(v["student_id"], v["section_id"]) for _n, v in rows})
    seen: dict[tuple[int, date], int] = {}
    for done, (number, values) in enumerate(rows, start=1):
        _check_row(number, values, enrollments, seen, outcome)
        if progress:
            progress(done, len(rows))
    return outcome


def _enrollments(keys: set[tuple[str, str]]) -> dict[tuple[str, str], Enrollment]:
    """The current enrollment of each (student_id, section_id) the file names, in one query."""
    students = {student for student, _section in keys}
    sections = {section for _student, section in keys}
    found: dict[tuple[str, str], Enrollment] = {}
    for enrollment in (
        Enrollment.objects.filter(student__local_id__in=students, section__code__in=sections)
        .select_related("student", "section__term", "worksite")
        .order_by("pk")
    ):
        key = (enrollment.student.local_id, enrollment.section.code)
        found.setdefault(key, enrollment)
    return found


def _check_row(
    number: int,
    values: dict[str, str],
    enrollments: dict[tuple[str, str], Enrollment],
    seen: dict[tuple[int, date], int],
    outcome: Outcome,
) -> None:
    errors = [
        RowError(number, name, _("This column is empty."))
        for name in REQUIRED
        if not values.get(name)
    ]
    day = _day(values["date"]) if values["date"] else None
    if values["date"] and day is None:
        reason = _("“%(value)s” is not a date YYYY-MM-DD.") % {"value": values["date"]}
        errors.append(RowError(number, "date", reason))
    times = {}
    for name in ("start", "end"):
        times[name] = _time(values[name]) if values[name] else None
        if values[name] and times[name] is None:
            reason = _("“%(value)s” is not a time HH:MM (24-hour).") % {"value": values[name]}
            errors.append(RowError(number, name, reason))
    wage_text = values.get("hourly_wage", "")
    wage = _wage(wage_text) if wage_text else None
    if wage_text and wage is None:
        reason = _("“%(value)s” is not an amount in dollars.") % {"value": wage_text}
        errors.append(RowError(number, "hourly_wage", reason))
    enrollment = enrollments.get((values["student_id"], values["section_id"]))
    if values["student_id"] and values["section_id"] and enrollment is None:
        reason = _("Student %(student)s is not enrolled in section %(section)s.") % {
            "student": values["student_id"],
            "section": values["section_id"],
        }
        errors.append(RowError(number, "section_id", reason))
    if errors or enrollment is None or day is None:
        outcome.errors += errors
        return
    if enrollment.worksite_id is None:
        reason = _("This enrollment has no training site: there are no job-site hours to log.")
        outcome.errors.append(RowError(number, "section_id", reason))
        return
    earlier = seen.setdefault((enrollment.pk, day), number)
    if earlier != number:
        reason = _("Row %(row)s already gives this student's hours on this day.") % {"row": earlier}
        outcome.errors.append(RowError(number, "date", reason))
        return
    start, end = times["start"], times["end"]
    assert start is not None and end is not None
    try:
        line = services.timesheet_check(
            enrollment=enrollment, day=day, started_at=start, ended_at=end, hourly_wage=wage
        )
    except ValidationError as refused:
        outcome.errors += _row_errors(number, refused)
        return
    outcome.lines.append(line)


def _row_errors(number: int, refused: ValidationError) -> list[RowError]:
    if hasattr(refused, "error_dict"):
        return [
            RowError(number, _FIELD_COLUMN.get(name, name), str(message))
            for name, messages in refused.message_dict.items()
            for message in messages
        ]
    return [RowError(number, "", str(message)) for message in refused.messages]


def _unchanged(line: services.TimesheetLine) -> bool:
    detail = (
        TimesheetEntryDetail.objects.filter(
            hours__enrollment=line.enrollment, hours__kind=line.kind, hours__date=line.day
        )
        .select_related("hours")
        .first()
    )
    return detail is not None and (
        detail.started_at,
        detail.ended_at,
        detail.hourly_wage,
        detail.hours.minutes,
    ) == (line.started_at, line.ended_at, line.hourly_wage, line.minutes)


# --- Running an import --------------------------------------------------------------------------


def timesheet_import_start(*, actor: Actor | None, file_name: str, data: bytes) -> ImportJob:
    """Keep the uploaded file and hand it to the worker; the job's page follows it."""
    decode(data)
    job = import_job_create(
        kind=ImportJob.Kind.JOB_SITE_HOURS, actor=actor, file_name=file_name, data=data
    )
    return import_job_start(job=job, runner=RUNNER)


def timesheet_import_run(
    *,
    job: ImportJob,
    actor: Actor | None,
    progress: JobProgress | None = None,
    echo: Callable[[str], None] | None = None,
) -> ImportJob:
    """Check every row, then save them all in one transaction or none at all."""
    report = progress or (lambda percent, step: None)
    report(0, _("checking rows"))

    def checked(done: int, total: int) -> None:
        step = _("checked %(done)s of %(total)s rows") % {"done": done, "total": total}
        report(80 * done // max(total, 1), step)

    outcome = check_rows(decode(bytes(job.content)), checked)
    if outcome.errors:
        return _finish(job, ImportJob.Status.REJECTED, outcome)
    report(80, _("saving %(total)s rows") % {"total": len(outcome.lines)})
    with transaction.atomic(durable=True):
        for line in outcome.lines:
            if _unchanged(line):
                outcome.unchanged += 1
                continue
            existed = TimesheetEntryDetail.objects.filter(
                hours__enrollment=line.enrollment, hours__kind=line.kind, hours__date=line.day
            ).exists()
            services.timesheet_write(actor=actor, line=line)
            if existed:
                outcome.updated += 1
            else:
                outcome.created += 1
    return _finish(job, ImportJob.Status.DONE, outcome, actor=actor)


def _finish(job: ImportJob, status: str, outcome: Outcome, actor: Actor | None = None) -> ImportJob:
    counts = {
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
    }
    return import_rows_finish(
        job,
        status=status,
        errors=outcome.errors,
        counts=counts,
        columns=COLUMNS,
        action="ojt.import",
        actor=actor,
    )
