"""Formula injection (issue 12 item 9): a teacher named `=HYPERLINK(...)` (as a OneRoster file
may bring one) is text in the ADA report's CSV and XLSX, and the figures stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ropdesk.core.models import ImportJob, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked
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
    return client


def download(client, file_format: str) -> bytes:
    """The report's file: built by the worker when the report is not cached (report jobs),
    then downloaded from the job, as a person would."""
    with committed_then_worked():
        response = client.get("/funding/ada/", {**QUERY, "format": file_format})
    if response.status_code == 302:
        job = ImportJob.objects.filter(kind="report_ada").latest("pk")
        response = client.get(reverse("job_download", args=[job.pk]))
    assert response.status_code == 200
    return response.content


def test_the_csv_writes_the_teacher_as_text_and_the_hours_as_numbers(office):
    body = download(office, "csv").decode()
    rows = [row for row in csv.reader(io.StringIO(body)) if row and row[0].startswith("'=")]
    assert len(rows) == 1
    assert rows[0][0].startswith("'" + EVIL)
    assert float(rows[0][1]) > 0  # hours: a number, never escaped


def test_the_xlsx_stores_the_teacher_as_a_string_and_the_hours_as_a_number(office):
    content = download(office, "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    row = next(r for r in sheet.iter_rows(min_row=3) if str(r[0].value).startswith("=HYP"))
    assert row[0].data_type == "s" and row[0].value.startswith(EVIL)
    assert row[1].data_type == "n"
