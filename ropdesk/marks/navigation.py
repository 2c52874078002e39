from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ropdesk.core import access as core_access
from ropdesk.core.contributions import NavLink
from ropdesk.core.models import Role
from ropdesk.marks import access


def links(user: Any) -> list[NavLink]:
    found = []
    if access.can_manage_grading_periods(user):
        found.append(NavLink(reverse("marks_grading_periods"), _("Grading periods"), 60))
    # the role first: the query only for an instructor
    if core_access.scope_of(user).has(Role.INSTRUCTOR) and access.mark_sections_of(user).exists():
        found.append(NavLink(reverse("marks_sections"), _("Marks"), 30))
    scope = core_access.scope_of(user)
    if (
        access.can_read_marks(user)
        and (scope.has(Role.STUDENT) or scope.has(Role.PARENT))
        and not scope.county_wide
    ):
        own = core_access.students_visible_to(user).order_by("legal_last_name")[:4]
        for student in own:
            label = (
                _("My marks")
                if student.user_id == user.pk
                else _("Marks: %(name)s")
                % {"name": student.preferred_name or student.legal_first_name}
            )
            found.append(NavLink(reverse("marks_student", args=[student.pk]), label, 40))
    return found
