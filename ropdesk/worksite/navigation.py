"""The work-based-learning menu entry: the office's and supervisors' start page, or the
student's and parent's "My training"."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ropdesk.core import access
from ropdesk.core.contributions import NavLink
from ropdesk.core.models import Role
from ropdesk.core.types import Actor
from ropdesk.enrollment import access as enrollment_access


def links(user: Actor) -> list[NavLink]:
    if not user.is_authenticated:
        return []
    scope = access.scope_of(user)
    if access.can_coordinate_work_based_learning(user) or scope.site_ids:
        return [NavLink(reverse("worksite_home"), _("Work-based learning"), 70)]
    if (scope.has(Role.STUDENT) or scope.has(Role.PARENT)) and (
        enrollment_access.trainees_visible_to(user).exists()
    ):
        return [NavLink(reverse("worksite_home"), _("My training"), 70)]
    return []
