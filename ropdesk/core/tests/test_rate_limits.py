"""Rate limits on the public forms (issue 12: 30 anonymous complaints in 1.9 s were all
stored): per client address, and per e-mail address typed in the form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import caches
from django.urls import reverse

from ropdesk.complaints.models import Complaint
from ropdesk.complaints.tests.test_views import form_data as complaint_data
from ropdesk.core.ratelimit import Limit, hit
from ropdesk.core.tests import factories as f
from ropdesk.enrollment.models import Application
from ropdesk.enrollment.tests.test_pages import form_data as application_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.ROPDESK = {
        **settings.ROPDESK,
        "RATE_LIMITS": {
            "complaint": {"address": (3, 3600), "target": (2, 3600)},
            "apply": {"address": (3, 3600), "target": (2, 3600)},
            "password_reset": {"address": (3, 3600), "target": (2, 3600)},
            "signin": {"address": (4, 900)},
        },
    }


def test_the_fourth_complaint_from_one_address_in_an_hour_gets_the_429_page(client, limits):
    for _ in range(3):
        assert client.post("/complaints/file/", complaint_data()).status_code == 302
    response = client.post("/complaints/file/", complaint_data())
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many requests" in page and "Please try again in" in page
    assert '<main id="main"' in page  # the site's layout
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Complaint.objects.count() == 3


def test_another_address_may_still_file(client, limits):
    for _ in range(4):
        client.post("/complaints/file/", complaint_data())
    other = client.post("/complaints/file/", complaint_data(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_the_limit_reopens_when_its_window_ends(client, limits, _frozen_clock):
    for _ in range(4):
        client.post("/complaints/file/", complaint_data())
    _frozen_clock.shift(timedelta(hours=1))
    assert client.post("/complaints/file/", complaint_data()).status_code == 302


def test_one_typed_address_gets_at_most_two_receipts_an_hour_from_any_address(client, limits):
    named = complaint_data(anonymous="", filer_name="Ana", filer_email="ana@example.org")
    for k in range(2):
        response = client.post("/complaints/file/", named, REMOTE_ADDR=f"10.0.1.{k}")
        assert response.status_code == 302
    third = client.post("/complaints/file/", named, REMOTE_ADDR="10.0.1.9")
    assert third.status_code == 429
    assert Complaint.objects.filter(filer_email="ana@example.org").count() == 2


def test_the_public_application_is_limited_per_address(client, limits):
    district = f.district()
    school = f.school(district)
    section = f.section()
    for k in range(3):
        data = application_data(
            section, district, school, email=f"s{k}@example.org", guardian_email=f"p{k}@x.org"
        )
        client.post("/apply/", data)
    response = client.post("/apply/", application_data(section, district, school))
    assert response.status_code == 429
    assert Application.objects.count() == 3


def test_password_reset_mails_one_address_at_most_twice_an_hour(client, limits):
    f.user("ana", email="ana@example.org")
    for k in range(2):
        client.post(
            reverse("password_reset"), {"email": "ana@example.org"}, REMOTE_ADDR=f"10.2.0.{k}"
        )
    third = client.post(
        reverse("password_reset"), {"email": "ANA@example.org"}, REMOTE_ADDR="10.2.0.9"
    )
    assert third.status_code == 429
    assert len(mail.outbox) == 2


def test_the_limiter_counts_in_the_database_cache_table(settings):
    """Production counts in the database cache so that every process sees the same hits."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "ropdesk_cache",
        }
    }
    limit = Limit(hits=2, seconds=60)
    assert hit("test", "address", "192.0.2.1", limit) is None
    assert hit("test", "address", "192.0.2.1", limit) is None
    assert hit("test", "address", "192.0.2.1", limit) is not None
    caches["default"].clear()
