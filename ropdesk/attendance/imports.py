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
import os
import re
import struct
import tempfile
import time as time_module
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache
from typing import Any, BinaryIO, TextIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ropdesk.attendance.models import AttendanceRecord
from ropdesk.attendance.queries import roster_days
from ropdesk.attendance.rules import credited_minutes
from ropdesk.core import versions
from ropdesk.core.jobs import Progress as JobProgress
from ropdesk.core.jobs import (
    import_job_create,
    import_job_file,
    import_job_finish,
    import_job_progress_close,
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
REPORT_EVERY = 0.5  # seconds between two progress reports, but a phase's first and last
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


# --- Checking a file in one pass ----------------------------------------------------------------
# A row as the checking pass keeps it until its chunk is looked up: (row number, student id,
# section id, date as an ordinal, arrived and departed as minutes after midnight, -1 blank).
Parsed = tuple[int, str, str, int, int, int]
_BLANK, _BAD = -1, -2
_CACHE_LIMIT = 50_000  # texts of dates and times remembered (a file repeats a few hundred)


def _minutes_of_text(text: str) -> int:
    """A cell's time as minutes after midnight; -1 when blank, -2 when not a time HH:MM."""
    if not text:
        return _BLANK
    moment = _parse_time(text)
    return _BAD if moment is None else moment.hour * 60 + moment.minute


def _ordinal_of_text(text: str) -> int:
    """A cell's date as its ordinal; 0 when it is not a date YYYY-MM-DD."""
    day = _parse_date(text)
    return 0 if day is None else day.toordinal()


class _Section:
    """What the checks need of one section, read once for the whole file: its meetings by
    date, its enrollments by student (with the days each is on the roster), its last
    certified day, and one bit per (enrollment, meeting) already given by the file (how a
    repeated row is found without keeping the rows: a few KB a section, whatever the file)."""

    __slots__ = ("pk", "meetings", "enrollments", "width", "seen")

    def __init__(
        self,
        pk: int,
        meetings: list[tuple[date, int, time, time]],
        enrollments: list[tuple[str, int, str, date | None, date | None]],
    ) -> None:
        self.pk = pk
        # date ordinal -> (slot, meeting, scheduled start, scheduled end in minutes)
        self.meetings: dict[int, tuple[int, int, int, int]] = {
            day.toordinal(): (slot, meeting, _minutes_of(start), _minutes_of(end))
            for slot, (day, meeting, start, end) in enumerate(meetings)
        }
        # student's local id -> (slot, enrollment, first day on the roster, first day off
        # it; ordinals)
        self.enrollments: dict[str, tuple[int, int, int, int]] = {}
        for slot, (student, enrollment, status, enrolled_on, ended_on) in enumerate(enrollments):
            days = roster_days(status, enrolled_on, ended_on)
            first, until = (days[0].toordinal(), days[1].toordinal()) if days else (0, 0)
            self.enrollments[student] = (slot, enrollment, first, until)
        self.width = max(len(self.meetings), 1)
        self.seen = bytearray((len(self.enrollments) * self.width + 7) // 8)


class Checker:
    """Checks every row of a file in one pass, as it reads it, a chunk of rows at a time: the
    values of each row, then (a few queries a chunk, only for ids not seen before) its
    student and section; each new section's meetings and enrollments are read once, whole,
    so that the rest of a row's checks (meets that day, enrolled that day, not in the future,
    not a repeat) and its credited minutes are worked out in memory. The rows that pass go
    to `spool`, packed (48 bytes a row), while the file has no error; nothing else is kept
    but the ids and sections met and the errors."""

    def __init__(self, errors: ErrorList, spool: Any) -> None:
        self.errors, self.spool = errors, spool
        self.students: dict[str, int] = {}  # local id -> pk, 0 when no student has it
        self.sections: dict[str, _Section | None] = {}
        self.section_ids: set[int] = set()
        self.recorded: set[int] = set()  # of those, the ones with attendance when checked
        self.today = timezone.localdate().toordinal()
        self.block = int(settings.ROPDESK["CREDIT_BLOCK_MINUTES"])
        self.credit: dict[tuple[int, int, int, int], int] = {}
        self.days: dict[str, int] = {}
        self.times: dict[str, int] = {}
        # (student id, section id, date) of each repeated row -> the repeats' row numbers
        self.repeats: dict[tuple[str, str, int], list[int]] = {}

    def check(self, stream: TextIO) -> Iterator[int]:
        """Read and check the whole file; yields the rows read so far after each chunk."""
        reader = csv.reader(stream)
        header = [name.strip().lower() for name in next(reader, [])]
        missing = [name for name in COLUMNS if name not in header]
        for name in missing:
            reason = _("The header row has no “%(name)s” column.") % {"name": name}
            self.errors.append(RowError(1, name, reason))
        if missing:
            return
        at = [header.index(name) for name in COLUMNS]
        i_student, i_section, i_date, i_arrived, i_departed = at
        width = max(at) + 1
        days, times = self.days, self.times
        chunk: list[Parsed] = []
        size = CHUNK
        number = reported = 1
        try:
            for number, cells in enumerate(reader, start=2):
                if len(cells) < width:
                    if not any(cell.strip() for cell in cells):
                        continue
                    cells = cells + [""] * (width - len(cells))
                student = cells[i_student].strip()
                section = cells[i_section].strip()
                text = cells[i_date].strip()
                day = days.get(text)
                if day is None:
                    day = _ordinal_of_text(text)
                    if len(days) < _CACHE_LIMIT:
                        days[text] = day
                text = cells[i_arrived].strip()
                arrived = times.get(text)
                if arrived is None:
                    arrived = _minutes_of_text(text)
                    if len(times) < _CACHE_LIMIT:
                        times[text] = arrived
                text = cells[i_departed].strip()
                departed = times.get(text)
                if departed is None:
                    departed = _minutes_of_text(text)
                    if len(times) < _CACHE_LIMIT:
                        times[text] = departed
                if (
                    student
                    and section
                    and day
                    and "\x00" not in student
                    and "\x00" not in section
                    and (
                        arrived == departed == _BLANK
                        or (0 <= arrived < departed)  # neither blank nor bad, and in order
                    )
                ):
                    chunk.append((number, student, section, day, arrived, departed))
                    if len(chunk) >= size:
                        self._resolve(chunk)
                        chunk = []
                        reported = number
                        yield number - 1
                    continue
                if not student and not section and not any(cell.strip() for cell in cells):
                    continue  # a blank row
                values = {
                    n: (cells[i].strip() if i < len(cells) else "")
                    for n, i in zip(COLUMNS, at, strict=True)
                }
                self.errors.extend(_check_values(number, values))
        except csv.Error as broken:  # e.g. a cell past the csv module's size limit
            reason = _("The file cannot be read as CSV: %(why)s.") % {"why": broken}
            self.errors.append(RowError(reader.line_num, "", reason))
        if chunk:
            self._resolve(chunk)
        if number != reported or number == 1:
            yield number - 1

    def _look_up(self, chunk: list[Parsed]) -> None:
        wanted = {row[2] for row in chunk} - self.sections.keys()
        for part in _chunks(sorted(wanted)):
            self._load_sections(part)

    def _look_up_students(self, rows: list[Parsed]) -> None:
        """The students of rows not found on their section's roster (does the id exist?)."""
        wanted = {row[1] for row in rows} - self.students.keys()
        for part in _chunks(sorted(wanted)):
            found = Student.objects.filter(local_id__in=part).values_list("local_id", "pk")
            self.students.update(found)
            self.students.update({name: 0 for name in part if name not in self.students})

    def _load_sections(self, codes: list[str]) -> None:
        found = dict(Section.objects.filter(code__in=codes).values_list("pk", "code"))
        meetings: dict[int, list[tuple[date, int, time, time]]] = {pk: [] for pk in found}
        enrollments: dict[int, list[tuple[str, int, str, date | None, date | None]]] = {
            pk: [] for pk in found
        }
        if found:
            for section, *meeting in (
                Meeting.objects.filter(section_id__in=found)
                .order_by()
                .values_list("section_id", "date", "pk", "start_time", "end_time")
            ):
                meetings[section].append(tuple(meeting))  # type: ignore[arg-type]
            for section, *enrollment in (
                Enrollment.objects.filter(section_id__in=found)
                .order_by()
                .values_list(
                    "section_id", "student__local_id", "pk", "status", "enrolled_on", "ended_on"
                )
            ):
                enrollments[section].append(tuple(enrollment))  # type: ignore[arg-type]
            # Sections that have attendance already: only their rows need the records there
            # read back and compared (a record written meanwhile elsewhere fails the insert).
            # (Per meeting, on the index of records by meeting: a section's first meeting
            # with a record ends its search.)
            self.recorded.update(
                Meeting.objects.filter(section_id__in=found)
                .filter(Exists(AttendanceRecord.objects.filter(meeting=OuterRef("pk"))))
                .order_by()
                .values_list("section_id", flat=True)
                .distinct()
            )
        self.sections.update({code: None for code in codes})
        for pk, code in found.items():
            self.sections[code] = _Section(pk, meetings[pk], enrollments[pk])

    def _resolve(self, chunk: list[Parsed]) -> None:
        """Look the chunk's rows up and check them; pack the good ones while all is well."""
        self._look_up(chunk)
        sections, today = self.sections, self.today
        errors: list[RowError] = []
        missed: list[Parsed] = []  # rows whose student is not on the section's roster
        packed: list[bytes] = []
        pack, credit, write = _PACKED.pack, self.credit, not self.errors.count
        for row in chunk:
            number, student_id, section_id, day, arrived, departed = row
            section = sections[section_id]
            enrollment = section.enrollments.get(student_id) if section is not None else None
            if enrollment is None or section is None:
                missed.append(row)
                continue
            meeting = section.meetings.get(day)
            if meeting is None:
                reason = _("The section does not meet on this date.")
                errors.append(RowError(number, "date", reason))
                continue
            bit = enrollment[0] * section.width + meeting[0]
            mask = 1 << (bit & 7)
            if section.seen[bit >> 3] & mask:
                self.repeats.setdefault((student_id, section_id, day), []).append(number)
                continue
            section.seen[bit >> 3] |= mask
            if day > today:
                errors.append(RowError(number, "date", _("This date is in the future.")))
                continue
            if not enrollment[2] <= day < enrollment[3]:
                reason = _("The student was not enrolled in the section on this date.")
                errors.append(RowError(number, "date", reason))
                continue
            if errors or missed or not write:
                continue  # the file is refused: nothing more to keep
            key = (meeting[2], meeting[3], arrived, departed)
            minutes = credit.get(key)
            if minutes is None:
                minutes = credit[key] = self._credited(*key)
            packed.append(
                pack(number, enrollment[1], meeting[1], section.pk, day, arrived, departed, minutes)
            )
            self.section_ids.add(section.pk)
        if missed:
            errors += self._not_on_roster(missed)
        if errors:
            self.errors.extend(sorted(errors, key=_error_order))
        elif write and not self.errors.count:
            self.spool.write(b"".join(packed))

    def _not_on_roster(self, rows: list[Parsed]) -> list[RowError]:
        self._look_up_students(rows)
        errors = []
        for number, student_id, section_id, *_rest in rows:
            student, section = self.students[student_id], self.sections[section_id]
            if not student:
                errors.append(RowError(number, "student_id", _("No student has this id.")))
            if section is None:
                errors.append(RowError(number, "section_id", _("No section has this id.")))
            elif student:
                reason = _("The student is not in this section.")
                errors.append(RowError(number, "student_id", reason))
        return errors

    def _credited(self, start: int, end: int, arrived: int, departed: int) -> int:
        moment = _time_of
        return credited_minutes(
            moment(start),  # type: ignore[arg-type]
            moment(end),  # type: ignore[arg-type]
            moment(arrived),
            moment(departed),
            block_minutes=self.block,
        )

    def name_repeats(self, rows: Iterator[Row | RowError]) -> list[RowError]:
        """After the pass: each repeated row as an error naming the first row with its
        student, section and date (found by reading the file once more)."""
        if not self.repeats:
            return []
        first: dict[tuple[str, str, int], int] = {}
        for row in rows:
            if isinstance(row, Row):
                key = (row.student_id, row.section_id, row.day.toordinal())
                if key in self.repeats and key not in first:
                    first[key] = row.number
        reason = _("Row %(other)s already gives this student, section and date.")
        return [
            RowError(number, "date", reason % {"other": first[key]})
            for key, numbers in self.repeats.items()
            for number in numbers
        ]


def _locked_through(section_ids: set[int]) -> dict[int, date]:
    from ropdesk.attendance.models import AttendanceCertification

    found: dict[int, date] = {}
    for chunk in _chunks(sorted(section_ids)):
        for section_id, through in AttendanceCertification.objects.filter(
            section_id__in=chunk
        ).values_list("section_id", "covers_through"):
            found[section_id] = max(through, found.get(section_id, through))
    return found


# A checked row, as `apply` and the tests hand it to the writer:
# (row number, enrollment, meeting, section, day, arrived, departed, credited minutes).
Checked = tuple[int, int, int, int, date, "time | None", "time | None", int]
# The same packed for the temporary file between the two passes, and as the writer works on
# it: the day as its ordinal, times as minutes after midnight (-1 for none).
Packed = tuple[int, int, int, int, int, int, int, int]
_PACKED = struct.Struct("<qqqqiiii")


def _minutes_of(moment: time | str | None) -> int:
    if moment is None:
        return -1
    if isinstance(moment, str):  # a database that hands times back as text
        moment = time.fromisoformat(moment)
    return moment.hour * 60 + moment.minute


def _time_of(minutes: int) -> time | None:
    return None if minutes < 0 else time(minutes // 60, minutes % 60)


_TEXT_OF = ["%02d:%02d:00" % divmod(m, 60) for m in range(24 * 60)]  # noqa: UP031


def _text_of(minutes: int) -> str | None:
    """A time as the databases take it in text (what Django's adapters make of it)."""
    return None if minutes < 0 else _TEXT_OF[minutes]


def _packed(item: Checked) -> Packed:
    number, enrollment, meeting, section, day, arrived, departed, minutes = item
    ordinal = day.toordinal()
    return (
        number,
        enrollment,
        meeting,
        section,
        ordinal,
        _minutes_of(arrived),
        _minutes_of(departed),
        minutes,
    )


def _checked(row: Row) -> Checked:
    assert row.meeting is not None and row.enrollment is not None
    minutes = credited_minutes(
        row.meeting.start_time, row.meeting.end_time, row.arrived, row.departed
    )
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


Before = tuple[int, int, int]  # a record as it was: pk, arrived, departed (minutes, -1 none)
Written = tuple[int, int, int, int, int]  # enrollment, meeting, arrived, departed, minutes


class BatchWriter:
    """Writes checked rows a batch at a time, inside the caller's transaction: the batch's
    records are read (locked) in one query, the new ones inserted and the changed ones
    updated in one statement each, corrections audited in one insert. After the first error
    (a certified day) it only checks, so that every such row is listed."""

    def __init__(
        self,
        *,
        actor: Actor | None,
        outcome: Outcome,
        locked: dict[int, date],
        recorded_sections: set[int] | None = None,
    ) -> None:
        """`recorded_sections`: when given, the only sections that may have records already
        (the others had none when checked): the records of the others are not read."""
        self.recorded = recorded_sections
        self.user = recorded(actor)
        self.outcome = outcome
        self.locked = locked
        self.locked_day = {section: day.toordinal() for section, day in locked.items()}
        self.told = False

    def write(self, batch: list[Checked]) -> None:
        self.write_packed([_packed(item) for item in batch])

    def write_packed(self, batch: list[Packed]) -> None:
        if not self.told:  # the bulk writes below pass no ORM signal: once a transaction
            versions.changed("attendance")
            self.told = True
        outcome = self.outcome
        if self.recorded is None:
            existing = _existing(batch)
        else:
            sections = self.recorded
            there = [item for item in batch if item[3] in sections]
            existing = _existing(there) if there else {}
        locked = self.locked_day
        new: list[Written] = []
        changed: list[tuple[int, Written]] = []
        corrected: list[tuple[Before, int, int]] = []
        for number, enrollment, meeting, section, day, arrived, departed, minutes in batch:
            record = existing.get((enrollment, meeting)) if existing else None
            if record is not None and record[1] == arrived and record[2] == departed:
                outcome.unchanged += 1
                continue
            through = locked.get(section)
            if through is not None and day <= through:
                reason = _(
                    "Attendance of this section is certified through %(day)s; a change needs "
                    "an office adjustment with a reason."
                ) % {"day": date_format(self.locked[section], "DATE_FORMAT")}
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
        if corrected:
            self._audit(corrected)
        outcome.created += len(new)
        outcome.updated += len(changed)

    def _audit(self, corrected: list[tuple[Before, int, int]]) -> None:
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


def _existing(batch: list[Packed]) -> dict[tuple[int, int], Before]:
    """The records already there for a batch's rows, by (enrollment, meeting), locked on
    PostgreSQL until the import commits. One query (the ids are a few thousand at most)."""
    meetings = list({item[2] for item in batch})
    enrollments = list({item[1] for item in batch})
    table = connection.ops.quote_name(AttendanceRecord._meta.db_table)
    e, m, pk = _column("enrollment"), _column("meeting"), _column("id")
    a, d = _column("arrived"), _column("departed")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT {e}, {m}, {pk}, {a}, {d} FROM {table} "  # noqa: S608 -- model metadata
                f"WHERE {m} = ANY(%s) AND {e} = ANY(%s) FOR UPDATE",
                [meetings, enrollments],
            )
        else:
            cursor.execute(
                f"SELECT {e}, {m}, {pk}, {a}, {d} FROM {table} "  # noqa: S608 -- model metadata
                f"WHERE {m} IN ({', '.join(['%s'] * len(meetings))}) "
                f"AND {e} IN ({', '.join(['%s'] * len(enrollments))})",
                [*meetings, *enrollments],
            )
        rows = cursor.fetchall()
    return {
        (enrollment, meeting): (record, _minutes_of(arrived), _minutes_of(departed))
        for enrollment, meeting, record, arrived, departed in rows
    }


class AttendanceChanged(OperationalError):
    """Someone recorded a row of the batch between its reading and its writing: the import
    is rolled back and tried again (the worker retries a busy database's failures)."""


def write_records(
    new: list[Written], changed: list[tuple[int, Written]], *, user: Actor | None
) -> None:
    """Insert the new records (enrollment, meeting, arrived, departed, credited minutes; times
    in minutes, -1 for none) and update the changed ones by id. SQLite: each one prepared
    statement run over the batch (executemany), the insert `ON CONFLICT (enrollment, meeting)
    DO NOTHING`, so that a record someone else wrote meanwhile is not overwritten: the batch
    is found short and the import tried again. (The ORM's bulk_create made a model object and
    compiled every value of every row: six times the database's own time.)"""
    if connection.vendor == "postgresql":
        _write_by_copy(new, changed, user=user)
        return
    meta, ops = AttendanceRecord._meta, connection.ops
    column = {name: _column(name) for name in _WRITTEN}
    table = ops.quote_name(meta.db_table)
    now = ops.adapt_datetimefield_value(timezone.now())
    source, by = AttendanceRecord.Source.IMPORT.value, getattr(user, "pk", None)
    text = _text_of
    with connection.cursor() as cursor:
        if new:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(column.values())}) "  # noqa: S608 -- model metadata
                f"VALUES ({', '.join(['%s'] * len(column))}) "
                f"ON CONFLICT ({column['enrollment']}, {column['meeting']}) DO NOTHING",
                [
                    (e, m, text(arrived), text(departed), minutes, source, by, now)
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
                    (text(arrived), text(departed), minutes, source, by, now, pk)
                    for pk, (_e, _m, arrived, departed, minutes) in changed
                ],
            )


def _column(name: str) -> str:
    """A field's column, quoted for the database in use."""
    field = AttendanceRecord._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return connection.ops.quote_name(field.column)


_STAGE = "attendance_import_stage"


_COPY_TIME = {-1: r"\N"} | dict(enumerate(_TEXT_OF))


def _copy_text(rows: list[Written], *, tail: str, record: list[int] | None = None) -> str:
    """Written rows in COPY's text format, each ending with `tail` (the columns they share),
    after its record's id when `record` is given (none of these values holds a tab, newline
    or backslash)."""
    t = _COPY_TIME
    lines = [f"{e}\t{m}\t{t[a]}\t{t[d]}\t{minutes}{tail}" for e, m, a, d, minutes in rows]
    if record is not None:
        lines = [f"{pk}\t{line}" for pk, line in zip(record, lines, strict=True)]
    return "".join(lines)


def _write_by_copy(
    new: list[Written], changed: list[tuple[int, Written]], *, user: Actor | None
) -> None:
    """PostgreSQL: the new records go by COPY straight into the attendance table. A record
    someone else wrote meanwhile breaks its unique constraint: the COPY fails, the import is
    rolled back and tried again (the same rule as SQLite's ON CONFLICT and a short batch).
    The changed ones go by COPY into a temporary table (dropped at commit) and one UPDATE ...
    FROM it."""
    meta, ops = AttendanceRecord._meta, connection.ops
    column = {name: _column(name) for name in _WRITTEN}
    table, pk = ops.quote_name(meta.db_table), _column("id")
    now, source = timezone.now().isoformat(), AttendanceRecord.Source.IMPORT.value
    by = getattr(user, "pk", None)
    tail = "\t".join(["", source, r"\N" if by is None else str(by), now]) + "\n"
    names = ", ".join(column.values())
    with connection.cursor() as cursor:
        if new:
            try:
                with (
                    connection.wrap_database_errors,
                    cursor.cursor.copy(
                        f"COPY {table} ({names}) FROM STDIN"  # noqa: S608 -- model metadata
                    ) as copy,
                ):
                    copy.write(_copy_text(new, tail=tail))
            except IntegrityError as taken:
                raise AttendanceChanged(_("Attendance changed while it was imported.")) from taken
        if changed:
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGE} ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {pk} AS record, {names} FROM {table} WITH NO DATA"
            )
            cursor.execute(f"TRUNCATE {_STAGE}")
            with cursor.cursor.copy(f"COPY {_STAGE} (record, {names}) FROM STDIN") as copy:
                rows = [row for _record, row in changed]
                copy.write(_copy_text(rows, tail=tail, record=[r for r, _row in changed]))
            sets = ", ".join(f"{column[n]} = s.{column[n]}" for n in _WRITTEN[2:])
            cursor.execute(
                f"UPDATE {table} AS a SET {sets} FROM {_STAGE} AS s "  # noqa: S608
                f"WHERE a.{pk} = s.record"
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


def _hhmm(minutes: int) -> str | None:
    return None if minutes < 0 else "%02d:%02d" % divmod(minutes, 60)  # noqa: UP031


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


COPY_BYTES = 8 * 1024 * 1024


def copy_out(job: ImportJob, into: BinaryIO) -> int:
    """The job's file into a local temporary file in one pass; the number of lines in it.
    The passes over the file then read that copy: a slice of a stored value costs reading
    the value from its start (SQLite's substr reads the whole blob; PostgreSQL decompresses
    up to the slice), so reading the database a slice at a time, twice, grew with the square
    of the file. SQLite reads the blob incrementally; PostgreSQL in slices of 8 MB."""
    lines = 0
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        with raw.blobopen(ImportJob._meta.db_table, "content", job.pk, readonly=True) as blob:
            while chunk := blob.read(COPY_BYTES):
                lines += chunk.count(b"\n")
                into.write(chunk)
    else:
        with import_job_file(job) as stored:
            while chunk := stored.read(COPY_BYTES):
                lines += chunk.count(b"\n")
                into.write(chunk)
    into.flush()
    return lines


def text_of(copy: BinaryIO) -> TextIO:
    """The copied file as text from its start (a reader of its own that leaves it open)."""
    os.lseek(copy.fileno(), 0, os.SEEK_SET)
    binary = open(copy.fileno(), "rb", closefd=False)  # noqa: SIM115 -- closed with the text
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


class Report:
    """Progress of one phase: percent between `low` and `high`, and a step that says how many
    rows are done, how fast and about how long is left."""

    def __init__(self, progress: JobProgress, echo: Callable[[str], None] | None, total: int):
        self.progress, self.echo, self.total = progress, echo, max(total, 1)
        self.phase(_("Checking"), 0, 50)

    def phase(self, name: str, low: int, high: int, total: int | None = None) -> None:
        self.name, self.low, self.high = name, low, high
        if total is not None:
            self.total = max(total, 1)
        self.started = time_module.monotonic()
        self.reported = 0.0
        self.skipped: int | None = None

    def flush(self) -> None:
        """Report the last step if it was skipped: a phase always ends with its count."""
        if self.skipped is not None:
            self.reported = 0.0
            self(self.skipped)

    def __call__(self, done: int) -> None:
        now = time_module.monotonic()
        if done and now - self.reported < REPORT_EVERY:
            self.skipped = done  # each report is a write (on SQLite a commit): a few a second
            return
        self.reported, self.skipped = now, None
        elapsed = max(now - self.started, 1e-6)
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
    errors = ErrorList()
    with tempfile.TemporaryFile() as copy, tempfile.TemporaryFile() as spool:
        report = Report(progress or (lambda percent, step: None), echo, copy_out(job, copy) - 1)
        report(0)
        checker = Checker(errors, spool)
        with text_of(copy) as text:
            for read in checker.check(text):
                report(read)
        report.flush()
        if checker.repeats:
            with text_of(copy) as text:
                errors.extend(checker.name_repeats(read_rows(text)))
        if errors.count:
            return _finish(job, ImportJob.Status.REJECTED, errors.outcome())
        report.phase(_("Saving"), 50, 100, total=spool.tell() // _PACKED.size)
        report(0)  # before the transaction: seen on SQLite too, whose one writer is the import
        outcome = Outcome()
        try:
            with transaction.atomic(durable=True):
                locked = _locked_through(checker.section_ids)
                writer = BatchWriter(
                    actor=actor,
                    outcome=outcome,
                    locked=locked,
                    recorded_sections=checker.recorded,
                )
                _save(spool, writer, report)
                if outcome.failed:
                    transaction.set_rollback(True)
                else:
                    _finish(job, ImportJob.Status.DONE, outcome, actor=actor)
        finally:
            import_job_progress_close()
    if outcome.failed:
        return _finish(job, ImportJob.Status.REJECTED, outcome)
    return job


def save_batch_size() -> int:
    """Rows saved per batch. PostgreSQL pays a round trip per statement: fewer, bigger ones."""
    return BATCH * 5 if connection.vendor == "postgresql" else BATCH


def _save(spool: Any, writer: BatchWriter, report: Report) -> None:
    spool.seek(0)
    saved = 0
    batch_size = save_batch_size()
    while data := spool.read(_PACKED.size * batch_size):
        batch = list(_PACKED.iter_unpack(data))
        writer.write_packed(batch)
        saved += len(batch)
        report(saved)
    report.flush()


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
