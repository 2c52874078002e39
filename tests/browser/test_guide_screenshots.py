"""Each role's start page as the guides show it: every demo login signs in, on a desktop for
the office's roles and on a 390-px phone for the roles that work on one (instructors, site
supervisors, students, parents; a parent in Spanish too). Each page leads with its work
("Needs attention" where the role has any), fits the screen and axe finds nothing serious.
The screenshots go to docs/screenshots/start-*.png, which the role guides show."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import fits_the_screen, serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

AT_A_DESK = ["admin", "support", "coordinator", "counselor"]
ON_A_PHONE = ["instructor", "supervisor", "student", "parent"]


def _check(page: Page, name: str) -> None:
    expect(page.locator("main h1").first).to_be_visible()
    assert fits_the_screen(page), f"{name} is wider than the screen"
    assert serious_violations(page) == [], name
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_each_roles_start_page_as_the_guides_show_it(live_server, demo, page: Page, phone: Page):
    base = live_server.url
    for username in AT_A_DESK:
        page.context.clear_cookies()
        sign_in(page, base, username)
        expect(page.get_by_role("heading", name="Needs attention")).to_be_visible()
        _check(page, f"start-{username}")
    for username in ON_A_PHONE:
        phone.context.clear_cookies()
        sign_in(phone, base, username)
        _check(phone, f"start-{username}-390")

    phone.context.clear_cookies()
    phone.context.add_cookies([{"name": "django_language", "value": "es", "url": base}])
    sign_in_es(phone, base, "parent")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    _check(phone, "start-parent-es-390")


def sign_in_es(page: Page, base: str, username: str) -> None:
    """The sign-in form in Spanish."""
    from ropdesk.demo.seed import DEMO_PASSWORD

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(f"{base}/dashboard/")
