"""Writes for the catalog: loading California's CTE reference lists."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ropdesk.catalog.models import IndustrySector, Pathway, StateCourseCode

# Source: California Department of Education, CALPADS Valid Code Combinations v12.0 (2020).
CA_CTE_DIR = Path(__file__).resolve().parent.parent / "data" / "ca-cte"
CA_CTE_CREDIT = (
    "Source: California Department of Education, CALPADS Valid Code Combinations v12.0 (2020)."
)


@dataclass(frozen=True)
class ReferenceCounts:
    sectors: int
    pathways: int
    course_codes: int


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _present(value: str) -> str:
    return "" if value.strip() in {"", "N/A"} else value.strip()


@transaction.atomic
def catalog_load_reference(*, directory: Path = CA_CTE_DIR) -> ReferenceCounts:
    """Load (or refresh) sectors, pathways and CTE state course codes. Running it again
    changes nothing unless the files changed."""
    sectors = {}
    for row in _rows(directory / "industry_sectors.csv"):
        sectors[row["sector_code"]], _ = IndustrySector.objects.update_or_create(
            code=row["sector_code"],
            defaults={
                "name": row["sector_name"],
                "is_mcs_sector": row["is_mcs_industry_sector"] == "Y",
            },
        )
    pathways = {}
    for row in _rows(directory / "pathways.csv"):
        pathways[row["pathway_code"]], _ = Pathway.objects.update_or_create(
            code=row["pathway_code"],
            defaults={
                "name": row["pathway_name"],
                "sector": sectors[row["sector_code"]],
                "active": row["active"] == "Y",
            },
        )
    codes = 0
    for row in _rows(directory / "cte_state_course_codes.csv"):
        StateCourseCode.objects.update_or_create(
            code=row["course_group_state_code"],
            defaults={
                "name": row["course_group_state_name"],
                "sector": sectors[row["sector_code"]],
                "pathway": pathways.get(row["pathway_code"]),
                "nontraditional_gender": _present(row["nontraditional_gender"])[:1],
                "concentrator_course": row["concentrator_course"] == "Yes",
                "capstone_course": row["capstone_course"] == "Yes",
                "active": _present(row["last_academic_year_effective"]) == "",
            },
        )
        codes += 1
    return ReferenceCounts(len(sectors), len(pathways), codes)
