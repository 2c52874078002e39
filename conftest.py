import os

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls the tests
# make between browser steps are ordinary synchronous calls, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest


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
