"""Request checks that every page and API endpoint needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core import mfa

SIGNED_IN_AT = "ropdesk_signed_in_at"
LAST_SEEN_AT = "ropdesk_last_seen_at"


class RejectNulCharactersMiddleware:
    """Answer 400 to a URL or query string holding a NUL character.

    PostgreSQL text cannot hold NUL, so such a value reaching a filter would end in a server
    error there (and only there); forms already refuse it field by field.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        values = [request.path, *request.GET.keys()]
        values += [value for key in request.GET for value in request.GET.getlist(key)]
        if any("\x00" in value for value in values):
            message = _(
                "The address or a search term contains a NUL character, which is not allowed."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not set: a Content-Security-Policy that
    allows no inline script or style (ropdesk's scripts and styles are static files) and a
    Permissions-Policy that turns off device features no page uses. X-Content-Type-Options,
    Referrer-Policy and X-Frame-Options come from Django's own middleware (settings.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.ROPDESK_CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", settings.ROPDESK_PERMISSIONS_POLICY)
        return response


class StaffSessionMiddleware:
    """Staff sessions: a second factor, an idle timeout and an absolute lifetime.

    - A staff member (mfa.needs_second_factor) who signed in with a password but has not
      given a one-time password is sent to the verify page, or to enrollment if they have no
      device yet, and reaches no other page until done (ROPDESK_REQUIRE_STAFF_MFA).
    - A staff session idle for ROPDESK_STAFF_IDLE_MINUTES, or older than
      ROPDESK_STAFF_SESSION_HOURS since sign-in, is signed out.
    """

    # Pages a staff member may reach before the second factor.
    OPEN_PATHS = ("/static/", "/i18n/", "/accounts/logout/", "/accounts/mfa/")
    TOUCH_EVERY_SECONDS = 60  # save "last seen" at most once a minute: one write, not each hit

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and mfa.needs_second_factor(user):
            answer = self._check(request, user)
            if answer is not None:
                return answer
        return self.get_response(request)

    def _check(self, request: HttpRequest, user: Any) -> HttpResponse | None:
        now = timezone.now().timestamp()
        session = request.session
        started = session.setdefault(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN_AT, started)
        idle = settings.ROPDESK_STAFF_IDLE_MINUTES * 60
        lifetime = settings.ROPDESK_STAFF_SESSION_HOURS * 3600
        if now - last_seen > idle or now - started > lifetime:
            logout(request)
            messages.info(
                request,
                _("You were signed out after %(minutes)s minutes without activity.")
                % {"minutes": settings.ROPDESK_STAFF_IDLE_MINUTES}
                if now - last_seen > idle
                else _("Your session reached its %(hours)s-hour limit. Please sign in again.")
                % {"hours": settings.ROPDESK_STAFF_SESSION_HOURS},
            )
            return redirect_to_login(request.get_full_path())
        if now - last_seen >= self.TOUCH_EVERY_SECONDS or LAST_SEEN_AT not in session:
            session[LAST_SEEN_AT] = now
        if settings.ROPDESK_REQUIRE_STAFF_MFA and not user.is_verified():
            if not request.path.startswith(self.OPEN_PATHS):
                return redirect(mfa.next_step_url(user, request.get_full_path()))
        return None
