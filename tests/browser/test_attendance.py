"""The demo instructor takes attendance on a phone: one tap marks a student absent, another
tardy, without reloading the page; a reload shows both saved; axe finds nothing serious. The
office certifies the section, and a further edit is refused. The office downloads the report."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils.formats import time_format
from playwright.sync_api import Browser, Page, expect

from ropdesk.attendance.queries import roster_for
from ropdesk.core.models import Student
from ropdesk.core.tests.clock import suite_today
from ropdesk.core.worker import tasks_run_pending
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting
from tests.browser.conftest import fits_the_screen, new_tab, serious_violations, sign_in

pytestmark = pytest.mark.browser


def latest_meeting_of_the_demo_instructor() -> Meeting:
    """The demo instructor's most recent meeting up to today that has no attendance yet,
    with two more demo students in its section (the small test county leaves it with one)."""
    meeting = (
        Meeting.objects.filter(
            section__instructor__username="instructor",
            date__lte=suite_today(),
            attendance__isnull=True,
        )
        .select_related("section__term")
        .order_by("-date", "start_time")
        .first()
    )
    section = meeting.section
    for student in Student.objects.exclude(enrollments__section=section).order_by("pk")[:2]:
        Enrollment.objects.create(
            student=student,
            section=section,
            status=Enrollment.Status.ENROLLED,
            enrolled_on=section.term.start_date,
        )
    return meeting


def row_of(page: Page, enrollment):
    return page.locator(f"#row-{enrollment.pk}")


def test_the_instructor_takes_attendance_on_a_phone_and_the_office_certifies(
    demo, live_server, phone: Page, browser: Browser
):
    meeting = latest_meeting_of_the_demo_instructor()
    first, second = list(roster_for(meeting))[:2]
    arrival = datetime.combine(meeting.date, meeting.start_time) + timedelta(minutes=20)
    late = arrival.strftime("%H:%M")  # typed into the time field (24-hour)
    shown = time_format(arrival.time(), "TIME_FORMAT")  # shown in the locale's format
    base = live_server.url

    sign_in(phone, base, "instructor")
    phone.locator("nav").get_by_role("link", name="Attendance").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Attendance")
    phone.goto(f"{base}/attendance/meetings/{meeting.pk}/")
    expect(row_of(phone, first)).to_contain_text("Present (not saved)")
    phone.evaluate("window.notReloaded = true")

    row_of(phone, first).get_by_role("button", name="Absent").click()
    expect(row_of(phone, first).locator(".state")).to_have_text("Absent")
    row_of(phone, second).get_by_label("Arrived").fill(late)
    row_of(phone, second).get_by_role("button", name="Tardy").click()
    expect(row_of(phone, second).locator(".state")).to_have_text(f"Tardy, arrived {shown}")
    assert phone.evaluate("window.notReloaded === true"), "the page reloaded"
    expect(phone.get_by_role("status").filter(has_text="saved")).to_have_count(1)

    phone.reload()
    expect(row_of(phone, first).locator(".state")).to_have_text("Absent")
    expect(row_of(phone, second).locator(".state")).to_have_text(f"Tardy, arrived {shown}")
    expect(row_of(phone, first).get_by_role("button", name="Absent")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert fits_the_screen(phone), "the sheet scrolls sideways on a phone"
    assert serious_violations(phone) == []

    # The office certifies the section while the instructor still has the sheet open.
    office = new_tab(browser.new_context(viewport={"width": 1200, "height": 900}))
    sign_in(office, base, "admin")
    year = meeting.section.term.school_year.name
    office.goto(
        f"{base}/attendance/certify/?school_year={year}&period=P1&section_code={meeting.section.code}"
    )
    assert serious_violations(office) == []
    office.get_by_label(f"Certify {meeting.section.code}").check()
    office.get_by_role("button", name="Certify the chosen sections").click()
    expect(office.get_by_role("status")).to_contain_text("Certified 1 section.")
    expect(office.get_by_role("status")).to_contain_text(meeting.section.code)

    row_of(phone, first).get_by_role("button", name="Present").click()
    expect(row_of(phone, first).get_by_role("alert")).to_contain_text("needs an office adjustment")
    phone.reload()
    expect(phone.get_by_role("note")).to_contain_text("was certified for P-1")
    expect(row_of(phone, first).get_by_role("button", name="Present")).to_have_count(0)
    expect(row_of(phone, first).locator(".state")).to_have_text("Absent")

    # The office's report and its download.
    office.locator("nav").get_by_role("link", name="ADA report").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("ADA report")
    # The cache is cold after the certification: the worker computes the figures, and the
    # page shows them when it is done (funding/report_jobs.py).
    assert tasks_run_pending() >= 1
    expect(office.locator(".figures")).to_contain_text("ADA", timeout=20000)
    # P-1 is still running on the suite's day: the figures say "to date", with a projection.
    expect(office.get_by_text("To date: hours through")).to_be_visible()
    expect(office.locator(".figures")).to_contain_text("Projected ADA")
    assert serious_violations(office) == []
    with office.expect_download() as download:
        office.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == f"ada-{year}-P1-district.csv"
    office.context.close()
