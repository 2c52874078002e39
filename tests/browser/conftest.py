"""Browser tests: Playwright drives Debian's Chromium (headless) against the live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from ropdesk.demo.seed import DEMO_PASSWORD, seed_demo

CHROMIUM = os.environ.get("ROPDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def new_tab(context: BrowserContext) -> Page:
    """A tab whose clock is the suite's (conftest.py), not the machine's: pages that read the
    time in JavaScript (the attendance sheet's "now") see the same moment as the server."""
    context.clock.install(time=timezone.now())
    tab = context.new_page()
    tab.set_default_timeout(15000)
    return tab


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield new_tab(context)
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield new_tab(context)
    context.close()


@pytest.fixture
def demo(transactional_db: None) -> None:
    """A small demo county in the live server's database."""
    seed_demo(students=60, seed=11, today=date(2026, 11, 2))


def sign_in(page: Page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/dashboard/")


_axe = Axe()


def serious_violations(page: Page) -> list[str]:
    """What axe-core finds of serious or critical impact on the page, described."""
    results = _axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
