"""Who may have a district's return files: the office, for every district; a district
coordinator, for their own district only. Anyone else, and another district, get a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ropdesk.core import access
from ropdesk.core.models import Organization
from ropdesk.returns.models import HandOff


def return_districts_of(user: Any) -> QuerySet[Organization]:
    districts = Organization.objects.filter(kind=Organization.Kind.DISTRICT)
    if not getattr(user, "is_active", False):
        return districts.none()
    scope = access.scope_of(user)
    if scope.county_wide:
        return districts
    return districts.filter(pk__in=scope.district_ids)


def can_get_returns(user: Any) -> bool:
    return return_districts_of(user).exists()


def get_return_district_for(user: Any, pk: Any) -> Organization:
    try:
        return return_districts_of(user).get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such district") from missing


def hand_offs_visible_to(user: Any) -> QuerySet[HandOff]:
    return HandOff.objects.filter(district__in=return_districts_of(user))


def can_set_up_returns(user: Any) -> bool:
    """SEIDs, CDS codes, course credits and CALPADS codes: the office only."""
    return bool(getattr(user, "is_active", False)) and access.scope_of(user).county_wide


def require_returns_setup(user: Any) -> None:
    if not can_set_up_returns(user):
        raise Http404("No such page")
