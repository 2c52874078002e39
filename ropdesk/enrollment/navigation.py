"""The enrollment menu entries: applying, admissions, enrollments, completion."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ropdesk.core import access
from ropdesk.core.contributions import NavLink
from ropdesk.core.models import Role
from ropdesk.core.types import Actor


def links(user: Actor) -> list[NavLink]:
    if not user.is_authenticated:
        return [NavLink(reverse("apply"), _("Apply"), 6)]
    items = []
    if access.can_admit(user):
        items.append(NavLink(reverse("admissions_queue"), _("Admissions"), 40))
    if access.can_list_enrollments(user):
        items.append(NavLink(reverse("enrollment_list"), _("Enrollments"), 41))
    if access.can_record_own_completions(user):
        items.append(NavLink(reverse("completion_sections"), _("Completion"), 42))
    if access.scope_of(user).has(Role.STUDENT):
        items.append(NavLink(reverse("my_applications"), _("My applications"), 43))
    return items
