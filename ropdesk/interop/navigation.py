"""The data-exchange menu entries: exports and imports, API tokens."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ropdesk.core import access
from ropdesk.core.contributions import NavLink
from ropdesk.core.types import Actor


def links(user: Actor) -> list[NavLink]:
    if not user.is_authenticated:
        return []
    items = []
    if access.can_export_roster(user):
        items.append(NavLink(reverse("interop_exchange"), _("Data exchange"), 80))
    if access.can_hold_api_token(user):
        items.append(NavLink(reverse("interop_tokens"), _("API tokens"), 81))
    return items
