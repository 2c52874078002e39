"""The attendance menu entries: taking attendance, certifying it, importing it."""

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
    scope = access.scope_of(user)
    items = []
    if scope.has(Role.INSTRUCTOR) and not scope.county_wide:
        items.append(NavLink(reverse("attendance_home"), _("Attendance"), 60))
    if access.can_manage_attendance(user):
        items.append(NavLink(reverse("attendance_certify"), _("Certify attendance"), 61))
        items.append(NavLink(reverse("attendance_import"), _("Import attendance"), 62))
    return items
