"""Catalog search finds courses by the words people use: the work they want ("nurse",
"police", "cooking", "cars", "coding", "doctor") and Spanish ("enfermera"), through the
occupations each course leads to, tolerant of plurals and accents, best match first."""

from __future__ import annotations

import pytest
from django.db import connection

from ropdesk.catalog.models import Course
from ropdesk.catalog.queries import courses_search


def found(text: str) -> list[str]:
    return [course.title for course in courses_search(text=text)]


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("words", "best"),
    [
        ("nurse", {"Certified Nursing Assistant"}),
        ("nurses", {"Certified Nursing Assistant"}),
        ("police", {"Law Enforcement Careers"}),
        ("cooking", {"Culinary Arts"}),
        ("cars", {"Automotive Technology", "Auto Collision Repair"}),
        ("coding", {"Web and App Programming"}),
        ("doctor", {"Veterinary Assistant", "Certified Nursing Assistant"}),
        ("enfermera", {"Certified Nursing Assistant"}),
        ("enfermería", {"Certified Nursing Assistant"}),
        ("policía", {"Law Enforcement Careers"}),
        ("cocinero", {"Culinary Arts"}),
    ],
)
def test_the_words_people_use_find_the_right_demo_courses(demo_catalog, words, best):
    # The best matches come first, in an order each engine's ranking decides.
    assert set(found(words)[: len(best)]) == best


def test_a_title_match_ranks_above_a_course_that_only_leads_to_the_work(demo_catalog):
    titles = found("welding")
    assert titles[0] == "Welding Technology"


def test_every_word_must_match(demo_catalog):
    assert found("nursing welding") == []


def test_punctuation_and_search_syntax_are_only_words(demo_catalog):
    assert found('"nurse" OR * NEAR(') == found("nurse near")
    assert found("***") == [course.title for course in courses_search(text="")]


def test_searching_the_public_catalog_page(client, demo_catalog):
    response = client.get("/catalog/", {"q": "enfermera"})
    assert response.status_code == 200
    assert [c.title for c in response.context["courses"]][0] == "Certified Nursing Assistant"


def test_a_new_course_is_found_at_once(demo_catalog):
    Course.objects.create(
        code="ROP-NEW", title="Pharmacy Clerk", pathway=Course.objects.first().pathway, hours=90
    )
    assert found("pharmacy")[0] == "Pharmacy Clerk"


def test_the_engine_is_the_databases_own(demo_catalog):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'catalog_course_search_vector'"
            )
            assert "USING gin (vector)" in cursor.fetchone()[0]
        else:
            cursor.execute("SELECT count(*) FROM catalog_course_fts")
            assert cursor.fetchone()[0] == Course.objects.count()
