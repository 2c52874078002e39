"""The person's own language, kept with their account (User.preferred_language).

- Signing in switches the site to it at once: the sign-in request is answered in it and the
  response sets Django's language cookie (`LocaleMiddleware` reads it on every page after).
- Choosing a language with the site's language menu while signed in saves it as the
  preferred language, so the next sign-in and the mail ropdesk writes to the person
  (core/mail.py, `mail_language`) follow the choice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from ropdesk.core.mail import language_code_for
from ropdesk.core.models import User

_SIGNED_IN_LANGUAGE = "_ropdesk_signed_in_language"


@receiver(user_logged_in)
def _use_the_preferred_language(
    sender: Any, request: HttpRequest | None, user: Any, **_: Any
) -> None:
    code = language_code_for(getattr(user, "preferred_language", "") or "")
    if request is None or code is None:
        return
    translation.activate(code)
    request.LANGUAGE_CODE = code
    setattr(request, _SIGNED_IN_LANGUAGE, code)


def set_language_cookie(response: HttpResponse, code: str) -> None:
    """The cookie Django's own language menu (`set_language`) sets, with the same settings."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class PreferredLanguageMiddleware:
    """Sets the language cookie after a sign-in, and saves a signed-in person's choice of
    language as their preferred language. After AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        signed_in = getattr(request, _SIGNED_IN_LANGUAGE, None)
        if signed_in is not None:
            set_language_cookie(response, signed_in)
        elif request.method == "POST" and request.path == reverse("set_language"):
            self._remember_choice(request)
        return response

    @staticmethod
    def _remember_choice(request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        code = language_code_for(request.POST.get("language", ""))
        if user is None or not user.is_authenticated or code is None:
            return
        if user.preferred_language != code:
            User.objects.filter(pk=user.pk).update(preferred_language=code)
            user.preferred_language = code
