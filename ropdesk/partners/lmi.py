"""EDD long-term occupational employment projections: reading the CSV, and the outlook of a
course's occupations (ropdesk/data/labor/README.md describes the file)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from ropdesk.core.jobs import RowError
from ropdesk.partners.models import Projection

SOURCE = "California Employment Development Department, Labor Market Information Division"
SOC = re.compile(r"^\d{2}-\d{4}$")
MAX_ERRORS = 20

# Each field and the column names it may have: ropdesk's reshaped file first, then the names of
# EDD's open-data export (its area column was renamed between editions).
COLUMNS: dict[str, tuple[str, ...]] = {
    "area": ("area", "Area Name (County Names)", "Area Name"),
    "soc_code": ("soc_code", "Standard Occupational Code (SOC)", "SOC Code"),
    "title": ("title", "Occupational Title"),
    "base_year": ("base_year",),
    "projected_year": ("projected_year",),
    "period": ("Period",),
    "base_employment": ("base_employment", "Base Year Employment Estimate"),
    "projected_employment": ("projected_employment", "Projected Year Employment Estimate"),
    "annual_openings": ("annual_openings",),
    "total_openings": ("Total Job Openings",),
    "median_annual_wage": ("median_annual_wage", "Median Annual Wage"),
}
REQUIRED = ("area", "soc_code", "title", "base_employment", "projected_employment")


@dataclass(frozen=True)
class Row:
    area: str
    soc_code: str
    title: str
    base_year: int
    projected_year: int
    base_employment: int
    projected_employment: int
    annual_openings: int
    median_annual_wage: int | None

    def values(self) -> dict[str, Any]:
        values = asdict(self)
        for key in ("area", "soc_code", "base_year", "projected_year"):
            values.pop(key)
        return values


def normal_soc(raw: str) -> str | None:
    code = raw.strip()
    return code if SOC.match(code) else None


def _whole(text: str) -> int | None:
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return None
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if number < 0 or number != number:
        return None
    return round(number)


class _Problems(list[RowError]):
    def add(self, line: int, column: str, reason: str) -> None:
        self.append(RowError(line, column, reason))


def describe(problem: RowError) -> str:
    return _("Row %(row)s, column “%(column)s”: %(reason)s") % {
        "row": problem.row,
        "column": problem.column,
        "reason": problem.reason,
    }


def _missing(header: list[str]) -> tuple[dict[str, str], list[str]]:
    """The file's column of each field, and the columns it lacks."""
    found: dict[str, str] = {}
    names = {h.strip(): h for h in header}
    for field, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                found[field] = names[alias]
                break
    missing = [COLUMNS[f][0] for f in REQUIRED if f not in found]
    if "base_year" not in found and "period" not in found:
        missing.append("base_year")
    if "projected_year" not in found and "period" not in found:
        missing.append("projected_year")
    if "annual_openings" not in found and "total_openings" not in found:
        missing.append("annual_openings")
    return found, missing


def decode(content: bytes, *, file_name: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("%s is not a UTF-8 text file; save it as CSV (UTF-8).") % file_name
        ) from error


def parse_projections(content: bytes, *, file_name: str) -> list[Row]:
    """Every row of the file, or a ValidationError listing each bad row and column (at most
    the first 20) and saving nothing."""
    text = decode(content, file_name=file_name)
    rows, problems = check_projections(text)
    if problems and problems[0].row == 1 and problems[0].column:
        raise ValidationError(
            _("%(file)s: row 1 (the header) lacks the column(s) %(columns)s.")
            % {"file": file_name, "columns": ", ".join(f"“{p.column}”" for p in problems)}
        )
    if problems:
        raise ValidationError(
            [f"{file_name}: {describe(p) if p.column else p.reason}" for p in problems]
        )
    return rows


def check_projections(
    text: str, *, max_errors: int = MAX_ERRORS
) -> tuple[list[Row], list[RowError]]:
    """Every row checked, nothing written: the rows, and each problem by row and column (the
    header is row 1; at most `max_errors` of them). The worker's import (partners/
    projections_import.py) and `services.projections_import` share it."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        return [], [RowError(1, "", _("The file is empty."))]
    columns, missing = _missing(header)
    if missing:
        reason = _("The header row has no “%(name)s” column.")
        return [], [RowError(1, name, reason % {"name": name}) for name in missing]
    index = {field: header.index(name) for field, name in columns.items()}
    problems = _Problems()
    rows: list[Row] = []
    seen: dict[tuple[str, str, int, int], int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) < len(header):
            problems.add(line, header[-1], _("the row has fewer columns than the header"))
            continue
        row = _row(cells, index, columns, line, problems)
        if row is not None:
            key = (row.area, row.soc_code, row.base_year, row.projected_year)
            if key in seen:
                problems.add(
                    line,
                    columns["soc_code"],
                    _("the same occupation, area and period as row %s") % seen[key],
                )
            seen[key] = line
            rows.append(row)
        if len(problems) >= max_errors:
            break
    if not problems and not rows:
        problems.add(2, "", _("The file has no rows after the header."))
    return rows, list(problems)


def _row(
    cells: list[str], index: dict[str, int], columns: dict[str, str], line: int, problems: _Problems
) -> Row | None:
    def cell(field: str) -> str:
        return cells[index[field]].strip()

    before = len(problems)
    area, title = cell("area"), cell("title")
    if not area:
        problems.add(line, columns["area"], _("the area is blank"))
    if not title:
        problems.add(line, columns["title"], _("the title is blank"))
    soc = normal_soc(cell("soc_code"))
    if soc is None:
        problems.add(
            line, columns["soc_code"], _("“%s” is not a SOC code like 29-1141") % cell("soc_code")
        )
    base_year, projected_year = _years(cell, index, columns, line, problems)
    numbers: dict[str, int | None] = {}
    for field in ("base_employment", "projected_employment"):
        numbers[field] = _whole(cell(field))
        if numbers[field] is None:
            problems.add(
                line, columns[field], _("“%s” is not a whole number of jobs") % cell(field)
            )
    if "annual_openings" in index:
        openings = _whole(cell("annual_openings"))
        openings_column = columns["annual_openings"]
    else:
        # EDD's total is over the ten years of the period (README: ÷ 10, rounded).
        total = _whole(cell("total_openings"))
        openings = None if total is None else round(total / 10)
        openings_column = columns["total_openings"]
    if openings is None:
        problems.add(
            line,
            openings_column,
            _("“%s” is not a whole number")
            % cells[index.get("annual_openings", index.get("total_openings", 0))].strip(),
        )
    wage: int | None = None
    if "median_annual_wage" in index and cell("median_annual_wage"):
        wage = _whole(cell("median_annual_wage"))
        if wage is None:
            problems.add(
                line,
                columns["median_annual_wage"],
                _("“%s” is not an amount") % cell("median_annual_wage"),
            )
        elif wage == 0:
            wage = None  # EDD prints 0.00 where it publishes no wage
    if len(problems) > before:
        return None
    return Row(
        area=area,
        soc_code=soc or "",
        title=title,
        base_year=base_year or 0,
        projected_year=projected_year or 0,
        base_employment=numbers["base_employment"] or 0,
        projected_employment=numbers["projected_employment"] or 0,
        annual_openings=openings or 0,
        median_annual_wage=wage,
    )


def _years(
    cell: Any, index: dict[str, int], columns: dict[str, str], line: int, problems: _Problems
) -> tuple[int | None, int | None]:
    if "base_year" in index and "projected_year" in index:
        pairs = [("base_year", cell("base_year")), ("projected_year", cell("projected_year"))]
        years = []
        for field, text in pairs:
            year = int(text) if text.isdigit() and len(text) == 4 else None
            if year is None:
                problems.add(line, columns[field], _("“%s” is not a year") % text)
            years.append(year)
        base, projected = years
    else:
        match = re.match(r"^(\d{4})\s*-\s*(\d{4})$", cell("period"))
        if not match:
            problems.add(
                line, columns["period"], _("“%s” is not a period like 2020-2030") % cell("period")
            )
            return None, None
        base, projected = int(match[1]), int(match[2])
    if base is not None and projected is not None and projected <= base:
        problems.add(
            line,
            columns.get("projected_year", columns.get("period", "")),
            _("the projected year is not after the base year"),
        )
    return base, projected


def newest_projections(soc_codes: list[str], area: str) -> QuerySet[Projection]:
    """The newest edition's rows of these occupations in the area."""
    rows = Projection.objects.filter(area=area, soc_code__in=soc_codes)
    newest = rows.aggregate(year=Max("base_year"))["year"]
    return rows.filter(base_year=newest).order_by("soc_code") if newest else rows.none()
