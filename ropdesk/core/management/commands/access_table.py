"""`ropdesk access-table`: write the role × page table of docs/access-policy.md from the
policy's page table (core/pages.py). `--check` only says whether the page is up to date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ropdesk.core.pages import markdown_table

DOC = Path(__file__).resolve().parents[4] / "docs" / "access-policy.md"
START = "<!-- access-table:start (written by `ropdesk access-table`; do not edit) -->"
END = "<!-- access-table:end -->"


def with_table(text: str) -> str:
    """The page's text with the generated table between its two markers."""
    before, start, rest = text.partition(START)
    _old, end, after = rest.partition(END)
    if not start or not end:
        raise CommandError(f"{DOC}: the markers {START!r} and {END!r} are missing.")
    return f"{before}{START}\n{markdown_table()}{END}{after}"


class Command(BaseCommand):
    help = "Write the role × page table of docs/access-policy.md from core/pages.py."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="fail if the page is stale")
        parser.add_argument("--path", default=str(DOC), help="the page to write")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        text = path.read_text(encoding="utf-8")
        updated = with_table(text)
        if options["check"]:
            if updated != text:
                raise CommandError(f"{path} is stale: run `ropdesk access-table`.")
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(updated, encoding="utf-8")
        self.stdout.write(f"Wrote the access table to {path}.")
