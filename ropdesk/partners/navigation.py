"""The partners app's menu entries, decided by the same access functions as its views."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ropdesk.core.access import scope_of
from ropdesk.core.contributions import NavLink
from ropdesk.partners import access


def links(user: Any) -> list[NavLink]:
    found = []
    if access.can_see_committees(user):
        found.append(NavLink(reverse("partners_committees"), _("Committees"), order=60))
    if access.can_see_directions(user) and not access.can_manage_partners(user):
        found.append(NavLink(reverse("partners_directions"), _("Steering directions"), order=61))
    if access.can_manage_partners(user):
        found.append(NavLink(reverse("partners_list"), _("Partners"), order=62))
    # A member's account holds no role; staff who sit on a committee see it among theirs.
    if not scope_of(user).roles and access.member_committees(user).exists():
        found.append(NavLink(reverse("partners_member"), _("My committees"), order=60))
    return found
