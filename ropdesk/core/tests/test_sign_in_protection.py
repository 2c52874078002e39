"""Signing in: lockout after failed passwords, a one-time password for staff, and staff
sessions that end when idle or too old (issue 12, item 6)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in(client: Client, username: str, password: str = f.PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


# --- lockout -------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_for_the_cool_off_in_english(client):
    f.user("olga", role=Role.ADMINISTRATOR)
    for _ in range(4):
        assert sign_in(client, "olga", "wrong").status_code == 200
    locked = sign_in(client, "olga", "wrong")
    assert locked.status_code == 429
    assert "This account is locked after 5 failed sign-ins in a row." in locked.content.decode()
    assert "Try again in 15 minutes" in locked.content.decode()
    # Even the right password is refused during the cool-off, from another address too.
    again = sign_in(client, "olga", REMOTE_ADDR="10.9.9.9")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_is_in_spanish_for_a_spanish_visitor(client):
    f.user("olga")
    for _ in range(5):
        sign_in(client, "olga", "wrong")
    page = sign_in(client, "olga", "wrong", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'lang="es"' in page
    assert "Inicio de sesión bloqueado" in page


def test_the_account_opens_again_after_the_cool_off(client, _frozen_clock):
    f.user("olga")
    for _ in range(5):
        sign_in(client, "olga", "wrong")
    _frozen_clock.shift(timedelta(minutes=16))
    assert sign_in(client, "olga").status_code == 302


def test_an_address_guessing_many_accounts_is_refused(client, settings):
    settings.ROPDESK = {**settings.ROPDESK, "RATE_LIMITS": {"signin": {"address": (4, 900)}}}
    for k in range(4):
        sign_in(client, f"nobody{k}", "wrong")
    f.user("real")
    refused = sign_in(client, "real")
    assert refused.status_code == 429
    assert sign_in(client, "real", REMOTE_ADDR="10.1.1.1").status_code == 302


# --- one-time passwords for staff -------------------------------------------------------------


@pytest.fixture
def mfa_on(settings):
    settings.ROPDESK_REQUIRE_STAFF_MFA = True


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.mark.parametrize(
    "role",
    [
        Role.ADMINISTRATOR,
        Role.SUPPORT_SERVICES,
        Role.DISTRICT_COORDINATOR,
        Role.COUNSELOR,
        Role.INSTRUCTOR,
    ],
)
def test_staff_without_a_device_are_sent_to_enrollment_and_reach_no_other_page(
    client, mfa_on, role
):
    needs_org = role in (Role.DISTRICT_COORDINATOR, Role.COUNSELOR)
    f.user("staff", role=role, organization=f.district() if needs_org else None)
    response = sign_in(client, "staff")
    assert response.status_code == 302
    for path in ("/dashboard/", "/students/", "/admin/", "/catalog/"):
        blocked = client.get(path)
        assert blocked.status_code == 302, path
        assert blocked["Location"].startswith("/accounts/mfa/enroll/?next="), path


def test_students_parents_and_supervisors_sign_in_with_a_password_only(client, mfa_on):
    student = f.user("stu")
    student.roles.create(role=Role.STUDENT)
    sign_in(client, "stu")
    assert client.get("/dashboard/").status_code == 200


def test_enrollment_shows_the_otpauth_address_and_a_qr_code_then_recovery_codes_once(
    client, mfa_on, _frozen_clock
):
    staff = f.user("olga", role=Role.ADMINISTRATOR)
    sign_in(client, "olga")
    page = client.get("/accounts/mfa/enroll/?next=/students/").content.decode()
    assert "otpauth://totp/ropdesk%3Aolga?secret=" in page
    assert "<svg" in page and "<path" in page
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    wrong = client.post("/accounts/mfa/enroll/", {"code": "000000", "next": "/students/"})
    assert "That code is not right" in wrong.content.decode()
    _frozen_clock.shift(timedelta(seconds=2))  # each failure makes the next try wait longer

    done = client.post("/accounts/mfa/enroll/", {"code": code_for(device), "next": "/students/"})
    text = done.content.decode()
    codes = re.findall(r"<li><code>([0-9a-f]{10})</code></li>", text)
    assert len(codes) == 10
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(codes)
    assert client.get("/students/").status_code == 200
    assert AuditEvent.objects.filter(action="account.mfa_enrol").count() == 1
    # Shown once: the enrollment page now makes a new secret, never the old codes.
    assert codes[0] not in client.get("/accounts/mfa/enroll/").content.decode()


@pytest.fixture
def enrolled(db):
    staff = f.user("olga", role=Role.ADMINISTRATOR)
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    recovery = StaticDevice.objects.create(user=staff, name="recovery codes", confirmed=True)
    recovery.token_set.create(token="abcde12345")
    return device


def test_staff_with_a_device_type_a_code_after_the_password(
    client, mfa_on, enrolled, _frozen_clock
):
    sign_in(client, "olga")
    blocked = client.get("/students/")
    assert blocked["Location"] == "/accounts/mfa/verify/?next=%2Fstudents%2F"
    wrong = client.post("/accounts/mfa/verify/", {"code": "123456", "next": "/students/"})
    assert "That code is not right" in wrong.content.decode()
    too_soon = client.post("/accounts/mfa/verify/", {"code": code_for(enrolled)})
    assert "Too many wrong codes" in too_soon.content.decode()
    _frozen_clock.shift(timedelta(seconds=3))
    right = client.post("/accounts/mfa/verify/", {"code": code_for(enrolled), "next": "/students/"})
    assert right.status_code == 302 and right["Location"] == "/students/"
    assert client.get("/students/").status_code == 200


def test_a_recovery_code_works_once(client, mfa_on, enrolled):
    sign_in(client, "olga")
    used = client.post("/accounts/mfa/verify/", {"code": "ABCDE 12345"})
    assert used.status_code == 302
    assert AuditEvent.objects.filter(action="account.mfa_recovery_used").count() == 1
    other = Client()
    sign_in(other, "olga")
    again = other.post("/accounts/mfa/verify/", {"code": "abcde12345"})
    assert "already used" in again.content.decode()


def test_the_verify_step_does_not_send_anyone_to_another_site(client, mfa_on, enrolled):
    sign_in(client, "olga")
    response = client.post(
        "/accounts/mfa/verify/", {"code": code_for(enrolled), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/dashboard/"


def test_with_the_setting_off_staff_sign_in_with_a_password_only(client, settings):
    settings.ROPDESK_REQUIRE_STAFF_MFA = False
    f.user("olga", role=Role.ADMINISTRATOR)
    sign_in(client, "olga")
    assert client.get("/students/").status_code == 200


# --- staff session limits -----------------------------------------------------------------------


def test_a_staff_session_idle_for_more_than_30_minutes_ends(client, _frozen_clock):
    f.user("olga", role=Role.ADMINISTRATOR)
    sign_in(client, "olga")
    _frozen_clock.shift(timedelta(minutes=29))
    assert client.get("/students/").status_code == 200
    _frozen_clock.shift(timedelta(minutes=29))
    assert client.get("/students/").status_code == 200  # active: the idle clock restarted
    _frozen_clock.shift(timedelta(minutes=31))
    ended = client.get("/students/", follow=True)
    assert ended.redirect_chain[0][0].startswith("/accounts/login/?next=")
    assert "signed out after 30 minutes without activity" in ended.content.decode()


def test_a_staff_session_ends_12_hours_after_sign_in_however_active(client, _frozen_clock):
    f.user("olga", role=Role.ADMINISTRATOR)
    sign_in(client, "olga")
    for _ in range(24):
        _frozen_clock.shift(timedelta(minutes=29))
        assert client.get("/dashboard/").status_code == 200
    _frozen_clock.shift(timedelta(minutes=25))  # 12 h 1 min after sign-in
    ended = client.get("/dashboard/", follow=True)
    assert "reached its 12-hour limit" in ended.content.decode()


def test_a_student_session_has_no_idle_limit(client, _frozen_clock):
    student = f.user("stu")
    student.roles.create(role=Role.STUDENT)
    sign_in(client, "stu")
    _frozen_clock.shift(timedelta(hours=3))
    assert client.get("/dashboard/").status_code == 200
