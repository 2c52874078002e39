import os

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls the tests
# make between browser steps are ordinary synchronous calls, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from collections.abc import Iterator  # noqa: E402
from datetime import datetime  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import pytest  # noqa: E402
import time_machine  # noqa: E402
from django.conf import settings as django_settings  # noqa: E402
from pytest_django.fixtures import Settings  # noqa: E402

# Tests open and close a database connection per request, Django's default. The live server's
# threads serve a browser's kept-alive sockets, so with connections kept between requests
# (ROPDESK_DB_CONN_MAX_AGE, settings.py) they would still hold theirs when the suite ends, and
# PostgreSQL would refuse to drop the test database. pytest-django has loaded the settings
# by now, and no connection is open yet.
for _database in django_settings.DATABASES.values():
    _database["CONN_MAX_AGE"] = 0

# The suite's clock: a school day of the factories' Fall 2026 term and of the browser tests'
# demo county (seeded for 2026-11-02). Every test starts here whatever the machine's clock says,
# so the suite passes on any day; the clock then ticks, so waits and timeouts still work.
# A test that needs another moment says so with `@pytest.mark.clock("2027-07-15 09:00")`.
SUITE_TZ = ZoneInfo("America/Los_Angeles")
SUITE_NOW = datetime(2026, 11, 2, 10, 0, tzinfo=SUITE_TZ)


@pytest.fixture(autouse=True)
def _frozen_clock(request: pytest.FixtureRequest) -> Iterator[time_machine.Traveller]:
    marker = request.node.get_closest_marker("clock")
    moment = (
        datetime.fromisoformat(marker.args[0]).replace(tzinfo=SUITE_TZ) if marker else SUITE_NOW
    )
    with time_machine.travel(moment, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, request):
    """Argon2 is deliberately slow; tests that do not test hashing use a fast hasher.
    A test marked `real_hashing` keeps the production hashers."""
    if "real_hashing" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request in Spanish leaves Spanish active in the thread; every test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _sign_in_protection_for_tests(settings, request):
    """Each test counts rate limits and lockouts in its own cache, and staff need no second
    factor; the tests of those features (core/tests/test_sign_in_protection.py and others)
    turn them back on. Production has ROPDESK_REQUIRE_STAFF_MFA on (settings.py)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{id(request)}",
        }
    }
    settings.ROPDESK_REQUIRE_STAFF_MFA = False


@pytest.fixture(autouse=True)
def _sms_outbox(settings: Settings) -> Iterator[list[dict[str, str]]]:
    """Texts go to ropdesk.core.sms.outbox in tests, as e-mail goes to mail.outbox."""
    from ropdesk.core import sms

    settings.SMS_BACKEND = "ropdesk.core.sms.LocmemSmsBackend"
    settings.TWILIO_AUTH_TOKEN = ""
    sms.outbox.clear()
    yield sms.outbox


# `make test-any-day` runs the suite under libfaketime with the monotonic clock left alone
# (FAKETIME_DONT_FAKE_MONOTONIC=1: faking it hangs threads' waits). There, Python 3.11's
# time.sleep, which sleeps until a monotonic deadline (clock_nanosleep with TIMER_ABSTIME),
# fails with EINVAL: libfaketime shifts that deadline anyway (wolfcw/libfaketime#426). Tests
# that wait on real time (a subprocess, a thread, a second server) cannot run there; they
# are about waiting, not about the day, and run in every plain run of the suite.
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "faketime" not in os.environ.get("LD_PRELOAD", ""):
        return
    skip = pytest.mark.skip(reason="waits on real time: libfaketime breaks time.sleep (#426)")
    for item in items:
        if "sleeps_for_real" in item.keywords:
            item.add_marker(skip)
