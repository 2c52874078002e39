"""The ADA report against the county worked by hand (handworked.py): the JSON of
`ropdesk ada-report`, every dimension, the non-grade-9-12 cap, the page, the downloads and who
may see what."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import get_after_work
from ropdesk.funding.queries import ada_report
from ropdesk.funding.tests import handworked

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return handworked.build()


def report_json(*args):
    out = io.StringIO()
    call_command("ada_report", "--school-year", "2025-2026", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue(), parse_float=Decimal)


def figures(row):
    return (row["hours"], row["ada"], row.get("revenue"))


def test_p1_report_as_json(county):
    data = report_json("--period", "P1", "--by", "district")
    assert data["school_year"] == "2025-2026"
    assert data["period"] == "P1"
    assert figures(data["totals"]) == (13, Decimal("0.06"), 130)
    assert [(r["key"], r["hours"], r["ada"]) for r in data["rows"]] == [
        ("North Unified", Decimal("9.5"), Decimal("0.05")),
        ("South Unified", Decimal("3.5"), Decimal("0.02")),
    ]
    assert data["non_high_school"] == {
        "ada": Decimal("0.02"),
        "share": Decimal("0.2692"),
        "special_population_ada": Decimal("0.01"),
        "within_cap": False,
        "limit_ada": Decimal("0.01"),
        "excess_ada": Decimal("0.01"),
    }
    assert data["counted"] == {
        "start": "2025-08-18",
        "end": "2025-12-05",
        "school_months": [1, 2, 3, 4],
    }
    assert data["divisor_hours"] == 210


def test_p2_report_adds_the_months_to_march(county):
    data = report_json("--period", "P2")
    assert figures(data["totals"]) == (17, Decimal("0.04"), Decimal("88.15"))
    assert data["counted"]["end"] == "2026-03-27"
    assert data["divisor_hours"] == 405


def test_annual_report_counts_the_fiscal_year(county):
    data = report_json("--period", "annual")
    assert figures(data["totals"]) == (23, Decimal("0.04"), 92)
    assert [(r["key"], r["hours"], r["revenue"]) for r in data["rows"]] == [
        ("North Unified", Decimal("15.5"), 62),
        ("South Unified", Decimal("7.5"), 30),
    ]


@pytest.mark.parametrize(
    ("by", "rows"),
    [
        ("school", [("No high school (adult)", "3.5"), ("North High School", "9.5")]),
        ("site", [("North Campus", "8"), ("South Center", "5")]),
        ("course", [("Nursing Assistant", "5"), ("Welding", "8")]),
        ("instructor", [("Nina Nurse", "5"), ("Terry Teach", "8")]),
        (
            "category",
            [
                ("Grades 9-12", "9.5"),
                ("Not in grades 9-12", "1"),
                ("Not in grades 9-12, special population", "2.5"),
            ],
        ),
    ],
)
def test_p1_by_every_dimension(county, by, rows):
    data = report_json("--period", "P1", "--by", by)
    assert [(r["key"], r["hours"]) for r in data["rows"]] == [
        (key, Decimal(hours)) for key, hours in rows
    ]
    assert data["totals"]["hours"] == 13


def test_the_report_is_one_aggregate_query_and_a_few_lookups(county):
    with CaptureQueriesContext(connection) as queries:
        ada_report(school_year=county.year, period="annual", by="district")
    # school months, the union of classroom and on-the-job sums, district names, adjustments
    assert len(queries) == 4
    assert "UNION ALL" in queries.captured_queries[1]["sql"]


def test_the_table_format_prints_the_rows_and_totals(county):
    out = io.StringIO()
    call_command("ada_report", "--school-year", "2025-2026", "--period", "P1", stdout=out)
    text = out.getvalue()
    assert "North Unified" in text and "9.50" in text and "130.00" in text


def test_an_unknown_school_year_is_an_error(county):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2025-2026"):
        call_command("ada_report", "--school-year", "1999-2000", "--period", "P1")


def test_the_office_sees_the_county_on_the_page(county, client):
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    response = get_after_work(
        client, "/funding/ada/", {"school_year": "2025-2026", "period": "P1", "by": "district"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "North Unified" in page and "South Unified" in page
    assert "$130.00" in page


def test_a_district_coordinator_sees_only_the_district_rows(county, client):
    client.force_login(f.user("coord", role=Role.DISTRICT_COORDINATOR, organization=county.south))
    response = get_after_work(
        client, "/funding/ada/", {"school_year": "2025-2026", "period": "P1", "by": "district"}
    )
    report = response.context["report"]
    assert [(r.key, r.hours) for r in report.rows] == [("South Unified", Decimal("3.50"))]
    assert report.totals.hours == Decimal("3.50")
    assert "North Unified" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.COUNSELOR, Role.STUDENT, Role.PARENT])
def test_other_roles_find_no_report(county, client, role):
    organization = county.north if role == Role.COUNSELOR else None
    client.force_login(f.user(role=role, organization=organization))
    assert client.get("/funding/ada/").status_code == 404
    assert client.get("/funding/ada/", {"format": "csv"}).status_code == 404


def test_downloads(county, client):
    """Once the page has computed the report (the cache is warm), a download is built at once."""
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    query = {"school_year": "2025-2026", "period": "annual", "by": "district"}
    assert get_after_work(client, "/funding/ada/", query).status_code == 200
    csv = client.get("/funding/ada/", {**query, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "North Unified,15.50,0.03,62.00" in csv.content.decode()
    assert "Total,23.00,0.04,92.00" in csv.content.decode()
    xlsx = client.get("/funding/ada/", {**query, "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=5)]
    assert values[0][:4] == ["District", "Hours", "ADA", "Revenue"]
    assert values[1][:2] == ["North Unified", Decimal("15.50")] or values[1][:2] == [
        "North Unified",
        15.5,
    ]
    pdf = client.get("/funding/ada/", {**query, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="ada-2025-2026-annual-district.pdf"' in pdf["Content-Disposition"]
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "ADA report, Annual 2025-2026" in text
    assert "District Hours ADA Revenue North Unified 15.50 0.03 62.00" in text
    assert "Total 23.00 0.04 92.00" in text and "Cap (ADA)" in text
