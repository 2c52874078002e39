"""The advisory-committee journey: the office schedules a meeting, posts the agenda, records
the minutes and a recommendation, implements it as a course change, and once the minutes are
approved at the next meeting the public course page shows what industry asked for and what
changed, on a desktop and at 390 px. axe finds nothing serious on the pages."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.partners import services
from ropdesk.partners.models import Committee
from tests.browser.conftest import PHONE, fits_the_screen, new_tab, serious_violations, sign_in

SUITE_TZ = ZoneInfo("America/Los_Angeles")

pytestmark = pytest.mark.browser


@pytest.fixture
def county(transactional_db: None) -> dict:
    f.user("office", role=Role.ADMINISTRATOR, first_name="Olga", last_name="Office")
    course = f.course(title="Automotive Technology")
    course.description = "Brakes, engines and electrical systems."
    course.save()
    committee = services.committee_create(
        actor=None,
        name="Transportation Advisory Committee",
        scope=Committee.Scope.COURSE,
        courses=[course],
    )
    return {"course": course, "committee": committee}


def test_meeting_agenda_minutes_recommendation_change_and_the_course_page(
    county, live_server, page: Page, browser: Browser, _frozen_clock, tmp_path
):
    base, course, committee = live_server.url, county["course"], county["committee"]
    sign_in(page, base, "office", f.PASSWORD)

    # Schedule the meeting and post its agenda four days ahead.
    page.goto(f"{base}/partners/committees/{committee.pk}/")
    expect(page.get_by_role("heading", name="Transportation Advisory Committee")).to_be_visible()
    page.get_by_label("Starts at").fill("2026-11-06T16:00")
    page.get_by_label("Place or link").fill("ROP Center, Room 12")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("Meeting scheduled.")).to_be_visible()
    meeting_url = page.url
    page.get_by_label("Agenda").fill("1. Call to order\n2. Electric-vehicle service")
    page.get_by_role("button", name="Post the agenda").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.get_by_text("late:")).to_have_count(0)
    assert serious_violations(page) == []

    # The public sees the agenda.
    page.goto(f"{base}/committees/meetings/")
    expect(page.get_by_role("cell", name="Transportation Advisory Committee")).to_be_visible()

    # After the meeting: minutes and a recommendation.
    _frozen_clock.move_to(datetime(2026, 11, 6, 18, 0, tzinfo=SUITE_TZ))
    page.context.clear_cookies()  # the staff session ends while idle; sign in again
    sign_in(page, base, "office", f.PASSWORD)
    page.goto(meeting_url)
    page.get_by_label("Minutes", exact=True).fill("The committee reviewed the course outline.")
    page.get_by_label("Curriculum and course outline").check()
    page.get_by_role("button", name="Record the minutes").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.get_by_label("Recommendation", exact=True).fill(
        "Teach high-voltage electric-vehicle safety."
    )
    page.get_by_label("Category", exact=True).select_option("curriculum")
    page.get_by_label("Course", exact=True).select_option(str(course.pk))
    page.get_by_role("button", name="Record the recommendation").click()
    expect(page.get_by_text("Saved.")).to_be_visible()

    # Implement it as a course revision.
    page.get_by_role("link", name="Teach high-voltage electric-vehicle safety.").click()
    page.get_by_label("Kind of change").select_option("course_revision")
    page.get_by_label("What changed").fill("Added a unit on high-voltage EV safety.")
    page.get_by_label("New course description (course revision)").fill(
        "Brakes, engines, electrical systems and high-voltage EV safety."
    )
    page.get_by_role("button", name="Record the change").click()
    expect(page.get_by_text("Change recorded; the recommendation is implemented.")).to_be_visible()
    assert serious_violations(page) == []

    # The next meeting approves the minutes.
    page.goto(f"{base}/partners/committees/{committee.pk}/")
    page.get_by_label("Starts at").fill("2026-11-20T16:00")
    page.get_by_label("Place or link").fill("ROP Center, Room 12")
    page.get_by_role("button", name="Schedule").click()
    next_meeting_url = page.url
    _frozen_clock.move_to(datetime(2026, 11, 20, 17, 0, tzinfo=SUITE_TZ))
    page.context.clear_cookies()
    sign_in(page, base, "office", f.PASSWORD)
    page.goto(next_meeting_url)
    page.get_by_role("button", name="Approve the minutes of Fri, Nov 6, 2026").click()
    expect(page.get_by_text("Minutes approved.")).to_be_visible()

    # The public course page, on a desktop and on a phone.
    page.goto(f"{base}/catalog/courses/{course.pk}/")
    panel = page.get_by_role("region", name="What industry asked for and what changed")
    expect(panel.get_by_text("Teach high-voltage electric-vehicle safety.")).to_be_visible()
    expect(panel.get_by_text("Added a unit on high-voltage EV safety.")).to_be_visible()
    expect(page.get_by_text("high-voltage EV safety.", exact=False).first).to_be_visible()
    assert serious_violations(page) == []
    page.screenshot(path=tmp_path / "course-desktop.png", full_page=True)
    phone = new_tab(browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True))
    phone.goto(f"{base}/catalog/courses/{course.pk}/")
    expect(phone.get_by_text("Added a unit on high-voltage EV safety.")).to_be_visible()
    assert fits_the_screen(phone)
    phone.screenshot(path=tmp_path / "course-phone.png", full_page=True)
