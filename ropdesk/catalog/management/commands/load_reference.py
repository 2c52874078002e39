from typing import Any

from django.core.management.base import BaseCommand

from ropdesk.catalog.services import CA_CTE_CREDIT, catalog_load_reference


class Command(BaseCommand):
    help = "Load or refresh California's CTE sectors, pathways and state course codes."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = catalog_load_reference()
        self.stdout.write(
            f"{counts.sectors} sectors, {counts.pathways} pathways, "
            f"{counts.course_codes} state course codes. {CA_CTE_CREDIT}"
        )
