from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ropdesk.attendance.periods import Period
from ropdesk.funding import exports, queries
from ropdesk.scheduling.models import SchoolYear

FORMATS = {"table": exports.as_text, "csv": exports.as_csv, "json": exports.as_json}


class Command(BaseCommand):
    help = "Print the P-1, P-2 or annual ADA report of a school year, county-wide."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school-year", required=True, help='e.g. "2025-2026"')
        parser.add_argument("--period", required=True, choices=Period.values)
        parser.add_argument("--by", default="district", choices=queries.DIMENSIONS)
        parser.add_argument("--format", default="table", choices=sorted(FORMATS))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = SchoolYear.objects.get(name=options["school_year"])
        except SchoolYear.DoesNotExist as missing:
            known = ", ".join(SchoolYear.objects.values_list("name", flat=True)) or "none"
            raise CommandError(
                f"No school year {options['school_year']!r} (known: {known})."
            ) from missing
        report = queries.ada_report(school_year=year, period=options["period"], by=options["by"])
        text = FORMATS[options["format"]](report)
        self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
