"""A small rate limiter on Django's cache (the database cache table, so that every process
counts the same hits without another server).

A limit is a number of hits in a fixed window of seconds, counted per client address and,
where the form sends mail to an address typed in it, per that address too. A limited request
gets the 429 page saying when to try again. The numbers are settings
(ROPDESK["RATE_LIMITS"], docs/operations.md).
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

View = Callable[..., HttpResponseBase]


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address. Behind the HTTPS proxy (ROPDESK_BEHIND_HTTPS_PROXY) it is the
    last X-Forwarded-For entry, the one the proxy itself appended; anything before it was
    written by the client and proves nothing."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR") or None  # None: a request made in code


@dataclass(frozen=True)
class Limit:
    hits: int
    seconds: int


def limit_of(scope: str, kind: str) -> Limit | None:
    """The configured limit of a scope ("complaint", "apply", ...) for "address" or "target"."""
    configured = settings.ROPDESK["RATE_LIMITS"].get(scope, {}).get(kind)
    return Limit(*configured) if configured else None


def _key(scope: str, kind: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(ident.strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{kind}:{digest}:{window}"


def hit(scope: str, kind: str, ident: str, limit: Limit) -> datetime | None:
    """Count one hit; None if within the limit, else the moment the window reopens."""
    now = timezone.now().timestamp()
    window = int(now // limit.seconds)
    cache = caches[settings.ROPDESK_RATE_LIMIT_CACHE]
    key = _key(scope, kind, ident, window)
    cache.add(key, 0, timeout=limit.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the window's first hit
        cache.set(key, 1, timeout=limit.seconds + 1)
        count = 1
    if count <= limit.hits:
        return None
    reopens = (window + 1) * limit.seconds
    return timezone.now() + timedelta(seconds=math.ceil(reopens - now))


def over(scope: str, kind: str, ident: str, limit: Limit) -> datetime | None:
    """Like `hit`, without counting: the moment the window reopens if already over."""
    now = timezone.now().timestamp()
    window = int(now // limit.seconds)
    count = caches[settings.ROPDESK_RATE_LIMIT_CACHE].get(_key(scope, kind, ident, window), 0)
    if count < limit.hits:
        return None
    return timezone.now() + timedelta(seconds=math.ceil((window + 1) * limit.seconds - now))


def check(scope: str, request: HttpRequest, targets: tuple[str, ...] = ()) -> datetime | None:
    """Count the request against the scope's limits; the latest reopening moment if over."""
    moments = []
    by_address = limit_of(scope, "address")
    if by_address:
        address = client_address(request) or "unknown"
        moments.append(hit(scope, "address", address, by_address))
    by_target = limit_of(scope, "target")
    if by_target:
        for target in {t.strip().lower() for t in targets if t.strip()}:
            moments.append(hit(scope, "target", target, by_target))
    over = [moment for moment in moments if moment is not None]
    return max(over) if over else None


def too_many_requests(request: HttpRequest, retry_at: datetime) -> HttpResponse:
    """The 429 page, in the site's layout, saying when to try again."""
    seconds = max(1, math.ceil((retry_at - timezone.now()).total_seconds()))
    response = render(
        request,
        "core/rate_limited.html",
        {"retry_at": timezone.localtime(retry_at), "minutes": math.ceil(seconds / 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def rate_limited(scope: str, *target_fields: str) -> Callable[[View], View]:
    """Limit POSTs to a view: per client address and, with `target_fields`, per e-mail
    address typed in those form fields (so that no one can make the program mail a stranger
    again and again)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST":
                targets = tuple(request.POST.get(name, "") for name in target_fields)
                retry_at = check(scope, request, targets)
                if retry_at is not None:
                    return too_many_requests(request, retry_at)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
