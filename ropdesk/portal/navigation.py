"""The portal's menu entries: dashboard, catalog, sections and students."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ropdesk.core import access
from ropdesk.core.contributions import NavLink
from ropdesk.core.types import Actor


def links(user: Actor) -> list[NavLink]:
    items = [NavLink(reverse("catalog"), _("Course catalog"), 5)]
    if not user.is_authenticated:
        return items
    items.insert(0, NavLink(reverse("dashboard"), _("Dashboard"), 0))
    if access.can_list_sections(user):
        items.append(NavLink(reverse("section_list"), _("Sections"), 10))
    if access.can_manage_schedule(user):
        items.append(NavLink(reverse("office_courses"), _("Courses and schedule"), 11))
    if access.can_list_students(user):
        items.append(NavLink(reverse("student_list"), _("Students"), 20))
    return items
