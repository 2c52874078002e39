"""The nontraditional crosswalk, built from shipped data (outcomes/data/README.md):

    pathway ──(careers' documented O*NET → pathway mapping, ropdesk/data/careers)──► occupations
            ──(BLS CPS 2025 Table 11, women's share by SOC, outcomes/data)──► women's share
            ──(NAPE: one sex < 25 %)──► nontraditional for women or men

The share of a pathway is the employment-weighted share of its occupations BLS publishes a
share for. A course whose CALPADS course code carries CDE's nontraditional flag gets a
course designation from it. Rows an editor changed are left alone on a reload."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from ropdesk.catalog.models import Course, Pathway
from ropdesk.outcomes import rules
from ropdesk.outcomes.models import NontraditionalDesignation

HERE = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parent.parent / "data"
BLS_CREDIT = "Source: U.S. Bureau of Labor Statistics, Current Population Survey, 2025."
BLS_SOURCE = (
    "BLS CPS 2025 annual averages, Table 11 (women's share by detailed occupation), through "
    "ropdesk's O*NET-to-pathway mapping"
)
CDE_SOURCE = "CDE CALPADS Valid Code Combinations v12.0 (2020): course group nontraditional gender"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def bls_shares() -> list[tuple[str, int, float]]:
    """(SOC code or pattern, employed thousands, women %) of the rows BLS gives a share for."""
    return [
        (r["soc_code"], int(r["employed_thousands"]), float(r["women_percent"]))
        for r in _read(HERE / "occupation_sex_shares.csv")
        if r["women_percent"]
    ]


def _matches(pattern: str, soc: str) -> bool:
    """BLS rows are detailed SOC codes, broad groups ending in 0 (11-2030) or X wildcards."""
    if pattern == soc:
        return True
    if "X" in pattern:
        stem = pattern.split("X", 1)[0]
        return soc.startswith(stem)
    return pattern.endswith("0") and soc[:-1] == pattern[:-1] and not pattern.endswith("00")


def pathway_occupations() -> dict[str, set[str]]:
    """CALPADS pathway code -> the 6-digit SOC codes of the occupations it leads to."""
    by_cluster: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in _read(SHARED / "crosswalks" / "onet_career_clusters.csv"):
        by_cluster[(r["career_cluster"], r["career_pathway"])].add(r["onet_soc_code"][:7])
    result: dict[str, set[str]] = defaultdict(set)
    for r in _read(SHARED / "careers" / "cluster_to_pathway.csv"):
        if r["pathway_code"]:
            result[r["pathway_code"]] |= by_cluster[(r["career_cluster"], r["career_pathway"])]
    for r in _read(SHARED / "careers" / "occupation_to_pathway.csv"):
        if r["pathway_code"]:
            result[r["pathway_code"]].add(r["onet_soc_code"][:7])
    return result


def women_share(socs: set[str], shares: list[tuple[str, int, float]]) -> Decimal | None:
    weighted = total = 0.0
    for pattern, employed, women in shares:
        if any(_matches(pattern, soc) for soc in socs):
            weighted += employed * women
            total += employed
    return Decimal(str(round(weighted / total, 1))) if total else None


@transaction.atomic
def designations_load() -> int:
    """Write the crosswalk for every pathway and flagged course not edited by a person."""
    edited_pathways = set(
        NontraditionalDesignation.objects.filter(edited_by__isnull=False).values_list(
            "pathway_id", flat=True
        )
    )
    shares = bls_shares()
    occupations = pathway_occupations()
    written = 0
    for pathway in Pathway.objects.filter(code__in=occupations):
        if pathway.pk in edited_pathways:
            continue
        socs = occupations[pathway.code]
        share = women_share(socs, shares)
        NontraditionalDesignation.objects.update_or_create(
            pathway=pathway,
            course=None,
            defaults=_row(share, sorted(socs), BLS_SOURCE, 2025),
        )
        written += 1
    for course in Course.objects.filter(
        state_course_code__nontraditional_gender__in=["F", "M"]
    ).select_related("state_course_code"):
        assert course.state_course_code is not None  # the filter above
        if NontraditionalDesignation.objects.filter(
            course=course, edited_by__isnull=False
        ).exists():
            continue
        NontraditionalDesignation.objects.update_or_create(
            course=course,
            pathway=None,
            defaults={
                "nontraditional_for": course.state_course_code.nontraditional_gender,
                "source": CDE_SOURCE,
                "source_year": 2020,
            },
        )
        written += 1
    return written


def _row(share: Decimal | None, socs: list[str], source: str, year: int) -> dict[str, Any]:
    return {
        "women_percent": share,
        "soc_codes": socs,
        "nontraditional_for": rules.nontraditional_for(float(share) if share is not None else None),
        "source": source,
        "source_year": year,
    }
