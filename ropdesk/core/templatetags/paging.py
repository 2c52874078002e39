"""The pager's links keep the page's filters: the current query string with one page number
changed (partials/pager.html)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: dict[str, Any], number: int, param: str = "page") -> str:
    """`?` and the request's query string with `param` set to `number` (escaped by the
    template as any other value)."""
    query = context["request"].GET.copy()
    query[param] = str(number)
    return "?" + query.urlencode()
