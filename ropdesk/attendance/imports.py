"""Importing attendance kept elsewhere: a CSV file with a header row

    student_id,section_id,date,arrived,departed

(student_id = Student.local_id, section_id = Section.code, date YYYY-MM-DD, times HH:MM in
24-hour local time, both times blank for absent; docs/import-formats.md).

Every row is checked before anything is written; one error anywhere rejects the whole file
with the list of row, column and reason. A clean file is saved in one transaction, comparing
values, so that importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ropdesk.attendance.models import AttendanceRecord
from ropdesk.attendance.queries import was_on_roster
from ropdesk.attendance.rules import credited_minutes
from ropdesk.core.jobs import Progress as JobProgress
from ropdesk.core.jobs import import_job_create, import_job_finish, import_job_start
from ropdesk.core.models import AuditEvent, ImportJob, Student
from ropdesk.core.services import audit_record
from ropdesk.core.types import Actor, recorded
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting, Section

COLUMNS = ["student_id", "section_id", "date", "arrived", "departed"]
CHUNK = 500  # rows looked up per query: well under every database's parameter limit
MAX_ERRORS_KEPT = 1000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

Progress = Callable[[int], None]


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class Row:
    number: int
    student_id: str
    section_id: str
    day: date
    arrived: time | None
    departed: time | None
    enrollment: Enrollment | None = None
    meeting: Meeting | None = None


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def _parse_time(text: str) -> time | None:
    match = _TIME.match(text)
    return time(int(match.group(1)), int(match.group(2))) if match else None


def decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        raise ValidationError(_("The file is not UTF-8 text (save it as “CSV UTF-8”).")) from bad
    if "\x00" in text:  # PostgreSQL cannot keep it: say where it is instead of failing there
        row, column = _nul_position(text)
        raise ValidationError(
            _(
                "Row %(row)s, column “%(column)s”: the cell contains a NUL character, "
                "which is not allowed. Remove it and upload the file again."
            )
            % {"row": row, "column": column}
        )
    return text


def _nul_position(text: str) -> tuple[int, str]:
    """The row (header = 1) and column name of the first cell holding a NUL character."""
    reader = csv.reader(io.StringIO(text))
    header: list[str] = []
    try:
        for cells in reader:
            header = header or [c.strip().lower() for c in cells]
            for k, cell in enumerate(cells):
                if "\x00" in cell:
                    name = header[k] if k < len(header) else str(k + 1)
                    return reader.line_num, name
    except csv.Error:
        pass
    return text.count("\n", 0, text.index("\x00")) + 1, ""


def parse(text: str) -> tuple[list[Row], list[RowError]]:
    """Rows with their values parsed, and the errors found in the values themselves."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        return [], [
            RowError(1, name, _("The header row has no “%(name)s” column.") % {"name": name})
            for name in missing
        ]
    index = {name: header.index(name) for name in COLUMNS}
    rows: list[Row] = []
    errors: list[RowError] = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            values = {n: (cells[i].strip() if i < len(cells) else "") for n, i in index.items()}
            row_errors = _check_values(number, values)
            errors += row_errors
            if not row_errors:
                rows.append(
                    Row(
                        number,
                        values["student_id"],
                        values["section_id"],
                        date.fromisoformat(values["date"]),
                        _parse_time(values["arrived"]),
                        _parse_time(values["departed"]),
                    )
                )
    except csv.Error as broken:  # e.g. a cell past the csv module's size limit
        reason = _("The file cannot be read as CSV: %(why)s.") % {"why": broken}
        errors.append(RowError(reader.line_num, "", reason))
    return rows, errors


def _check_values(number: int, values: dict[str, str]) -> list[RowError]:
    # PostgreSQL text cannot hold NUL: name the cell instead of failing on the lookup.
    errors = [
        RowError(number, name, _("This cell contains a NUL character, which is not allowed."))
        for name, text in values.items()
        if "\x00" in text
    ]
    if errors:
        return errors
    for name in ("student_id", "section_id"):
        if not values[name]:
            errors.append(RowError(number, name, _("This column is empty.")))
    text = values["date"]
    valid_date = bool(_DATE.match(text))
    if valid_date:
        try:
            date.fromisoformat(text)
        except ValueError:
            valid_date = False
    if not valid_date:
        errors.append(
            RowError(number, "date", _("“%(value)s” is not a date YYYY-MM-DD.") % {"value": text})
        )
    times = {}
    for name in ("arrived", "departed"):
        text = values[name]
        times[name] = _parse_time(text) if text else None
        if text and times[name] is None:
            errors.append(
                RowError(
                    number, name, _("“%(value)s” is not a time HH:MM (24-hour).") % {"value": text}
                )
            )
    if bool(values["arrived"]) != bool(values["departed"]):
        blank = "departed" if not values["departed"] else "arrived"
        errors.append(
            RowError(
                number, blank, _("Give both times, or leave both blank for an absent student.")
            )
        )
    elif times["arrived"] and times["departed"] and times["arrived"] >= times["departed"]:
        errors.append(RowError(number, "departed", _("The departure is not after the arrival.")))
    return errors


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def resolve(rows: list[Row], errors: list[RowError], progress: Progress) -> None:
    """Find each row's enrollment and meeting, adding an error for every row that names
    something missing, is repeated, is in the future or has no enrollment that day."""
    students: dict[str, int] = {}
    sections: dict[str, int] = {}
    for chunk in _chunks(sorted({r.student_id for r in rows})):
        students.update(Student.objects.filter(local_id__in=chunk).values_list("local_id", "pk"))
    for chunk in _chunks(sorted({r.section_id for r in rows})):
        sections.update(Section.objects.filter(code__in=chunk).values_list("code", "pk"))
    today = timezone.localdate()
    seen: dict[tuple[str, str, date], int] = {}
    done = 0
    for chunk in _chunks(rows):
        pairs = {
            (students[r.student_id], sections[r.section_id])
            for r in chunk
            if r.student_id in students and r.section_id in sections
        }
        enrollments = {
            (e.student_id, e.section_id): e
            for e in Enrollment.objects.filter(
                student_id__in={s for s, _ in pairs}, section_id__in={c for _, c in pairs}
            )
        }
        meetings = {
            (m.section_id, m.date): m
            for m in Meeting.objects.filter(
                section_id__in={c for _, c in pairs}, date__in={r.day for r in chunk}
            )
        }
        for row in chunk:
            errors += _resolve_row(row, students, sections, enrollments, meetings, seen, today)
        done += len(chunk)
        progress(done)


def _resolve_row(
    row: Row,
    students: dict[str, int],
    sections: dict[str, int],
    enrollments: dict[tuple[int, int], Enrollment],
    meetings: dict[tuple[int, date], Meeting],
    seen: dict[tuple[str, str, date], int],
    today: date,
) -> list[RowError]:
    errors = []
    key = (row.student_id, row.section_id, row.day)
    if key in seen:
        reason = _("Row %(other)s already gives this student, section and date.")
        return [RowError(row.number, "date", reason % {"other": seen[key]})]
    seen[key] = row.number
    if row.student_id not in students:
        errors.append(RowError(row.number, "student_id", _("No student has this id.")))
    if row.section_id not in sections:
        errors.append(RowError(row.number, "section_id", _("No section has this id.")))
    if errors:
        return errors
    section_pk = sections[row.section_id]
    row.enrollment = enrollments.get((students[row.student_id], section_pk))
    row.meeting = meetings.get((section_pk, row.day))
    if row.enrollment is None:
        return [RowError(row.number, "student_id", _("The student is not in this section."))]
    if row.meeting is None:
        return [RowError(row.number, "date", _("The section does not meet on this date."))]
    if row.day > today:
        return [RowError(row.number, "date", _("This date is in the future."))]
    if not was_on_roster(row.enrollment, row.day):
        reason = _("The student was not enrolled in the section on this date.")
        return [RowError(row.number, "date", reason)]
    return []


def _locked_through(section_ids: set[int]) -> dict[int, date]:
    from ropdesk.attendance.models import AttendanceCertification

    found: dict[int, date] = {}
    for chunk in _chunks(sorted(section_ids)):
        for section_id, through in AttendanceCertification.objects.filter(
            section_id__in=chunk
        ).values_list("section_id", "covers_through"):
            found[section_id] = max(through, found.get(section_id, through))
    return found


def apply(rows: list[Row], *, actor: Actor | None, outcome: Outcome) -> None:
    """Write what differs, inside the caller's transaction. A row that would change a
    certified record becomes an error (the caller then rolls everything back)."""
    locked = _locked_through({r.meeting.section_id for r in rows if r.meeting})
    now = timezone.now()
    user = recorded(actor)
    new: list[AttendanceRecord] = []
    changed: list[tuple[AttendanceRecord, tuple[Any, Any]]] = []
    for chunk in _chunks(rows):
        existing = {
            (r.enrollment_id, r.meeting_id): r
            for r in AttendanceRecord.objects.select_for_update().filter(
                meeting_id__in={row.meeting.pk for row in chunk if row.meeting},
                enrollment_id__in={row.enrollment.pk for row in chunk if row.enrollment},
            )
        }
        for row in chunk:
            assert row.meeting is not None and row.enrollment is not None
            record = existing.get((row.enrollment.pk, row.meeting.pk))
            if record is not None and (record.arrived, record.departed) == (
                row.arrived,
                row.departed,
            ):
                outcome.unchanged += 1
                continue
            through = locked.get(row.meeting.section_id)
            if through is not None and row.day <= through:
                reason = _(
                    "Attendance of this section is certified through %(day)s; a change needs "
                    "an office adjustment with a reason."
                ) % {"day": date_format(through, "DATE_FORMAT")}
                outcome.errors.append(RowError(row.number, "date", reason))
                continue
            minutes = credited_minutes(
                row.meeting.start_time, row.meeting.end_time, row.arrived, row.departed
            )
            if record is None:
                new.append(
                    AttendanceRecord(
                        enrollment=row.enrollment,
                        meeting=row.meeting,
                        arrived=row.arrived,
                        departed=row.departed,
                        credited_minutes=minutes,
                        source=AttendanceRecord.Source.IMPORT,
                        recorded_by=user,
                    )
                )
                continue
            changed.append((record, (record.arrived, record.departed)))
            record.arrived, record.departed = row.arrived, row.departed
            record.credited_minutes = minutes
            record.source = AttendanceRecord.Source.IMPORT
            record.recorded_by = user
            record.recorded_at = now
    if outcome.errors:
        return
    AttendanceRecord.objects.bulk_create(new, batch_size=2000)
    AttendanceRecord.objects.bulk_update(
        [record for record, _ in changed],
        ["arrived", "departed", "credited_minutes", "source", "recorded_by", "recorded_at"],
        batch_size=1000,
    )
    # Corrections of existing records are audited one by one, as on the attendance page.
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                actor=user,
                action="attendance.correct",
                object_type=AttendanceRecord._meta.label_lower,
                object_id=str(record.pk),
                details={
                    "before": [_hhmm(before[0]), _hhmm(before[1])],
                    "after": [_hhmm(record.arrived), _hhmm(record.departed)],
                    "source": "import",
                },
            )
            for record, before in changed
        ),
        batch_size=2000,
    )
    outcome.created, outcome.updated = len(new), len(changed)


def _hhmm(moment: time | None) -> str | None:
    return moment.strftime("%H:%M") if moment else None


# --- Running an import --------------------------------------------------------------------------
# The upload becomes a core.ImportJob that the worker runs (core/jobs.py); this is its runner.

RUNNER = "ropdesk.attendance.imports.attendance_import_run"


def attendance_import_create(*, actor: Actor | None, file_name: str, data: bytes) -> ImportJob:
    """Keep an uploaded file, waiting to be imported (refused at once if it is not UTF-8)."""
    decode(data)
    return import_job_create(
        kind=ImportJob.Kind.ATTENDANCE, actor=actor, file_name=file_name, data=data
    )


def attendance_import_start(*, actor: Actor | None, file_name: str, data: bytes) -> ImportJob:
    """Keep the uploaded file and hand it to the worker; the job's page follows it."""
    job = attendance_import_create(actor=actor, file_name=file_name, data=data)
    return import_job_start(job=job, runner=RUNNER)


def attendance_import_run(
    *,
    job: ImportJob,
    actor: Actor | None,
    progress: JobProgress | None = None,
    echo: Callable[[str], None] | None = None,
) -> ImportJob:
    """Check every row, then save them all in one transaction or none at all. Checking is the
    first half of the progress bar, saving the second."""
    report = progress or (lambda percent, step: None)
    rows, errors = parse(decode(bytes(job.content)))
    total = len(rows)
    report(0, _("checking rows"))

    def checked(done: int) -> None:
        step = _("checked %(done)s of %(total)s rows") % {"done": done, "total": total}
        report(50 * done // max(total, 1), step)
        if echo:
            echo(step)

    resolve(rows, errors, checked)
    if errors:
        return _finish(job, ImportJob.Status.REJECTED, Outcome(errors=errors))
    report(50, _("saving %(total)s rows") % {"total": total})
    outcome = Outcome()
    with transaction.atomic(durable=True):
        apply(rows, actor=actor, outcome=outcome)
        if outcome.errors:
            transaction.set_rollback(True)
        else:
            _finish(job, ImportJob.Status.DONE, outcome, actor=actor)
    if outcome.errors:
        return _finish(job, ImportJob.Status.REJECTED, outcome)
    return job


def _finish(job: ImportJob, status: str, outcome: Outcome, actor: Actor | None = None) -> ImportJob:
    errors = sorted(
        outcome.errors, key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 0)
    )
    kept = [e.as_dict() for e in errors[:MAX_ERRORS_KEPT]]
    if len(errors) > MAX_ERRORS_KEPT:
        more = _("… and %(n)s more errors.") % {"n": len(errors) - MAX_ERRORS_KEPT}
        kept.append({"row": 0, "column": "", "reason": more})
    counts = {
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
    }
    import_job_finish(job, status=status, result=counts, errors=kept)
    if status == ImportJob.Status.DONE:
        audit_record(
            actor=actor,
            action="attendance.import",
            obj=job,
            file=job.file_name,
            sha256=job.sha256,
            **counts,
        )
    return job
