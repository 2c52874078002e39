"""Career and education goals with steps and dates: who sets them, who sees them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from ropdesk.careers import services
from ropdesk.careers.models import CareerGoal, GoalStep
from ropdesk.careers.queries import goal_is_overdue, goals_of
from ropdesk.careers.tests import factories as cf
from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    district = f.district("Downey Unified")
    account = f.user("student", role=Role.STUDENT)
    p: dict[str, Any] = {
        "student": account,
        "counselor": f.user("counselor", role=Role.COUNSELOR, organization=district),
        "instructor": f.user("instructor", role=Role.INSTRUCTOR),
        "parent": f.user("parent", role=Role.PARENT),
        "admin": f.user("admin", role=Role.ADMINISTRATOR),
    }
    p["me"] = f.student(district_org=district, account=account, birth_date=date(2010, 3, 1))
    f.guardian_of(p["me"], p["parent"])
    f.enroll(p["me"], f.section(instructor=p["instructor"]))
    return p


def goal_form(**extra):
    return {
        "kind": "career",
        "title": "Work as a nursing assistant",
        "target_date": "2027-06-01",
        "step_1": "Finish the CNA course",
        "due_1": "2027-01-15",
        "step_2": "Pass the state exam",
        "due_2": "2027-03-01",
        **extra,
    }


def test_a_counselor_records_a_goal_with_steps_and_dates(people, client):
    client.force_login(people["counselor"])
    url = f"/careers/students/{people['me'].pk}/goals/new/"
    response = client.post(url, goal_form())
    assert response["Location"] == f"/careers/students/{people['me'].pk}/"
    goal = CareerGoal.objects.get()
    assert (goal.title, goal.target_date, goal.created_by) == (
        "Work as a nursing assistant",
        date(2027, 6, 1),
        people["counselor"],
    )
    assert list(goal.steps.values_list("number", "description", "due_on")) == [
        (1, "Finish the CNA course", date(2027, 1, 15)),
        (2, "Pass the state exam", date(2027, 3, 1)),
    ]
    assert AuditEvent.objects.filter(
        action="career_goal.create", actor=people["counselor"]
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Work as a nursing assistant" in page and "Pass the state exam" in page


def test_a_goal_without_a_title_is_shown_again_with_the_error(people, client):
    client.force_login(people["counselor"])
    response = client.post(f"/careers/students/{people['me'].pk}/goals/new/", goal_form(title=""))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert 'value="Finish the CNA course"' in response.content.decode()
    assert not CareerGoal.objects.exists()


def test_a_student_sets_a_goal_toward_an_occupation_and_marks_a_step_done(people, client):
    nurse = cf.occupation("Nursing Assistants", (2, 3, 1, 6, 4, 3), code="31-1131.00")
    client.force_login(people["student"])
    url = f"/careers/students/{people['me'].pk}/goals/new/"
    assert (
        "Work as: Nursing Assistants" in client.get(f"{url}?occupation=31-1131.00").content.decode()
    )
    client.post(url, goal_form(occupation="31-1131.00"))
    goal = CareerGoal.objects.get()
    assert goal.occupation == nurse
    step = goal.steps.get(number=1)
    response = client.post(f"/careers/steps/{step.pk}/done/", {"next": "/careers/goals/"})
    assert response["Location"] == "/careers/goals/"
    step.refresh_from_db()
    assert step.done_on == suite_today()


@pytest.mark.parametrize("persona", ["instructor", "parent", "admin"])
def test_others_cannot_set_a_students_goals(people, client, persona):
    client.force_login(people[persona])
    response = client.post(f"/careers/students/{people['me'].pk}/goals/new/", goal_form())
    assert response.status_code == 404
    assert not CareerGoal.objects.exists()


def test_the_parent_of_a_minor_sees_the_goals_but_no_buttons(people, client):
    services.goal_create(
        student=people["me"], actor=people["student"], kind="education", title="Finish high school"
    )
    client.force_login(people["parent"])
    page = client.get("/careers/goals/").content.decode()
    assert "Finish high school" in page
    assert "Add step" not in page and "Mark done" not in page


def test_an_instructor_does_not_see_goals(people, client):
    services.goal_create(
        student=people["me"], actor=people["student"], kind="education", title="Finish high school"
    )
    client.force_login(people["instructor"])
    assert client.get(f"/careers/students/{people['me'].pk}/").status_code == 404
    assert client.get("/careers/goals/").status_code == 404


def test_a_goal_is_overdue_past_its_target_date_or_with_a_late_step(people):
    today = suite_today()
    on_time = services.goal_create(
        student=people["me"],
        actor=people["counselor"],
        kind="career",
        title="On time",
        target_date=today + timedelta(days=30),
        steps=[("Next week", today + timedelta(days=7))],
    )
    late_step = services.goal_create(
        student=people["me"],
        actor=people["counselor"],
        kind="career",
        title="Late step",
        target_date=today + timedelta(days=30),
        steps=[("Yesterday", today - timedelta(days=1))],
    )
    marked = {g.title: goal_is_overdue(g, today) for g in goals_of([people["me"]])}
    assert marked == {"On time": False, "Late step": True}
    step = GoalStep.objects.get(goal=late_step)
    services.goal_step_mark_done(step=step, actor=people["student"])
    assert [goal_is_overdue(g, today) for g in goals_of([people["me"]])] == [False, False]
    assert on_time.status == "open"
