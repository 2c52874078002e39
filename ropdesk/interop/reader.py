"""Reading a OneRoster 1.1 or 1.2 CSV package: the manifest, the header rows and every value,
into plain records (a 1.2 user's roles.csv rows are folded into the 1.1 role and orgSourcedIds
columns, so the importer sees one shape). Nothing is looked up in the database here; every
problem found is kept with its file, row and column (importer.py then checks references and
applies)."""

from __future__ import annotations

import csv
import re
import sys
import zipfile
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ropdesk.core.uploads import open_zip_safely
from ropdesk.interop import spec

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_USER_ID = re.compile(r"^\{([^:}]+):([^}]*)\}$")
NAME_COLUMNS = (
    ("givenName", "legal_first_name"),
    ("familyName", "legal_last_name"),
    ("middleName", "legal_middle_name"),
    ("metadata.ropdesk.preferredName", "preferred_name"),
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MODES = ("classroom", "community_classroom", "cve")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int  # as a spreadsheet numbers it: the header is row 1; 0 for the file as a whole
    column: str
    reason: str
    # A problem of one optional row (not of the file, a reference or a key): with "import what
    # is valid" the row is skipped and listed instead of rejecting the package.
    skippable: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "reason": self.reason}


class Values(MutableMapping[str, str]):
    """A row's values by column, as a dict would give them, kept as the list of its cells and
    one column index shared by every row of the file (a county's package holds some 300,000
    rows while it is checked: a dict per row was two thirds of the import's memory). A value
    set for a column the file does not have (a 1.2 user's folded role) is kept beside them."""

    __slots__ = ("_columns", "_cells", "_added")

    def __init__(self, columns: Mapping[str, int], cells: list[str]) -> None:
        self._columns = columns
        self._cells = cells
        self._added: dict[str, str] | None = None

    def __getitem__(self, column: str) -> str:
        i = self._columns.get(column)
        if i is not None:
            return self._cells[i]
        if self._added is not None and column in self._added:
            return self._added[column]
        raise KeyError(column)

    def get(self, column: str, default: Any = None) -> Any:
        i = self._columns.get(column)
        if i is not None:
            return self._cells[i]
        return self._added.get(column, default) if self._added is not None else default

    def __contains__(self, column: object) -> bool:
        return column in self._columns or (self._added is not None and column in self._added)

    def __setitem__(self, column: str, value: str) -> None:
        i = self._columns.get(column)
        if i is not None:
            self._cells[i] = value
            return
        if self._added is None:
            self._added = {}
        self._added[column] = value

    def __delitem__(self, column: str) -> None:
        if self._added is not None and column in self._added:
            del self._added[column]
            return
        raise KeyError(column)  # a column of the file stays; set it to "" to blank it

    def __iter__(self) -> Iterator[str]:
        yield from self._columns
        if self._added is not None:
            yield from (c for c in self._added if c not in self._columns)

    def __len__(self) -> int:
        return len(self._columns) + sum(1 for c in self._added or () if c not in self._columns)


@dataclass(slots=True)
class Record:
    """One data row: its values by column, its row number and whether it is to be deleted."""

    file: str
    row: int
    values: MutableMapping[str, str]
    deleted: bool = False
    parsed: dict[str, Any] = field(default_factory=dict)

    @property
    def sid(self) -> str:
        return self.values["sourcedId"]

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    @property
    def roles(self) -> list[str]:
        """A user's roles, the primary first: 1.1's one `role`, or every role of a 1.2 user's
        roles.csv rows (a teacher who is also a guardian is both)."""
        return self.parsed.get("roles") or ([self.get("role")] if self.get("role") else [])


class LeanRecord(tuple[Any, ...]):
    """A data row of enrollments.csv as the importer keeps it once it is read and its values
    checked: one tuple of its columns' index, its row number, whether it is to be deleted, its
    five parsed values and its cells (one string object per distinct value of the file). A
    county's enrollments are 200,000 rows: as Records (a values mapping, a list and a dict
    each) they were half of the import's memory.
    It reads as a Record (`file`, `row`, `deleted`, `get`; `parsed` and `values` as copies: it
    is not changed) but for its sourcedId, which is not kept (a string of its own on every row;
    nothing refers to an enrollment by it once the file is read and checked); it gives its
    parsed values as attributes (`role`, `primary`, `begin`, `end`, `status`)."""

    __slots__ = ()
    file = "enrollments.csv"
    PARSED = ("role", "primary", "begin", "end", "status")
    _CELLS = 3 + len(PARSED)

    def __new__(cls, columns: Mapping[str, int], record: Record, cells: list[str]) -> LeanRecord:
        """`cells`: the record's cells (its values' list, as the parsers left them)."""
        parsed = record.parsed
        cells = list(cells)
        # its sourcedId, checked unique as the file is read, is named by nothing after
        cells[columns["sourcedId"]] = ""
        return super().__new__(
            cls, (columns, record.row, record.deleted, *(parsed[n] for n in cls.PARSED), *cells)
        )

    row = property(itemgetter(1))
    deleted = property(itemgetter(2))
    role = property(itemgetter(3))
    primary = property(itemgetter(4))
    begin = property(itemgetter(5))
    end = property(itemgetter(6))
    status = property(itemgetter(7))

    def get(self, column: str) -> str:
        i = self[0].get(column)
        return self[self._CELLS + i] if i is not None else ""

    @property
    def values(self) -> Values:
        return Values(self[0], list(self[self._CELLS :]))

    @property
    def parsed(self) -> dict[str, Any]:
        return {name: self[3 + i] for i, name in enumerate(self.PARSED)}


@dataclass
class Package:
    version: str = "1.1"
    modes: dict[str, str] = field(default_factory=dict)  # file -> bulk | delta
    records: dict[str, list[Any]] = field(default_factory=dict)  # Record (LeanRecord)
    attendance: bytes | None = None
    job_site_hours: bytes | None = None
    problems: list[Problem] = field(default_factory=list)
    # Rows not applied, and why (a bulk file's tobedeleted rows; skipped rows).
    warnings: list[Problem] = field(default_factory=list)
    system: str = ""  # the manifest's source.systemName

    def rows(self, name: str) -> list[Any]:
        """The rows of a file: Records (of enrollments.csv, LeanRecords, which read alike)."""
        return self.records.get(name, [])

    def add(
        self, file: str, row: int, column: str, reason: str, *, skippable: bool = False
    ) -> None:
        self.problems.append(Problem(file, row, column, reason, skippable))

    def warn(self, file: str, row: int, column: str, reason: str) -> None:
        self.warnings.append(Problem(file, row, column, reason))


_KNOWN_FILES = {
    name.lower(): name
    for name in [
        "manifest.csv",
        *spec.COLUMNS_1_2,
        *spec.IGNORED_FILES,
        spec.ATTENDANCE_FILE,
        spec.JOB_SITE_HOURS_FILE,
    ]
}


def canonical_name(name: str) -> str:
    """The specification's spelling of a file name: producers write `users.CSV`,
    `AcademicSessions.csv` or `academicsessions.csv` (file systems and zip tools differ); the
    names are matched without regard to case."""
    return _KNOWN_FILES.get(name.lower(), name)


def files_of(source: Path | bytes) -> dict[str, bytes]:
    """The files of a package: a .zip (path or bytes) or a folder, by their canonical names."""
    if isinstance(source, Path) and source.is_dir():
        return {
            canonical_name(p.name): p.read_bytes()
            for p in sorted(source.iterdir())
            if p.suffix.lower() == ".csv"
        }
    data = source.read_bytes() if isinstance(source, Path) else source
    try:
        members = open_zip_safely(data, suffix=".csv")  # member count and size limits
        return {
            canonical_name(Path(name).name): content
            for name, content in members.items()
            if not Path(name).name.startswith("._")  # macOS resource forks
        }
    except zipfile.BadZipFile:
        return {}


def _table(package: Package, name: str, data: bytes) -> Iterator[list[str]] | None:
    """The file's rows, read one at a time (the rows of a file are never all held as lists)."""
    try:
        text = data.decode("utf-8-sig")  # readers must skip a UTF-8 BOM (OneRoster CSV 1.1)
    except UnicodeDecodeError:
        package.add(name, 0, "", _("The file is not UTF-8 text."))
        return None
    return csv.reader(_lines(text))


def _lines(text: str) -> Iterator[str]:
    """The lines of a text, each with its "\n", as io.StringIO(text) gives them, without its
    copy of the whole text (four bytes a character: 64 MB for a county's enrollments.csv)."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        if stop < 0:
            yield text[start:]
            return
        yield text[start : stop + 1]
        start = stop + 1


def read_package(files: dict[str, bytes]) -> Package:
    package = Package()
    files = {canonical_name(name): data for name, data in files.items()}
    if "manifest.csv" not in files:
        package.add("manifest.csv", 0, "", _("The package has no manifest.csv."))
        return package
    _read_manifest(package, files)
    for name, mode in package.modes.items():
        table = _table(package, name, files[name]) if name in files else None
        if table is not None:
            _read_file(package, name, mode, table)
    if package.version == "1.2" and not package.problems:
        _fold_roles(package)
    return package


def _read_manifest(package: Package, files: dict[str, bytes]) -> None:
    table = list(_table(package, "manifest.csv", files["manifest.csv"]) or [])
    if not table or [c.strip() for c in table[0][:2]] != ["propertyName", "value"]:
        package.add("manifest.csv", 1, "propertyName", _("The header must be propertyName,value."))
        return
    properties = {}
    for number, cells in enumerate(table[1:], start=2):
        if len(cells) >= 2:
            properties[cells[0].strip()] = (number, cells[1].strip())
    number, version = properties.get("oneroster.version", (0, ""))
    version = {"1.1.0": "1.1", "1.2.0": "1.2", "1.2.1": "1.2"}.get(version, version)
    if version not in spec.VERSIONS:
        package.add(
            "manifest.csv",
            number,
            "value",
            _("oneroster.version is “%(v)s”; ropdesk reads OneRoster 1.1 and 1.2.")
            % {"v": version},
        )
    package.version = version if version in spec.VERSIONS else "1.1"
    package.system = properties.get("source.systemName", (0, ""))[1]
    for name, key in spec.manifest_keys(package.version).items():
        number, mode = properties.get(key, (0, "absent"))
        mode = mode.lower()
        if mode not in ("absent", "bulk", "delta"):
            reason = _("%(key)s must be absent, bulk or delta.") % {"key": key}
            package.add("manifest.csv", number, "value", reason)
        elif mode != "absent":
            if name not in files:
                reason = _(
                    "The manifest declares %(file)s (%(mode)s) but the package has no such file."
                )
                package.add("manifest.csv", number, "value", reason % {"file": name, "mode": mode})
            package.modes[name] = mode
    number, mode = properties.get(
        spec.ATTENDANCE_MANIFEST_KEY,
        properties.get(spec.ATTENDANCE_MANIFEST_KEY_OLD, (0, "absent")),
    )
    if spec.ATTENDANCE_FILE in files and mode != "absent":
        package.attendance = files[spec.ATTENDANCE_FILE]
    number, mode = properties.get(
        spec.JOB_SITE_HOURS_MANIFEST_KEY,
        properties.get(spec.JOB_SITE_HOURS_MANIFEST_KEY_OLD, (0, "absent")),
    )
    if spec.JOB_SITE_HOURS_FILE in files and mode != "absent":
        package.job_site_hours = files[spec.JOB_SITE_HOURS_FILE]


def _read_file(package: Package, name: str, mode: str, table: Iterator[list[str]]) -> None:
    try:
        first = next(table, None)
    except csv.Error as error:
        reason = _("Row %(row)s cannot be read as CSV: %(error)s.")
        package.add(name, 1, "", reason % {"row": 1, "error": error})
        return
    if first is None:
        package.add(name, 0, "", _("The file is empty; a file with no rows is declared absent."))
        return
    header = [cell.strip() for cell in first]
    if name == "demographics.csv":
        header = [spec.DEMOGRAPHICS_1_0.get(h, h) for h in header]
    expected = spec.columns(package.version)[name]
    for position, column in enumerate(expected):
        found = header[position] if position < len(header) else ""
        if found != column:
            reason = _(
                "Column %(n)s must be “%(expected)s” (found “%(found)s”): the standard columns "
                "come first, in the order of the specification."
            ) % {"n": position + 1, "expected": column, "found": found}
            package.add(name, 1, column, reason)
            return
    for extra in header[len(expected) :]:
        if not extra.startswith("metadata."):
            reason = _("Extension columns must be named metadata.<name>.")
            package.add(name, 1, extra, reason)
            return
    records: list[Any] = []  # Records (of enrollments.csv, LeanRecords)
    columns = {column: i for i, column in enumerate(header)}
    width = len(header)
    # One string object for each distinct value of the file (the same class, school, date or
    # role repeated over thousands of rows), dropped once the file is read.
    same: dict[str, str] = {}
    # enrollments.csv, a county's biggest file, is checked row by row as it is read and kept as
    # LeanRecords: the same checks as the other files' below, their problems and warnings kept
    # aside (`late`) and added once the whole file is read, as the others' are.
    lean = name == "enrollments.csv"
    late = Package(version=package.version)
    seen: dict[str, int] = {}
    dates: dict[Any, Any] = {None: None}
    count = 0
    number = 1
    try:
        for number, cells in enumerate(table, start=2):
            kept = [same.setdefault(v, v) for v in (cell.strip() for cell in cells[:width])]
            if not any(kept) and not any(cell.strip() for cell in cells[width:]):
                continue
            kept.extend([""] * (width - len(kept)))
            record = Record(name, number, Values(columns, kept))
            _check_common(package, record, mode)
            count += 1
            if not lean:
                records.append(record)
                continue
            _check_unique_one(late, seen, record)
            if mode == "bulk" and record.deleted:
                _warn_bulk_removal(late, record)
                continue
            PARSERS[name](late, record)
            for date_name in ("begin", "end"):  # one object per distinct date
                day = record.parsed[date_name]
                record.parsed[date_name] = dates.setdefault(day, day)
            records.append(LeanRecord(columns, record, kept))
    except csv.Error as error:
        reason = _("Row %(row)s cannot be read as CSV: %(error)s.")
        package.add(name, number + 1, "", reason % {"row": number + 1, "error": error})
        return
    del same, seen, dates
    if not count:
        package.add(
            name, 0, "", _("The file has no data rows; a file with no rows is declared absent.")
        )
    if lean:
        package.problems.extend(late.problems)
        package.warnings.extend(late.warnings)
        package.records[name] = records
        return
    _check_unique(package, name, records)
    if mode == "bulk":
        records = _without_bulk_removals(package, records)
    package.records[name] = records
    for record in records:
        PARSERS[name](package, record)
    if name == "users.csv":
        _check_unique_ssid(package, records)


def _without_bulk_removals(package: Package, records: list[Record]) -> list[Record]:
    """A bulk file adds and updates; removals come only in delta files (docs/import-formats.md,
    "Bulk and delta"). A tobedeleted or inactive row of a bulk file is not applied: it is left
    out and listed as a warning, so a full file cannot remove what another district sent."""
    kept = []
    for record in records:
        if record.deleted:
            _warn_bulk_removal(package, record)
        else:
            kept.append(record)
    return kept


def _warn_bulk_removal(package: Package, record: Record) -> None:
    reason = _(
        "Not applied: status “%(s)s” in a bulk file. ropdesk removes records only from delta files."
    ) % {"s": record.get("status")}
    package.warn(record.file, record.row, "status", reason)


def _check_unique_ssid(package: Package, records: list[Record]) -> None:
    """A statewide student id (SSID) names one student: two rows of a file giving the same SSID
    are two records of one person, which the district must resolve."""
    seen: dict[str, int] = {}
    for record in records:
        ssid = record.parsed.get("ssid", "")
        if not ssid or record.deleted:
            continue
        if ssid in seen:
            reason = _("Row %(other)s already gives the SSID %(ssid)s.") % {
                "other": seen[ssid],
                "ssid": ssid,
            }
            package.add(record.file, record.row, "userIds", reason)
        seen.setdefault(ssid, record.row)


def _check_common(package: Package, record: Record, mode: str) -> None:
    if not record.sid:
        package.add(record.file, record.row, "sourcedId", _("This column is empty."))
    status = record.get("status").lower()
    if mode == "delta":
        if status not in ("active", "tobedeleted", "inactive"):
            reason = _("In a delta file status must be active or tobedeleted.")
            package.add(record.file, record.row, "status", reason)
        if _datetime(record.get("dateLastModified")) is None:
            reason = _("In a delta file dateLastModified must be a date-time (ISO 8601).")
            package.add(record.file, record.row, "dateLastModified", reason)
    elif status not in ("", "active", "tobedeleted", "inactive"):
        package.add(record.file, record.row, "status", _("Status must be active or tobedeleted."))
    record.deleted = status in ("tobedeleted", "inactive")


def _check_unique(package: Package, name: str, records: list[Record]) -> None:
    seen: dict[str, int] = {}
    for record in records:
        _check_unique_one(package, seen, record)


def _check_unique_one(package: Package, seen: dict[str, int], record: Record) -> None:
    if record.sid in seen:
        reason = _("Row %(other)s already has this sourcedId.") % {"other": seen[record.sid]}
        package.add(record.file, record.row, "sourcedId", reason)
    seen.setdefault(record.sid, record.row)


# --- values ------------------------------------------------------------------------------------


def _datetime(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
    except ValueError:
        return None


def parse_date(
    package: Package, record: Record, column: str, *, required: bool = False
) -> date | None:
    text = record.get(column)
    if not text:
        if required:
            package.add(record.file, record.row, column, _("This column is empty."))
        return None
    try:
        if _DATE.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    package.add(
        record.file, record.row, column, _("“%(v)s” is not a date YYYY-MM-DD.") % {"v": text}
    )
    return None


def parse_time(package: Package, record: Record, column: str) -> time | None:
    text = record.get(column)
    match = _TIME.match(text)
    if text and not match:
        reason = _("“%(v)s” is not a time HH:MM (24-hour).") % {"v": text}
        package.add(record.file, record.row, column, reason)
    return time(int(match.group(1)), int(match.group(2))) if match else None


def parse_bool(package: Package, record: Record, column: str) -> bool | None:
    """true or false; SIS exports write TRUE/FALSE or True/False, which mean the same."""
    text = record.get(column).lower()
    if text in ("true", "false"):
        return text == "true"
    if text:
        package.add(record.file, record.row, column, _("Give true or false."))
    return None


def parse_int(package: Package, record: Record, column: str) -> int | None:
    text = record.get(column)
    if text.isdigit() and int(text) > 0:
        return int(text)
    if text:
        package.add(record.file, record.row, column, _("Give a whole number above 0."))
    return None


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _required(package: Package, record: Record, *columns: str) -> None:
    for column in columns:
        if not record.get(column) and not record.deleted:
            package.add(record.file, record.row, column, _("This column is empty."))


def _choice(package: Package, record: Record, column: str, allowed: tuple[str, ...]) -> str:
    """One of the vocabulary's values, in the specification's spelling (producers write
    `Scheduled`, `STUDENT`, `Teacher`: the values are matched without regard to case)."""
    value = record.get(column)
    by_lower = {a.lower(): a for a in allowed}
    if value.lower() in by_lower:
        value = by_lower[value.lower()]
        record.values[column] = value
    if value and value not in allowed:
        reason = _("“%(v)s” is not one of: %(allowed)s.") % {
            "v": value,
            "allowed": ", ".join(allowed),
        }
        package.add(record.file, record.row, column, reason)
        return ""
    return value


# --- one parser per file -----------------------------------------------------------------------


def _org(package: Package, r: Record) -> None:
    _required(package, r, "name", "type")
    kind_type = _choice(package, r, "type", tuple(spec.ORG_KINDS_IN))
    r.parsed["kind"] = spec.ORG_KINDS_IN.get(kind_type, "")


def _session(package: Package, r: Record) -> None:
    _required(package, r, "title", "type", "schoolYear")
    _choice(package, r, "type", ("schoolYear", "term", "semester", "gradingPeriod"))
    # A school year title is often "2026-2027" or "2026-27": schoolYear may be given either way.
    year_text = r.get("schoolYear")
    if len(year_text) in (7, 9) and year_text[4:5] == "-" and year_text[:4].isdigit():
        r.values["schoolYear"] = str(int(year_text[:4]) + 1)
    r.parsed["start"] = parse_date(package, r, "startDate", required=not r.deleted)
    r.parsed["end"] = parse_date(package, r, "endDate", required=not r.deleted)
    year = r.get("schoolYear")
    if year and not (year.isdigit() and len(year) == 4):
        package.add(
            r.file, r.row, "schoolYear", _("Give the four-digit year the school year ends.")
        )
    r.parsed["year"] = int(year) if year.isdigit() and len(year) == 4 else None
    if r.parsed["start"] and r.parsed["end"] and r.parsed["start"] > r.parsed["end"]:
        package.add(r.file, r.row, "endDate", _("The end date is before the start date."))
    holidays = []
    for item in split_list(r.get("metadata.ropdesk.holidays")):
        day, _sep, name = item.partition(" ")
        try:
            holidays.append((date.fromisoformat(day), name.strip() or "Holiday"))
        except ValueError:
            reason = _("“%(v)s” is not a date YYYY-MM-DD.") % {"v": day}
            package.add(r.file, r.row, "metadata.ropdesk.holidays", reason)
    r.parsed["holidays"] = holidays


def _course(package: Package, r: Record) -> None:
    _required(package, r, "title", "orgSourcedId")
    r.parsed["hours"] = parse_int(package, r, "metadata.ropdesk.hours")
    modes = split_list(r.get("metadata.ropdesk.modes"))
    for mode in modes:
        if mode not in MODES:
            reason = _("“%(v)s” is not one of: %(allowed)s.") % {
                "v": mode,
                "allowed": ", ".join(MODES),
            }
            package.add(r.file, r.row, "metadata.ropdesk.modes", reason)
    r.parsed["modes"] = [m for m in modes if m in MODES]


def _class(package: Package, r: Record) -> None:
    _required(
        package, r, "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"
    )
    _choice(package, r, "classType", ("homeroom", "scheduled"))
    r.parsed["mode"] = _choice(package, r, "metadata.ropdesk.mode", MODES)
    days = split_list(r.get("metadata.ropdesk.days"))
    if any(day not in WEEKDAYS for day in days):
        reason = _("Meeting days must be a comma-separated list of %(days)s.") % {
            "days": ", ".join(WEEKDAYS)
        }
        package.add(r.file, r.row, "metadata.ropdesk.days", reason)
    r.parsed["days"] = ",".join(d for d in WEEKDAYS if d in days)
    r.parsed["start"] = parse_time(package, r, "metadata.ropdesk.startTime")
    r.parsed["end"] = parse_time(package, r, "metadata.ropdesk.endTime")
    if r.parsed["start"] and r.parsed["end"] and r.parsed["start"] >= r.parsed["end"]:
        package.add(
            r.file, r.row, "metadata.ropdesk.endTime", _("A meeting must end after it starts.")
        )
    r.parsed["capacity"] = parse_int(package, r, "metadata.ropdesk.capacity")
    _choice(package, r, "metadata.ropdesk.siteKind", ("school", "community"))
    r.parsed["terms"] = split_list(r.get("termSourcedIds"))


def _user(package: Package, r: Record) -> None:
    if package.version == "1.2":
        _required(package, r, "enabledUser", "username", "givenName", "familyName")
    else:
        _required(
            package,
            r,
            "enabledUser",
            "orgSourcedIds",
            "role",
            "username",
            "givenName",
            "familyName",
        )
    roles = ("student", "teacher", *spec.GUARDIAN_ROLES, *spec.STAFF_ROLES_SKIPPED)
    _choice(package, r, "role", roles)
    from ropdesk.core.models import Student
    from ropdesk.core.validation import too_long

    for column, field_name in NAME_COLUMNS:  # refused with the column named, never cut
        if problem := too_long(Student, field_name, r.get(column)):
            package.add(r.file, r.row, column, problem)
    r.parsed["enabled"] = parse_bool(package, r, "enabledUser") is not False
    # One string object per org named (a county's 60,000 users name a few dozen), and nothing
    # of its own for the agents or programs a user has not (most users).
    r.parsed["orgs"] = [sys.intern(org) for org in split_list(r.get("orgSourcedIds"))]
    r.parsed["agents"] = split_list(r.get("agentSourcedIds")) or _NONE
    ids = {}
    for item in split_list(r.get("userIds")):
        match = _USER_ID.match(item)
        if match is None:
            package.add(r.file, r.row, "userIds", _("Give ids as {type:value}."))
        else:
            ids[match.group(1)] = match.group(2)
    r.parsed["ssid"] = ids.get("SSID", "")
    programs = split_list(r.get("metadata.ropdesk.programs"))
    unknown = [p for p in programs if p not in spec.PROGRAMS]
    if unknown:
        reason = _("Unknown programs: %(unknown)s (known: %(known)s).") % {
            "unknown": ", ".join(unknown),
            "known": ", ".join(spec.PROGRAMS),
        }
        package.add(r.file, r.row, "metadata.ropdesk.programs", reason)
    r.parsed["programs"] = {p for p in programs if p in spec.PROGRAMS} or _NO_PROGRAMS
    r.parsed["grade"] = _grade(package, r)


_NONE: tuple[str, ...] = ()
_NO_PROGRAMS: frozenset[str] = frozenset()


def _grade(package: Package, r: Record) -> str:
    """The student's grade level from `grades`: the entry-grade vocabulary (`09`…`12`, `KG`,
    `13`, `PS`, `UG`, `Other`) and the spellings SIS exports use (`9`, `Grade 9`, `Eleventh`).
    A value outside them is refused: guessing would turn a ninth-grader into an adult and move
    their hours to another funding category."""
    found = []
    for grade in split_list(r.get("grades")):
        level = spec.GRADES_IN.get(grade.lower())
        if level is None:
            reason = _("“%(v)s” is not a grade (give 09-12, KG, 01-08, 13, PS, UG or Other).")
            package.add(r.file, r.row, "grades", reason % {"v": grade})
        else:
            found.append(level)
    return next((g for g in found if g in spec.HIGH_SCHOOL_GRADES), "AD")


def _enrollment(package: Package, r: Record) -> None:
    _required(package, r, "classSourcedId", "schoolSourcedId", "userSourcedId", "role")
    r.parsed["role"] = _choice(
        package,
        r,
        "role",
        ("student", "teacher", "administrator", "proctor", "aide", "guardian", "parent"),
    )
    r.parsed["primary"] = parse_bool(package, r, "primary")
    r.parsed["begin"] = parse_date(package, r, "beginDate")
    r.parsed["end"] = parse_date(package, r, "endDate")
    from ropdesk.enrollment.models import Enrollment

    r.parsed["status"] = _choice(
        package, r, "metadata.ropdesk.status", tuple(Enrollment.Status.values)
    )


def _demographics(package: Package, r: Record) -> None:
    r.parsed["birth"] = parse_date(package, r, "birthDate")
    from ropdesk.core.validation import birth_date_problem

    if problem := birth_date_problem(r.parsed["birth"]):
        package.add(r.file, r.row, "birthDate", problem)
    sex = _choice(package, r, "sex", tuple(spec.SEX_IN))
    r.parsed["sex"] = spec.SEX_IN.get(sex, "")
    exact_sex = _choice(package, r, "metadata.ropdesk.sex", ("F", "M", "X"))
    r.parsed["sex"] = exact_sex or r.parsed["sex"]
    races = [code for column, code in spec.RACE_COLUMNS.items() if parse_bool(package, r, column)]
    parse_bool(package, r, "demographicRaceTwoOrMoreRaces")
    exact = split_list(r.get("metadata.ropdesk.raceCodes"))
    from ropdesk.core.models import Student

    bad = [code for code in exact if code not in Student.RACES]
    if bad:
        reason = _("Unknown CALPADS race codes: %(codes)s.") % {"codes": ", ".join(bad)}
        package.add(r.file, r.row, "metadata.ropdesk.raceCodes", reason)
    r.parsed["races"] = exact if r.get("metadata.ropdesk.raceCodes") else races
    r.parsed["hispanic"] = parse_bool(package, r, "hispanicOrLatinoEthnicity")


def _role(package: Package, r: Record) -> None:
    """roles.csv (OneRoster 1.2): one of a user's roles at an org."""
    _required(package, r, "userSourcedId", "roleType", "role", "orgSourcedId")
    _choice(package, r, "roleType", ("primary", "secondary"))
    roles = ("student", "teacher", *spec.GUARDIAN_ROLES, *spec.STAFF_ROLES_SKIPPED)
    _choice(package, r, "role", roles)
    parse_date(package, r, "beginDate")
    parse_date(package, r, "endDate")


def _user_profile(package: Package, r: Record) -> None:
    """userProfiles.csv (1.2): credentials for other applications; not kept by ropdesk."""
    _required(package, r, "userSourcedId", "profileType", "vendorId")


def _fold_roles(package: Package) -> None:
    """Give each 1.2 user the 1.1 role and orgSourcedIds its roles.csv rows say: the primary
    role (else the first), and the orgs of all its roles with primaryOrgSourcedId first; and
    every role it holds (Record.roles), each applied as a 1.1 row of that role would be. A
    staff role beside another is not granted from a file (as a 1.1 staff row is not), listed
    as a warning."""
    by_user: dict[str, list[Record]] = {}
    for role in package.rows("roles.csv"):
        if not role.deleted:
            by_user.setdefault(role.get("userSourcedId"), []).append(role)
    users = {r.sid for r in package.rows("users.csv")}
    for role in package.rows("roles.csv"):
        if role.get("userSourcedId") not in users and not role.deleted:
            reason = _("No user of this package has the sourcedId “%(sid)s”.")
            package.add(
                role.file, role.row, "userSourcedId", reason % {"sid": role.get("userSourcedId")}
            )
    for r in package.rows("users.csv"):
        roles = sorted(by_user.get(r.sid, []), key=lambda x: x.get("roleType") != "primary")
        if not roles:
            if not r.deleted:
                reason = _("A 1.2 user needs a row in roles.csv.")
                package.add(r.file, r.row, "sourcedId", reason)
            continue
        main = roles[0].get("role")
        orgs = [r.get("primaryOrgSourcedId")] if r.get("primaryOrgSourcedId") else []
        kinds: list[str] = []
        for role in roles:
            if role.get("orgSourcedId") not in orgs:
                orgs.append(role.get("orgSourcedId"))
            kind = _kind_of(role.get("role"))
            if kind in {_kind_of(k) for k in kinds}:
                continue  # the same kind at another org: one record, its orgs joined
            if role.get("role") in spec.STAFF_ROLES_SKIPPED and len(roles) > 1:
                reason = _(
                    "ropdesk grants no staff role from a file: this %(role)s role is not used."
                )
                package.warn(role.file, role.row, "role", reason % {"role": role.get("role")})
            kinds.append(role.get("role"))
        r.values["role"] = main
        r.parsed["roles"] = kinds
        r.values["orgSourcedIds"] = ",".join(orgs)
        r.parsed["orgs"] = orgs


def _kind_of(role: str) -> str:
    return "guardian" if role in spec.GUARDIAN_ROLES else role


PARSERS = {
    "orgs.csv": _org,
    "academicSessions.csv": _session,
    "courses.csv": _course,
    "classes.csv": _class,
    "users.csv": _user,
    "enrollments.csv": _enrollment,
    "demographics.csv": _demographics,
    "roles.csv": _role,
    "userProfiles.csv": _user_profile,
}
