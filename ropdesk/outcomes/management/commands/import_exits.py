"""`ropdesk import-exits FILE.csv`: a district's exit and graduation file, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ropdesk.outcomes import imports, services


class Command(BaseCommand):
    help = "Import a district exit file (exits, completion codes, graduation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            rows = imports.read_exits(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: {error}") from error
        except imports.ImportRefused as refused:
            lines = "\n".join(f"{path.name}: {line}" for line in refused.lines)
            raise CommandError(f"nothing imported:\n{lines}") from refused
        count = services.exits_import(actor=None, rows=rows, file_name=path.name)
        self.stdout.write(f"{count} exits imported from {path.name}")
