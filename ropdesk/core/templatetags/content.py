"""Catalog and career content in the page's language (see core/content.py).

    {{ course|content:"title" }}        the Spanish title on a Spanish page, else the English
                                         one, marked lang="en" when it stands in for Spanish
    {{ course|content_text:"title" }}   the same as plain text, for attributes and <option>s

Loaded on every template (settings TEMPLATES "builtins").
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from ropdesk.core.content import shown, shown_html

register = template.Library()


@register.filter
def content(obj: Any, field: str) -> SafeString:
    return shown_html(obj, field)


@register.filter
def content_text(obj: Any, field: str) -> str:
    return shown(obj, field)
