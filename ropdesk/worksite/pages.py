"""The worksite app's own rows of the page table (core/pages.py)."""

from __future__ import annotations

from ropdesk.core.pages import ES, PageRule, rule

PAGES: dict[str, PageRule] = {
    "worksite_hours_approve_week": rule({ES}, "supervisor of the trainee's site"),
}
