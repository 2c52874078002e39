"""Work readiness: the supervisor rates a trainee on the DOL items from the trainee's page;
the rating maps to the Career Ready Practices and becomes a verified entry."""

from __future__ import annotations

from django.urls import reverse

from ropdesk.portfolio import readiness, services
from ropdesk.portfolio.models import ResumeEntry, WorkReadinessRating


def test_the_trainee_page_links_the_supervisor_to_the_rating(client, world):
    client.force_login(world.supervisor)
    page = client.get(reverse("worksite_trainee", args=[world.trainee.pk])).content.decode()
    assert reverse("portfolio_work_readiness", args=[world.trainee.pk]) in page


def test_the_supervisor_rates_and_it_becomes_a_verified_entry(client, world):
    client.force_login(world.supervisor)
    response = client.post(
        reverse("portfolio_work_readiness", args=[world.trainee.pk]),
        {
            "attendance": "4",
            "punctuality": "3",
            "teamwork": "3",
            "communication": "2",
            "comment": "Reliable",
        },
    )
    assert response.status_code == 302

    rating = WorkReadinessRating.objects.get()
    assert rating.scores == {"attendance": 4, "punctuality": 3, "teamwork": 3, "communication": 2}
    services.verified_entries_sync(student=world.student)
    entry = ResumeEntry.objects.get(basis="readiness")
    assert entry.facts["level"] == 3
    assert entry.facts["practices"] == [7, 9]  # communication (2) is not yet proficient


def test_another_sites_supervisor_cannot_rate(client, world):
    client.force_login(world.other_supervisor)
    url = reverse("portfolio_work_readiness", args=[world.trainee.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"attendance": "4"}).status_code == 404
    assert WorkReadinessRating.objects.count() == 0


def test_the_instructor_does_not_rate_for_the_supervisor(client, world):
    client.force_login(world.instructor)
    url = reverse("portfolio_work_readiness", args=[world.trainee.pk])
    assert client.post(url, {"attendance": "4"}).status_code == 404


def test_a_rating_with_nothing_rated_is_refused(client, world):
    client.force_login(world.supervisor)
    response = client.post(reverse("portfolio_work_readiness", args=[world.trainee.pk]), {})
    assert response.status_code == 400
    assert "Rate at least one item." in response.content.decode()


def test_the_overall_level_rounds_down():
    assert readiness.overall_level({"attendance": 3, "teamwork": 2}) == 2
    assert readiness.overall_level({"attendance": 3, "teamwork": 3, "quality": 4}) == 3
    assert readiness.average_level({"attendance": 3, "teamwork": 4}) == readiness.Decimal("3.5")


def test_every_item_maps_to_real_standards():
    assert len(readiness.CAREER_READY_PRACTICES) == 12
    for _key, _label, standards in readiness.ITEMS:
        assert set(standards) <= set(readiness.CAREER_READY_PRACTICES)
