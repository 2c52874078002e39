"""ADA by school month against the year before (funding/monthly.py): the ADA report's own
counting, a month at a time, cached like the report."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropdesk.attendance.models import AttendanceRecord
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today
from ropdesk.funding import monthly, rules
from ropdesk.funding.queries import ada_report
from ropdesk.scheduling.models import Meeting
from ropdesk.scheduling.services import school_year_build_calendar

pytestmark = pytest.mark.django_db


def _attend(section, day, minutes=120):
    meeting = Meeting.objects.get(section=section, date=day)
    enrollment = section.enrollments.first()
    AttendanceRecord.objects.create(
        enrollment=enrollment,
        meeting=meeting,
        arrived=time(14),
        departed=time(16),
        credited_minutes=minutes,
    )


@pytest.fixture
def years():
    this, last = f.term(2026), f.term(2025)
    for term in (this, last):
        school_year_build_calendar(school_year=term.school_year)
    now = f.section(term_obj=this, days="Mon,Wed")
    before = f.section(term_obj=last, days="Mon,Wed")
    for section in (now, before):
        f.enroll(f.student(), section)
    _attend(now, date(2026, 8, 19))  # Wed, the first day of instruction: school month 1
    _attend(now, date(2026, 8, 24))
    _attend(before, date(2025, 8, 20))
    return now, before


def test_each_school_month_has_its_hours_and_ada_this_year_and_last(years):
    current, previous = monthly.this_year_and_last(today=suite_today())
    assert current.year.name == "2026-2027" and previous.year.name == "2025-2026"
    first = current.months[0]
    assert (first.number, first.start) == (1, date(2026, 8, 19))
    assert first.hours == Decimal("4.00")
    # 240 minutes / (3 h × 60) / 20 school days
    assert first.ada == rules.school_month_ada(240, 20) == Decimal("0.07")
    assert previous.months[0].hours == Decimal("2.00")
    # Months after today are not drawn; the year before is complete.
    assert current.months[-1].hours is None and current.months[-1].ada is None
    assert all(m.hours is not None for m in previous.months)


def test_the_months_add_up_to_the_annual_report(years):
    now, _before = years
    _attend(now, date(2026, 10, 5), minutes=60)
    current, _ = monthly.this_year_and_last(today=suite_today())
    annual = ada_report(school_year=now.term.school_year, period="annual", today=suite_today())
    counted = [m.hours for m in current.months if m.hours is not None]
    assert sum(counted, Decimal(0)) == annual.totals.hours


def test_the_months_are_cached_until_attendance_changes(years):
    now, _ = years
    monthly.this_year_and_last(today=suite_today())
    with CaptureQueriesContext(connection) as captured:
        monthly.this_year_and_last(today=suite_today())
    assert len(captured) == 2  # the two school years; no month is counted again
    _attend(now, date(2026, 8, 26))
    current, _ = monthly.this_year_and_last(today=suite_today())
    assert current.months[0].hours == Decimal("6.00")
