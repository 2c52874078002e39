"""The menu shows a page exactly when the page lets the person in: each link a persona sees
opens (200), and each page of the menu a persona does not see refuses them the way a missing
page does, as the page table says (core/pages.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import resolve

from ropdesk.core import access
from ropdesk.core.pages import rule_for
from ropdesk.core.tests import county as c

pytestmark = pytest.mark.django_db

# Pages with a role rule that some persona reaches through the menu.
MENU_PAGES = [
    "section_list",
    "office_courses",
    "student_list",
    "case_list",
    "notice_manage",
    "admissions_queue",
    "enrollment_list",
    "completion_sections",
    "careers_caseload",
    "careers_summary",
    "attendance_certify",
    "attendance_import",
    "ada_report",
    "interop_exchange",
    "interop_tokens",
]


def menu_of(client: Any) -> set[str]:
    response = client.get("/catalog/")
    assert response.status_code == 200
    return {resolve(url.split("?")[0]).view_name for url, _label in response.context["nav_items"]}


@pytest.mark.parametrize("persona", c.PERSONAS)
def test_the_menu_offers_exactly_the_pages_that_let_the_persona_in(
    client: Any, persona: str
) -> None:
    world = c.build()
    user = world.users[persona]
    client.force_login(user)
    menu = menu_of(client)
    roles = access.scope_of(user).roles
    for url_name in MENU_PAGES:
        rule = rule_for(url_name)
        assert rule is not None
        allowed = rule.allows(frozenset(roles), signed_in=True)
        assert (url_name in menu) == allowed, (persona, url_name)
    for url_name in menu:
        if url_name.startswith("admin:") or url_name == "mail_failed":
            continue
        rule = rule_for(url_name)
        assert rule is not None and rule.allows(frozenset(roles), signed_in=True), url_name


@pytest.mark.parametrize("persona", c.PERSONAS)
def test_every_link_of_the_menu_opens(client: Any, persona: str) -> None:
    world = c.build()
    client.force_login(world.users[persona])
    response = client.get("/catalog/")
    for url, label in response.context["nav_items"]:
        # A menu entry may lead on to the person's own page (My portfolio -> their portfolio).
        assert client.get(url, follow=True).status_code == 200, (persona, str(label), url)


def test_a_visitor_sees_the_catalog_and_apply_only(client: Any) -> None:
    assert menu_of(client) == {"catalog", "apply"}
