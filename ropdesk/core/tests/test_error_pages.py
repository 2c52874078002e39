"""Error pages are pages of the site: its header, menu and language, and a way back."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import translation

from ropdesk.core import errors
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_in_the_site_layout_with_a_way_back(client):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page" in page
    assert 'class="site-header"' in page
    assert 'href="/"' in page and 'href="/catalog/"' in page
    assert "Non-discrimination notice" in page


def test_a_signed_in_user_is_offered_their_dashboard(client):
    client.force_login(f.user("terry", role=Role.INSTRUCTOR))
    page = client.get("/no-such-page/").content.decode()
    assert 'href="/dashboard/"' in page
    assert "Go to your dashboard" in page


def test_the_missing_page_speaks_the_visitors_language(client):
    client.cookies["django_language"] = "es"
    page = client.get("/no-such-page/").content.decode()
    assert "No encontramos esa página" in page
    assert '<html lang="es">' in page


def test_the_server_error_page_is_in_the_layout():
    request = RequestFactory().get("/somewhere/")
    request.user = f.user("visitor")
    response = errors.server_error(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_the_server_error_page_still_answers_when_the_layout_cannot_render():
    # A request that never reached the authentication middleware has no user: the layout's
    # menu cannot be built, and the bare page answers instead.
    request = RequestFactory().get("/somewhere/")
    with translation.override("es"):
        request.LANGUAGE_CODE = "es"
        response = errors.server_error(request)
    assert response.status_code == 500
    assert "Algo falló de nuestro lado" in response.content.decode()
