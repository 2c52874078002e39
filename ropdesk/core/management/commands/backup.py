"""`ropdesk backup ARCHIVE`: the database and the uploaded files in one verified archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ropdesk.core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files (MEDIA_ROOT, complaint evidence) into one "
        "tar archive with a SHA-256 manifest. Safe while ropdesk runs (docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the file to write, e.g. ropdesk-2026-11-02.tar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(archive=Path(options["archive"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Wrote {summary.archive}: the database and {summary.files} files. "
            f"SHA-256 {summary.sha256}"
        )
