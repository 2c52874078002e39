"""`ropdesk restore ARCHIVE`: verify an archive of `ropdesk backup`, then restore it into an
empty layout (an empty database and an empty MEDIA_ROOT)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ropdesk.core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a `ropdesk backup` archive into an empty database and an empty MEDIA_ROOT. "
        "Every file is checked against the archive's SHA-256 manifest before anything is "
        "touched; a mismatch is refused."
    )
    # The system checks would open the database before it is restored.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="an archive written by `ropdesk backup`")
        parser.add_argument(
            "--check",
            action="store_true",
            help="only verify the archive against its manifest; restore nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_restore(archive=Path(options["archive"]), check_only=options["check"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        done = "verified" if options["check"] else "restored"
        self.stdout.write(
            f"{summary.archive} {done}: the database and {summary.files} files match the "
            f"manifest. SHA-256 {summary.sha256}"
        )
        if summary.pending_migrations:
            self.stdout.write(
                f"The archive predates {len(summary.pending_migrations)} migrations of this "
                "code: run `ropdesk migrate` before starting ropdesk."
            )
