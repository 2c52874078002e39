"""`ropdesk outcomes-report --exit-year 2025-2026 --format json`: the headline figures and the
Perkins V indicators of an exit year, county-wide, for checking (docs/outcomes.md)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ropdesk.core.models import Student
from ropdesk.outcomes import queries, rules


class Command(BaseCommand):
    help = "Print an exit year's follow-up, graduation and Perkins V figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--exit-year", required=True, help="the academic year, e.g. 2025-2026")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["exit_year"]
        try:
            rules.year_bounds(year)
        except ValueError as error:
            raise CommandError(str(error)) from error
        figures = queries.report(year, Student.objects.all())
        if options["format"] == "json":
            self.stdout.write(json.dumps(figures, indent=2))
            return
        for key, value in figures.items():
            if key != "indicators":
                self.stdout.write(f"{key}: {value}")
        for code, cell in figures["indicators"].items():
            self.stdout.write(
                f"{code}: {cell['numerator']} / {cell['denominator']} = {cell['rate']}"
            )
