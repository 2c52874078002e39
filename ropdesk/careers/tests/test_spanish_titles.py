"""Occupation titles on Spanish pages: our Spanish title where we wrote one, else O*NET's
English title marked lang="en" (no Spanish O*NET-based source ships with ropdesk; see
docs/careers.md); the occupation search finds the Spanish title."""

from __future__ import annotations

import pytest
from django.conf import settings

from ropdesk.careers.tests import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


def test_an_occupation_page_shows_our_spanish_title_and_marks_the_english_description(spanish):
    nursing = cf.occupation("Nursing Assistants", (2, 3, 1, 6, 4, 3), code="31-1131.00")
    nursing.title_es = "Asistentes de enfermería"
    nursing.save(update_fields=["title_es"])
    page = spanish.get("/careers/occupations/31-1131.00/").content.decode()
    assert "<h1>Asistentes de enfermería</h1>" in page
    assert "<title>Asistentes de enfermería" in page
    assert f'<p><span lang="en">{nursing.description}</span></p>' in page


def test_an_untranslated_title_is_english_marked_for_screen_readers(spanish):
    cf.occupation("Helpers", (1, 2, 1, 6, 5, 2), code="47-3019.00")
    page = spanish.get("/careers/occupations/47-3019.00/").content.decode()
    assert '<h1><span lang="en">Helpers</span></h1>' in page
    listing = spanish.get("/careers/occupations/").content.decode()
    assert '<span lang="en">Helpers</span></a>' in listing


def test_the_occupation_search_finds_the_spanish_title(spanish):
    nursing = cf.occupation("Nursing Assistants", (2, 3, 1, 6, 4, 3), code="31-1131.00")
    nursing.title_es = "Asistentes de enfermería"
    nursing.search_words = "enfermera; cuidador de pacientes"
    nursing.save(update_fields=["title_es", "search_words"])
    cf.occupation("Helpers", (1, 2, 1, 6, 5, 2))
    for words in ("enfermería", "cuidador"):
        found = spanish.get("/careers/occupations/", {"q": words}).context["page"]
        assert [o.code for o in found] == ["31-1131.00"], words
