"""The one writer of the CSV and XLSX files people open in a spreadsheet.

Every download meant for a spreadsheet goes through here, so that no export can forget the
formula-injection escape: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return would be run by Excel, LibreOffice or Google Sheets as a formula (a teacher named
`=HYPERLINK(...)` in a OneRoster file becomes a live link in the ADA report). Source: OWASP,
"CSV Injection"; ropdesk issue 12 item 9.

- CSV: such a text cell is written with a leading apostrophe (`'=HYPERLINK(...)`), which every
  spreadsheet reads as "this is text" and shows without the apostrophe in Excel.
- XLSX: every text cell is stored as a string cell (never a formula), and a formula-like one
  also carries the "quote prefix" style so that editing it in Excel keeps it text. Its value
  is kept exactly as it was.
- Numbers (int, Decimal, float), dates and booleans are never escaped: -1.50 stays a number.

Not for files machines read (the OneRoster package in `interop/exporter.py`): those must keep
every value exactly as the standard says.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.functional import Promise

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = Sequence[Any]


def looks_like_formula(text: str) -> bool:
    """A text a spreadsheet would run as a formula (OWASP, "CSV Injection")."""
    return text.startswith(FORMULA_STARTS)


def _plain(value: Any) -> Any:
    """Lazy translations become text; None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        return str(value)
    return value


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell: formula-like text gets a leading apostrophe; numbers, dates
    and booleans are written as they are (a negative number stays a number)."""
    value = _plain(value)
    if isinstance(value, str):
        return "'" + value if looks_like_formula(value) else value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def csv_text(rows: Iterable[Row], *, lineterminator: str = "\r\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'


def csv_response(rows: Iterable[Row], *, filename: str) -> HttpResponse:
    response = HttpResponse(csv_text(rows), content_type=CSV_CONTENT_TYPE)
    _attachment(response, filename)
    return response


class _Echo:
    """A file-like object whose write() hands back what it was given (Django's streaming
    CSV recipe)."""

    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterable[Row]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_streaming_response(rows: Iterable[Row], *, filename: str) -> StreamingHttpResponse:
    """A CSV written row by row while it is sent, for exports too big to hold in memory."""
    response = StreamingHttpResponse(csv_stream(rows), content_type=CSV_CONTENT_TYPE)
    _attachment(response, filename)
    return response


def xlsx_bytes(
    rows: Iterable[Row],
    *,
    sheet_title: str,
    bold_rows: Sequence[int] = (0,),
    freeze_first_row: bool = False,
    column_widths: dict[str, float] | None = None,
) -> bytes:
    """One sheet; `bold_rows` are 0-based row numbers set in bold (the heading)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]  # Excel's limit for a sheet name
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            value = _plain(value)
            if isinstance(value, bool | int | float | Decimal | datetime | date | time):
                cell = sheet.cell(row=number, column=column, value=value)
            else:
                text = str(value)
                cell = sheet.cell(row=number, column=column, value=text)
                cell.data_type = "s"  # openpyxl would store "=..." as a formula
                if looks_like_formula(text):
                    cell.quotePrefix = True
            if number - 1 in bold_rows:
                cell.font = Font(bold=True)
    if freeze_first_row:
        sheet.freeze_panes = "A2"
    for letter, width in (column_widths or {}).items():
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(
    rows: Iterable[Row], *, filename: str, sheet_title: str, freeze_first_row: bool = True
) -> HttpResponse:
    content = xlsx_bytes(rows, sheet_title=sheet_title, freeze_first_row=freeze_first_row)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    _attachment(response, filename)
    return response
