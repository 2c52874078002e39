"""The main pages load under the Content-Security-Policy with no violation and no script
error in the console (issue 12, item 6): every script and style is a static file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from ropdesk.attendance.queries import roster_for
from tests.browser.conftest import sign_in
from tests.browser.test_attendance import latest_meeting_of_the_demo_instructor

pytestmark = pytest.mark.browser

PUBLIC = [
    "/",
    "/catalog/",
    "/apply/",
    "/complaints/file/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/credits/",
]
OFFICE = [
    "/dashboard/",
    "/students/",
    "/sections/",
    "/admissions/",
    "/enrollments/",
    "/attendance/certify/",
    "/attendance/import/",
    "/funding/ada/",
    "/worksite/",
    "/interop/",
    "/admin/",
    "/admin/core/student/",
]
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture
def strict_page(browser: Browser) -> Iterator[Page]:
    """A tab that enforces the page's policy (no bypass) and records every violation."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=False)
    context.add_init_script(WATCH)
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    context.close()


def problems_loading(page: Page, base: str, paths: list[str]) -> list[str]:
    console: list[str] = []

    def note(message: ConsoleMessage) -> None:
        # A 404 (the browser asks for /favicon.ico by itself) is not a script or policy error.
        if "Content Security Policy" in message.text or (
            message.type == "error" and "Failed to load resource" not in message.text
        ):
            console.append(message.text)

    page.on("console", note)
    page.on("pageerror", lambda error: console.append(f"script error: {error}"))
    found = []
    for path in paths:
        console.clear()
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status < 500, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__violations")
        found += [f"{path}: {v}" for v in violations + console]
    return found


def test_public_pages_load_with_no_policy_violation(demo, live_server, strict_page: Page):
    assert problems_loading(strict_page, live_server.url, PUBLIC) == []


def test_office_pages_load_with_no_policy_violation(demo, live_server, strict_page: Page):
    sign_in(strict_page, live_server.url, "admin")
    assert problems_loading(strict_page, live_server.url, OFFICE) == []


def test_taking_attendance_runs_its_script_under_the_policy(demo, live_server, strict_page):
    """take.js saves a mark without reloading the page (a fetch: connect-src 'self')."""
    meeting = latest_meeting_of_the_demo_instructor()
    first = list(roster_for(meeting))[0]
    sign_in(strict_page, live_server.url, "instructor")
    strict_page.goto(f"{live_server.url}/attendance/meetings/{meeting.pk}/")
    strict_page.evaluate("window.notReloaded = true")
    # Wait for the server's answer, not only the row's new look: the test must not end (and
    # the database be emptied) while the mark is still being saved.
    with strict_page.expect_response(lambda response: "/mark/" in response.url) as answer:
        strict_page.locator(f"#row-{first.pk}").get_by_role("button", name="Absent").click()
    assert answer.value.status == 200
    expect(strict_page.locator(f"#row-{first.pk}")).to_contain_text("Absent")
    assert strict_page.evaluate("window.notReloaded") is True
    assert strict_page.evaluate("window.__violations") == []
