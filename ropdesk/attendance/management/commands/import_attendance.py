from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ropdesk.attendance import imports
from ropdesk.core.models import ImportJob, User


class Command(BaseCommand):
    help = (
        "Import attendance from a CSV file with the header "
        "student_id,section_id,date,arrived,departed (docs/import-formats.md). "
        "Any error rejects the whole file; importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="username recorded as the importer (default: none)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user {options['user']!r}.")
        try:
            job = imports.attendance_import_create(
                actor=actor, file_name=path.name, data=path.read_bytes()
            )
        except ValidationError as bad:
            raise CommandError(" ".join(bad.messages)) from bad
        imports.attendance_import_run(job=job, actor=actor, echo=self.stdout.write)
        job.refresh_from_db()
        if job.status != ImportJob.Status.DONE:
            for error in job.errors:
                where = f"row {error['row']}, column {error['column']}" if error["row"] else ""
                self.stderr.write(f"{where}: {error['reason']}" if where else error["reason"])
            raise CommandError(f"{path.name}: {len(job.errors)} errors; nothing was imported.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {job.result['created']} added, {job.result['updated']} changed, "
                f"{job.result['unchanged']} unchanged."
            )
        )
