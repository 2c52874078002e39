"""Formula injection (issue 12 item 9): a name that starts like a formula is text in both
downloads of the admissions queue and of the enrollment list."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.enrollment.tests.helpers import application

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example","pay")'


def csv_rows(response):
    body = response.getvalue() if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode())))


def xlsx_rows(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2))


@pytest.fixture
def office(client):
    client.force_login(f.user("admin", role=Role.ADMINISTRATOR))
    return client


def test_the_queue_writes_a_formula_name_as_text(office):
    application(section=f.section(), last=EVIL)
    rows = csv_rows(office.get("/admissions/", {"export": "csv"}))
    assert rows[1][2] == f"'{EVIL}, {rows[1][2].split(', ')[-1]}"
    name = xlsx_rows(office.get("/admissions/", {"export": "xlsx"}))[0][2]
    assert name.data_type == "s" and name.value.startswith(EVIL)


def test_the_enrollment_list_writes_a_formula_name_as_text(office):
    f.enroll(f.student(last="-Minus", first="Ana"), f.section())
    response = office.get("/enrollments/", {"export": "csv"})
    assert response.streaming
    rows = csv_rows(response)
    assert rows[1][1] == "'-Minus, Ana"
    cells = xlsx_rows(office.get("/enrollments/", {"export": "xlsx"}))[0]
    assert (cells[1].value, cells[1].data_type) == ("-Minus, Ana", "s")
