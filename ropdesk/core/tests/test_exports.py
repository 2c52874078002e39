"""The one spreadsheet writer (core/exports.py): formula-like text is escaped in CSV and stored
as a string in XLSX; numbers, dates and plain text are left as they are."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from ropdesk.core import exports

FORMULAS = ['=HYPERLINK("http://evil.example","pay")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_every_formula_start_gets_an_apostrophe_in_csv_and_numbers_stay_numbers():
    text = exports.csv_text([[*FORMULAS, Decimal("-1.50"), -3, date(2026, 11, 2), "Ana", None]])
    row = next(csv.reader(io.StringIO(text)))
    assert row[:6] == ["'" + formula for formula in FORMULAS]
    assert row[6:] == ["-1.50", "-3", "2026-11-02", "Ana", ""]


def test_formula_text_is_a_string_cell_in_xlsx_and_a_negative_number_a_number():
    content = exports.xlsx_bytes([[*FORMULAS, Decimal("-1.50"), -3]], sheet_title="t")
    cells = list(load_workbook(io.BytesIO(content)).active[1])
    assert [c.data_type for c in cells[:6]] == ["s"] * 6
    # XML reads a lone carriage return back as a line feed; the text is otherwise unchanged.
    assert [c.value for c in cells[:5]] == FORMULAS[:5]
    assert all(c.quotePrefix for c in cells[:6])
    assert [(c.value, c.data_type) for c in cells[6:]] == [(-1.5, "n"), (-3, "n")]


def test_the_streamed_csv_is_the_same_as_the_whole_one():
    rows: list[list[Any]] = [["name", "hours"], ["=1+1", Decimal("-2")]]
    streamed = exports.csv_streaming_response(rows, filename="x.csv")
    assert streamed.getvalue().decode() == exports.csv_text(rows)
    assert streamed["Content-Disposition"] == 'attachment; filename="x.csv"'
