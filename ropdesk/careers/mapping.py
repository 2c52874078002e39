"""Which occupations each of the program's courses leads to: the documented mapping
(ropdesk/data/careers) read from the course's side, and checked against the preparation each
occupation needs.

    course ──(Course.pathway, and its CTE state course code's pathway)──► California pathway
           ──(PathwayLink rows, ours)──────────────────────────────────► O*NET occupations

The check: a national career pathway is broad (Therapeutic Services holds nursing assistants
and psychiatrists alike), so its rows link a course only to occupations a high-school course
can prepare for — O*NET job zones 1 to 3 (little to medium preparation). Occupations needing a
bachelor's degree or more (zones 4 and 5) are linked only by a row written for that very
occupation in occupation_to_pathway.csv, where a person judged the course a first step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ropdesk.careers.models import CONFIDENCE_RANK, OccupationCluster, PathwayLink
from ropdesk.catalog.models import Course

# O*NET Job Zones 1-3: "little or no", "some" and "medium" preparation — up to vocational
# school, on-the-job experience or an associate's degree (job_zone_reference.csv). An ROP
# course is career technical education at that level (EC 52300; domain-rules.md 1).
HIGHEST_ZONE_FROM_A_COURSE = 3


def cluster_links_apply(zone: int | None) -> bool:
    """Whether a national pathway's rows may link a course to an occupation of this job zone
    (no zone known: no, as nothing says a course prepares for it)."""
    return zone is not None and zone <= HIGHEST_ZONE_FROM_A_COURSE


@dataclass(frozen=True)
class Lead:
    """One occupation a course leads to, with the confidence of the strongest link."""

    occupation_id: int
    pathway_id: int
    confidence: str


def course_pathways(course: Course) -> set[int]:
    """The California pathways a course is in: its own, and its state course code's."""
    found = {course.pathway_id}
    code = course.state_course_code
    if code is not None and code.pathway_id:
        found.add(code.pathway_id)
    return {pk for pk in found if pk is not None}


def pathway_leads(pathway_ids: Iterable[int]) -> dict[int, list[Lead]]:
    """Pathway id → the occupations it leads to, strongest link first (three queries)."""
    wanted = set(pathway_ids)
    best: dict[tuple[int, int], str] = {}

    def keep(pathway_id: int, occupation_id: int, confidence: str) -> None:
        key = (pathway_id, occupation_id)
        if key not in best or CONFIDENCE_RANK[confidence] > CONFIDENCE_RANK[best[key]]:
            best[key] = confidence

    own_rows = set(
        PathwayLink.objects.filter(occupation__isnull=False).values_list("occupation_id", flat=True)
    )
    for link in PathwayLink.objects.filter(occupation__isnull=False, pathway_id__in=wanted):
        keep(link.pathway_id, link.occupation_id, link.confidence)  # type: ignore[arg-type]
    national: dict[tuple[str, str], list[PathwayLink]] = {}
    for link in PathwayLink.objects.filter(occupation__isnull=True, pathway_id__in=wanted):
        national.setdefault((link.career_cluster, link.career_pathway), []).append(link)
    clusters = OccupationCluster.objects.filter(
        career_pathway__in={p for _c, p in national}
    ).values_list("occupation_id", "career_cluster", "career_pathway", "occupation__job_zone__zone")
    for occupation_id, cluster, career_pathway, zone in clusters:
        if occupation_id in own_rows or not cluster_links_apply(zone):
            continue  # an occupation's own rows replace its cluster rows (README)
        for link in national.get((cluster, career_pathway), []):
            keep(link.pathway_id, occupation_id, link.confidence)  # type: ignore[arg-type]
    leads: dict[int, list[Lead]] = {}
    for (pathway_id, occupation_id), confidence in best.items():
        leads.setdefault(pathway_id, []).append(Lead(occupation_id, pathway_id, confidence))
    for found in leads.values():
        found.sort(key=_strongest_first)
    return leads


def _strongest_first(lead: Lead) -> tuple[int, int]:
    return (-CONFIDENCE_RANK[lead.confidence], lead.occupation_id)


def course_leads(courses: Iterable[Course]) -> dict[int, list[Lead]]:
    """Course id → the occupations it leads to (courses with pathway and state course code
    loaded; three queries for any number of courses)."""
    courses = list(courses)
    by_course = {course.pk: course_pathways(course) for course in courses}
    by_pathway = pathway_leads(pk for found in by_course.values() for pk in found)
    result: dict[int, list[Lead]] = {}
    for course_pk, pathways in by_course.items():
        merged: dict[int, Lead] = {}
        for pathway_id in sorted(pathways):
            for lead in by_pathway.get(pathway_id, []):
                current = merged.get(lead.occupation_id)
                if current is None or (
                    CONFIDENCE_RANK[lead.confidence] > CONFIDENCE_RANK[current.confidence]
                ):
                    merged[lead.occupation_id] = lead
        result[course_pk] = sorted(merged.values(), key=_strongest_first)
    return result


def offered_courses() -> list[Course]:
    return list(
        Course.objects.filter(active=True, needs_setup=False).select_related("state_course_code")
    )


def occupations_reachable() -> set[int]:
    """Ids of the occupations at least one active, set-up course leads to."""
    return {
        lead.occupation_id for leads in course_leads(offered_courses()).values() for lead in leads
    }
