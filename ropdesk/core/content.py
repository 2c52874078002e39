"""Content in the reader's language: catalog and career data (a sector's name, a course's
title, an occupation's title) kept in English with a Spanish twin column (`name_es`,
`title_es`, ...) on the same row.

The twin sits on the same row as the English, so a page reads both with the query it already
makes (no join, no per-row lookup: query counts stay constant). `shown(obj, "title")` gives the
text for the active language: the Spanish when the page is in Spanish and the row has it,
else the English. `shown_html` does the same for a page and marks an English fallback on a
Spanish page with `lang="en"`, so a screen reader reads it with English pronunciation
(WCAG 2.1 SC 3.1.2, Language of Parts). Templates use the filters of
`core/templatetags/content.py`: `{{ course|content:"title" }}` (markup) and
`{{ course|content_text:"title" }}` (plain text, for attributes and menus).
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

# The languages a content column may have a twin in (the site's languages other than English).
TWIN_LANGUAGES = ("es",)


def language() -> str:
    """The active language's base code ("es" for "es-mx"), English when none is active."""
    return (get_language() or "en").split("-")[0].lower()


def in_spanish() -> bool:
    return language() == "es"


def twin_field(field: str, code: str) -> str:
    return f"{field}_{code}"


def translation_of(obj: Any, field: str) -> str | None:
    """The text of `field` in the active language, or None when the page is in English or the
    row has no translation (blank twin, or no twin column)."""
    code = language()
    if code not in TWIN_LANGUAGES:
        return None
    value = getattr(obj, twin_field(field, code), None)
    return value if isinstance(value, str) and value.strip() else None


def shown(obj: Any, field: str) -> str:
    """Plain text of `field` in the active language, falling back to the English."""
    if obj is None:
        return ""
    translated = translation_of(obj, field)
    if translated is not None:
        return translated
    return str(getattr(obj, field, "") or "")


def is_fallback(obj: Any, field: str) -> bool:
    """True when a non-English page shows this field's English text (no translation)."""
    english = str(getattr(obj, field, "") or "")
    return language() != "en" and bool(english) and translation_of(obj, field) is None


def shown_html(obj: Any, field: str) -> SafeString:
    """`shown`, escaped, with an English fallback on a Spanish page inside `<span lang="en">`."""
    if obj is None:
        return SafeString("")
    if is_fallback(obj, field):
        return format_html('<span lang="en">{}</span>', getattr(obj, field))
    return format_html("{}", shown(obj, field))
