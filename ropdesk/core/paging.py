"""One way to cut a list that grows with the county into pages (issue 16): Django's
Paginator, the page number from the query string, and partials/pager.html for the links."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 50


def page_of(request: HttpRequest, items: Any, *, param: str = "page", per: int = PER_PAGE) -> Page:
    """The page of `items` the query string asks for (the last for a number past the end, the
    first for anything that is not a number)."""
    return Paginator(items, per).get_page(request.GET.get(param))
