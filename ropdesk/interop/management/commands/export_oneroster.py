from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ropdesk.interop.exporter import oneroster_export


class Command(BaseCommand):
    help = (
        "Export the whole program as a OneRoster 1.1 CSV package (.zip) with ropdesk's "
        "extension columns and attendance.csv (docs/import-formats.md). It runs as the whole "
        "program: keep the file as you would the student records it holds."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path)
        parser.add_argument("--no-attendance", action="store_true", help="leave attendance.csv out")
        parser.add_argument(
            "--oneroster-version", choices=["1.1", "1.2"], default="1.1", help="default 1.1"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        out.write_bytes(
            oneroster_export(
                attendance=not options["no_attendance"], version=options["oneroster_version"]
            )
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {out}."))
