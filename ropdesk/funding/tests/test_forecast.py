"""A section's hours to date and forecast, with the CVE related-instruction check per student;
on-the-job hours counted by the configured rule and stored for the report."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ropdesk.attendance import services
from ropdesk.attendance.models import OnTheJobHours
from ropdesk.attendance.services import AttendanceLocked
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.funding.queries import section_forecast
from ropdesk.funding.tests import handworked
from ropdesk.scheduling.models import SchoolYear, Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return handworked.build()


def test_the_forecast_projects_the_rate_so_far_over_the_meetings_left(county):
    # Nursing meets every Wednesday of the fiscal year: 52 meetings from Jul 2, 2025.
    # On Oct 8: meetings up to then with records: only Oct 1 (5 h for Cal and Ana).
    forecast = section_forecast(county.nursing, date(2025, 10, 8))
    assert forecast.meetings_total == 52
    assert (forecast.meetings_held, forecast.meetings_left) == (1, 38)
    assert forecast.hours_to_date == Decimal("5.00")
    assert forecast.projected_hours == Decimal("195.00")  # 5 + 5 x 38
    assert forecast.projected_ada == Decimal("0.37")  # 195 / 525 = 0.3714
    assert forecast.projected_revenue == Decimal("780.00")  # 195 x $4
    hours = {s.enrollment.student.legal_first_name: s.hours for s in forecast.students}
    assert hours == {"Ana": Decimal("2.50"), "Cal": Decimal("2.50")}


def test_the_forecast_page_is_for_the_instructor_and_the_office(county, client):
    url = f"/funding/sections/{county.nursing.pk}/forecast/"
    client.force_login(county.nina)
    assert client.get(url).status_code == 200
    client.force_login(county.terry)
    assert client.get(url).status_code == 404
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    assert "Projected revenue" in client.get(url).content.decode()
    client.force_login(f.user(role=Role.DISTRICT_COORDINATOR, organization=county.north))
    assert client.get(url).status_code == 404
    client.force_login(f.user(role=Role.DISTRICT_COORDINATOR, organization=county.south))
    assert client.get(url).status_code == 200


def cve_section(mode=InstructionMode.CVE):
    """A CVE (or other) section meeting Mondays and Thursdays 15:00-16:00 in September 2025."""
    year = SchoolYear.objects.create(
        name="2025-2026",
        start_date=date(2025, 7, 1),
        end_date=date(2026, 6, 30),
        first_instruction_day=date(2025, 9, 1),
        last_instruction_day=date(2026, 6, 5),
    )
    term = Term.objects.create(
        school_year=year, name="Sept", start_date=date(2025, 9, 1), end_date=date(2025, 9, 28)
    )
    teacher = f.user(role=Role.INSTRUCTOR)
    section = f.section(
        instructor=teacher,
        mode=mode,
        term_obj=term,
        days="Mon,Thu",
        start=time(15),
        end=time(16),
    )
    return section, teacher


def test_cve_students_below_the_related_instruction_minimum_are_flagged():
    section, teacher = cve_section()
    kept, missed = (
        f.enroll(f.student(last="Keeps"), section),
        f.enroll(f.student(last="Misses"), section),
    )
    for meeting in section.meetings.all():  # 8 meetings, 4 weeks
        services.attendance_mark(
            actor=teacher, meeting=meeting, enrollment=kept, arrived=time(15), departed=time(16)
        )
        absent = meeting.date < date(2025, 9, 15)  # misses the first two weeks
        services.attendance_mark(
            actor=teacher,
            meeting=meeting,
            enrollment=missed,
            arrived=None if absent else time(15),
            departed=None if absent else time(16),
        )
    forecast = section_forecast(section, date(2025, 10, 6))
    checks = {
        s.enrollment.student.legal_last_name: s.related_instruction for s in forecast.students
    }
    # Two 60-minute meetings a week: 120 minutes, under the 150-minute average, every week.
    assert checks["Keeps"].weeks == 4 and checks["Keeps"].average_minutes == Decimal("120.00")
    assert not checks["Keeps"].average_met and checks["Keeps"].every_week_met
    assert checks["Misses"].weeks_without_a_period == [date(2025, 9, 1), date(2025, 9, 8)]
    assert [s.enrollment.student.legal_last_name for s in forecast.flagged] == ["Keeps", "Misses"]


def test_ojt_hours_follow_the_rule_when_recorded_and_approved(county):
    enrollment = county.enrollments[("ana", "welding")]
    monday = date(2025, 10, 6)
    for k in range(5):  # 4 hours a day, Monday to Friday: 20 hours
        entry = services.ojt_record(
            actor=None,
            enrollment=enrollment,
            kind="cve_ojt",
            day=monday + timedelta(days=k),
            minutes=240,
            agreement_signed_on=date(2025, 9, 1),
        )
        assert entry.credited_minutes == 0  # not approved yet
        services.ojt_approve(actor=county.supervisor, entry=entry)
    week = OnTheJobHours.objects.filter(date__range=(monday, monday + timedelta(days=6)))
    assert [e.credited_minutes for e in week.order_by("date")] == [240, 240, 240, 180, 0]


def test_changing_approved_hours_withdraws_the_approval(county):
    entry = OnTheJobHours.objects.get(date=date(2025, 11, 5))
    assert entry.credited_minutes == 240
    changed = services.ojt_record(
        actor=None,
        enrollment=entry.enrollment,
        kind="cve_ojt",
        day=entry.date,
        minutes=300,
        agreement_signed_on=date(2025, 9, 1),
    )
    assert not changed.supervisor_approved and changed.credited_minutes == 0


def test_ojt_hours_in_a_certified_period_are_locked(county):
    services.attendance_certify(
        actor=f.user(role=Role.ADMINISTRATOR),
        section=county.welding,
        school_year=county.year,
        period="P1",
    )
    with pytest.raises(AttendanceLocked):
        services.ojt_record(
            actor=None,
            enrollment=county.enrollments[("ana", "welding")],
            kind="cve_ojt",
            day=date(2025, 11, 7),
            minutes=60,
        )
    with pytest.raises(ValidationError):
        services.ojt_record(
            actor=None,
            enrollment=county.enrollments[("ana", "welding")],
            kind="cve_ojt",
            day=date(2026, 5, 1),
            minutes=0,
        )


def test_community_classroom_students_get_the_same_check_unless_the_program_turns_it_off(
    settings,
):
    """domain-rules.md 2.2.3 [S]: community classroom hours "average 3 class periods/week ...
    never less than 1 class period in any week" (a county page citing 5 CCR 10083, not read):
    a setting, on by default. Two 60-minute meetings a week: 120 minutes, under 150."""
    section, teacher = cve_section(InstructionMode.COMMUNITY_CLASSROOM)
    student = f.enroll(f.student(), section)
    for meeting in section.meetings.all():
        services.attendance_mark(
            actor=teacher, meeting=meeting, enrollment=student, arrived=time(15), departed=time(16)
        )
    forecast = section_forecast(section, date(2025, 10, 6))
    assert forecast.related_instruction_checked and not forecast.is_cve
    assert forecast.students[0].related_instruction.average_minutes == Decimal("120.00")
    assert len(forecast.flagged) == 1
    settings.ROPDESK = {**settings.ROPDESK, "CC_RELATED_INSTRUCTION_CHECK": False}
    forecast = section_forecast(section, date(2025, 10, 6))
    assert not forecast.related_instruction_checked
    assert forecast.students[0].related_instruction is None
