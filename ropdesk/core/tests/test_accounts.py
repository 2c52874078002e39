"""Signing in and out, changing and resetting a password."""

import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f

pytestmark = pytest.mark.django_db


def test_sign_in_lands_on_the_dashboard_and_sign_out_goes_home(client):
    f.user("ines", role=Role.COUNSELOR, organization=f.district())
    response = client.post("/accounts/login/", {"username": "ines", "password": f.PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/"
    assert client.get("/dashboard/").status_code == 302


def test_a_wrong_password_keeps_the_username_and_says_why(client):
    f.user("ines")
    response = client.post("/accounts/login/", {"username": "ines", "password": "nope"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="ines"' in page
    assert "enter a correct username and password" in page


@pytest.mark.real_hashing
def test_passwords_are_stored_with_argon2():
    account = f.user("ines")
    assert identify_hasher(account.password).algorithm == "argon2"


def test_changing_the_password(client):
    account = f.user("ines")
    client.force_login(account)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": f.PASSWORD,
            "new_password1": "a much longer secret 42",
            "new_password2": "a much longer secret 42",
        },
    )
    assert response["Location"] == "/accounts/password_change/done/"
    account.refresh_from_db()
    assert account.check_password("a much longer secret 42")


def test_resetting_a_forgotten_password_by_email(client):
    account = f.user("ines", email="ines@example.org")
    response = client.post("/accounts/password_reset/", {"email": "ines@example.org"})
    assert response["Location"] == "/accounts/password_reset/done/"
    [message] = mail.outbox
    assert message.to == ["ines@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", str(message.body)).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    response = client.post(
        form_url,
        {"new_password1": "a brand new secret 77", "new_password2": "a brand new secret 77"},
    )
    assert response["Location"] == "/accounts/reset/done/"
    account.refresh_from_db()
    assert account.check_password("a brand new secret 77")


def test_the_public_pages_need_no_account(client):
    for url in ("/", "/catalog/", "/credits/", "/accounts/login/"):
        assert client.get(url).status_code == 200, url


def test_the_credits_page_names_every_data_source(client):
    page = client.get("/credits/").content.decode()
    assert "CALPADS Valid Code Combinations v12.0" in page
    assert "O*NET 29.3 Database" in page and "CC BY 4.0" in page
    assert "RIASEC Markers" in page


def test_a_nul_character_in_a_query_is_refused_with_400_not_a_server_error(client):
    assert client.get("/catalog/", {"q": "nurse\x00"}).status_code == 400
    client.force_login(f.user("boss", role=Role.ADMINISTRATOR))
    response = client.get("/api/v1/students/", {"district": "\x00"})
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
