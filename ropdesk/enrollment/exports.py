"""CSV and XLSX downloads of the lists staff see. Rows come from queries that started from the
access policy, so an export never holds more than its page. The files are written by the one
shared writer (core/exports.py), which escapes formula-like text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

from ropdesk.core import exports

Column = tuple[str, str]  # key in the row, heading


def _table(rows: Iterable[dict[str, Any]], columns: Sequence[Column]) -> Iterator[list[Any]]:
    yield [str(heading) for _key, heading in columns]
    for row in rows:
        yield [row.get(key) for key, _heading in columns]


def export_response(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[Column],
    fmt: str,
    filename: str,
    *,
    stream: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """`stream` sends a CSV row by row as it is written (a county's enrollment list)."""
    table = _table(rows, columns)
    if fmt == "xlsx":
        return exports.xlsx_response(table, filename=f"{filename}.xlsx", sheet_title=filename)
    if stream:
        return exports.csv_streaming_response(table, filename=f"{filename}.csv")
    return exports.csv_response(table, filename=f"{filename}.csv")
