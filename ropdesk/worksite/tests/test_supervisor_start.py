"""The site supervisor's page: only the students in training now, the hours waiting for
approval, a week approved in one action, and no hours signed before they are worked."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ropdesk.core.tests import factories as f
from ropdesk.enrollment.models import Enrollment
from ropdesk.worksite import services

pytestmark = pytest.mark.django_db

FRIDAY = date(2026, 11, 6)
MONDAY = date(2026, 11, 2)


def log(world, day, start=time(8, 0), end=time(11, 0)):
    return services.timesheet_log(
        actor=world.cc_student_user, enrollment=world.cc, day=day, started_at=start, ended_at=end
    )


def test_the_supervisor_sees_only_students_enrolled_now(client, world):
    hidden = {}
    for status in ("requested", "admitted", "waitlisted", "withdrawn", "dropped", "completed"):
        child = f.student(first=f"Hidden{status.title()}")
        hidden[status] = f.enroll(child, world.cc.section, worksite=world.site, status=status)
    client.force_login(world.supervisor)

    page = client.get(reverse("worksite_home")).content.decode()

    assert str(world.cc.student) in page
    for enrollment in hidden.values():
        assert str(enrollment.student) not in page
    assert Enrollment.objects.filter(worksite=world.site).count() == 7


def test_hours_ending_later_today_cannot_be_logged(world):
    # The suite's clock: Monday 10:00.
    with pytest.raises(ValidationError, match="end later today"):
        log(world, MONDAY, start=time(9, 0), end=time(12, 0))
    assert log(world, MONDAY, start=time(7, 0), end=time(9, 30)).minutes == 150


@pytest.mark.clock("2026-11-02 19:00")
def test_hours_ending_later_today_cannot_be_approved(world, _frozen_clock):
    entry = log(world, MONDAY, start=time(15, 0), end=time(18, 0))
    _frozen_clock.move_to("2026-11-02 11:00-08:00")  # as if signed at 11 a.m.
    with pytest.raises(ValidationError, match="end later today"):
        services.timesheet_approve(actor=world.supervisor, entry=entry)
    entry.refresh_from_db()
    assert not entry.supervisor_approved


@pytest.mark.clock("2026-11-06 19:00")
def test_a_week_is_approved_in_one_action_and_shown_as_approved(client, world):
    days = [FRIDAY - timedelta(days=k) for k in range(4, 0, -1)]  # Monday to Thursday
    for day in days:
        log(world, day)
    client.force_login(world.supervisor)
    home = client.get(reverse("worksite_home")).content.decode()
    assert "4 days waiting" in home
    assert f"Approve the week of {world.cc.student}" in home

    response = client.post(
        reverse("worksite_hours_approve_week", args=[world.cc.pk]),
        {"week": "2026-11-02", "next": reverse("worksite_home")},
        follow=True,
    )

    page = response.content.decode()
    assert f"Approved 4 days of {world.cc.student}." in page
    hours = world.cc.on_the_job_hours.order_by("date")
    assert [h.supervisor_approved_by for h in hours] == [world.supervisor] * 4
    assert {h.detail.status for h in hours} == {"approved"}
    assert "No hours are waiting for your approval." in page
    approved = page.split("Hours you approved lately")[1]
    assert approved.count(str(world.cc.student)) == 4


@pytest.mark.clock("2026-11-06 19:00")
def test_another_sites_supervisor_cannot_approve_the_week(client, world):
    entry = log(world, FRIDAY - timedelta(days=1))
    client.force_login(world.other_supervisor)
    response = client.post(
        reverse("worksite_hours_approve_week", args=[world.cc.pk]), {"week": "2026-11-02"}
    )
    assert response.status_code == 404
    entry.refresh_from_db()
    assert not entry.supervisor_approved


@pytest.mark.clock("2026-11-06 19:00")
def test_a_week_with_nothing_waiting_says_so(client, world):
    client.force_login(world.supervisor)
    response = client.post(
        reverse("worksite_hours_approve_week", args=[world.cc.pk]),
        {"week": "2026-11-02"},
        follow=True,
    )
    assert "No hours of this week are waiting for your approval." in response.content.decode()
