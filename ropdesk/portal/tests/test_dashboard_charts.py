"""The dashboards' charts: enrollment by district and mode (administrator; the district
coordinator's own district), ADA by school month against the year before (administrator),
work-based-learning compliance by rule (administrator, instructor) and the instructor's
sections month by month; each an SVG image with its table, in a fixed number of queries."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropdesk.attendance.models import AttendanceRecord
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Role, Site
from ropdesk.core.tests import factories as f
from ropdesk.scheduling.models import Meeting
from ropdesk.scheduling.services import school_year_build_calendar

pytestmark = pytest.mark.django_db


class County:
    def __init__(self) -> None:
        self.a, self.b = f.district("Downey Unified"), f.district("Pomona Unified")
        self.teacher = f.user("teacher", role=Role.INSTRUCTOR)
        self.worksite = f.site(kind=Site.Kind.WORKSITE, district_org=self.a, name="Clinic")
        self.cc = f.section(
            instructor=self.teacher,
            site_obj=f.site(district_org=self.a),
            mode=InstructionMode.COMMUNITY_CLASSROOM,
            capacity=500,
            days="Mon",
            start=time(14),
            end=time(16),
        )
        self.classroom = f.section(site_obj=f.site(district_org=self.b), capacity=500)
        school_year_build_calendar(school_year=self.cc.term.school_year)
        self.admin = f.user("admin", role=Role.ADMINISTRATOR)
        self.coordinator = f.user(
            "coordinator", role=Role.DISTRICT_COORDINATOR, organization=self.a
        )
        self.grow(4)

    def grow(self, count: int) -> None:
        for k in range(count):
            if k % 2 == 0:
                kid = f.student(district_org=self.a)
                e = f.enroll(kid, self.cc, worksite=self.worksite)
                meeting = Meeting.objects.get(section=self.cc, date=date(2026, 9, 14))
                AttendanceRecord.objects.create(
                    enrollment=e,
                    meeting=meeting,
                    arrived=time(14) if k % 4 == 0 else None,
                    departed=time(16) if k % 4 == 0 else None,
                    credited_minutes=120 if k % 4 == 0 else 0,
                )
            else:
                f.enroll(f.student(district_org=self.b), self.classroom)


@pytest.fixture
def county() -> County:
    return County()


def test_the_administrator_sees_enrollment_ada_and_compliance_charts(county, client):
    client.force_login(county.admin)
    response = client.get("/dashboard/")
    page = response.content.decode()
    district = response.context["district_chart"]
    assert "Downey Unified" in district.svg and 'role="img"' in district.svg
    assert "<caption>Enrollment by district of residence</caption>" in district.table
    assert "Community classroom" in response.context["mode_chart"].table
    ada = response.context["ada_chart"]
    assert "ADA by school month, against the year before" in page
    # Month 1 (Aug 19 to Sep 15): 2 hours / 3 hours a day / 20 school days.
    assert '<th scope="row">1</th><td class="num" data-label="2026-2027">0.03</td>' in ada.table
    compliance = response.context["compliance_chart"]
    assert "Training agreement signed" in compliance.table
    assert response.context["trainee_count"] == 2
    assert "of 2 trainees meet every rule" in page


def test_the_district_coordinator_sees_the_district_only(county, client):
    client.force_login(county.coordinator)
    response = client.get("/dashboard/")
    mode = response.context["mode_chart"]
    assert "Community classroom" in mode.table
    assert "Pomona" not in response.content.decode()
    assert "ada_chart" not in response.context


def test_the_instructor_sees_the_year_of_their_sections(county, client):
    client.force_login(county.teacher)
    response = client.get("/dashboard/")
    attendance, worked = response.context["month_charts"]
    # September 2026: one student attended (2 h), one was absent.
    assert '<th scope="row">September 2026</th><td class="num" data-label="Attended">1</td>' in (
        attendance.table
    )
    assert 'data-label="Absent">1</td>' in attendance.table
    assert 'data-label="Classroom hours">2.0</td>' in worked.table
    assert response.context["trainee_count"] == 2
    assert "Your sections over the year" in response.content.decode()


def _count(client, url="/dashboard/"):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["admin", "coordinator", "teacher"])
def test_the_charts_keep_their_query_count_as_the_county_grows(county, client, who):
    client.force_login(getattr(county, who))
    before = _count(client)
    county.grow(30)
    assert _count(client) == before


def _september(client):
    """The instructor's September 2026 row of the attendance chart, as the page shows it."""
    table = client.get("/dashboard/").context["month_charts"][0].table
    return table.split('<th scope="row">September 2026</th>')[1].split("</tr>")[0]


def test_the_month_charts_are_kept_until_the_instructor_s_own_attendance_changes(county, client):
    """Kept per instructor (core/versions.py parts): another instructor's mark leaves them
    standing, the instructor's own mark and any other change to what they read move them."""
    other = f.section(
        instructor=f.user("colleague", role=Role.INSTRUCTOR),
        site_obj=f.site(district_org=county.a),
        days="Mon",
    )
    other_meeting, _ = Meeting.objects.get_or_create(
        section=other,
        date=date(2026, 9, 14),
        defaults={"start_time": time(9), "end_time": time(11)},
    )
    other_enrollment = f.enroll(f.student(district_org=county.a), other)
    client.force_login(county.teacher)
    assert 'data-label="Attended">1</td>' in _september(client)
    kept = _count(client)
    assert kept < _count_without_kept_figures(client)

    AttendanceRecord.objects.create(
        enrollment=other_enrollment,
        meeting=other_meeting,
        arrived=time(9),
        departed=time(11),
        credited_minutes=120,
    )
    assert _count(client) == kept  # another instructor's record: the figures stand

    absent = AttendanceRecord.objects.get(meeting__section=county.cc, arrived__isnull=True)
    absent.arrived, absent.departed, absent.credited_minutes = time(14), time(16), 120
    absent.save()
    assert 'data-label="Attended">2</td>' in _september(client)  # their own: computed again

    # A write that is not one instructor's record (a bulk write, a section moved to another
    # instructor) moves every instructor's figures.
    from ropdesk.core import versions

    versions.changed("attendance")
    assert _count(client) > kept
    county.cc.instructor = f.user("substitute", role=Role.INSTRUCTOR)
    county.cc.save()
    assert 'data-label="Attended">0</td>' in _september(client)  # no longer their section


def _count_without_kept_figures(client):
    from django.core.cache import cache

    cache.clear()
    return _count(client)


def test_deleting_records_moves_every_part_without_a_query_per_record(county):
    """A delete cascades over many records: it moves every instructor's figures at once
    (funding/apps.py) instead of looking up each record's instructor."""
    county.grow(8)
    records = AttendanceRecord.objects.filter(meeting__section=county.cc)
    assert records.count() >= 4

    def deleting(queryset):
        with CaptureQueriesContext(connection) as captured:
            queryset.delete()
        return sum("scheduling_section" in q["sql"] for q in captured.captured_queries)

    assert deleting(records.filter(pk=records.first().pk)) == 0
    assert deleting(AttendanceRecord.objects.filter(meeting__section=county.cc)) == 0
