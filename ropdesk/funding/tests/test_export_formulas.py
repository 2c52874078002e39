"""Formula injection (issue 12 item 9): a teacher named `=HYPERLINK(...)` (as a OneRoster file
may bring one) is text in the ADA report's CSV and XLSX, and the figures stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import get_after_work
from ropdesk.funding.tests import handworked

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example","pay")'
QUERY = {"school_year": "2025-2026", "period": "annual", "by": "instructor"}


@pytest.fixture
def office(client):
    county = handworked.build()
    county.terry.first_name, county.terry.last_name = EVIL, ""
    county.terry.save(update_fields=["first_name", "last_name"])
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    get_after_work(client, "/funding/ada/", QUERY)  # the page's worker fills the cache
    return client


def test_the_csv_writes_the_teacher_as_text_and_the_hours_as_numbers(office):
    body = office.get("/funding/ada/", {**QUERY, "format": "csv"}).content.decode()
    rows = [row for row in csv.reader(io.StringIO(body)) if row and row[0].startswith("'=")]
    assert len(rows) == 1
    assert rows[0][0].startswith("'" + EVIL)
    assert float(rows[0][1]) > 0  # hours: a number, never escaped


def test_the_xlsx_stores_the_teacher_as_a_string_and_the_hours_as_a_number(office):
    content = office.get("/funding/ada/", {**QUERY, "format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(content)).active
    row = next(r for r in sheet.iter_rows(min_row=3) if str(r[0].value).startswith("=HYP"))
    assert row[0].data_type == "s" and row[0].value.startswith(EVIL)
    assert row[1].data_type == "n"
