"""A district's return file: its rows, its check against the layout, and its text.

Every file is checked before anyone gets it (`ReturnFile.problems`): each field's length, its
kind (digits, dates, years, decimals), its code set and whether it is required; every problem
names the student (or section) and the field. A file with problems is not handed out.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Pathway, StateCourseCode
from ropdesk.core import exports
from ropdesk.core.models import Organization
from ropdesk.outcomes.queries import psts_table
from ropdesk.returns import layouts, rows
from ropdesk.returns.layouts import Field
from ropdesk.scheduling.models import SchoolYear

DECIMAL = re.compile(r"^\d{1,3}(\.\d{1,2})?$")
YEAR = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class Problem:
    file_type: str
    line: int
    who: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file_type} line {self.line}, {self.who}, {self.field}: {self.message}"


def _catalog_codes() -> dict[str, frozenset[str]]:
    return {
        "state_course": frozenset(StateCourseCode.objects.values_list("code", flat=True)),
        "pathway": frozenset(Pathway.objects.values_list("code", flat=True)),
        # The office's survey status → PSTS code table (ropdesk/outcomes, PstsCode).
        "psts": frozenset(psts_table().values()),
    }


def field_problem(
    f: Field, value: str, codes: dict[str, frozenset[str]], delimiter: str = "^"
) -> str | None:
    """What is wrong with `value` in field `f`, or None."""
    if value == "":
        return _("required value missing") if f.required else None
    if delimiter in value or "\n" in value or "\r" in value:
        return _("contains a caret or a line break")
    if len(value) > f.length:
        return _("%(n)d characters, longer than %(max)d") % {"n": len(value), "max": f.length}
    if f.kind == "digits" and not value.isdigit():
        return _("must be digits only")
    if f.kind == "digits" and f.length in (7, 10) and len(value) != f.length:
        return _("must be exactly %(n)d digits") % {"n": f.length}
    if f.kind == "date" and not (len(value) == 8 and value.isdigit()):
        return _("must be a date written CCYYMMDD")
    if f.kind == "decimal" and not DECIMAL.match(value):
        return _("must be a number with at most 2 decimals")
    if f.kind == "year":
        match = YEAR.match(value)
        if not match or int(match[2]) != int(match[1]) + 1:
            return _("must be a school year written CCYY-CCYY")
    allowed = codes.get(f.codes) if f.codes else None
    if allowed is not None and value not in allowed:
        return _("%(value)s is not in the %(set)s code set") % {"value": value, "set": f.codes}
    return None


@dataclass
class ReturnFile:
    file_type: str
    district: Organization
    year: SchoolYear
    rows: list[rows.ReturnRow]
    lea: str = ""  # the district's Reporting LEA (the first 7 digits of its CDS code)
    version: str = field(default_factory=lambda: str(settings.ROPDESK["CALPADS_SPEC_VERSION"]))

    @property
    def spec(self) -> layouts.Spec:
        return layouts.spec(self.version)

    @property
    def fields(self) -> list[Field]:
        return self.spec.files[self.file_type]

    @property
    def title(self) -> str:
        return self.spec.titles[self.file_type]

    @cached_property
    def problems(self) -> list[Problem]:
        spec = self.spec
        codes = {**spec.code_sets, **_catalog_codes()}
        found = []
        for line, row in enumerate(self.rows, start=1):
            for f in self.fields:
                message = field_problem(f, row.values.get(f.key, ""), codes, spec.delimiter)
                if message:
                    found.append(
                        Problem(self.file_type, line, row.who, f"{f.number} {f.name}", message)
                    )
        return found

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def students(self) -> set[int]:
        return {r.student_id for r in self.rows if r.student_id is not None}

    def values(self) -> list[list[str]]:
        return [[row.values.get(f.key, "") for f in self.fields] for row in self.rows]

    def text(self) -> bytes:
        """The file CALPADS loads: caret-delimited, no header, one record a line."""
        spec = self.spec
        lines = [spec.delimiter.join(v) + spec.line_end for v in self.values()]
        return "".join(lines).encode("utf-8")

    def table(self) -> list[list[str]]:
        """The same rows with a heading, for the CSV and XLSX copies."""
        return [[f"{f.number} {f.name}" for f in self.fields], *self.values()]

    def content(self, file_format: str) -> bytes:
        if file_format == "csv":
            return exports.csv_text(self.table()).encode("utf-8")
        if file_format == "xlsx":
            return exports.xlsx_bytes(
                self.table(), sheet_title=self.file_type, freeze_first_row=True
            )
        return self.text()

    def file_name(self, file_format: str) -> str:
        lea = self.lea or self.district.code
        return f"{self.file_type}_{lea}_{self.year.name}.{file_format}"

    @staticmethod
    def sha256(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()


FORMATS = ["txt", "csv", "xlsx"]
CONTENT_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "csv": exports.CSV_CONTENT_TYPE,
    "xlsx": exports.XLSX_CONTENT_TYPE,
}


def return_file(
    district: Organization, year: SchoolYear, file_type: str, ctx: rows.Context | None = None
) -> ReturnFile:
    ctx = ctx or rows.context_for(district, year)
    lea = rows.lea_of(district, ctx.cds)
    return ReturnFile(file_type, district, year, rows.BUILDERS[file_type](ctx), lea=lea)


def district_files(district: Organization, year: SchoolYear) -> list[ReturnFile]:
    ctx = rows.context_for(district, year)
    return [return_file(district, year, t, ctx) for t in layouts.FILE_TYPES]
