from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ropdesk.careers.reference import ReferenceDataError, careers_load_reference


class Command(BaseCommand):
    help = (
        "Load (or refresh) the career reference data: RIASEC items in English and Spanish, "
        "O*NET occupations and the mapping to California CTE pathways. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = careers_load_reference()
        except ReferenceDataError as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(f"  {counts.items:>6} survey items")
        self.stdout.write(f"  {counts.occupations:>6} occupations")
        self.stdout.write(f"  {counts.reported_titles:>6} reported job titles")
        self.stdout.write(f"  {counts.national_pathways:>6} national career pathways")
        self.stdout.write(f"  {counts.pathway_links:>6} links to California CTE pathways")
        self.stdout.write(self.style.SUCCESS("The career reference data is loaded."))
