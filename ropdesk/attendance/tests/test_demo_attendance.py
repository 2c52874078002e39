"""The demo county's attendance is credited by the same rule as every other write."""

from datetime import date

import pytest

from ropdesk.attendance.models import AttendanceRecord
from ropdesk.attendance.rules import credited_minutes
from ropdesk.demo.seed import seed_demo

pytestmark = pytest.mark.django_db


def test_every_demo_record_carries_the_minutes_the_rule_gives():
    seed_demo(students=40, seed=3, today=date(2026, 10, 5))
    records = AttendanceRecord.objects.select_related("meeting")
    assert records.count() > 500
    for r in records:
        m = r.meeting
        assert r.credited_minutes == credited_minutes(
            m.start_time, m.end_time, r.arrived, r.departed
        ), r.pk
    assert records.filter(arrived__isnull=True, credited_minutes=0).exists()
    partial = [r for r in records if r.arrived and 0 < r.credited_minutes]
    full = {
        r.pk
        for r in partial
        if r.credited_minutes
        == credited_minutes(
            r.meeting.start_time, r.meeting.end_time, r.meeting.start_time, r.meeting.end_time
        )
    }
    assert len(full) < len(partial)  # some late arrivals or early departures lost a block
