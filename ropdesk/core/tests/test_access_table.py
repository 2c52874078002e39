"""docs/access-policy.md's role × page table is the one `ropdesk access-table` writes from the
policy's page table (core/pages.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ropdesk.core.management.commands.access_table import DOC, END, START, with_table
from ropdesk.core.pages import all_pages, markdown_table


def test_the_committed_page_holds_the_generated_table():
    text = DOC.read_text(encoding="utf-8")
    assert with_table(text) == text, "docs/access-policy.md is stale: run `ropdesk access-table`"


def test_the_table_has_a_row_per_rule_and_a_column_per_role():
    table = markdown_table().splitlines()
    assert len(table) == 2 + len(all_pages())
    assert table[0].count("|") == 13
    [ada] = [row for row in table if row.startswith("| `ada_report` ")]
    cells = [cell.strip() for cell in ada.split("|")[1:-1]]
    # Visitor, Admin, Support, District coord., Counselor, Instructor, Supervisor, Student, Parent
    assert cells[2:11] == ["", "✓", "", "✓", "", "", "", "", ""]


def test_the_command_writes_and_checks_the_page(tmp_path: Path):
    page = tmp_path / "access-policy.md"
    page.write_text(f"# Access\n\n{START}\nold table\n{END}\nAfter.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="stale"):
        call_command("access_table", "--check", "--path", str(page))
    call_command("access_table", "--path", str(page))
    written = page.read_text(encoding="utf-8")
    assert "old table" not in written and "| `home` | `/` |" in written
    assert written.endswith(f"{END}\nAfter.\n")
    call_command("access_table", "--check", "--path", str(page))
