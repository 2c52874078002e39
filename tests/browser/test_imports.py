"""The office uploads an attendance file: the job's page says it waits for the worker, then,
as the worker runs it, shows the result without a reload; axe finds nothing serious."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ropdesk.core.tests.clock import suite_today
from ropdesk.core.worker import tasks_run_pending
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting
from tests.browser.conftest import serious_violations, sign_in

pytestmark = pytest.mark.browser


def a_row_of_attendance() -> str:
    meeting = (
        Meeting.objects.filter(date__lt=suite_today(), section__enrollments__isnull=False)
        .select_related("section")
        .order_by("-date")
        .first()
    )
    enrollment = Enrollment.objects.filter(section=meeting.section).select_related("student")[0]
    times = f"{meeting.start_time:%H:%M},{meeting.end_time:%H:%M}"
    return (
        "student_id,section_id,date,arrived,departed\n"
        f"{enrollment.student.local_id},{meeting.section.code},{meeting.date.isoformat()},{times}\n"
    )


def test_an_upload_shows_the_progress_the_worker_makes(demo, live_server, page: Page, tmp_path):
    path = tmp_path / "attendance.csv"
    path.write_text(a_row_of_attendance())
    sign_in(page, live_server.url, "admin")

    page.goto(f"{live_server.url}/attendance/import/")
    page.get_by_label("Attendance file (CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Check and import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import: attendance.csv")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Waiting for the worker")
    expect(page.locator("main")).to_contain_text("starts as soon as the worker is free")
    assert serious_violations(page) == []

    assert tasks_run_pending() == 1  # the worker takes the job

    expect(status).to_contain_text("Imported", timeout=10000)  # the page follows, no reload
    expect(page.locator("main")).to_contain_text("Rows already up to date")
    expect(page.locator("progress")).to_have_count(0)
