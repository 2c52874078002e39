from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ropdesk.interop.pickup import SETTLE_SECONDS, pickup_run


class Command(BaseCommand):
    help = (
        "Import the new OneRoster packages of every district feed's pickup folder and move them "
        "to done/ or failed/ (docs/import-formats.md). The scheduler runs this periodically."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--settle-seconds",
            type=int,
            default=SETTLE_SECONDS,
            help="leave files younger than this (still uploading); default %(default)s",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        results = pickup_run(settle_seconds=options["settle_seconds"], echo=self.stdout.write)
        self.stdout.write(f"{len(results)} packages picked up.")
