"""Where a form sends the person back: a `next` target only when it stays on this site.

A `next` value comes from the request, so anyone can craft a link whose form would send a
signed-in user on to another site after a real action (an open redirect, OWASP's
"unvalidated redirects and forwards"). Every view that honours `next` asks here.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, target: str | None, default: str) -> str:
    """`target` when it is a URL on this host (and scheme, over HTTPS), else `default`
    (a URL or a URL name)."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def redirect_back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Redirect to the form's `next` (POST, then GET) when it is safe, else to `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    return redirect(safe_next(request, target, default))
