from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ropdesk.core.models import ImportJob, User
from ropdesk.interop import services
from ropdesk.interop.models import Feed
from ropdesk.interop.reader import files_of


class Command(BaseCommand):
    help = (
        "Import a OneRoster 1.1 or 1.2 CSV package: a .zip, or a folder holding manifest.csv "
        "and the data files (docs/import-formats.md). Any problem rejects the whole package "
        "(unless --import-valid-rows); importing the same package again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", help="username recorded as the importer (default: none)")
        parser.add_argument("--feed", help="code of the district feed the package comes from")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would be created, updated, matched and skipped; write nothing",
        )
        parser.add_argument(
            "--import-valid-rows",
            action="store_true",
            help="skip (and list) rows with a problem of their own instead of rejecting all",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"No such file or folder: {path}")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user {options['user']!r}.")
        feed = None
        if options["feed"]:
            feed = Feed.objects.filter(code=options["feed"]).first()
            if feed is None:
                raise CommandError(f"No district feed {options['feed']!r}.")
        data = services.zip_of(files_of(path)) if path.is_dir() else path.read_bytes()
        job = services.oneroster_import_create(
            actor=actor,
            file_name=path.name,
            data=data,
            feed=feed,
            dry_run=options["dry_run"],
            import_valid_rows=options["import_valid_rows"],
        )
        services.oneroster_import_run(job=job, actor=actor, echo=self.stdout.write)
        if job.status != ImportJob.Status.DONE:
            for e in job.errors:
                self.stderr.write(
                    f"{e['file']}, row {e['row']}, column {e['column']}: {e['reason']}"
                )
            raise CommandError(f"{path.name}: {len(job.errors)} problems; nothing was imported.")
        for file, counts in job.result.items():
            summary = ", ".join(f"{n} {action}" for action, n in counts.items() if n)
            self.stdout.write(f"{file}: {summary or 'nothing'}")
        for w in job.warnings:
            self.stdout.write(
                f"not applied: {w['file']}, row {w['row']}, column {w['column']}: {w['reason']}"
            )
        if job.options.get("dry_run"):
            self.stdout.write(self.style.SUCCESS(f"{path.name}: dry run, nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{path.name}: imported."))
