"""The ADA report as a table of cells, and that table as CSV, XLSX, PDF, JSON or plain text.

Every format is built from `report_table()`, so that the downloads and the page show the same
figures. Numbers stay Decimal until the format itself needs text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ropdesk.core import exports as spreadsheet
from ropdesk.documents import render_pdf
from ropdesk.funding.queries import AdaReport

DIMENSION_HEADINGS = {
    "district": _("District"),
    "school": _("School"),
    "site": _("Site"),
    "course": _("Course"),
    "instructor": _("Instructor"),
    "category": _("Funding category"),
}


def title(report: AdaReport) -> str:
    return _("%(program)s — ADA report, %(period)s %(year)s") % {
        "program": settings.ROPDESK["PROGRAM_NAME"],
        "period": report.period_label,
        "year": report.school_year.name,
    }


def report_table(report: AdaReport) -> list[list[Any]]:
    """Heading row, one row per group, the total; then the cap and any adjustments."""
    heading = str(DIMENSION_HEADINGS[report.by])
    table: list[list[Any]] = [[heading, _("Hours"), _("ADA"), _("Revenue")]]
    table += [[row.key, row.hours, row.ada, row.revenue] for row in report.rows]
    t = report.totals
    if report.to_date is None:
        table.append([_("Total"), t.hours, t.ada, t.revenue])
    else:
        # A period still running: the actual so far says so, with the projection beside it.
        through = report.to_date.through.isoformat()
        table.append(
            [_("Total to date, through %(day)s") % {"day": through}, t.hours, t.ada, t.revenue]
        )
        p = report.to_date.projected
        table.append([_("Projected for the whole period"), p.hours, p.ada, p.revenue])
        table.append([report.to_date.method])
    table.append([])
    cap = report.as_dict()["non_high_school"]
    table += [
        [_("Not in grades 9-12: ADA"), cap["ada"]],
        [_("Share of all ADA"), cap["share"]],
        [_("Special population ADA"), cap["special_population_ada"]],
        [_("Cap (ADA)"), cap["limit_ada"]],
        [_("Within the cap"), _("yes") if cap["within_cap"] else _("no")],
    ]
    if report.adjustments:
        table.append([])
        table.append(
            [_("Adjustment: date"), _("Section"), _("Student"), _("Hours before"),
             _("Hours after"), _("Reason"), _("Made by")]
        )  # fmt: skip
        table += [
            [a.day, a.section, a.student, a.hours_before, a.hours_after, a.reason, a.made_by]
            for a in report.adjustments
        ]
    return table


def as_csv(report: AdaReport) -> str:
    # The shared writer escapes formula-like names (a teacher called "=HYPERLINK(...)" from a
    # OneRoster file) and keeps the figures as numbers.
    return spreadsheet.csv_text([[title(report)], *report_table(report)])


def as_xlsx(report: AdaReport) -> bytes:
    return spreadsheet.xlsx_bytes(
        [[title(report)], *report_table(report)],
        sheet_title="ADA",
        bold_rows=(0, 1),
        column_widths={"A": 48},
    )


@dataclass(frozen=True)
class TableBlock:
    """One table of the PDF: the rows between two blank lines of `report_table()`."""

    heading: list[str]
    rows: list[list[str]]


def _blocks(report: AdaReport) -> list[TableBlock]:
    """The figures, the cap check (no heading row) and the adjustments, as separate tables
    so that each has its own column headings for a screen reader."""
    blocks: list[list[list[str]]] = [[]]
    for line in report_table(report):
        if line:
            blocks[-1].append([_text(cell) for cell in line])
        else:
            blocks.append([])
    figures, cap, *rest = blocks
    return [
        TableBlock(heading=figures[0], rows=figures[1:]),
        TableBlock(heading=[], rows=cap),
        *(TableBlock(heading=block[0], rows=block[1:]) for block in rest),
    ]


def as_pdf(report: AdaReport) -> bytes:
    span = report.span
    counted = (
        _("Counted: %(start)s to %(end)s") % {"start": span.start, "end": span.end}
        if not span.empty
        else _("No full school month in this period yet.")
    )
    if report.to_date is not None:
        counted += ". " + _("To date: hours through %(day)s only; the period is not over") % {
            "day": report.to_date.through
        }
    context = {
        "title": title(report),
        "counted": f"{counted}. "
        + _("ADA = hours / %(divisor)s.") % {"divisor": report.divisor_hours},
        "blocks": _blocks(report),
    }
    language = translation.get_language() or settings.LANGUAGE_CODE
    return render_pdf("funding/ada_report_pdf.html", context, language=language)


def as_json(report: AdaReport) -> str:
    return json.dumps(report.as_dict(), default=_json_value, indent=2, ensure_ascii=False)


def _json_value(value: Any) -> Any:
    # Decimals become JSON numbers with the same digits (a float of at most 15 significant
    # digits prints back exactly); read them with json.loads(..., parse_float=Decimal).
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent  # a letter for NaN and infinity
        return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def as_text(report: AdaReport) -> str:
    """An aligned plain-text table for the terminal."""
    lines = [[_text(cell) for cell in line] for line in report_table(report)]
    widths: dict[int, int] = {}
    for line in lines:
        for i, cell in enumerate(line):
            widths[i] = max(widths.get(i, 0), len(cell))
    out = [title(report)]
    span = report.span
    if span.empty:
        out.append(_("No full school month in this period yet."))
    else:
        out.append(
            _("Counted dates %(start)s to %(end)s; ADA = hours / %(divisor)s")
            % {"start": span.start, "end": span.end, "divisor": report.divisor_hours}
        )
    if report.to_date is not None:
        out.append(
            _("To date: hours through %(day)s only; the period is not over.")
            % {"day": report.to_date.through}
        )
    for line in lines:
        cells = [
            cell.rjust(widths[i]) if i and _numeric(cell) else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out) + "\n"


def _numeric(text: str) -> bool:
    return text.replace(".", "", 1).replace("-", "", 1).isdigit()


def _text(cell: Any) -> str:
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return "" if cell is None else str(cell)
