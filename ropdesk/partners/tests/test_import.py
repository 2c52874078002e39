"""The EDD projections import: the published columns load; a bad file is refused whole,
naming row and column."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation

from ropdesk.partners import services
from ropdesk.partners.demo import LABOR_CSV
from ropdesk.partners.models import Projection

pytestmark = pytest.mark.django_db

HEADER = (
    "area,soc_code,title,base_year,projected_year,base_employment,projected_employment,"
    "annual_openings,median_annual_wage\n"
)


def test_the_shipped_edd_file_loads_and_a_second_load_replaces_rather_than_adds():
    content = LABOR_CSV.read_bytes()
    rows = services.projections_import(actor=None, content=content, file_name="edd.csv")
    again = services.projections_import(actor=None, content=content, file_name="edd.csv")
    assert rows == again == 1302
    assert Projection.objects.count() == 1302
    nurses = Projection.objects.get(area="California", soc_code="29-1141")
    assert (nurses.base_employment, nurses.projected_employment) == (323900, 358900)
    assert nurses.median_annual_wage == 129851


def test_edds_own_export_columns_load_with_the_ten_year_openings_divided():
    content = (
        b"Area Name (County Names),Period,Standard Occupational Code (SOC),Occupational Title,"
        b"Base Year Employment Estimate,Projected Year Employment Estimate,Total Job Openings,"
        b'Median Annual Wage\nCalifornia,2020-2030,47-2111,Electricians,"70,300","83,100",91410,'
        b"73405.00\n"
    )
    services.projections_import(actor=None, content=content, file_name="export.csv")
    row = Projection.objects.get()
    assert (row.base_year, row.projected_year, row.annual_openings) == (2020, 2030, 9141)
    assert row.base_employment == 70300


def test_a_file_with_one_bad_row_is_refused_whole_naming_row_and_column():
    content = (
        HEADER
        + "California,47-2111,Electricians,2020,2030,70300,83100,9141,73405\n"
        + "California,47-21X1,Plumbers,2020,2030,lots,83100,9141,73405\n"
    ).encode()
    with pytest.raises(ValidationError) as refused:
        services.projections_import(actor=None, content=content, file_name="bad.csv")
    assert refused.value.messages == [
        "bad.csv: Row 3, column “soc_code”: “47-21X1” is not a SOC code like 29-1141",
        "bad.csv: Row 3, column “base_employment”: “lots” is not a whole number of jobs",
    ]
    assert Projection.objects.count() == 0


def test_a_file_without_a_required_column_is_refused_naming_the_header():
    content = b"area,soc_code,title\nCalifornia,47-2111,Electricians\n"
    with pytest.raises(ValidationError, match="row 1 \\(the header\\) lacks the column"):
        services.projections_import(actor=None, content=content, file_name="short.csv")


def test_the_same_occupation_twice_in_one_file_is_refused():
    line = "California,47-2111,Electricians,2020,2030,70300,83100,9141,73405\n"
    with pytest.raises(ValidationError, match="Row 3, column “soc_code”: the same occupation"):
        services.projections_import(
            actor=None, content=(HEADER + line + line).encode(), file_name="twice.csv"
        )


def test_a_blank_wage_is_kept_blank_and_zero_means_none_published():
    content = (
        HEADER
        + "California,11-1011,Chief Executives,2020,2030,47400,47100,3167,\n"
        + "California,11-1021,General and Operations Managers,2020,2030,1,2,3,0\n"
    ).encode()
    services.projections_import(actor=None, content=content, file_name="wages.csv")
    assert list(Projection.objects.values_list("median_annual_wage", flat=True)) == [None, None]


def test_job_counts_are_printed_with_the_readers_thousands_separator():
    row = {
        "title": "Registered Nurses",
        "soc_code": "29-1141",
        "base_year": 2022,
        "projected_year": 2032,
        "base_employment": 323900,
        "projected_employment": 358900,
        "change_percent": 10.8,
        "annual_openings": 21530,
        "median_annual_wage": 129851,
    }
    snapshot = SimpleNamespace(
        title="Nursing", area="California", taken_at=None, rows=[row], source="EDD"
    )
    html = render_to_string("partners/_snapshot_table.html", {"snapshot": snapshot})
    assert "323,900 → 358,900" in html and "21,530" in html and "2022–2032" in html
    with translation.override("es"):
        html = render_to_string("partners/_snapshot_table.html", {"snapshot": snapshot})
    assert "323,900 → 358,900" in html  # the Spanish of the Americas groups as English does
