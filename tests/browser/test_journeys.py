"""Each demo role signs in and sees its dashboard; the catalog search works; pages pass axe;
students and supervisors can use their pages on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ropdesk.demo.seed import DEMO_LOGINS
from tests.browser.conftest import fits_the_screen, serious_violations, sign_in

pytestmark = pytest.mark.browser

WHAT_EACH_ROLE_SEES = {
    "admin": "Enrollment by district of residence",
    "support": "Current enrollment by industry sector and sex",
    "coordinator": "Enrollment by school of attendance",
    "counselor": "Students in your caseload",
    "instructor": "Your sections",
    "supervisor": "Students training at your site",
    "student": "My schedule",
    "parent": "Schedule of Sofia Ramirez",
}


def test_each_demo_role_signs_in_and_sees_its_dashboard(demo, live_server, page: Page):
    assert {username for username, _ in DEMO_LOGINS} == set(WHAT_EACH_ROLE_SEES)
    for username, role in DEMO_LOGINS:
        sign_in(page, live_server.url, username)
        expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
        expect(page.locator("main")).to_contain_text(f"{role.label}.")
        expect(page.locator("main")).to_contain_text(WHAT_EACH_ROLE_SEES[username])
        assert serious_violations(page) == [], username
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{live_server.url}/")


def test_the_catalog_search_by_sector_and_words(demo, live_server, page: Page):
    page.goto(f"{live_server.url}/catalog/")
    page.get_by_label("Industry sector").select_option("HLT")
    page.get_by_role("button", name="Search").click()
    results = page.locator(".course-list")
    expect(results).to_contain_text("Certified Nursing Assistant")
    expect(results).not_to_contain_text("Automotive Technology")
    page.get_by_label("Keywords").fill("nursing")
    page.get_by_role("button", name="Search").click()
    # Ranked: the course named for the word comes first (others mention nursing too).
    expect(page.locator(".course-list > li").first).to_contain_text("Certified Nursing Assistant")
    found = page.locator(".course-list > li").count()
    expect(page.get_by_role("status")).to_have_text(
        "1 course found" if found == 1 else f"{found} courses found"
    )
    assert serious_violations(page) == []
    page.get_by_role("link", name="Certified Nursing Assistant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Certified Nursing Assistant")
    expect(page.locator("main")).to_contain_text("Advanced Patient Care (Capstone)")
    assert serious_violations(page) == []


def test_public_pages_pass_the_accessibility_check(demo, live_server, page: Page):
    for path in ("/", "/catalog/", "/credits/", "/accounts/login/", "/accounts/password_reset/"):
        page.goto(f"{live_server.url}{path}")
        assert serious_violations(page) == [], path


def test_staff_pages_pass_the_accessibility_check(demo, live_server, page: Page):
    sign_in(page, live_server.url, "instructor")
    page.get_by_role("link", name="Sections").first.click()
    assert serious_violations(page) == []
    page.locator("main table a").first.click()
    expect(page.get_by_role("heading", name="Roster")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "counselor")
    page.locator("nav").get_by_role("link", name="Students").click()
    assert serious_violations(page) == []
    page.locator("main table a").first.click()
    expect(page.get_by_role("heading", name="Guardians")).to_be_visible()
    assert serious_violations(page) == []


@pytest.mark.parametrize("username", ["student", "supervisor", "instructor", "parent"])
def test_dashboards_work_on_a_phone(demo, live_server, phone: Page, username):
    sign_in(phone, live_server.url, username)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert fits_the_screen(phone), "the page scrolls sideways on a phone"
    assert serious_violations(phone) == []


def test_switching_to_spanish(demo, live_server, page: Page):
    page.goto(f"{live_server.url}/catalog/")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Catálogo de cursos")
    assert serious_violations(page) == []
