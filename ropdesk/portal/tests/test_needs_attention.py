""" "Needs attention" comes first on every role's start page: each app's waiting work, with its
count and link, nearest deadline first."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.urls import reverse

from ropdesk.catalog.models import Course
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.portal.dashboards import needs_attention

pytestmark = pytest.mark.django_db


def test_the_office_sees_its_work_in_the_order_of_the_deadlines(client):
    admin = f.user(role=Role.ADMINISTRATOR, is_staff=True)
    f.section()  # attendance not certified for P-1 (ends December 31)
    Course.objects.create(code="IMPORTED", title="From a district file", needs_setup=True)

    found = needs_attention(admin)

    assert [(str(a.label), a.count, a.due) for a in found] == [
        ("Sections not certified for P-1 (first period)", 1, date(2026, 12, 31)),
        ("Courses and sections needing setup", 1, None),
    ]
    client.force_login(admin)
    body = client.get(reverse("dashboard")).content.decode()
    assert (
        body.index("Needs attention")
        < body.index("Sections not certified")
        < body.index("Courses and sections needing setup")
    )
    assert '<a href="/attendance/certify/?school_year=2026-2027&amp;period=P1">' in body


def test_nothing_waiting_says_so(client):
    account = f.user(role=Role.STUDENT)
    f.student(account=account)
    client.force_login(account)
    assert "Nothing is waiting for you." in client.get(reverse("dashboard")).content.decode()


def test_the_counselors_not_enrolled_figure_opens_the_list_of_them(client):
    district = f.district()
    counselor = f.user(role=Role.COUNSELOR, organization=district)
    enrolled = f.student(first="Enrolled", district_org=district)
    f.enroll(enrolled, f.section())
    waiting = f.student(first="Waiting", district_org=district)
    client.force_login(counselor)

    dashboard = client.get(reverse("dashboard")).content.decode()
    assert '<a href="/students/?show=not_enrolled">1</a>' in dashboard

    listed = client.get(reverse("student_list"), {"show": "not_enrolled"})
    assert [s.pk for s in listed.context["page"]] == [waiting.pk]


def test_an_instructor_sees_the_meetings_of_the_last_two_weeks_left_without_attendance():
    from datetime import timedelta

    from ropdesk.attendance.models import AttendanceRecord
    from ropdesk.core.tests.clock import suite_today
    from ropdesk.scheduling.models import Meeting

    teacher = f.user(role=Role.INSTRUCTOR)
    section = f.section(instructor=teacher)
    student = f.enroll(f.student(), section)
    section.meetings.all().delete()  # the factory's calendar; these are the test's own
    today = suite_today()  # the suite's frozen day (conftest.py)

    def meeting(days_ago):
        return Meeting.objects.create(
            section=section,
            date=today - timedelta(days=days_ago),
            start_time=time(14),
            end_time=time(16),
        )

    meeting(20)  # older than two weeks: not counted
    oldest, _later = meeting(10), meeting(3)
    taken = meeting(1)
    AttendanceRecord.objects.create(
        enrollment=student, meeting=taken, arrived=None, departed=None, credited_minutes=0
    )

    [missing] = [a for a in needs_attention(teacher) if "without attendance" in str(a.label)]
    assert (missing.count, missing.due) == (2, oldest.date)
