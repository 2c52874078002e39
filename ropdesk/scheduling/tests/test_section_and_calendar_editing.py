"""Editing a section and the school calendar (scheduling.services): the office's screens and
the admin write through these. The suite's clock is Monday 2026-11-02, inside Fall 2026."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from ropdesk.attendance.models import AttendanceRecord
from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.scheduling import services
from ropdesk.scheduling.models import Holiday, Meeting, SchoolMonth

pytestmark = pytest.mark.django_db


def days_of(section, since=date(2026, 11, 2)):
    return sorted(section.meetings.filter(date__gte=since).values_list("date", flat=True))


def test_a_new_pattern_replaces_future_meetings_and_keeps_the_past():
    section = f.section(days="Mon,Wed")
    past = set(section.meetings.filter(date__lt=date(2026, 11, 2)).values_list("date", flat=True))

    services.section_update(actor=None, section=section, seated=0, days="Tue,Thu")

    assert (
        set(section.meetings.filter(date__lt=date(2026, 11, 2)).values_list("date", flat=True))
        == past
    )
    future = days_of(section)
    assert future[:2] == [date(2026, 11, 3), date(2026, 11, 5)]
    assert {d.weekday() for d in future} == {1, 3}
    assert AuditEvent.objects.get(action="section.update").details["changed"]["days"] == [
        "Mon,Wed",
        "Tue,Thu",
    ]


def test_a_meeting_with_attendance_today_stays_when_the_pattern_changes():
    section = f.section(days="Mon,Wed")
    student = f.student()
    enrollment = f.enroll(student, section)
    today = section.meetings.get(date=date(2026, 11, 2))
    AttendanceRecord.objects.create(
        enrollment=enrollment,
        meeting=today,
        arrived=time(14),
        departed=time(16),
        credited_minutes=120,
    )
    services.section_update(actor=None, section=section, seated=1, days="Tue,Thu")
    assert Meeting.objects.filter(pk=today.pk).exists()


def test_new_times_move_the_future_meetings():
    section = f.section(start=time(14), end=time(16))
    services.section_update(
        actor=None, section=section, seated=0, start_time=time(8), end_time=time(10)
    )
    times = set(
        section.meetings.filter(date__gte=date(2026, 11, 2)).values_list("start_time", flat=True)
    )
    assert times == {time(8)}


def test_capacity_cannot_go_below_the_seats_held():
    section = f.section(capacity=30)
    with pytest.raises(ValidationError) as refused:
        services.section_update(actor=None, section=section, seated=12, capacity=11)
    assert "12 students hold a seat" in str(refused.value)
    services.section_update(actor=None, section=section, seated=12, capacity=12)
    section.refresh_from_db()
    assert section.capacity == 12


def test_a_mode_the_course_is_not_approved_for_is_refused():
    section = f.section()
    with pytest.raises(ValidationError) as refused:
        services.section_update(actor=None, section=section, seated=0, mode="cve")
    assert "mode" in refused.value.message_dict


def test_a_holiday_removes_that_days_meetings_and_rebuilds_the_months():
    section = f.section(days="Mon,Wed")
    year = section.term.school_year
    services.school_year_build_calendar(school_year=year)
    before = SchoolMonth.objects.filter(school_year=year).count()

    services.holiday_add(
        actor=None,
        school_year=year,
        day=date(2026, 11, 11),
        name="Veterans Day",
        kind="legal_holiday",
    )

    assert date(2026, 11, 11) not in days_of(section)
    assert SchoolMonth.objects.filter(school_year=year).count() == before
    assert AuditEvent.objects.get(action="holiday.add").details["meetings_removed"] == 1


def test_a_holiday_on_a_day_with_attendance_is_refused_naming_the_section():
    section = f.section(days="Mon,Wed")
    enrollment = f.enroll(f.student(), section)
    meeting = section.meetings.get(date=date(2026, 10, 28))
    AttendanceRecord.objects.create(
        enrollment=enrollment,
        meeting=meeting,
        arrived=time(14),
        departed=time(16),
        credited_minutes=120,
    )
    with pytest.raises(ValidationError) as refused:
        services.holiday_add(
            actor=None,
            school_year=section.term.school_year,
            day=date(2026, 10, 28),
            name="Storm",
            kind="non_school_day",
        )
    assert section.code in str(refused.value)
    assert not Holiday.objects.exists()


def test_a_day_outside_instruction_is_refused():
    year = f.school_year()
    with pytest.raises(ValidationError):
        services.holiday_add(
            actor=None, school_year=year, day=date(2026, 7, 4), name="Fourth", kind="legal_holiday"
        )


def test_removing_a_holiday_gives_back_the_meeting_only_to_sections_meeting_that_weekday():
    mon_wed = f.section(days="Mon,Wed")
    tue_thu = f.section(days="Tue,Thu")
    year = mon_wed.term.school_year
    holiday = services.holiday_add(
        actor=None,
        school_year=year,
        day=date(2026, 11, 11),
        name="Veterans Day",
        kind="legal_holiday",
    )
    added = services.holiday_remove(
        actor=f.user("office", role=Role.ADMINISTRATOR), holiday=holiday
    )
    assert added == 1
    assert date(2026, 11, 11) in days_of(mon_wed)
    assert date(2026, 11, 11) not in days_of(tue_thu)
