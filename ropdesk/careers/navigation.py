"""The careers menu entries: the student's hub, plans, caseload and summary."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ropdesk.core import access
from ropdesk.core.contributions import NavLink
from ropdesk.core.models import Role
from ropdesk.core.types import Actor


def links(user: Actor) -> list[NavLink]:
    if not user.is_authenticated:
        return []
    roles = access.scope_of(user).roles
    items = []
    if Role.STUDENT in roles:
        items.append(NavLink(reverse("careers_hub"), _("Careers"), 50))
    elif Role.PARENT in roles:
        items.append(NavLink(reverse("careers_goals"), _("Career plans"), 50))
    if access.can_use_caseload(user):
        items.append(NavLink(reverse("careers_caseload"), _("Caseload"), 51))
    if access.can_see_career_summary(user):
        items.append(NavLink(reverse("careers_summary"), _("Career summary"), 52))
    return items
