"""No page that students, parents, site supervisors and instructors reach is wider than a
390-px phone: each persona signs in on a phone and opens every page its start page and menu
lead to (two links deep), and the public pages; each must fit the screen
(document.documentElement.scrollWidth <= 390)."""

from __future__ import annotations

from urllib.parse import urldefrag, urlparse

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import PHONE, new_tab, sign_in

pytestmark = pytest.mark.browser

WIDTH = PHONE["width"]
# Not pages to look at: files, exports, the admin, signing out, changing the language.
SKIP = ("/accounts/logout", "/admin", "/i18n/", ".pdf", "/pdf/", "export=", "format=pdf", ".csv")
MAX_PAGES = 60
PUBLIC = [
    "/",
    "/catalog/",
    "/catalog/?q=nurse",
    "/apply/",
    "/complaints/file/",
    "/careers/occupations/",
]


def too_wide(tab: Page) -> int | None:
    width = tab.evaluate("document.documentElement.scrollWidth")
    return width if width > WIDTH else None


def links_on(tab: Page, base: str) -> list[str]:
    hrefs = tab.eval_on_selector_all(
        "header a[href], main a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    found = []
    for href in hrefs:
        url = urldefrag(href)[0]
        if not url or url.startswith(("mailto:", "tel:", "javascript:")):
            continue
        parsed = urlparse(url)
        if parsed.netloc and f"{parsed.scheme}://{parsed.netloc}" != base:
            continue
        path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        if path.startswith("/") and not any(s in path for s in SKIP):
            found.append(path)
    return found


def walk(tab: Page, base: str, start: list[str]) -> dict[str, int]:
    """Open the pages reachable from `start` (two links deep); the too-wide ones by width."""
    wide: dict[str, int] = {}
    seen: set[str] = set()
    frontier = list(start)
    for _depth in range(3):
        following: list[str] = []
        for path in frontier:
            if path in seen or len(seen) >= MAX_PAGES:
                continue
            seen.add(path)
            response = tab.goto(base + path)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            width = too_wide(tab)
            if width:
                wide[path] = width
            following.extend(links_on(tab, base))
        frontier = following
    assert len(seen) > 3, seen
    return wide


@pytest.mark.parametrize("persona", ["student", "parent", "supervisor", "instructor"])
def test_no_page_a_persona_reaches_is_wider_than_a_phone(
    demo, live_server, browser: Browser, persona
):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = new_tab(context)
    sign_in(tab, live_server.url, persona)
    assert walk(tab, live_server.url, ["/dashboard/"]) == {}
    context.close()


def test_no_public_page_is_wider_than_a_phone(demo, live_server, browser: Browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = new_tab(context)
    assert walk(tab, live_server.url, PUBLIC) == {}
    context.close()
