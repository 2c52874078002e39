"""CSV and XLSX downloads of the lists staff see. Rows come from queries that started from the
access policy, so an export never holds more than its page."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from io import BytesIO, StringIO
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

Column = tuple[str, str]  # key in the row, heading

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(value: Any) -> Any:
    """Cells a spreadsheet would run as a formula are written as text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def export_response(
    rows: Iterable[dict[str, Any]], columns: Sequence[Column], fmt: str, filename: str
) -> HttpResponse:
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = filename[:31]
        sheet.append([str(heading) for _key, heading in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_safe(row.get(key)) for key, _heading in columns])
        sheet.freeze_panes = "A2"
        out = BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    else:
        text = StringIO()
        writer = csv.writer(text)
        writer.writerow([str(heading) for _key, heading in columns])
        for row in rows:
            writer.writerow([_safe(row.get(key)) for key, _heading in columns])
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
