"""Every partners page against every role: who gets it, and that everyone else gets "Not
found" (forbidden looks like missing) and that their posts change nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.partners import services
from ropdesk.partners.models import Committee, Meeting, Recommendation
from ropdesk.partners.tests.conftest import committee, contact, meeting, member

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "support", "coordinator", "other_coordinator", "counselor", "teacher",
            "other_teacher", "student", "parent", "visitor"]  # fmt: skip

# URL -> the personas that may open it (everyone else: 404, or the sign-in page).
PAGES = {
    "/partners/committees/": {
        "admin",
        "coordinator",
        "other_coordinator",
        "teacher",
        "other_teacher",
    },  # fmt: skip
    "/partners/committees/{auto}/": {"admin", "teacher"},
    "/partners/committees/{steering}/": {"admin", "coordinator"},
    "/partners/meetings/{auto_meeting}/": {"admin", "teacher"},
    "/partners/recommendations/{auto_recommendation}/": {"admin", "teacher"},
    "/partners/recommendations/{direction}/": {"admin", "coordinator"},
    "/partners/directions/": {"admin", "coordinator", "other_coordinator"},
    "/partners/reviews/": {"admin"},
    "/partners/organizations/": {"admin"},
    "/partners/organizations/{partner}/": {"admin"},
    "/partners/labor-market/": {"admin"},
    "/partners/needs-assessments/": {"admin"},
    "/partners/needs-assessments/{assessment}/": {"admin"},
    "/committees/meetings/": set(PERSONAS),
}
# Writes: URL, data -> the personas whose post is accepted (a redirect).
WRITES = {
    ("/partners/meetings/{auto_meeting}/", "agenda"): {"admin"},
    ("/partners/recommendations/{auto_recommendation}/", "status"): {"admin"},
    ("/partners/committees/{auto}/", "meeting"): {"admin"},
}
DATA = {
    "agenda": {"action": "agenda", "agenda": "1. Call to order"},
    "status": {"action": "status", "status": "accepted"},
    "meeting": {
        "action": "meeting",
        "kind": "regular",
        "starts_at": "2026-12-03T16:00",
        "place": "Room 12",
    },  # fmt: skip
}


@pytest.fixture
def world() -> dict[str, Any]:
    north, south = f.district("North"), f.district("South")
    users = {
        "admin": f.user("admin", role=Role.ADMINISTRATOR),
        "support": f.user("support", role=Role.SUPPORT_SERVICES),
        "coordinator": f.user("coordinator", role=Role.DISTRICT_COORDINATOR, organization=north),
        "other_coordinator": f.user(
            "other_coordinator", role=Role.DISTRICT_COORDINATOR, organization=south
        ),
        "counselor": f.user("counselor", role=Role.COUNSELOR, organization=north),
        "teacher": f.user("teacher", role=Role.INSTRUCTOR),
        "other_teacher": f.user("other_teacher", role=Role.INSTRUCTOR),
        "student": f.user("student", role=Role.STUDENT),
        "parent": f.user("parent", role=Role.PARENT),
        "visitor": None,
    }
    course = f.course(title="Automotive Technology")
    f.section(instructor=users["teacher"], course_obj=course)
    auto = committee(name="Auto", courses=[course])
    member(auto, "business")
    steering = committee(name="North SC", scope=Committee.Scope.DISTRICT_STEERING, district=north)
    member(steering, "district_coordinator", who=contact("C", user=users["coordinator"]))
    auto_meeting = meeting(auto, "2026-11-20 16:00")
    steering_meeting = meeting(steering, "2026-10-20 16:00")
    ids = {
        "auto": auto.pk,
        "steering": steering.pk,
        "auto_meeting": auto_meeting.pk,
        "auto_recommendation": services.recommendation_record(
            actor=None, meeting=auto_meeting, text="Buy a lift.", category="equipment"
        ).pk,
        "direction": services.recommendation_record(
            actor=None, meeting=steering_meeting, text="Open CNA.", category="sections"
        ).pk,
        "partner": services.partner_add(actor=None, kind="business", name="Acme").pk,
        "assessment": services.assessment_start(
            actor=None, title="CLNA", starts_on=date(2026, 7, 1)
        ).pk,
    }
    return {"users": users, "ids": ids}


def picture() -> tuple[Any, ...]:
    return (
        list(Meeting.objects.values_list("pk", "agenda_posted_at")),
        list(Recommendation.objects.values_list("pk", "status")),
        AuditEvent.objects.count(),
    )


def _as(client: Any, world: dict[str, Any], persona: str) -> None:
    client.logout()
    user = world["users"][persona]
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_page_opens_for_its_personas_only(client, world, persona):
    _as(client, world, persona)
    for url, allowed in PAGES.items():
        response = client.get(url.format(**world["ids"]))
        if persona in allowed:
            assert response.status_code == 200, (url, persona)
        elif persona == "visitor":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 404, (url, persona, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_write_is_accepted_from_the_office_only_and_changes_nothing_otherwise(
    client, world, persona
):
    _as(client, world, persona)
    for (url, data), allowed in WRITES.items():
        before = picture()
        response = client.post(url.format(**world["ids"]), DATA[data])
        if persona in allowed:
            assert response.status_code == 302, (url, persona)
        else:
            assert response.status_code in (302, 404), (url, persona)
            if response.status_code == 302:
                assert "/accounts/login/" in response["Location"]
            assert picture() == before, (url, persona)
