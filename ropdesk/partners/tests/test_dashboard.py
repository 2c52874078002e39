"""The district coordinator's menu and "needs attention" carry their steering committee's
directions; the office's carry agendas to post and recommendations past due."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.partners import attention, navigation, services
from ropdesk.partners.models import Committee
from ropdesk.partners.tests.conftest import committee, meeting

pytestmark = pytest.mark.django_db


def test_a_coordinator_sees_their_districts_open_directions_with_the_nearest_due_date():
    downey = f.district("Downey")
    coordinator = f.user(role=Role.DISTRICT_COORDINATOR, organization=downey)
    sc = committee(name="Downey SC", scope=Committee.Scope.DISTRICT_STEERING, district=downey)
    m = meeting(sc, "2026-10-15 16:00")
    for due in (date(2026, 12, 1), date(2026, 11, 20)):
        services.recommendation_record(
            actor=None, meeting=m, text="Open a CNA section.", category="sections", due_on=due
        )
    other = committee(
        name="Norwalk SC", scope=Committee.Scope.DISTRICT_STEERING, district=f.district("Norwalk")
    )
    services.recommendation_record(
        actor=None, meeting=meeting(other), text="Not ours.", category="schedule"
    )
    [item] = attention.items(coordinator)
    assert (item.label, item.count, item.due) == (
        "Steering directions in progress",
        2,
        date(2026, 11, 20),
    )
    assert [link.url for link in navigation.links(coordinator)] == [
        reverse("partners_committees"),
        reverse("partners_directions"),
    ]


def test_the_directions_page_lists_only_the_coordinators_district(client):
    downey = f.district("Downey")
    coordinator = f.user(role=Role.DISTRICT_COORDINATOR, organization=downey)
    sc = committee(name="Downey SC", scope=Committee.Scope.DISTRICT_STEERING, district=downey)
    services.recommendation_record(
        actor=None, meeting=meeting(sc), text="Open a CNA section.", category="sections"
    )
    other = committee(
        name="Norwalk SC", scope=Committee.Scope.DISTRICT_STEERING, district=f.district("Norwalk")
    )
    services.recommendation_record(
        actor=None, meeting=meeting(other), text="Not ours.", category="schedule"
    )
    client.force_login(coordinator)
    page = client.get(reverse("partners_directions")).content.decode()
    assert "Open a CNA section." in page and "Not ours." not in page


def test_the_office_is_told_of_an_agenda_to_post_this_week(office):
    meeting(committee(), "2026-11-05 16:00")
    [item] = attention.items(office)
    assert (item.label, item.count, item.due) == ("Agendas to post this week", 1, date(2026, 11, 5))
