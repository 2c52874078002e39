"""Values read once per request: a page that asks the same question twice (a start page's
chart and its attention list both want the work-based-learning summary) reads it once.

Only within a GET or HEAD request (one that changes nothing, so what was read stays true
for the rest of it) and only while the request is being answered: outside a request (a task,
a command, a test calling the function itself) `once` computes every time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("ropdesk_request_memo", default=None)


def once(key: Hashable, build: Callable[[], T]) -> T:
    """`build()`, computed at most once for `key` in the current reading request."""
    memo = _memo.get()
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]


class RequestMemoMiddleware:
    """Gives each GET and HEAD request its own memo, dropped when it is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memo.set({} if request.method in ("GET", "HEAD") else None)
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
