"""Reports and exports read a streaming replica when DATABASE_REPLICA_URL names one
(docs/operations.md, "County and statewide deployments").

Only what runs inside `report_reads()` goes there: the ADA report and its downloads, the
API's report, the roster export. Everything else reads the primary: certification, imports,
every page that writes, and, for REPLICA_PIN_SECONDS after a person's last write, everything
that person reads (a replica lags; they must see what they just did). Writes always go to the
primary; the cache's table too (its version keys must never lag).
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "ropdesk_wrote"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
_reports = contextvars.ContextVar("ropdesk_report_reads", default=False)
_pinned = contextvars.ContextVar("ropdesk_pinned_to_primary", default=False)


def enabled() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def report_reads() -> Iterator[None]:
    """Reads inside go to the replica (when there is one and nothing pins them)."""
    token = _reports.set(True)
    try:
        yield
    finally:
        _reports.reset(token)


@contextmanager
def pinned_to_primary() -> Iterator[None]:
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def reading_alias() -> str:
    """The database a read should use now: the replica only for report reads, outside any
    transaction on the primary (a transaction reads its own writes) and when not pinned."""
    if not (enabled() and _reports.get()) or _pinned.get():
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA


class ReplicaRouter:
    """DATABASE_ROUTERS entry when a replica is configured."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if model._meta.app_label == "django_cache":  # DatabaseCache's entries
            return DEFAULT_DB_ALIAS
        return reading_alias()

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same database, copied

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class PinAfterWriteMiddleware:
    """Whoever just wrote (any request that is not GET/HEAD) reads the primary for
    REPLICA_PIN_SECONDS, by a signed cookie holding the time of their last write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            return self.get_response(request)
        seconds = int(settings.ROPDESK.get("REPLICA_PIN_SECONDS", 30))
        wrote = request.method not in SAFE_METHODS
        last = request.get_signed_cookie(PIN_COOKIE, default="0", max_age=seconds)
        token = _pinned.set(wrote or _recent(last or "0", seconds))
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if wrote:
            response.set_signed_cookie(
                PIN_COOKIE, str(int(time.time())), max_age=seconds, httponly=True, samesite="Lax"
            )
        return response


def _recent(text: str, seconds: int) -> bool:
    try:
        return time.time() - int(text) < seconds
    except ValueError:
        return False
