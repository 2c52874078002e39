"""Charts in the browser: a student opens their attendance and hours from the start page, and
the office reads its dashboard's charts, on a desktop and a 390-px phone; every page fits the
screen and axe finds nothing serious. The screenshots go to docs/screenshots/ for the guides
(docs/students.md, docs/office.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import fits_the_screen, serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_student_reads_attendance_and_hours_on_a_desktop_and_a_phone(
    live_server, demo, page: Page, phone: Page
):
    base = live_server.url
    sign_in(page, base, "student")
    page.locator("main").get_by_role("link", name="My attendance and hours").click()
    expect(page.get_by_role("heading", name="My attendance and hours", level=1)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Hours by month"))).to_be_visible()
    assert page.locator("[data-figure=counted]").count() >= 1
    page.locator("details summary").filter(has_text="Attendance by day").first.click()
    expect(page.locator("tr[data-state]").first).to_be_visible()
    assert serious_violations(page) == []
    shot(page, "student-attendance")
    url = page.url

    sign_in(phone, base, "student")
    phone.goto(url)
    expect(phone.get_by_role("img", name=re.compile("Hours by month"))).to_be_visible()
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []
    shot(phone, "student-attendance-390")


def test_the_office_reads_the_dashboard_charts_on_a_desktop_and_a_phone(
    live_server, demo, page: Page, phone: Page
):
    base = live_server.url
    sign_in(page, base, "admin")
    for name in (
        "Enrollment by district of residence",
        "Enrollment by instruction mode",
        "ADA by school month, against the year before",
        "Work-based learning compliance by rule",
    ):
        expect(page.get_by_role("img", name=re.compile(re.escape(name)))).to_be_visible()
    # The numbers behind a chart are one click away, in a table.
    page.get_by_text("The numbers of this chart").first.click()
    expect(page.get_by_role("table", name="Enrollment by district of residence")).to_be_visible()
    assert serious_violations(page) == []
    shot(page, "dashboard-administrator-charts")

    sign_in(phone, base, "admin")
    expect(phone.get_by_role("img", name=re.compile("ADA by school month"))).to_be_visible()
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []
    shot(phone, "dashboard-administrator-charts-390")
