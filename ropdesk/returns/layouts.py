"""The CALPADS file layouts ropdesk writes, read from a data file the office can change.

CALPADS files are delimited text, one record a line, fields in the order of the CALPADS File
Specification (CFS) of the year. ropdesk could not read CDE's CFS itself while this was
written, so the shipped layout (`ropdesk/returns/data/ropdesk-2026.1.json`) is ropdesk's own,
built from what was confirmed elsewhere: each field says whether its place and length were
confirmed (`"confirmed": true`, with its source) or are ropdesk's best reading (listed as
unconfirmed in docs/district-returns.md). Everything unconfirmed lives in that file — the field
order, names and lengths, what is required, the code sets, the term codes, the work-based
learning type codes, the delimiter — so correcting it needs no code change: copy the file
into ROPDESK_CALPADS_LAYOUT_DIR under a new version name, edit it, and name that version in
ROPDESK_CALPADS_SPEC_VERSION. A layout is checked when it is loaded (every file type, every
field with a key the rows fill), so a mistyped file stops with a message naming it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SHIPPED_DIR = Path(__file__).parent / "data"
FILE_TYPES = ["CRSE", "CRSC", "SCSE", "SCSC", "SCTE", "WBLR", "PSTS"]
KINDS = {"text", "digits", "date", "year", "decimal"}
# Code sets that do not come from the layout file: the catalog's (state course and pathway
# codes) and the office's PSTS code table (returns/files.py).
OUTSIDE_CODE_SETS = {"state_course", "pathway", "psts"}


@dataclass(frozen=True)
class Field:
    number: str  # position in the file: "<file>.<nn>"
    name: str
    key: str  # the row's value for it (returns/rows.py)
    length: int
    required: bool = False
    kind: str = "text"  # text, digits, date (CCYYMMDD), year (CCYY-CCYY), decimal
    codes: str = ""  # a code set of the layout's code_sets (or one of OUTSIDE_CODE_SETS)
    confirmed: bool = False
    source: str = ""


@dataclass(frozen=True)
class Spec:
    """One layout version: its files' fields and the code values the rows use."""

    version: str
    path: Path
    delimiter: str
    line_end: str
    files: dict[str, list[Field]]
    titles: dict[str, str]
    code_sets: dict[str, frozenset[str]]
    term_codes: dict[int, list[str]]  # number of terms in the year → their codes, in order
    wbl_types: dict[str, str]  # instruction mode → Work-Based Learning Type Code
    sources: dict[str, str] = field(default_factory=dict)


def layout_dir() -> Path:
    return Path(settings.ROPDESK.get("CALPADS_LAYOUT_DIR") or SHIPPED_DIR)


def layout_path(version: str) -> Path:
    """The office's directory first, then the shipped one."""
    for folder in (layout_dir(), SHIPPED_DIR):
        path = folder / f"{version}.json"
        if path.is_file():
            return path
    raise ImproperlyConfigured(
        f"ROPDESK_CALPADS_SPEC_VERSION={version!r}: no {version}.json in {layout_dir()} "
        f"or {SHIPPED_DIR}"
    )


def _bad(path: Path, what: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"CALPADS layout {path}: {what}")


def _field(path: Path, file_type: str, raw: dict[str, Any], code_sets: set[str]) -> Field:
    try:
        found = Field(
            number=str(raw["number"]),
            name=str(raw["name"]),
            key=str(raw["key"]),
            length=int(raw["length"]),
            required=bool(raw.get("required", False)),
            kind=str(raw.get("kind", "text")),
            codes=str(raw.get("codes", "")),
            confirmed=bool(raw.get("confirmed", False)),
            source=str(raw.get("source", "")),
        )
    except (KeyError, TypeError, ValueError) as wrong:
        raise _bad(path, f"{file_type} field {raw!r}: {wrong}") from wrong
    if found.kind not in KINDS:
        raise _bad(path, f"{file_type} {found.number}: kind {found.kind!r} is not one of {KINDS}")
    if found.codes and found.codes not in code_sets | OUTSIDE_CODE_SETS:
        raise _bad(path, f"{file_type} {found.number}: no code set {found.codes!r}")
    if found.length < 1:
        raise _bad(path, f"{file_type} {found.number}: length must be at least 1")
    return found


@lru_cache(maxsize=8)
def _load(path: Path, mtime: float) -> Spec:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as unreadable:
        raise _bad(path, str(unreadable)) from unreadable
    code_sets = {k: frozenset(v) for k, v in raw.get("code_sets", {}).items()}
    code_sets["record_type"] = frozenset(FILE_TYPES)
    files: dict[str, list[Field]] = {}
    titles: dict[str, str] = {}
    for file_type in FILE_TYPES:
        entry = raw.get("files", {}).get(file_type)
        if not entry or not entry.get("fields"):
            raise _bad(path, f"no fields for {file_type}")
        files[file_type] = [_field(path, file_type, f, set(code_sets)) for f in entry["fields"]]
        titles[file_type] = str(entry.get("title", file_type))
    term_codes = {int(n): list(codes) for n, codes in raw.get("term_codes", {}).items()}
    return Spec(
        version=str(raw.get("version", path.stem)),
        path=path,
        delimiter=str(raw.get("delimiter", "^")),
        line_end=str(raw.get("line_end", "\r\n")),
        files=files,
        titles=titles,
        code_sets=code_sets,
        term_codes=term_codes,
        wbl_types={str(k): str(v) for k, v in raw.get("wbl_types", {}).items()},
        sources={str(k): str(v) for k, v in raw.get("sources", {}).items()},
    )


def spec(version: str | None = None) -> Spec:
    """The layout named by ROPDESK["CALPADS_SPEC_VERSION"] (or `version`); an edited file is
    read again (the cache follows its modification time)."""
    path = layout_path(version or str(settings.ROPDESK["CALPADS_SPEC_VERSION"]))
    return _load(path, path.stat().st_mtime)


def layout(file_type: str, version: str | None = None) -> list[Field]:
    return spec(version).files[file_type]


def title(file_type: str, version: str | None = None) -> str:
    return spec(version).titles[file_type]
