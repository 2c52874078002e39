"""Share links: made by the student (or a minor's parent), opened without an account until
they expire or are closed, each view counted and logged as a disclosure."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ropdesk.core.models import DisclosureLog
from ropdesk.portfolio import services
from ropdesk.portfolio.models import ShareLink


def _link(world, actor=None, **extra):
    resume = services.resume_create(
        actor=world.student_user, student=world.student, fields={"name": "Clinic", "language": "en"}
    )
    fields = {"audience": "Gateway HR", "expires_on": date(2026, 11, 30), **extra}
    return services.share_link_create(
        actor=actor or world.student_user, student=world.student, resume=resume, **fields
    )


def test_each_view_is_counted_and_logged_as_a_disclosure(world):
    link, token = _link(world)
    anonymous = Client()

    for _view in range(2):
        page = anonymous.get(reverse("portfolio_shared", args=[token]))
        assert page.status_code == 200
        assert "Cora Reyes" in page.content.decode()

    link.refresh_from_db()
    assert link.view_count == 2
    rows = DisclosureLog.objects.filter(student=world.student)
    assert [(r.party_id, r.party_description, r.records) for r in rows] == [
        (None, "Share link: Gateway HR", "resume"),
        (None, "Share link: Gateway HR", "resume"),
    ]
    assert token not in rows[0].page
    assert "99.30" in rows[0].legal_basis


def test_only_the_hash_of_the_token_is_kept(world):
    link, token = _link(world)
    assert token not in link.token_hash
    assert ShareLink.objects.filter(token_hash__contains=token).count() == 0


@pytest.mark.clock("2026-11-30 09:00")
def test_a_link_expires_after_its_last_day(world):
    _link_, token = _link(world, expires_on=date(2026, 12, 1))
    assert Client().get(reverse("portfolio_shared", args=[token])).status_code == 200

    import time_machine

    with time_machine.travel("2026-12-02 00:00:01 -0800", tick=False):
        assert Client().get(reverse("portfolio_shared", args=[token])).status_code == 404
    assert DisclosureLog.objects.count() == 1


def test_a_closed_link_is_a_missing_page(client, world):
    link, token = _link(world)
    client.force_login(world.student_user)
    client.post(reverse("portfolio_share_revoke", args=[link.pk]))

    assert Client().get(reverse("portfolio_shared", args=[token])).status_code == 404
    assert DisclosureLog.objects.count() == 0


def test_a_link_longer_than_the_policy_allows_is_refused(world):
    with pytest.raises(ValidationError, match="at most 90 days"):
        _link(world, expires_on=date(2027, 6, 1))


def test_a_minors_parent_shares_too(world):
    link, _token = _link(world, actor=world.parent)
    assert link.created_by == world.parent


def test_under_the_parent_only_policy_a_minor_cannot_share(world, settings):
    settings.ROPDESK = {**settings.ROPDESK, "PORTFOLIO_MINOR_SHARING": "parent_only"}
    with pytest.raises(ValidationError):
        _link(world)
    assert _link(world, actor=world.parent)[0].pk


def test_staff_and_supervisors_do_not_make_links(world):
    for outsider in (world.counselor, world.supervisor):
        with pytest.raises(ValidationError):
            _link(world, actor=outsider)


def test_the_share_page_makes_a_link_shown_once(client, world):
    client.force_login(world.student_user)
    response = client.post(
        reverse("portfolio_share_new", args=[world.student.pk]),
        {"audience": "Harbor Garage", "expires_on": "2026-11-20"},
        follow=True,
    )
    text = response.content.decode()
    assert "it is shown only once" in text
    assert "/shared/" in text
    again = client.get(reverse("portfolio_student", args=[world.student.pk])).content.decode()
    assert "it is shown only once" not in again
