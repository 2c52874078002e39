"""`ropdesk import-followup FILE.csv`: answers gathered elsewhere (a district's own survey, a
paper form), all or nothing; the columns are in docs/import-formats.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ropdesk.outcomes import imports, services


class Command(BaseCommand):
    help = "Import follow-up answers from a CSV file; a bad row refuses the whole file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: {error}") from error
        try:
            rows = imports.read_followup(text)
        except imports.ImportRefused as refused:
            lines = "\n".join(f"{path.name}: {line}" for line in refused.lines)
            raise CommandError(f"nothing imported:\n{lines}") from refused
        count = services.responses_import(actor=None, rows=rows, file_name=path.name)
        self.stdout.write(f"{count} answers imported from {path.name}")
