"""The access policy for funding figures of one section (core/access.py holds the rest:
who sees the ADA report, and for which districts)."""

from __future__ import annotations

from ropdesk.core import access
from ropdesk.core.types import Actor
from ropdesk.scheduling.models import Section


def can_see_section_funding(user: Actor, section: Section) -> bool:
    """A section's hours and forecast: its instructor, the office, its district's coordinator."""
    if not getattr(user, "is_active", False):
        return False
    scope = access.scope_of(user)
    return (
        scope.county_wide
        or (section.instructor_id is not None and section.instructor_id == user.pk)
        or (section.site.district_id in scope.district_ids)
    )
