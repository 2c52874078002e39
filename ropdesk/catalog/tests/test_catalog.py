import pytest

from ropdesk.catalog.models import IndustrySector, Pathway, StateCourseCode
from ropdesk.catalog.services import catalog_load_reference
from ropdesk.core.tests import factories as f

pytestmark = pytest.mark.django_db


def test_reference_lists_load_completely_and_reloading_adds_nothing():
    counts = catalog_load_reference()
    assert (counts.sectors, counts.pathways, counts.course_codes) == (17, 75, 214)
    catalog_load_reference()
    assert IndustrySector.objects.count() == 17
    assert Pathway.objects.filter(active=True).count() == 58
    assert StateCourseCode.objects.count() == 214
    cna = StateCourseCode.objects.get(code="7922")
    assert (cna.name, cna.pathway.name, cna.capstone_course) == (
        "Advanced Patient Care (Capstone)",
        "Patient Care",
        True,
    )


@pytest.fixture
def catalog():
    catalog_load_reference()
    return {
        "nursing": f.course(
            title="Certified Nursing Assistant", pathway_code="198", sector_code="HLT", cc=True
        ),
        "auto": f.course(title="Automotive Technology", pathway_code="221", sector_code="TRA"),
        "welding": f.course(title="Welding Technology", pathway_code="213", sector_code="MAN"),
    }


def titles(response):
    return [c.title for c in response.context["courses"].object_list]


def test_the_catalog_is_public_and_lists_every_active_course(client, catalog):
    response = client.get("/catalog/")
    assert response.status_code == 200
    assert titles(response) == [
        "Automotive Technology",
        "Certified Nursing Assistant",
        "Welding Technology",
    ]


def test_search_by_sector(client, catalog):
    assert titles(client.get("/catalog/", {"sector": "HLT"})) == ["Certified Nursing Assistant"]


def test_search_by_pathway(client, catalog):
    assert titles(client.get("/catalog/", {"pathway": "221"})) == ["Automotive Technology"]


def test_search_by_words_matches_title_and_pathway(client, catalog):
    assert titles(client.get("/catalog/", {"q": "nursing"})) == ["Certified Nursing Assistant"]
    assert titles(client.get("/catalog/", {"q": "welding materials"})) == ["Welding Technology"]
    assert titles(client.get("/catalog/", {"q": "astronaut"})) == []


def test_the_pathway_list_narrows_to_the_chosen_sector(client, catalog):
    response = client.get("/catalog/", {"sector": "TRA"})
    assert [p.code for p in response.context["pathways"]] == ["221"]


def test_a_course_page_shows_competencies_sections_and_seats(client, catalog):
    course = catalog["nursing"]
    course.competencies.create(number=1, description="Take and record vital signs")
    section = f.section(course_obj=course, capacity=2)
    f.enroll(f.student(), section)
    response = client.get(f"/catalog/courses/{course.pk}/")
    page = response.content.decode()
    assert "Take and record vital signs" in page
    assert section.code in page
    [listed] = response.context["sections"]
    assert listed.seats_left == 1  # 2 seats, 1 taken
    assert 'data-label="Seats left">1</td>' in page
    assert "CALPADS Valid Code Combinations v12.0" in page


def test_an_inactive_course_is_not_found(client, catalog):
    course = catalog["auto"]
    course.active = False
    course.save(update_fields=["active"])
    assert client.get(f"/catalog/courses/{course.pk}/").status_code == 404


def test_the_load_reference_command(capsys):
    from django.core.management import call_command

    call_command("load_reference")
    assert "17 sectors, 75 pathways, 214 state course codes" in capsys.readouterr().out


def _results(html):
    return html[html.index("<h1>") : html.index('class="credit"')]


def _html_and_queries(client, *args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        html = client.get(*args).content.decode()
    return html, len(captured)


def test_the_results_are_kept_until_what_they_show_changes(client, catalog):
    # The same search again is one cache read instead of the search, the lists and their
    # rendering; a change to a course, a pathway, a sector or the search index is in the next.
    first, built = _html_and_queries(client, "/catalog/", {"q": "nursing"})
    again, kept = _html_and_queries(client, "/catalog/", {"q": "nursing"})
    assert _results(again) == _results(first) and "Certified Nursing Assistant" in again
    assert kept <= 1 < built  # at most one cache read (the page is public: no session)

    nursing = catalog["nursing"]
    nursing.title = "Nursing Assistant (CNA)"
    nursing.save()
    assert "Nursing Assistant (CNA)" in client.get("/catalog/", {"q": "nursing"}).content.decode()

    sector = nursing.pathway.sector
    sector.name = "Health Science and Medical Technology"
    sector.save()
    assert "Health Science and Medical Technology" in client.get("/catalog/").content.decode()

    from ropdesk.catalog.search import search_index_refresh

    assert "No course matches" in client.get("/catalog/", {"q": "phlebotomy"}).content.decode()
    nursing.competencies.create(number=1, description="Phlebotomy basics")
    search_index_refresh(course_ids=[nursing.pk])  # as the catalog services do after an edit
    found = client.get("/catalog/", {"q": "phlebotomy"}).content.decode()
    assert "Nursing Assistant (CNA)" in found

    nursing.active = False
    nursing.save(update_fields=["active"])
    assert "Nursing Assistant (CNA)" not in client.get("/catalog/").content.decode()


def test_each_language_and_page_has_its_own_results(client, catalog):
    from django.conf import settings

    english = client.get("/catalog/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    spanish = client.get("/catalog/").content.decode()
    assert "Catálogo de cursos" in spanish and "Catálogo de cursos" not in english
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert _results(client.get("/catalog/").content.decode()) == _results(english)
