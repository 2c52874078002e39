"""Writes for the catalog: loading California's CTE reference lists."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Competency, Course, IndustrySector, Pathway, StateCourseCode
from ropdesk.catalog.search import search_index_refresh
from ropdesk.core.services import audit_record, fields_update
from ropdesk.core.types import Actor

# Source: California Department of Education, CALPADS Valid Code Combinations v12.0 (2020).
CA_CTE_DIR = Path(__file__).resolve().parent.parent / "data" / "ca-cte"
# Ours: the Spanish names of the sectors and pathways (ropdesk/data/catalog/README.md).
SPANISH_NAMES = Path(__file__).resolve().parent.parent / "data" / "catalog" / "names_es.csv"
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
    _spanish_names_fill(sectors, pathways)
    return ReferenceCounts(len(sectors), len(pathways), codes)


def _spanish_names_fill(
    sectors: dict[str, IndustrySector], pathways: dict[str, Pathway], *, path: Path = SPANISH_NAMES
) -> None:
    """Give the sectors and pathways our Spanish names where they have none: a name the
    office entered in the admin is kept. Checks that each row names the English it translates."""
    rows = {(r["kind"], r["code"]): r for r in _rows(path)}
    for kind, objects in (("sector", sectors), ("pathway", pathways)):
        for code, obj in objects.items():
            row = rows.get((kind, code))
            if row is None or obj.name_es:
                continue
            if row["name"] != obj.name:
                raise ValueError(
                    f"{path.name}: the {kind} {code} is named {obj.name!r} in the reference "
                    f"data, not {row['name']!r}: check its Spanish name"
                )
            obj.name_es = row["name_es"]
            obj.save(update_fields=["name_es"])


# --- The office's course screen and the admin -------------------------------------------------

COURSE_FIELDS = (
    "code",
    "title",
    "title_es",
    "description",
    "description_es",
    "pathway",
    "state_course_code",
    "hours",
    "allows_classroom",
    "allows_community_classroom",
    "allows_cve",
    "active",
)
MODE_FLAGS = {
    "classroom": "allows_classroom",
    "community_classroom": "allows_community_classroom",
    "cve": "allows_cve",
}


def course_save(*, actor: Actor, course: Course | None = None, **fields: Any) -> Course:
    """Create a course, or change one. A mode that a section of the course uses cannot be
    turned off (the section would teach outside its approval); a course set up this way no
    longer needs setup."""
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"course_save does not change {sorted(unknown)}")
    with transaction.atomic():
        created = course is None
        if course is None:
            course = Course()
        else:
            course = Course.objects.select_for_update().get(pk=course.pk)
        before = {name: str(getattr(course, name) or "") for name in COURSE_FIELDS}
        for name, value in fields.items():
            setattr(course, name, value)
        if not created:
            for mode, flag in MODE_FLAGS.items():
                if not getattr(course, flag) and course.sections.filter(mode=mode).exists():
                    raise ValidationError(
                        {flag: _("Sections of this course are taught in this mode.")}
                    )
        course.needs_setup = course.needs_setup and not (course.pathway_id and course.hours)
        course.full_clean()
        course.save()
        after = {name: str(getattr(course, name) or "") for name in COURSE_FIELDS}
        audit_record(
            actor=actor,
            action="course.create" if created else "course.update",
            obj=course,
            changed={n: [before[n], after[n]] for n in after if before[n] != after[n]},
        )
        # Search finds the course by its new words (English or Spanish) at once.
        search_index_refresh(course_ids=[course.pk])
        return course


@transaction.atomic
def spanish_names_save(
    *,
    actor: Actor,
    sectors: dict[int, str] | None = None,
    pathways: dict[int, str] | None = None,
) -> int:
    """The Spanish names of industry sectors and pathways (their `name_es`); blank shows the
    English. Returns how many changed; search finds the courses by the new words at once."""
    touched: dict[str, set[int]] = {"sector": set(), "pathway": set()}
    for kind, model, names in (
        ("sector", IndustrySector, sectors or {}),
        ("pathway", Pathway, pathways or {}),
    ):
        for row in model.objects.select_for_update().filter(pk__in=list(names)):
            values = {"name_es": names[row.pk]}
            if fields_update(actor=actor, obj=row, values=values, action=f"{kind}.update"):
                touched[kind].add(row.pk)
    touched_sectors, touched_pathways = touched["sector"], touched["pathway"]
    written = len(touched_sectors) + len(touched_pathways)
    if written:
        courses = Course.objects.filter(
            Q(pathway__in=touched_pathways) | Q(pathway__sector__in=touched_sectors)
        ).values_list("pk", flat=True)
        search_index_refresh(course_ids=list(courses))
    return written


@transaction.atomic
def competencies_save(
    *,
    actor: Actor,
    course: Course,
    changes: dict[int, tuple[str, str]],
    added: list[tuple[str, str]],
) -> int:
    """A course's competencies: new words (English, Spanish) for those it has, by id, and new
    ones numbered after the last. A competency is never removed here: completions and training
    plans name it. Returns how many were changed or added."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    written = 0
    for competency in course.competencies.filter(pk__in=list(changes)):
        english, spanish = changes[competency.pk]
        if not english.strip():
            raise ValidationError(
                _("Competency %(number)s needs its description.") % {"number": competency.number}
            )
        if fields_update(
            actor=actor,
            obj=competency,
            values={"description": english, "description_es": spanish},
            action="competency.update",
        ):
            written += 1
    number = course.competencies.aggregate(top=Max("number"))["top"] or 0
    for english, spanish in added:
        if not english.strip():
            if spanish.strip():
                raise ValidationError(_("A new competency needs its English description."))
            continue
        number += 1
        competency = Competency(
            course=course,
            number=number,
            description=english.strip(),
            description_es=spanish.strip(),
        )
        competency.full_clean()
        competency.save()
        audit_record(actor=actor, action="competency.create", obj=competency, number=number)
        written += 1
    if written:
        search_index_refresh(course_ids=[course.pk])
    return written
