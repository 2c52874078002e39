"""The ADA report as a table of cells, and that table as CSV, XLSX, PDF, JSON or plain text.

Every format is built from `report_table()`, so that the downloads and the page show the same
figures. Numbers stay Decimal until the format itself needs text.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

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
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title(report)])
    for line in report_table(report):
        writer.writerow([_text(cell) for cell in line])
    return out.getvalue()


def as_xlsx(report: AdaReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "ADA"
    sheet.append([title(report)])
    sheet["A1"].font = Font(bold=True)
    for line in report_table(report):
        sheet.append([cell if isinstance(cell, Decimal | date) else _text(cell) for cell in line])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _pdf_fonts() -> tuple[str, str]:
    """DejaVu Sans when the system has it (names beyond Latin-1), else Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return "Helvetica", "Helvetica-Bold"
    if "AdaSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("AdaSans", str(regular)))
        pdfmetrics.registerFont(TTFont("AdaSans-Bold", str(bold)))
    return "AdaSans", "AdaSans-Bold"


def as_pdf(report: AdaReport) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    regular, bold = _pdf_fonts()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = bold if "Title" in style.name or "Heading" in style.name else regular
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=LETTER, title=title(report))
    lines = [[_text(cell) for cell in line] for line in report_table(report)]
    width = max(len(line) for line in lines)
    grid = Table([line + [""] * (width - len(line)) for line in lines], repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("FONTNAME", (0, 0), (-1, 0), bold),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("ALIGN", (1, 1), (3, len(report.rows) + 1), "RIGHT"),
            ]
        )
    )
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
    document.build(
        [
            Paragraph(title(report), styles["Title"]),
            Paragraph(
                f"{counted}. "
                + _("ADA = hours / %(divisor)s.") % {"divisor": report.divisor_hours},
                styles["Normal"],
            ),
            grid,
        ]
    )
    return out.getvalue()


def as_json(report: AdaReport) -> str:
    return json.dumps(report.as_dict(), default=_json_value, indent=2, ensure_ascii=False)


def _json_value(value: Any) -> Any:
    # Decimals become JSON numbers with the same digits (a float of at most 15 significant
    # digits prints back exactly); read them with json.loads(..., parse_float=Decimal).
    if isinstance(value, Decimal):
        return int(value) if value.as_tuple().exponent >= 0 else float(value)
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
