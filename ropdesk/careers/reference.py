"""Loading the career reference data shipped in ropdesk/data: the RIASEC items (with our
Spanish), O*NET 29.3 occupations, the O*NET → Career Clusters crosswalk and our documented
mapping to California CTE pathways. Each folder's README gives the source and license."""

from __future__ import annotations

import csv
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from ropdesk.careers.models import (
    RIASEC,
    SCALE_FIELDS,
    Confidence,
    InterestArea,
    JobZone,
    Occupation,
    OccupationCluster,
    OccupationPreparation,
    PathwayLink,
    ReportedTitle,
    ResponseOption,
    SurveyItem,
)
from ropdesk.catalog.models import Pathway
from ropdesk.catalog.search import search_index_refresh
from ropdesk.catalog.services import catalog_load_reference

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# The "modified" credit line the O*NET license asks for (ropdesk/data/onet/README.md). Shown on
# every page that shows O*NET data.
ONET_CREDIT = _(
    "This product includes information from the O*NET 29.3 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET® is a trademark of USDOL/ETA. ropdesk has modified all or some of this "
    "information. USDOL/ETA has not approved, endorsed, or tested these modifications."
)
CLUSTERS_CREDIT = _(
    "Career clusters and pathways: O*NET OnLine, National Center for O*NET Development, for "
    "USDOL/ETA (CC BY 4.0), from the National Career Clusters® Framework of Advance CTE. The "
    "link to California pathways is ropdesk's own."
)
RIASEC_CREDIT = _(
    "Interest items: the public-domain RIASEC Markers — Armstrong, P. I., Allison, W., & "
    "Rounds, J. (2008), Development and initial validation of brief public domain RIASEC marker "
    "scales, Journal of Vocational Behavior, 73, 287–299; and Liao, H.-Y., Armstrong, P. I., & "
    "Rounds, J. (2008), Journal of Vocational Behavior, 73, 159–183. Spanish translation by "
    "ropdesk."
)

M = TypeVar("M", bound=models.Model)
EXPECTED_ITEMS = 48


class ReferenceDataError(ValueError):
    """A reference file disagrees with itself or with another file: says which and where."""


@dataclass(frozen=True)
class CareerReferenceCounts:
    items: int
    occupations: int
    reported_titles: int
    national_pathways: int
    pathway_links: int


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _sync(
    model: type[M], wanted: Iterable[M], key: Callable[[M], Hashable], fields: list[str]
) -> int:
    """Make the table hold exactly `wanted`: insert what is new, update what changed (by the
    natural `key`), delete what is gone. Running it twice writes nothing the second time."""
    attnames = [model._meta.get_field(name).attname for name in fields]  # type: ignore[union-attr]
    manager = model._default_manager
    existing = {key(obj): obj for obj in manager.all()}
    new: list[M] = []
    changed: list[M] = []
    total = 0
    for obj in wanted:
        total += 1
        old = existing.pop(key(obj), None)
        if old is None:
            new.append(obj)
        elif any(getattr(old, a) != getattr(obj, a) for a in attnames):
            for a in attnames:
                setattr(old, a, getattr(obj, a))
            changed.append(old)
    if existing:
        manager.filter(pk__in=[obj.pk for obj in existing.values()]).delete()
    manager.bulk_create(new, batch_size=1000)
    if changed:
        manager.bulk_update(changed, fields, batch_size=500)
    return total


def _decimal(value: str) -> Decimal | None:
    return Decimal(value) if value.strip() else None


@transaction.atomic
def careers_load_reference(*, directory: Path = DATA_DIR) -> CareerReferenceCounts:
    """Load (or refresh) every career reference table from the CSV files. Idempotent: a second
    run with the same files changes nothing. Stops with the file and row of the first
    inconsistency, leaving the tables as they were."""
    items = _load_survey(directory)
    occupations = _load_occupations(directory / "onet")
    titles = _sync(
        ReportedTitle,
        (
            ReportedTitle(
                occupation_id=occupations[row["onet_soc_code"]],
                title=row["reported_job_title"],
                shown_in_my_next_move=row["shown_in_my_next_move"] == "Y",
            )
            for row in _rows(directory / "onet" / "sample_of_reported_titles.csv")
        ),
        key=lambda t: (t.occupation_id, t.title),
        fields=["shown_in_my_next_move"],
    )
    clusters = _load_clusters(directory / "crosswalks", occupations)
    links = _load_links(directory / "careers", occupations, clusters)
    search_index_refresh()  # the occupations each course leads to are searched (search_terms)
    return CareerReferenceCounts(items, len(occupations), titles, len(clusters), links)


def _load_survey(directory: Path) -> int:
    careers = directory / "careers"
    _sync(
        InterestArea,
        (
            InterestArea(**{**row, "position": int(row["position"])})
            for row in _rows(careers / "riasec_areas.csv")
        ),
        key=lambda a: a.letter,
        fields=[
            "position",
            "name_en",
            "name_es",
            "nickname_en",
            "nickname_es",
            "summary_en",
            "summary_es",
        ],
    )
    areas = dict(InterestArea.objects.values_list("letter", "pk"))
    if sorted(areas) != sorted(RIASEC):
        raise ReferenceDataError(f"riasec_areas.csv: expected the letters {RIASEC}")
    _sync(
        ResponseOption,
        (
            ResponseOption(value=int(r["value"]), label_en=r["label_en"], label_es=r["label_es"])
            for r in _rows(careers / "response_scale_es.csv")
        ),
        key=lambda o: o.value,
        fields=["label_en", "label_es"],
    )
    spanish = {row["item_id"]: row for row in _rows(careers / "riasec_items_es.csv")}
    markers = _rows(directory / "riasec" / "riasec_markers_48.csv")
    if len(markers) != EXPECTED_ITEMS or set(spanish) != {m["item_id"] for m in markers}:
        raise ReferenceDataError("riasec_items_es.csv must translate exactly the 48 RIASEC items")
    wanted = []
    for number, row in enumerate(markers, start=2):
        translation = spanish[row["item_id"]]
        if translation["text_en"] != row["text"]:
            raise ReferenceDataError(
                f"riasec_items_es.csv: the English of {row['item_id']} differs from "
                f"riasec_markers_48.csv row {number}"
            )
        k = int(row["item_number_in_scale"])
        wanted.append(
            SurveyItem(
                code=row["item_id"],
                area_id=areas[row["scale"]],
                number_in_area=k,
                # Interleaved: the k-th item of every area before the (k+1)-th of any.
                position=(k - 1) * len(RIASEC) + RIASEC.index(row["scale"]) + 1,
                text_en=row["text"],
                text_es=translation["text_es"],
            )
        )
    return _sync(
        SurveyItem,
        wanted,
        key=lambda i: i.code,
        fields=["area", "number_in_area", "position", "text_en", "text_es"],
    )


def _load_occupations(onet: Path) -> dict[str, int]:
    _sync(
        JobZone,
        (
            JobZone(
                zone=int(r["job_zone"]),
                name=r["name"],
                experience=r["experience"],
                education=r["education"],
                job_training=r["job_training"],
                examples=r["examples"],
            )
            for r in _rows(onet / "job_zone_reference.csv")
        ),
        key=lambda z: z.zone,
        fields=["name", "experience", "education", "job_training", "examples"],
    )
    zones = dict(JobZone.objects.values_list("zone", "pk"))
    interests = {r["onet_soc_code"]: r for r in _rows(onet / "interests.csv")}
    job_zones = {r["onet_soc_code"]: int(r["job_zone"]) for r in _rows(onet / "job_zones.csv")}
    spanish = _spanish_titles(onet.parent / "careers" / "occupation_words.csv")
    wanted = []
    for row in _rows(onet / "occupations.csv"):
        code = row["onet_soc_code"]
        profile = interests.get(code, {})
        wanted.append(
            Occupation(
                code=code,
                title=row["title"],
                description=row["description"],
                holland_code=profile.get("holland_code", ""),
                title_es=spanish.get(code, ("", ""))[0],
                search_words=spanish.get(code, ("", ""))[1],
                job_zone_id=zones[job_zones[code]] if code in job_zones else None,
                **{name: _decimal(profile.get(name, "")) for name in SCALE_FIELDS},
            )
        )
    _sync(
        Occupation,
        wanted,
        key=lambda o: o.code,
        fields=[
            "title",
            "title_es",
            "search_words",
            "description",
            "holland_code",
            "job_zone",
            *SCALE_FIELDS,
        ],
    )
    occupations = dict(Occupation.objects.values_list("code", "pk"))
    _load_preparation(onet, occupations)
    return occupations


def _spanish_titles(path: Path) -> dict[str, tuple[str, str]]:
    """O*NET code → (Spanish title, everyday words for the work), checking each row's English title
    against O*NET's so that a shifted row stops the load."""
    titles = {
        r["onet_soc_code"]: r["title"]
        for r in _rows(path.parent.parent / "onet" / "occupations.csv")
    }
    found = {}
    for number, row in enumerate(_rows(path), start=2):
        if titles.get(row["onet_soc_code"]) != row["title"]:
            raise ReferenceDataError(
                f"{path.name} row {number}: {row['onet_soc_code']} is not “{row['title']}”"
            )
        found[row["onet_soc_code"]] = (row["title_es"], row["words"].replace(";", "; "))
    return found


def _load_preparation(onet: Path, occupations: dict[str, int]) -> None:
    labels = {
        # Category 1 of RW and PT has no description in O*NET; it means none.
        (r["scale_id"], int(r["category"])): r["category_description"] or "None"
        for r in _rows(onet / "education_training_experience_categories.csv")
    }
    _sync(
        OccupationPreparation,
        (
            OccupationPreparation(
                occupation_id=occupations[r["onet_soc_code"]],
                scale=r["scale_id"],
                category=int(r["category"]),
                label=labels[(r["scale_id"], int(r["category"]))],
                percent=Decimal(r["percent"]),
                most_common=r["most_common"] == "Y",
            )
            for r in _rows(onet / "education_training_summary.csv")
        ),
        key=lambda p: (p.occupation_id, p.scale, p.category),
        fields=["label", "percent", "most_common"],
    )


def _load_clusters(crosswalks: Path, occupations: dict[str, int]) -> set[tuple[str, str]]:
    """The crosswalk is optional (its README asks the project lead to confirm shipping it):
    without the file every occupation shows as not mapped."""
    path = crosswalks / "onet_career_clusters.csv"
    rows = _rows(path) if path.exists() else []
    _sync(
        OccupationCluster,
        (
            OccupationCluster(
                occupation_id=occupations[r["onet_soc_code"]],
                career_cluster=r["career_cluster"],
                career_pathway=r["career_pathway"],
            )
            for r in rows
        ),
        key=lambda c: (c.occupation_id, c.career_cluster, c.career_pathway),
        fields=[],
    )
    return {(r["career_cluster"], r["career_pathway"]) for r in rows}


def _load_links(careers: Path, occupations: dict[str, int], clusters: set[tuple[str, str]]) -> int:
    pathways = _pathways()
    titles = dict(Occupation.objects.values_list("code", "title"))
    wanted: list[PathwayLink] = []
    covered = set()
    for number, row in enumerate(_rows(careers / "cluster_to_pathway.csv"), start=2):
        where = f"cluster_to_pathway.csv row {number}"
        covered.add((row["career_cluster"], row["career_pathway"]))
        wanted.append(
            PathwayLink(
                career_cluster=row["career_cluster"],
                career_pathway=row["career_pathway"],
                **_link_target(row, pathways, where),
            )
        )
    missing = sorted(clusters - covered)
    if missing:
        raise ReferenceDataError(
            f"cluster_to_pathway.csv has no row for the national pathways {missing}"
        )
    for number, row in enumerate(_rows(careers / "occupation_to_pathway.csv"), start=2):
        where = f"occupation_to_pathway.csv row {number}"
        if titles.get(row["onet_soc_code"]) != row["title"]:
            raise ReferenceDataError(f"{where}: {row['onet_soc_code']} is not “{row['title']}”")
        wanted.append(
            PathwayLink(
                occupation_id=occupations[row["onet_soc_code"]],
                **_link_target(row, pathways, where),
            )
        )
    return _sync(
        PathwayLink,
        wanted,
        key=lambda k: (k.career_cluster, k.career_pathway, k.occupation_id, k.pathway_id),
        fields=["confidence", "note"],
    )


def _pathways() -> dict[str, Pathway]:
    """The California pathways by CALPADS code, loading the catalog's lists if they are not
    in the database yet."""
    if not Pathway.objects.exists():
        catalog_load_reference()
    return {p.code: p for p in Pathway.objects.all()}


def _link_target(row: dict[str, str], pathways: dict[str, Pathway], where: str) -> dict[str, Any]:
    confidence, code = row["confidence"], row["pathway_code"].strip()
    if confidence not in Confidence.values:
        raise ReferenceDataError(f"{where}: unknown confidence “{confidence}”")
    if (confidence == Confidence.NONE) != (code == ""):
        raise ReferenceDataError(f"{where}: a pathway code goes with every confidence but none")
    pathway = pathways.get(code) if code else None
    if code and (pathway is None or pathway.name != row["pathway_name"]):
        raise ReferenceDataError(
            f"{where}: pathway {code} “{row['pathway_name']}” is not in the CALPADS list"
        )
    return {"pathway": pathway, "confidence": confidence, "note": row["note"]}
