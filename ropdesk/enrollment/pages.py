"""The enrollment app's rows of the page table (core/pages.py)."""

from __future__ import annotations

from ropdesk.core.pages import PUBLIC, PageRule, rule

PAGES: dict[str, PageRule] = {
    "apply_sections": rule(PUBLIC, "public (a course's open sections, as the catalog shows)"),
}
