"""The course page's "what industry asked for and what changed" (catalog cannot import this
app, so the catalog template includes it through this tag)."""

from __future__ import annotations

from typing import Any

from django import template

from ropdesk.partners import queries

register = template.Library()


@register.inclusion_tag("partners/_course_industry.html")
def course_industry(course: Any) -> dict[str, Any]:
    return {"course": course, "panel": queries.industry_panel(course)}
