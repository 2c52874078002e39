"""Failed sign-ins: an account is locked after AXES_FAILURE_LIMIT failures in a row for
AXES_COOLOFF_TIME (django-axes), and an address that fails too often is refused for a while
(ROPDESK["RATE_LIMITS"]["signin"]), so that guessing at many accounts from one place stops too.
The address limit is higher than the account limit: a whole school signs in from one address.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from ropdesk.core import ratelimit


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, for sign-ins that come with a request (the sign-in pages). A call
    without one (the shell, a management command, the test client's login) has no address or
    form to lock and goes on to the password backends."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


@receiver(user_login_failed)
def _count_failure_by_address(sender: Any, request: HttpRequest | None = None, **_: Any) -> None:
    limit = ratelimit.limit_of("signin", "address")
    if request is not None and limit is not None:
        address = ratelimit.client_address(request) or "unknown"
        ratelimit.hit("signin", "address", address, limit)


def signin(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    """Django's sign-in page, refused with 429 while the address is over its failure limit."""
    limit = ratelimit.limit_of("signin", "address")
    if request.method == "POST" and limit is not None:
        address = ratelimit.client_address(request) or "unknown"
        retry_at = ratelimit.over("signin", "address", address, limit)
        if retry_at is not None:
            return ratelimit.too_many_requests(request, retry_at)
    return auth_views.LoginView.as_view()(request, *args, **kwargs)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The page a locked account gets (AXES_LOCKOUT_CALLABLE), in the site's layout."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response
