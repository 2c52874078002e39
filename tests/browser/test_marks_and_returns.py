"""Marks to a district's CALPADS file: the instructor enters a whole section's marks on a
phone, the office locks the grading period, and the district coordinator downloads the SCSC
file with the new marks in it. axe finds nothing serious; the phone page fits 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from ropdesk.catalog.models import Course
from ropdesk.core.models import User
from ropdesk.core.tests import factories as f
from ropdesk.core.worker import tasks_run_pending
from ropdesk.marks import services as marks
from ropdesk.returns.tests import world
from ropdesk.scheduling.models import Term
from tests.browser.conftest import PHONE, fits_the_screen, new_tab, serious_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def county(transactional_db: None) -> dict:
    built = world.build()
    spring = Term.objects.get(name="Spring")
    teacher = User.objects.get(username="tmorales")
    section = f.section(
        instructor=teacher, course_obj=Course.objects.get(code="MA100"), term_obj=spring
    )
    section.code = "MA100-S1"
    section.save(update_fields=["code"])
    for student in (built.ana, built.ben):
        f.enroll(student, section)
    period = marks.grading_period_create(
        actor=None,
        term=spring,
        name="Semester 2",
        starts_on=spring.start_date,
        ends_on=spring.end_date,
        is_final=True,
    )
    return {"county": built, "section": section, "period": period}


def test_phone_marks_office_lock_coordinator_download(
    county, live_server, browser: Browser, page: Page
):
    base, period = live_server.url, county["period"]

    # The instructor, on a phone, enters the section's marks in one form.
    phone_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = new_tab(phone_context)
    sign_in(phone, base, "tmorales", f.PASSWORD)
    phone.get_by_role("link", name="Marks").first.click()
    phone.get_by_role("link", name="Medical Assisting — MA100-S1").click()
    phone.get_by_label("Grading period").select_option(label="Semester 2 (final)")
    phone.get_by_role("button", name="Show").click()
    rows = phone.locator("fieldset.card")
    expect(rows).to_have_count(2)
    rows.filter(has_text="Alvarez").get_by_label("Mark").select_option("A-")
    rows.filter(has_text="Brown").get_by_label("Mark").select_option("C")
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []
    phone.get_by_role("button", name="Save marks").click()
    expect(phone.get_by_text("2 marks saved.")).to_be_visible()
    phone_context.close()

    # The office locks the grading period.
    sign_in(page, base, "office", f.PASSWORD)
    page.goto(f"{base}/marks/grading-periods/")
    page.get_by_role("button", name=f"Lock {period}").click()
    expect(page.get_by_text(f"{period} is locked.")).to_be_visible()
    assert serious_violations(page) == []
    page.context.clear_cookies()

    # The district coordinator downloads the district's SCSC file from the menu.
    sign_in(page, base, "north.dc", f.PASSWORD)
    page.get_by_role("link", name="District return files").first.click()
    page.get_by_role("link", name="Files North Unified 2026-2027").click()
    expect(page.get_by_role("heading", name="North Unified 2026-2027")).to_be_visible()
    # The worker checks the district's files (returns/checks.py); the page then shows them.
    assert tasks_run_pending() >= 1
    expect(page.get_by_role("button", name="txt SCSC")).to_be_visible(timeout=20000)
    assert serious_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("button", name="txt SCSC").click()
    assert download.value.suggested_filename == "SCSC_1964733_2026-2027.txt"
    content = open(download.value.path(), encoding="utf-8").read()
    assert "^N0001^Ana^Alvarez^20090504^F^1930247^MA100^MA100-S1^S2^5.00^5.00^A-^" in content
    assert "^N0002^Ben^Brown^20081201^M^1930247^MA100^MA100-S1^S2^5.00^5.00^C^" in content
    assert "S0001" not in content  # the other district's student
