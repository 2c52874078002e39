"""The complaints menu entries (core/contributions.py)."""

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
    if access.can_handle_complaints(user):
        items.append(NavLink(reverse("case_list"), _("Complaints"), 30))
    if access.can_edit_notices(user):
        items.append(NavLink(reverse("notice_manage"), _("Notices"), 31))
    return items
