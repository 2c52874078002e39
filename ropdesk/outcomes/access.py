"""Who reaches outcomes: the office runs follow-up waves and edits the crosswalk; the office,
support services (figures without names, for equity) and district coordinators (their own
district's students) see the figures. Everyone else gets a 404, as for a missing page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ropdesk.core.access import scope_of, students_visible_to
from ropdesk.core.models import Role, Student


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_active", False))


def can_run_followup(user: Any) -> bool:
    """Open waves, send invitations, call former students, import exits and answers."""
    return _active(user) and scope_of(user).county_wide


def can_see_outcomes(user: Any) -> bool:
    scope = scope_of(user)
    return _active(user) and (
        scope.county_wide or scope.has(Role.SUPPORT_SERVICES) or bool(scope.district_ids)
    )


def outcome_students(user: Any) -> QuerySet[Student]:
    """The students whose outcomes count in the user's figures (404 for anyone else)."""
    if not can_see_outcomes(user):
        raise Http404("No such page")
    scope = scope_of(user)
    if scope.county_wide or scope.has(Role.SUPPORT_SERVICES):
        return Student.objects.all()
    return students_visible_to(user)


def require(allowed: bool) -> None:
    if not allowed:
        raise Http404("No such page")
