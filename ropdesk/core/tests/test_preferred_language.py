"""A person's preferred language: signing in switches the site to it, choosing a language
while signed in keeps it, and mail is written in it (the parent's consent e-mail too)."""

from __future__ import annotations

import pytest
from django.conf import settings

from ropdesk.core.models import MailMessage, User
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.enrollment.tests.test_pages import form_data

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in(client, username: str):
    return client.post(LOGIN, {"username": username, "password": f.PASSWORD})


def test_signing_in_switches_the_site_to_the_preferred_language(client):
    f.user("ana", preferred_language="es")
    assert '<html lang="en"' in client.get("/catalog/").content.decode()
    response = sign_in(client, "ana")
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get("/catalog/").content.decode()
    assert '<html lang="es"' in page
    assert "<h1>Catálogo de cursos</h1>" in page


def test_an_english_speaker_gets_english_after_a_spanish_visitor_on_the_same_browser(client):
    f.user("ben", preferred_language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    sign_in(client, "ben")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en"' in client.get("/catalog/").content.decode()


def test_a_wrong_password_changes_no_language(client):
    f.user("ana", preferred_language="es")
    client.post(LOGIN, {"username": "ana", "password": "wrong"})
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_choosing_a_language_while_signed_in_becomes_the_preferred_language(client):
    account = f.user("ana", preferred_language="en")
    client.force_login(account)
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    account.refresh_from_db()
    assert account.preferred_language == "es"
    # Anonymous visitors' choices touch no account.
    client.logout()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    account.refresh_from_db()
    assert account.preferred_language == "es"


def test_the_consent_e_mail_goes_in_the_home_language_of_the_family(client):
    district = f.district()
    school = f.school(district)
    section = f.section()
    data = form_data(section, district, school, home_language="Spanish")
    with committed_then_worked():
        assert client.post("/apply/", data).status_code == 302  # filled in English
    letter = MailMessage.objects.get(to="rosa@example.org")
    assert letter.language == "es"
    assert letter.subject.startswith("Se necesita su consentimiento")
    assert letter.body.startswith("Hola, Rosa Flores:")


@pytest.mark.parametrize(
    ("stated", "language", "subject"),
    [("en", "en", "Consent needed"), ("", "es", "Se necesita su consentimiento")],
)
def test_a_parent_with_an_account_gets_the_consent_e_mail_in_its_stated_language_else_the_familys(
    client, stated, language, subject
):
    User.objects.create_user("rosa", email="rosa@example.org", preferred_language=stated)
    district = f.district()
    school = f.school(district)
    section = f.section()
    data = form_data(section, district, school, home_language="Spanish")
    with committed_then_worked():
        client.post("/apply/", data)
    letter = MailMessage.objects.get(to="rosa@example.org")
    assert letter.language == language
    assert letter.subject.startswith(subject)


def test_an_account_that_states_no_language_keeps_the_browsers_on_sign_in(client):
    account = f.user("cruz")
    assert account.preferred_language == ""  # an import or the office does not know it
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    sign_in(client, "cruz")
    assert '<html lang="es"' in client.get("/catalog/").content.decode()
    account.refresh_from_db()
    assert account.preferred_language == ""
