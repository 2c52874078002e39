"""Signing in, in the browser (issue 12): five wrong passwords lock the account; a staff
member enrolls an authenticator app (typing the secret the page shows), keeps the recovery
codes, and next time types a code after the password. At desktop size and on a phone."""

from __future__ import annotations

from base64 import b32decode
from datetime import timedelta

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from tests.browser.conftest import fits_the_screen, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_password(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()


def code_from(secret_text: str) -> str:
    key = b32decode(secret_text.replace(" ", ""))
    return f"{totp(key, step=30, digits=6):06d}"


def test_five_wrong_passwords_lock_the_account(live_server, phone: Page):
    f.user("olga", role=Role.ADMINISTRATOR)
    for _attempt in range(5):
        type_password(phone, live_server.url, "olga", "not-her-password")
    text = phone.locator("main").inner_text()
    assert "This account is locked after 5 failed sign-ins in a row." in text
    type_password(phone, live_server.url, "olga", f.PASSWORD)  # even the right one, for now
    assert "locked" in phone.locator("main").inner_text()
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []


def test_a_staff_member_enrolls_an_authenticator_then_signs_in_with_a_code(
    live_server, page: Page, settings, _frozen_clock
):
    settings.ROPDESK_REQUIRE_STAFF_MFA = True
    f.user("olga", role=Role.ADMINISTRATOR)
    type_password(page, live_server.url, "olga", f.PASSWORD)
    page.wait_for_url(f"{live_server.url}/accounts/mfa/enroll/**")
    assert serious_violations(page) == []
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Code").fill(code_from(secret))
    page.get_by_role("button", name="Confirm").click()
    codes = page.locator("main li code").all_inner_texts()
    assert len(codes) == 10

    page.goto(f"{live_server.url}/dashboard/")
    page.locator("header").get_by_role("button", name="Sign out").click()
    _frozen_clock.shift(timedelta(seconds=31))  # a code is good once: the next step's
    type_password(page, live_server.url, "olga", f.PASSWORD)
    page.wait_for_url(f"{live_server.url}/accounts/mfa/verify/**")
    page.get_by_label("Code").fill(code_from(secret))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")
    assert page.get_by_role("heading", level=1).is_visible()
