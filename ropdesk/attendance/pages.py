"""The attendance app's own rows of the page table (core/pages.py)."""

from __future__ import annotations

from ropdesk.core.pages import PA, ST, PageRule, rule

PAGES: dict[str, PageRule] = {
    "attendance_student": rule({ST, PA}, "family_student_for"),
}
