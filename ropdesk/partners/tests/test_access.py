"""Who sees what: a member sees only their committee's packet; the public sees only posted
agendas and approved minutes; instructors and coordinators see their own committees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.partners import access, services
from ropdesk.partners.models import Committee
from ropdesk.partners.tests.conftest import committee, contact, meeting, member

pytestmark = pytest.mark.django_db


def test_a_members_packet_link_opens_their_meeting_and_nothing_else(client):
    ours = meeting(committee(name="Auto"), "2026-11-12 16:00", agenda="Brakes")
    theirs = meeting(committee(name="Health"), "2026-11-13 16:00", agenda="Nursing")
    token = services.packet_link_new(actor=None, meeting=ours)
    services.packet_link_new(actor=None, meeting=theirs)
    page = client.get(reverse("partners_packet", args=[token]))
    assert page.status_code == 200
    assert "Brakes" in page.content.decode() and "Nursing" not in page.content.decode()
    assert client.get(reverse("partners_packet", args=[token + "x"])).status_code == 404


def test_a_new_packet_link_replaces_the_old_one(client):
    m = meeting(committee(), "2026-11-12 16:00")
    old = services.packet_link_new(actor=None, meeting=m)
    services.packet_link_new(actor=None, meeting=m)
    assert client.get(reverse("partners_packet", args=[old])).status_code == 404


def test_the_public_sees_posted_agendas_only_and_minutes_once_approved(client):
    c = committee(name="Auto")
    held = meeting(c, "2026-10-15 16:00")
    services.agenda_post(actor=None, meeting=held, agenda="1. Brakes")
    services.minutes_record(actor=None, meeting=held, minutes="Secret draft", items_reviewed=[])
    unposted = meeting(c, "2026-12-10 16:00", agenda="Not yet public")
    assert client.get(reverse("partners_public_meeting", args=[unposted.pk])).status_code == 404
    page = client.get(reverse("partners_public_meeting", args=[held.pk])).content.decode()
    assert "1. Brakes" in page and "Secret draft" not in page
    nxt = meeting(c, "2026-11-01 16:00")
    services.minutes_approve(actor=None, meeting=held, at_meeting=nxt)
    page = client.get(reverse("partners_public_meeting", args=[held.pk])).content.decode()
    assert "Secret draft" in page


def test_a_committee_outside_the_brown_act_is_not_public(client):
    m = meeting(committee(brown_act=False), "2026-10-15 16:00")
    services.agenda_post(actor=None, meeting=m, agenda="Internal")
    assert client.get(reverse("partners_public_meeting", args=[m.pk])).status_code == 404


def test_an_instructor_sees_the_committees_of_their_courses_and_theirs_only():
    teacher = f.user(role=Role.INSTRUCTOR)
    course = f.course()
    f.section(instructor=teacher, course_obj=course)
    mine = committee(name="Mine", courses=[course])
    sits_on = committee(name="Sits on")
    member(sits_on, "teacher", who=contact("Teacher", user=teacher))
    committee(name="Other")
    assert set(access.committees_visible_to(teacher).values_list("name", flat=True)) == {
        mine.name,
        sits_on.name,
    }


def test_a_district_coordinator_sees_their_districts_steering_committee_only():
    downey, norwalk = f.district("Downey"), f.district("Norwalk")
    coordinator = f.user(role=Role.DISTRICT_COORDINATOR, organization=downey)
    committee(name="Downey SC", scope=Committee.Scope.DISTRICT_STEERING, district=downey)
    committee(name="Norwalk SC", scope=Committee.Scope.DISTRICT_STEERING, district=norwalk)
    assert list(access.committees_visible_to(coordinator).values_list("name", flat=True)) == [
        "Downey SC"
    ]


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.STUDENT, Role.PARENT, Role.SUPPORT_SERVICES])
def test_other_roles_see_no_committee_and_its_page_is_missing(client, role):
    c = committee()
    scope = f.school() if role == Role.COUNSELOR else None
    person = f.user(role=role, organization=scope)
    client.force_login(person)
    assert client.get(reverse("partners_committee", args=[c.pk])).status_code == 404
    assert client.get(reverse("partners_committees")).status_code == 404


def test_an_instructor_may_read_a_meeting_but_not_change_it(client):
    teacher = f.user(role=Role.INSTRUCTOR)
    c = committee()
    member(c, "teacher", who=contact("Teacher", user=teacher))
    m = meeting(c, "2026-11-12 16:00")
    client.force_login(teacher)
    assert client.get(reverse("partners_meeting", args=[m.pk])).status_code == 200
    posted = client.post(
        reverse("partners_meeting", args=[m.pk]), {"action": "agenda", "agenda": "Mine now"}
    )
    assert posted.status_code == 404
    m.refresh_from_db()
    assert m.agenda_posted_at is None
