"""Importing attendance kept elsewhere: a CSV file with a header row

    student_id,section_id,date,arrived,departed

(student_id = Student.local_id, section_id = Section.code, date YYYY-MM-DD, times HH:MM in
24-hour local time, both times blank for absent; docs/import-formats.md).

Every row is checked before anything is written; one error anywhere rejects the whole file
with the list of row, column and reason. A clean file is saved in one transaction, comparing
values, so that importing the same file again changes nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import struct
import tempfile
import time as time_module
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ropdesk.attendance.models import AttendanceRecord
from ropdesk.attendance.queries import was_on_roster
from ropdesk.attendance.rules import credited_minutes
from ropdesk.core.jobs import Progress as JobProgress
from ropdesk.core.jobs import (
    import_job_create,
    import_job_file,
    import_job_finish,
    import_job_start,
)
from ropdesk.core.models import AuditEvent, ImportJob, Student
from ropdesk.core.services import audit_record
from ropdesk.core.types import Actor, recorded
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting, Section

COLUMNS = ["student_id", "section_id", "date", "arrived", "departed"]
# Rows looked up together (a few queries a chunk): their distinct ids stay well under every
# database's parameter limit. Rows written together (one upsert, one read of what is there).
CHUNK = 2000
BATCH = 2000
READ_BYTES = 1024 * 1024
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
    more_errors: int = 0  # counted, not kept (past MAX_ERRORS_KEPT)

    def error(self, error: RowError) -> None:
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(error)
        else:
            self.more_errors += 1

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.more_errors)


@lru_cache(maxsize=4096)  # a file repeats the same few times and days a million times
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
    rows: list[Row] = []
    errors: list[RowError] = []
    for item in read_rows(io.StringIO(text.lstrip("\ufeff"))):
        (rows if isinstance(item, Row) else errors).append(item)  # type: ignore[arg-type]
    return rows, errors


def read_rows(stream: TextIO) -> Iterator[Row | RowError]:
    """Each row of the file with its values parsed, or the errors in its values, one row at a
    time: the file is read as it goes, never held whole."""
    reader = csv.reader(stream)
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        for name in missing:
            yield RowError(1, name, _("The header row has no “%(name)s” column.") % {"name": name})
        return
    index = {name: header.index(name) for name in COLUMNS}
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            values = {n: (cells[i].strip() if i < len(cells) else "") for n, i in index.items()}
            row_errors = _check_values(number, values)
            if row_errors:
                yield from row_errors
                continue
            yield Row(
                number,
                values["student_id"],
                values["section_id"],
                _parse_date(values["date"]),  # type: ignore[arg-type]
                _parse_time(values["arrived"]),
                _parse_time(values["departed"]),
            )
    except csv.Error as broken:  # e.g. a cell past the csv module's size limit
        reason = _("The file cannot be read as CSV: %(why)s.") % {"why": broken}
        yield RowError(reader.line_num, "", reason)


@lru_cache(maxsize=4096)
def _parse_date(text: str) -> date | None:
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


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
    if _parse_date(text) is None:
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


class Resolver:
    """Finds each row's enrollment and meeting, a chunk of rows at a time (a few queries per
    chunk), adding an error for every row that names something missing, is repeated, is in
    the future or has no enrollment that day.

    Repeats are found without keeping the rows: a set of the hashes of (student, section,
    date) seen so far; a row whose hash was seen is put aside, and `repeats()` reads the file
    again to name the earlier row (a hash shared by two different rows is not a repeat)."""

    def __init__(self) -> None:
        self.students: dict[str, int] = {}
        self.sections: dict[str, int] = {}
        self.seen: set[int] = set()
        self.suspects: dict[tuple[str, str, date], list[tuple[int, Row]]] = {}
        self.today = timezone.localdate()

    def resolve(self, chunk: list[Row]) -> tuple[list[Row], list[RowError]]:
        """The rows of the chunk that passed every check, and the errors of the others."""
        fresh = []
        for row in chunk:
            key = (row.student_id, row.section_id, row.day)
            digest = hash(key)
            if digest in self.seen:
                self.suspects.setdefault(key, []).append((row.number, row))
            else:
                self.seen.add(digest)
                fresh.append(row)
        self._look_up(fresh)
        errors: list[RowError] = []
        good = []
        for row in fresh:
            row_errors = self._check(row)
            errors += row_errors
            if not row_errors:
                good.append(row)
        return good, errors

    def _look_up(self, chunk: list[Row]) -> None:
        wanted = {r.student_id for r in chunk} - self.students.keys()
        for part in _chunks(sorted(wanted)):
            found = Student.objects.filter(local_id__in=part).values_list("local_id", "pk")
            self.students.update(found)
            self.students.update({name: 0 for name in part if name not in self.students})
        wanted = {r.section_id for r in chunk} - self.sections.keys()
        for part in _chunks(sorted(wanted)):
            self.sections.update(Section.objects.filter(code__in=part).values_list("code", "pk"))
            self.sections.update({code: 0 for code in part if code not in self.sections})
        pairs = {
            (self.students[r.student_id], self.sections[r.section_id])
            for r in chunk
            if self.students[r.student_id] and self.sections[r.section_id]
        }
        section_ids = {c for _, c in pairs}
        enrollments = {
            (e.student_id, e.section_id): e
            for e in Enrollment.objects.filter(
                student_id__in={s for s, _ in pairs}, section_id__in=section_ids
            ).only("pk", "student_id", "section_id", "status", "enrolled_on", "ended_on")
        }
        meetings = {
            (m.section_id, m.date): m
            for m in Meeting.objects.filter(
                section_id__in=section_ids, date__in={r.day for r in chunk}
            ).only("pk", "section_id", "date", "start_time", "end_time")
        }
        for row in chunk:
            student, section = self.students[row.student_id], self.sections[row.section_id]
            row.enrollment = enrollments.get((student, section))
            row.meeting = meetings.get((section, row.day))

    def _check(self, row: Row) -> list[RowError]:
        errors = []
        if not self.students[row.student_id]:
            errors.append(RowError(row.number, "student_id", _("No student has this id.")))
        if not self.sections[row.section_id]:
            errors.append(RowError(row.number, "section_id", _("No section has this id.")))
        if errors:
            return errors
        if row.enrollment is None:
            return [RowError(row.number, "student_id", _("The student is not in this section."))]
        if row.meeting is None:
            return [RowError(row.number, "date", _("The section does not meet on this date."))]
        if row.day > self.today:
            return [RowError(row.number, "date", _("This date is in the future."))]
        if not was_on_roster(row.enrollment, row.day):
            reason = _("The student was not enrolled in the section on this date.")
            return [RowError(row.number, "date", reason)]
        return []

    def repeats(self, rows: Iterator[Row | RowError]) -> tuple[list[Row], list[RowError]]:
        """After the first pass: each row put aside is a repeat of the first row with its
        student, section and date (an error naming that row), or, when no earlier row has
        them (two rows whose hashes met), a row like any other, checked now."""
        if not self.suspects:
            return [], []
        first: dict[tuple[str, str, date], int] = {}
        for row in rows:
            if isinstance(row, Row):
                key = (row.student_id, row.section_id, row.day)
                if key in self.suspects and key not in first:
                    first[key] = row.number
        reason = _("Row %(other)s already gives this student, section and date.")
        errors, unique = [], []
        for key, put_aside in self.suspects.items():
            for number, row in put_aside:
                if first.get(key, number) < number:
                    errors.append(RowError(number, "date", reason % {"other": first[key]}))
                else:
                    unique.append(row)
        self._look_up(unique)
        good = []
        for row in unique:
            row_errors = self._check(row)
            errors += row_errors
            if not row_errors:
                good.append(row)
        return good, errors


def _locked_through(section_ids: set[int]) -> dict[int, date]:
    from ropdesk.attendance.models import AttendanceCertification

    found: dict[int, date] = {}
    for chunk in _chunks(sorted(section_ids)):
        for section_id, through in AttendanceCertification.objects.filter(
            section_id__in=chunk
        ).values_list("section_id", "covers_through"):
            found[section_id] = max(through, found.get(section_id, through))
    return found


# A checked row, small enough to keep a million of on disk between the two passes:
# (row number, enrollment, meeting, section, day, arrived, departed, credited minutes).
Checked = tuple[int, int, int, int, date, "time | None", "time | None", int]
_PACKED = struct.Struct("<qqqqiiii")  # times as minutes after midnight, -1 for none


def _minutes_of(moment: time | None) -> int:
    return -1 if moment is None else moment.hour * 60 + moment.minute


def _time_of(minutes: int) -> time | None:
    return None if minutes < 0 else time(minutes // 60, minutes % 60)


def _pack(item: Checked) -> bytes:
    number, enrollment, meeting, section, day, arrived, departed, minutes = item
    return _PACKED.pack(
        number,
        enrollment,
        meeting,
        section,
        day.toordinal(),
        _minutes_of(arrived),
        _minutes_of(departed),
        minutes,
    )


def _unpack(data: bytes) -> Checked:
    number, enrollment, meeting, section, day, arrived, departed, minutes = _PACKED.unpack(data)
    return (
        number,
        enrollment,
        meeting,
        section,
        date.fromordinal(day),
        _time_of(arrived),
        _time_of(departed),
        minutes,
    )


# The crediting rule is pure: a file's rows share a few dozen meeting times and marks.
_credited = lru_cache(maxsize=65536)(credited_minutes)


def _checked(row: Row) -> Checked:
    assert row.meeting is not None and row.enrollment is not None
    minutes = _credited(row.meeting.start_time, row.meeting.end_time, row.arrived, row.departed)
    return (
        row.number,
        row.enrollment.pk,
        row.meeting.pk,
        row.meeting.section_id,
        row.day,
        row.arrived,
        row.departed,
        minutes,
    )


def apply(rows: list[Row], *, actor: Actor | None, outcome: Outcome) -> None:
    """Write what differs, inside the caller's transaction. A row that would change a
    certified record becomes an error (the caller then rolls everything back)."""
    sections = {r.meeting.section_id for r in rows if r.meeting}
    writer = BatchWriter(actor=actor, outcome=outcome, locked=_locked_through(sections))
    for chunk in _chunks(rows):
        writer.write([_checked(row) for row in chunk])


Before = tuple[int, "time | None", "time | None"]  # a record as it was: pk, arrived, departed


class BatchWriter:
    """Writes checked rows a batch at a time, inside the caller's transaction: the batch's
    records are read (locked) in one query, what differs is written in one upsert against the
    unique (enrollment, meeting) constraint, corrections are audited in one insert. After the
    first error (a certified day) it only checks, so that every such row is listed."""

    def __init__(self, *, actor: Actor | None, outcome: Outcome, locked: dict[int, date]) -> None:
        self.user = recorded(actor)
        self.outcome = outcome
        self.locked = locked

    def write(self, batch: list[Checked]) -> None:
        outcome = self.outcome
        there = (
            AttendanceRecord.objects.select_for_update()
            .filter(
                meeting_id__in={item[2] for item in batch},
                enrollment_id__in={item[1] for item in batch},
            )
            .values_list("enrollment_id", "meeting_id", "pk", "arrived", "departed")
        )
        existing = {(e, m): (pk, arrived, departed) for e, m, pk, arrived, departed in there}
        new: list[Written] = []
        changed: list[tuple[int, Written]] = []
        corrected: list[tuple[Before, time | None, time | None]] = []
        for number, enrollment, meeting, section, day, arrived, departed, minutes in batch:
            record = existing.get((enrollment, meeting))
            if record is not None and record[1:] == (arrived, departed):
                outcome.unchanged += 1
                continue
            through = self.locked.get(section)
            if through is not None and day <= through:
                reason = _(
                    "Attendance of this section is certified through %(day)s; a change needs "
                    "an office adjustment with a reason."
                ) % {"day": date_format(through, "DATE_FORMAT")}
                outcome.error(RowError(number, "date", reason))
                continue
            written = (enrollment, meeting, arrived, departed, minutes)
            if record is None:
                new.append(written)
            else:
                changed.append((record[0], written))
                corrected.append((record, arrived, departed))
        if outcome.failed:
            return
        write_records(new, changed, user=self.user)
        self._audit(corrected)
        outcome.created += len(new)
        outcome.updated += len(changed)

    def _audit(self, corrected: list[tuple[Before, time | None, time | None]]) -> None:
        # Corrections of existing records are audited one by one, as on the attendance page.
        AuditEvent.objects.bulk_create(
            (
                AuditEvent(
                    actor=self.user,
                    action="attendance.correct",
                    object_type=AttendanceRecord._meta.label_lower,
                    object_id=str(record[0]),
                    details={
                        "before": [_hhmm(record[1]), _hhmm(record[2])],
                        "after": [_hhmm(arrived), _hhmm(departed)],
                        "source": "import",
                    },
                )
                for record, arrived, departed in corrected
            ),
            batch_size=BATCH,
        )


class AttendanceChanged(OperationalError):
    """Someone recorded a row of the batch between its reading and its writing: the import
    is rolled back and tried again (the worker retries a busy database's failures)."""


def write_records(
    new: list[Written], changed: list[tuple[int, Written]], *, user: Actor | None
) -> None:
    """Insert the new records (enrollment, meeting, arrived, departed, credited minutes) and
    update the changed ones by id, each batch one prepared statement run over its rows
    (executemany). The insert is `ON CONFLICT (enrollment, meeting) DO NOTHING`, as SQLite and
    PostgreSQL both write it: a record someone else wrote meanwhile is not overwritten, the
    batch is found short and the import tried again. (The ORM's bulk_create made a model
    object and compiled every value of every row: six times the database's own time.)"""
    if connection.vendor == "postgresql":
        _write_by_copy(new, changed, user=user)
        return
    meta, ops = AttendanceRecord._meta, connection.ops
    column = {name: _column(name) for name in _WRITTEN}
    table = ops.quote_name(meta.db_table)
    now = ops.adapt_datetimefield_value(timezone.now())
    source, by = AttendanceRecord.Source.IMPORT.value, getattr(user, "pk", None)
    adapt = ops.adapt_timefield_value
    with connection.cursor() as cursor:
        if new:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(column.values())}) "  # noqa: S608 -- model metadata
                f"VALUES ({', '.join(['%s'] * len(column))}) "
                f"ON CONFLICT ({column['enrollment']}, {column['meeting']}) DO NOTHING",
                [
                    (e, m, adapt(arrived), adapt(departed), minutes, source, by, now)
                    for e, m, arrived, departed, minutes in new
                ],
            )
            if 0 <= cursor.rowcount < len(new):
                raise AttendanceChanged(_("Attendance changed while it was imported."))
        if changed:
            sets = ", ".join(f"{column[n]} = %s" for n in _WRITTEN[2:])
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE {_column('id')} = %s",  # noqa: S608
                [
                    (adapt(arrived), adapt(departed), minutes, source, by, now, pk)
                    for pk, (_e, _m, arrived, departed, minutes) in changed
                ],
            )


def _column(name: str) -> str:
    """A field's column, quoted for the database in use."""
    field = AttendanceRecord._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return connection.ops.quote_name(field.column)


Written = tuple[int, int, "time | None", "time | None", int]
_STAGE = "attendance_import_stage"


def _write_by_copy(
    new: list[Written], changed: list[tuple[int, Written]], *, user: Actor | None
) -> None:
    """PostgreSQL: the batch goes by COPY into a temporary table (dropped at commit), then one
    INSERT ... SELECT ... ON CONFLICT DO NOTHING and one UPDATE ... FROM: the same rules as
    `write_records`, at the speed of COPY rather than one round trip a row."""
    meta, ops = AttendanceRecord._meta, connection.ops
    column = {name: _column(name) for name in _WRITTEN}
    table, pk = ops.quote_name(meta.db_table), _column("id")
    now, source = timezone.now(), AttendanceRecord.Source.IMPORT.value
    by = getattr(user, "pk", None)
    names = ", ".join(column.values())
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGE} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {pk} AS record, {names} FROM {table} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {_STAGE}")
        with cursor.cursor.copy(f"COPY {_STAGE} (record, {names}) FROM STDIN") as copy:
            for e, m, arrived, departed, minutes in new:
                copy.write_row((None, e, m, arrived, departed, minutes, source, by, now))
            for record, (e, m, arrived, departed, minutes) in changed:
                copy.write_row((record, e, m, arrived, departed, minutes, source, by, now))
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {_STAGE} "  # noqa: S608 -- model metadata
            f"WHERE record IS NULL ON CONFLICT ({column['enrollment']}, {column['meeting']}) "
            "DO NOTHING"
        )
        if cursor.rowcount < len(new):
            raise AttendanceChanged(_("Attendance changed while it was imported."))
        if changed:
            sets = ", ".join(f"{column[n]} = s.{column[n]}" for n in _WRITTEN[2:])
            cursor.execute(
                f"UPDATE {table} AS a SET {sets} FROM {_STAGE} AS s "  # noqa: S608
                f"WHERE s.record IS NOT NULL AND a.{pk} = s.record"
            )


_WRITTEN = [
    "enrollment",
    "meeting",
    "arrived",
    "departed",
    "credited_minutes",
    "source",
    "recorded_by",
    "recorded_at",
]


def _hhmm(moment: time | None) -> str | None:
    return moment.strftime("%H:%M") if moment else None


# --- Running an import --------------------------------------------------------------------------
# The upload becomes a core.ImportJob that the worker runs (core/jobs.py); this is its runner.

RUNNER = "ropdesk.attendance.imports.attendance_import_run"


def attendance_import_create(*, actor: Actor | None, file_name: str, data: bytes) -> ImportJob:
    """Keep an uploaded file, waiting to be imported (refused at once if it is not UTF-8)."""
    check_text(data)
    return import_job_create(
        kind=ImportJob.Kind.ATTENDANCE, actor=actor, file_name=file_name, data=data
    )


def check_text(data: bytes) -> None:
    """`decode`'s refusals (not UTF-8, a NUL character) without decoding the file whole."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), READ_BYTES):
            decoder.decode(data[start : start + READ_BYTES])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as bad:
        raise ValidationError(_("The file is not UTF-8 text (save it as “CSV UTF-8”).")) from bad
    if b"\x00" in data:
        decode(data)  # names the row and column


def attendance_import_start(*, actor: Actor | None, file_name: str, data: bytes) -> ImportJob:
    """Keep the uploaded file and hand it to the worker; the job's page follows it."""
    job = attendance_import_create(actor=actor, file_name=file_name, data=data)
    return import_job_start(job=job, runner=RUNNER)


def _stream(job: ImportJob) -> TextIO:
    return io.TextIOWrapper(import_job_file(job), encoding="utf-8-sig", newline="")


def _count_lines(job: ImportJob) -> int:
    lines = 0
    with import_job_file(job) as stored:
        while chunk := stored.read(READ_BYTES):
            lines += chunk.count(b"\n")
    return lines


class Report:
    """Progress of one phase: percent between `low` and `high`, and a step that says how many
    rows are done, how fast and about how long is left."""

    def __init__(self, progress: JobProgress, echo: Callable[[str], None] | None, total: int):
        self.progress, self.echo, self.total = progress, echo, max(total, 1)
        self.phase(_("Checking"), 0, 50)

    def phase(self, name: str, low: int, high: int) -> None:
        self.name, self.low, self.high = name, low, high
        self.started = time_module.monotonic()

    def __call__(self, done: int) -> None:
        elapsed = max(time_module.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        left = max(self.total - done, 0) / rate if rate else 0
        step = _(
            "%(phase)s: %(done)s of %(total)s rows, %(rate)s rows a second, about %(left)s s left"
        ) % {
            "phase": self.name,
            "done": done,
            "total": self.total,
            "rate": f"{rate:,.0f}",
            "left": f"{left:.0f}",
        }
        self.progress(self.low + (self.high - self.low) * min(done, self.total) // self.total, step)
        if self.echo:
            self.echo(step)


def attendance_import_run(
    *,
    job: ImportJob,
    actor: Actor | None,
    progress: JobProgress | None = None,
    echo: Callable[[str], None] | None = None,
) -> ImportJob:
    """Check every row in one pass over the file, then save them all in one transaction or
    none at all, a batch at a time. Memory does not hold the rows: the checked ones wait in a
    temporary file (48 bytes each). Checking is the first half of the progress bar, saving
    the second; each step says the rows per second and the time left."""
    report = Report(progress or (lambda percent, step: None), echo, _count_lines(job) - 1)
    report(0)
    resolver, errors, checked = Resolver(), ErrorList(), 0
    with tempfile.TemporaryFile() as spool:
        sections: set[int] = set()
        for chunk in _row_chunks(read_rows(_stream(job)), errors):
            good, chunk_errors = resolver.resolve(chunk)
            errors.extend(sorted(chunk_errors, key=_error_order))
            for row in good if not errors.count else ():
                item = _checked(row)
                sections.add(item[3])
                spool.write(_pack(item))
            checked += len(chunk)
            report(checked)
        good, more = resolver.repeats(read_rows(_stream(job)))
        errors.extend(more)
        if errors.count:
            return _finish(job, ImportJob.Status.REJECTED, errors.outcome())
        for row in good:
            item = _checked(row)
            sections.add(item[3])
            spool.write(_pack(item))
        report.phase(_("Saving"), 50, 100)
        outcome = Outcome()
        with transaction.atomic(durable=True):
            writer = BatchWriter(actor=actor, outcome=outcome, locked=_locked_through(sections))
            _save(spool, writer, report)
            if outcome.failed:
                transaction.set_rollback(True)
            else:
                _finish(job, ImportJob.Status.DONE, outcome, actor=actor)
    if outcome.failed:
        return _finish(job, ImportJob.Status.REJECTED, outcome)
    return job


def _save(spool: Any, writer: BatchWriter, report: Report) -> None:
    spool.seek(0)
    saved = 0
    # PostgreSQL pays a round trip per statement: fewer, bigger batches.
    batch_size = BATCH * 5 if connection.vendor == "postgresql" else BATCH
    while data := spool.read(_PACKED.size * batch_size):
        batch = [_unpack(data[k : k + _PACKED.size]) for k in range(0, len(data), _PACKED.size)]
        writer.write(batch)
        saved += len(batch)
        report(saved)


def _row_chunks(items: Iterator[Row | RowError], errors: ErrorList) -> Iterator[list[Row]]:
    """The parsed rows a chunk at a time; the errors in values go straight to `errors`."""
    chunk: list[Row] = []
    for item in items:
        if isinstance(item, RowError):
            errors.append(item)
            continue
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _error_order(error: RowError) -> tuple[int, int]:
    return (error.row, COLUMNS.index(error.column) if error.column in COLUMNS else 0)


class ErrorList:
    """The errors of a file: all counted, the first MAX_ERRORS_KEPT kept."""

    def __init__(self) -> None:
        self.items: list[RowError] = []
        self.count = 0

    def append(self, error: RowError) -> None:
        self.count += 1
        if len(self.items) < MAX_ERRORS_KEPT * 4:  # room for a chunk's errors out of order
            self.items.append(error)

    def extend(self, errors: list[RowError]) -> None:
        for error in errors:
            self.append(error)

    def outcome(self) -> Outcome:
        kept = sorted(self.items, key=_error_order)[:MAX_ERRORS_KEPT]
        return Outcome(errors=kept, more_errors=self.count - len(kept))


def _finish(job: ImportJob, status: str, outcome: Outcome, actor: Actor | None = None) -> ImportJob:
    errors = sorted(outcome.errors, key=_error_order)
    kept = [e.as_dict() for e in errors[:MAX_ERRORS_KEPT]]
    more = len(errors) - len(kept) + outcome.more_errors
    if more:
        reason = _("… and %(n)s more errors.") % {"n": more}
        kept.append({"row": 0, "column": "", "reason": reason})
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
