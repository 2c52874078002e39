"""The office edits the schedule in the browser: a section's capacity and meeting days, and a
day without classes on the school calendar; every screen fits a phone and axe finds nothing
serious. Screenshots go to test-artifacts/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from ropdesk.scheduling.models import Section
from tests.browser.conftest import fits_the_screen, serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_office_changes_a_section_and_the_calendar(live_server, demo, page: Page, phone: Page):
    section = Section.objects.filter(needs_setup=False).order_by("code").first()
    assert section is not None
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/office/courses/")
    assert page.get_by_role("heading", name="Courses").is_visible()
    page.goto(f"{live_server.url}/sections/{section.pk}/")
    page.get_by_role("link", name="Change the site, instructor, capacity or meeting times").click()
    page.get_by_label("Capacity").fill(str(section.capacity + 5))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/sections/{section.pk}/")
    assert "is saved" in page.locator("main").inner_text()
    section.refresh_from_db()

    page.goto(f"{live_server.url}/office/calendar/")
    page.get_by_label("Date").fill("2026-11-25")
    page.get_by_label("Name").fill("Day before Thanksgiving")
    page.get_by_label("Kind of day").select_option("local_holiday")
    page.get_by_role("button", name="Add to the calendar").click()
    assert page.get_by_role("cell", name="Day before Thanksgiving", exact=True).is_visible()
    shot(page, "office-calendar-desktop")
    assert serious_violations(page) == []

    sign_in(phone, live_server.url, "admin")
    for path in ("/office/courses/", f"/office/sections/{section.pk}/", "/office/calendar/"):
        phone.goto(f"{live_server.url}{path}")
        assert fits_the_screen(phone), path
        assert serious_violations(phone) == [], path
    shot(phone, "office-calendar-phone")
