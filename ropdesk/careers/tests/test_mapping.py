"""The shipped reference data and the documented mapping from occupations to the program's
pathways and courses, with its uncertainty shown rather than hidden."""

from __future__ import annotations

import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropdesk.careers import queries
from ropdesk.careers.models import Occupation, PathwayLink, SurveyItem
from ropdesk.careers.reference import DATA_DIR, ReferenceDataError, careers_load_reference
from ropdesk.core.tests import factories as f


def routes(*codes):
    found = {o.code: o for o in Occupation.objects.filter(code__in=codes)}
    by_pk = queries.routes_for(found.values())
    return {code: by_pk[o.pk] for code, o in found.items()}


def summary(route):
    return [(link.pathway.code if link.pathway else None, link.confidence) for link in route.links]


def test_the_reference_data_loads_in_full(reference):
    assert reference.items == 48
    assert reference.occupations == 1016
    assert SurveyItem.objects.filter(text_es="").count() == 0
    assert list(SurveyItem.objects.order_by("position").values_list("code", flat=True)[:7]) == [
        "R1", "I1", "A1", "S1", "E1", "C1", "R2"
    ]  # fmt: skip
    nurse = Occupation.objects.get(code="31-1131.00")
    assert (nurse.title, nurse.holland_code, nurse.job_zone.zone) == (
        "Nursing Assistants",
        "SRC",
        3,
    )


def test_loading_again_writes_nothing(reference):
    with CaptureQueriesContext(connection) as captured:
        again = careers_load_reference()
    assert again == reference
    writes = [q["sql"] for q in captured if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_an_occupation_row_replaces_the_broad_cluster_rows(reference):
    # Welders sit in "Manufacturing / Production" (over 100 occupations, mapped as uncertain);
    # their own row sends them to Welding and Materials Joining with confidence.
    assert summary(routes("51-4121.00")["51-4121.00"]) == [("213", "high")]


def test_a_weak_link_is_marked_uncertain(reference):
    # Team assemblers: only the broad Production rows apply, both low.
    route = routes("51-2092.00")["51-2092.00"]
    assert summary(route) == [("212", "low"), ("213", "low")]
    assert all(link.uncertain for link in route.links)


def test_a_national_pathway_without_an_rop_pathway_says_so(reference):
    route = routes("11-1031.00")["11-1031.00"]  # Legislators: Government / Governance
    assert route.mapped and route.no_rop_pathway
    assert summary(route) == [(None, "none")]


def test_an_occupation_outside_the_crosswalk_is_not_mapped(reference):
    unmapped = Occupation.objects.exclude(clusters__isnull=False).exclude(
        pathway_links__isnull=False
    )
    code = unmapped.values_list("code", flat=True).first()
    assert code is not None
    route = routes(code)[code]
    assert not route.mapped and route.links == []


def test_the_occupation_page_shows_courses_and_uncertainty(reference, client):
    weld = f.course(title="Welding Technology", pathway_code="213", sector_code="MAN")
    page = client.get("/careers/occupations/51-2092.00/").content.decode()
    assert "Uncertain — ask your counselor" in page
    assert f'href="/catalog/courses/{weld.pk}/"' in page
    page = client.get("/careers/occupations/51-4121.00/").content.decode()
    assert "Leads toward this work" in page and "Welding Technology" in page


def test_every_active_california_pathway_is_reachable_from_some_occupation(reference):
    from ropdesk.catalog.models import Pathway

    reached = set(PathwayLink.objects.exclude(pathway=None).values_list("pathway__code", flat=True))
    active = set(Pathway.objects.filter(active=True).values_list("code", flat=True))
    assert active <= reached


def test_a_bad_mapping_row_is_refused_with_its_row_and_nothing_changes(reference, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    table = data / "careers" / "cluster_to_pathway.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",141,Environmental Resources,", ",999,Nowhere,")
    table.write_text("".join(lines), encoding="utf-8")
    links = PathwayLink.objects.count()
    with pytest.raises(ReferenceDataError, match="cluster_to_pathway.csv row 4"):
        careers_load_reference(directory=data)
    assert PathwayLink.objects.count() == links


@pytest.mark.django_db
def test_the_load_command_reports_what_it_loaded():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_careers", stdout=out)
    assert "1016 occupations" in out.getvalue()
