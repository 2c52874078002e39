"""A P-2 or annual report run before its period ends says "to date" and shows a projection.

5 CCR 15371(c) divides the hours of the whole period by its divisor (P-2: 405 hours), so a
report run mid-period is a figure to date, not the period's ADA. The projection is an estimate
[I]: the credited minutes to date per scheduled meeting held, times every scheduled meeting.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import get_after_work
from ropdesk.funding import exports
from ropdesk.funding.queries import ada_report
from ropdesk.funding.rules import projected_minutes
from ropdesk.funding.tests import handworked

pytestmark = pytest.mark.django_db


def test_the_projection_is_the_rate_so_far_times_the_schedule():
    assert projected_minutes(600, 10, 30) == 1800
    assert projected_minutes(100, 3, 10) == 333  # 333.33 rounds down
    assert projected_minutes(0, 0, 30) == 0


def test_p2_on_december_10_counts_to_date_and_projects_the_rest():
    """On Wed 2025-12-10 the handworked county's P-2 span is Aug 18 - Mar 27 (months 1-8).
    Hours through Dec 10: Sep 3 (Ana 3 + Ben 1), Oct 1 (Cal 2.5 + Ana 2.5), Nov 5 Ana's job
    (4), Dec 10 Ana (3) = 16 h -> 16/405 = 0.0395 -> ADA 0.04 to date.
    The schedule in Aug 18 - Mar 27: two sections meeting on the 32 Wednesdays from Aug 20 to
    Mar 25 (no holidays) = 64 meetings; held through Dec 10: Aug 20 ... Dec 10 = 17
    Wednesdays x 2 = 34. Projection: 960 minutes x 64 / 34 = 1807.06 -> 1807 minutes =
    30.12 h -> 30.12/405 = 0.0744 -> 0.07 ADA."""
    county = handworked.build()
    report = ada_report(
        school_year=county.year, period="P2", by="district", today=date(2025, 12, 10)
    )
    assert report.to_date is not None
    assert report.to_date.through == date(2025, 12, 10)
    assert report.totals.hours == Decimal("16.00")
    assert report.totals.ada == Decimal("0.04")
    assert (report.to_date.meetings_held, report.to_date.meetings_scheduled) == (34, 64)
    assert report.to_date.projected.minutes == 1807
    assert report.to_date.projected.ada == Decimal("0.07")
    assert "34 of 64 meetings" in report.to_date.method
    csv = exports.as_csv(report)
    assert '"Total to date, through 2025-12-10",16.00,0.04,82.96' in csv
    assert "Projected for the whole period,30.12,0.07,156.16" in csv
    assert "Projection: the credited hours to date" in csv
    assert b"%PDF" in exports.as_pdf(report)[:8]


def test_the_page_says_to_date_and_shows_the_projection(client):
    county = handworked.build()
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    query = {"school_year": county.year.name, "period": "P2", "by": "district"}
    with time_machine.travel(datetime(2025, 12, 10, 18, tzinfo=ZoneInfo("America/Los_Angeles"))):
        page = get_after_work(client, reverse("ada_report"), query).content.decode()
    assert "To date: hours through Wed, Dec 10, 2025" in page
    assert "Projected ADA" in page and "0.07" in page


def test_a_report_after_its_period_has_no_projection():
    """The suite's clock (2026-11-02) is after the 2025-2026 year: the figures are final."""
    county = handworked.build()
    report = ada_report(school_year=county.year, period="P2", by="district")
    assert report.to_date is None
    assert "to date" not in exports.as_csv(report)
