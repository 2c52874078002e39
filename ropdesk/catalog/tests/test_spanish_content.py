"""Catalog content in Spanish: a page in Spanish shows the Spanish twin of a sector, pathway,
course, competency or term, and the English where none is written, marked lang="en"; the
office enters the Spanish; search finds it; the reference load names the sectors and pathways
in Spanish and keeps what the office wrote."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ropdesk.catalog.models import Course, IndustrySector, Pathway
from ropdesk.catalog.search import ranked_ids
from ropdesk.catalog.services import catalog_load_reference
from ropdesk.core import versions
from ropdesk.core.content import shown, shown_html
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f

pytestmark = pytest.mark.django_db


def _spanish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


def _translated_course(**fields) -> Course:
    course = f.course(title="Welding Technology", **fields)
    course.title_es = "Tecnología de Soldadura"
    course.description = "Arc and gas welding."
    course.description_es = "Soldadura por arco y con gas."
    course.save()
    pathway = course.pathway
    pathway.name_es = "Soldadura y Unión de Materiales"
    pathway.save()
    course.competencies.create(number=1, description="Weld a butt joint", description_es="")
    return course


def test_the_helper_gives_the_spanish_or_the_marked_english():
    course = _translated_course()
    untranslated = f.course(title="Game Design")
    with translation.override("en"):
        assert shown(course, "title") == "Welding Technology"
        assert shown_html(untranslated, "title") == "Game Design"
        assert str(course) == f"Welding Technology ({course.code})"
    with translation.override("es"):
        assert shown(course, "title") == "Tecnología de Soldadura"
        assert str(course) == f"Tecnología de Soldadura ({course.code})"
        assert shown(untranslated, "title") == "Game Design"
        assert shown_html(untranslated, "title") == '<span lang="en">Game Design</span>'
        untranslated.title = "<b>Games</b>"
        assert (
            shown_html(untranslated, "title") == '<span lang="en">&lt;b&gt;Games&lt;/b&gt;</span>'
        )


def test_the_course_page_in_spanish_shows_the_spanish_and_marks_the_english(client):
    course = _translated_course()
    html = _spanish(client).get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "<title>Tecnología de Soldadura" in html
    assert "<h1>Tecnología de Soldadura</h1>" in html
    assert "Soldadura por arco y con gas." in html
    assert "Soldadura y Unión de Materiales" in html
    # The sector and the competency have no Spanish: their English is marked for readers.
    assert f'<span lang="en">{course.pathway.sector.name}</span>' in html
    assert '<span lang="en">Weld a butt joint</span>' in html
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    english = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "<h1>Welding Technology</h1>" in english


def test_the_catalog_in_spanish_reads_the_twins_with_a_constant_number_of_queries(client):
    _spanish(client)
    _translated_course()
    client.get(reverse("catalog"))  # warm the session and caches
    versions.changed("catalog")  # the results are built again (as after the courses below)
    with CaptureQueriesContext(connection) as few:
        html = client.get(reverse("catalog")).content.decode()
    assert "Tecnología de Soldadura" in html
    for k in range(6):
        f.course(title=f"Course {k}")
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("catalog")).content.decode()
    assert '<span lang="en">Course 5</span>' in html
    assert len(many) == len(few)


def test_search_finds_a_course_by_its_spanish_title_and_description():
    course = _translated_course()
    other = f.course(title="Game Design", pathway_code="114", sector_code="ART")
    assert ranked_ids("soldadura") == [course.pk]
    assert ranked_ids("tecnologia de soldadura") == [course.pk]
    assert ranked_ids("gas") == [course.pk]
    assert other.pk not in ranked_ids("soldadura")


def test_the_office_enters_the_spanish_title_and_search_finds_it_at_once(client):
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    course = f.course(title="Automotive Technology")
    ranked_ids("automotive")  # the course has its search document
    response = client.post(
        reverse("office_course_edit", args=[course.pk]),
        {
            "code": course.code,
            "title": course.title,
            "title_es": "Tecnología Automotriz",
            "description_es": "Frenos, motores y diagnóstico.",
            "pathway": course.pathway_id,
            "hours": course.hours,
            "allows_classroom": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.title_es, course.description_es) == (
        "Tecnología Automotriz",
        "Frenos, motores y diagnóstico.",
    )
    assert ranked_ids("automotriz") == [course.pk]
    assert ranked_ids("frenos") == [course.pk]


def test_the_reference_load_names_every_sector_and_active_pathway_in_spanish_and_keeps_edits():
    catalog_load_reference()
    assert not IndustrySector.objects.filter(name_es="").exists()
    assert not Pathway.objects.filter(name_es="").exists()
    health = IndustrySector.objects.get(code="HLT")
    assert health.name_es == "Ciencias de la Salud y Tecnología Médica"
    assert Pathway.objects.get(code="213").name_es == "Soldadura y Unión de Materiales"
    # What the office wrote is kept when the reference is loaded again.
    health.name_es = "Salud y Tecnología Médica"
    health.save()
    catalog_load_reference()
    health.refresh_from_db()
    assert health.name_es == "Salud y Tecnología Médica"


def test_a_term_shows_its_spanish_name():
    term = f.term()
    term.name_es = "Otoño"
    term.save()
    with translation.override("es"):
        assert str(term) == "Otoño 2026-2027"
    with translation.override("en"):
        assert str(term) == "Fall 2026-2027"
