"""Bad numbers on the training-plan page get a message naming the competency and the field,
and leave the plan as it was (issue 12: each was a server error)."""

import pytest
from django.urls import reverse

from ropdesk.worksite import services
from ropdesk.worksite.models import TrainingPlan


@pytest.fixture
def plan(world):
    return services.plan_create(actor=world.instructor, enrollment=world.cc, expected_weeks=18)


@pytest.mark.parametrize("weeks", ["many", "0", "99999999999999999999", "1e3"])
def test_a_bad_expected_duration_is_refused_with_the_field_named(client, world, weeks):
    client.force_login(world.instructor)
    url = reverse("worksite_plan", args=[world.cc.pk])
    response = client.post(url, {"action": "create", "expected_weeks": weeks}, follow=True)
    assert response.status_code == 200
    assert "Expected duration (weeks)" in response.content.decode()
    assert not TrainingPlan.objects.filter(enrollment=world.cc).exists()


@pytest.mark.parametrize("hours", ["ten", "-1", "1000", "3.5", "9" * 30])
def test_bad_expected_hours_name_the_competency_and_change_nothing(client, world, plan, hours):
    first, second = plan.competencies.order_by("competency__number")[:2]
    client.force_login(world.instructor)
    url = reverse("worksite_plan", args=[world.cc.pk])
    data = {
        f"where-{first.pk}": "site",
        f"hours-{first.pk}": "12",
        f"where-{second.pk}": "site",
        f"hours-{second.pk}": hours,
    }
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Competency 2 — Expected hours:" in text
    first.refresh_from_db()
    assert (first.where_taught, first.expected_hours) == ("both", 10)


@pytest.mark.parametrize("rating", ["5", "0", "x", "2.0"])
def test_a_rating_outside_one_to_four_is_refused(client, world, plan, rating):
    item = plan.competencies.order_by("competency__number").first()
    client.force_login(world.supervisor)
    url = reverse("worksite_plan", args=[world.cc.pk])
    response = client.post(url, {f"rating-{item.pk}": rating}, follow=True)
    assert response.status_code == 200
    assert "Competency 1 — Rating:" in response.content.decode()
    item.refresh_from_db()
    assert item.supervisor_rating is None


def test_good_numbers_are_saved(client, world, plan):
    item = plan.competencies.order_by("competency__number").first()
    client.force_login(world.instructor)
    url = reverse("worksite_plan", args=[world.cc.pk])
    client.post(url, {f"where-{item.pk}": "site", f"hours-{item.pk}": "999"})
    item.refresh_from_db()
    assert (item.where_taught, item.expected_hours) == ("site", 999)
