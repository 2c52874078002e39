"""A student's and a parent's page of attendance and hours (attendance/hours.py,
attendance/family_views.py): each class day and job-site day, what counts toward ADA and what
does not, by month; only the student and the parents the policy lets see them open it.

The suite's clock is Monday 2026-11-02; the factories' Fall 2026 term starts Wed 2026-08-19,
so a Monday section has met 11 times by today (Aug 24 ... Nov 2)."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropdesk.attendance import hours, services
from ropdesk.attendance.models import OnTheJobHours
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting

pytestmark = pytest.mark.django_db


class Family:
    def __init__(self) -> None:
        self.teacher = f.user("teach", role=Role.INSTRUCTOR)
        self.section = f.section(
            instructor=self.teacher,
            mode=InstructionMode.COMMUNITY_CLASSROOM,
            days="Mon",
            start=time(14),
            end=time(16),
        )
        self.student_user = f.user("sofia", role=Role.STUDENT)
        self.parent = f.user("elena", role=Role.PARENT)
        self.sofia = f.student(
            first="Sofia", last="Ramirez", account=self.student_user, birth_date=date(2010, 10, 14)
        )
        f.guardian_of(self.sofia, self.parent, name="Elena Ramirez")
        self.enrollment = f.enroll(self.sofia, self.section, worksite=f.site())
        self.mark(date(2026, 8, 24), time(14), time(16))  # present: 2 h
        self.mark(date(2026, 8, 31), None, None)  # absent
        self.mark(date(2026, 9, 7), time(14, 30), time(16))  # late: both blocks, 2 h
        signed = date(2026, 8, 20)
        self.job(date(2026, 9, 2), 180, signed, approve=True)  # counts
        self.job(date(2026, 9, 3), 120, signed, approve=False)  # waiting for approval
        self.job(date(2026, 9, 4), 60, None, approve=True)  # no signed agreement: no credit

    def mark(self, day, arrived, departed, enrollment=None):
        meeting = Meeting.objects.get(section=self.section, date=day)
        services.attendance_mark(
            actor=self.teacher,
            meeting=meeting,
            enrollment=enrollment or self.enrollment,
            arrived=arrived,
            departed=departed,
        )

    def job(self, day, minutes, signed, *, approve, enrollment=None):
        entry = services.ojt_record(
            actor=None,
            enrollment=enrollment or self.enrollment,
            kind=OnTheJobHours.Kind.COMMUNITY_CLASSROOM,
            day=day,
            minutes=minutes,
            agreement_signed_on=signed,
        )
        if approve:
            services.ojt_approve(actor=None, entry=entry)


@pytest.fixture
def family() -> Family:
    return Family()


def test_each_class_day_and_job_day_says_what_counts_toward_ada(family):
    [item] = hours.enrollment_hours(Enrollment.objects.filter(student=family.sofia), suite_today())
    assert len(item.days) == 11 and item.days[0].meeting.date == suite_today()  # newest first
    states = {d.meeting.date: d.state for d in item.days}
    assert states[date(2026, 8, 24)] == "present"
    assert states[date(2026, 8, 31)] == "absent"
    assert states[date(2026, 9, 7)] == "late"
    assert states[date(2026, 9, 14)] == "not_recorded"
    assert (item.attended, item.absent, item.not_recorded) == (2, 1, 8)
    assert item.classroom_hours == Decimal("4.00")
    jobs = {j.entry.date: j for j in item.job_days}
    assert jobs[date(2026, 9, 2)].status == "counted"
    assert jobs[date(2026, 9, 3)].status == "waiting"
    assert jobs[date(2026, 9, 4)].status == "not_counted"
    assert jobs[date(2026, 9, 4)].reason == "Worked before the training agreement was signed."
    assert item.job_counted_hours == Decimal("3.00")
    assert item.job_waiting_hours == Decimal("2.00")
    assert item.job_not_counted_hours == Decimal("1.00")
    assert item.counted_hours == Decimal("7.00")  # 4 in class + 3 on the job


def test_the_hours_add_up_by_month_of_the_school_year(family):
    items = hours.enrollment_hours(Enrollment.objects.filter(student=family.sofia), suite_today())
    year = hours.school_year_of(suite_today())
    assert year is not None
    months = hours.by_month(items, hours.months_of(year, suite_today()))
    assert [(m.month, m.classroom, m.job_counted, m.job_waiting) for m in months] == [
        (date(2026, 8, 1), Decimal("2.00"), Decimal("0.00"), Decimal("0.00")),
        (date(2026, 9, 1), Decimal("2.00"), Decimal("3.00"), Decimal("2.00")),
        (date(2026, 10, 1), Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
        (date(2026, 11, 1), Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
    ]


def test_the_student_reads_their_own_page_with_the_chart_and_its_table(family, client):
    client.force_login(family.student_user)
    response = client.get(f"/attendance/students/{family.sofia.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "My attendance and hours" in page
    assert '<dd data-figure="counted">7.00</dd>' in page
    assert '<dd data-figure="job-waiting">2.00</dd>' in page
    assert 'role="img"' in page and "Hours by month" in page
    assert '<tr data-state="absent">' in page
    assert "Waiting for the supervisor&#x27;s approval" in page


def test_the_parent_reads_their_childs_page_in_spanish(family, client):
    client.force_login(family.parent)
    response = client.get(
        f"/attendance/students/{family.sofia.pk}/", headers={"accept-language": "es"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Asistencia y horas de Sofia Ramirez" in page
    assert "Horas por mes" in page


def test_only_the_student_and_the_parents_the_policy_allows_open_the_page(family, client):
    url = f"/attendance/students/{family.sofia.pk}/"
    other = f.user("other", role=Role.STUDENT)
    f.student(account=other)
    stranger_parent = f.user("stranger", role=Role.PARENT)
    for user in (other, stranger_parent, family.teacher, f.user("boss", role=Role.ADMINISTRATOR)):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_a_parent_loses_the_page_when_the_child_is_an_adult_who_did_not_consent(family, client):
    family.sofia.birth_date = date(2008, 1, 1)  # 18 on the suite's clock
    family.sofia.save()
    client.force_login(family.parent)
    url = f"/attendance/students/{family.sofia.pk}/"
    assert client.get(url).status_code == 404
    family.sofia.guardianships.update(adult_student_consent=True)
    assert client.get(url).status_code == 200
    client.force_login(family.student_user)  # the adult student still reads their own
    assert client.get(url).status_code == 200


def test_the_menu_and_the_start_page_link_to_the_page(family, client):
    url = f"/attendance/students/{family.sofia.pk}/"
    client.force_login(family.student_user)
    page = client.get("/dashboard/").content.decode()
    assert f'href="{url}"' in page and "My attendance" in page
    client.force_login(family.parent)
    page = client.get("/dashboard/").content.decode()
    assert f'href="{url}">Attendance: Sofia' in page
    assert "Attendance and hours of Sofia Ramirez" in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_page_runs_the_same_number_of_queries_as_days_and_enrollments_grow(family, client):
    client.force_login(family.parent)
    url = f"/attendance/students/{family.sofia.pk}/"
    before = _queries(client, url)
    for day in (date(2026, 9, 14), date(2026, 9, 21), date(2026, 9, 28)):
        family.mark(day, time(14), time(15))
    second = f.section(days="Mon,Wed", start=time(9), end=time(11))
    other = f.enroll(family.sofia, second)
    family.mark_second = Meeting.objects.filter(section=second).first()
    services.attendance_mark(
        actor=None,
        meeting=family.mark_second,
        enrollment=other,
        arrived=time(9),
        departed=time(11),
    )
    for day in (date(2026, 9, 8), date(2026, 9, 9), date(2026, 9, 10)):
        family.job(day, 240, date(2026, 8, 20), approve=True)
    assert _queries(client, url) == before
