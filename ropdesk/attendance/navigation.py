"""The attendance menu entries: taking attendance, certifying it, importing it; a student's
and a parent's attendance and hours."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ropdesk.attendance.access import family_students_of
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
    if (scope.has(Role.STUDENT) or scope.has(Role.PARENT)) and not scope.county_wide:
        for student in family_students_of(user).order_by("legal_last_name", "pk")[:4]:
            label = (
                _("My attendance")
                if student.user_id == user.pk
                else format_lazy(
                    _("Attendance: {name}"), name=student.preferred_name or student.legal_first_name
                )
            )
            items.append(NavLink(reverse("attendance_student", args=[student.pk]), label, 41))
    return items
