"""The access policy for training agreements (CVE and community classroom joint ventures).

Part of the one access policy: trainees come from enrollment/access.py, training sites from
core/access.py.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from ropdesk.core import access
from ropdesk.core.models import Guardianship, Role
from ropdesk.core.types import Actor
from ropdesk.enrollment.access import trainees_visible_to
from ropdesk.worksite.models import TrainingAgreement


def agreements_visible_to(user: Actor) -> QuerySet[TrainingAgreement]:
    """CVE agreements of the trainees the user sees; joint venture agreements of the sites
    they coordinate or supervise."""

    agreements = TrainingAgreement.objects.all()
    if not getattr(user, "is_active", False) or not getattr(user, "is_authenticated", False):
        return agreements.none()
    if access.scope_of(user).county_wide:
        return agreements
    q = Q(enrollment__in=trainees_visible_to(user).values("pk"))
    if access.can_coordinate_work_based_learning(user) or access.scope_of(user).site_ids:
        q |= Q(enrollment__isnull=True, site__in=access.worksites_visible_to(user).values("pk"))
    return access.logged(
        user, agreements.filter(q), path="enrollment__student", records="training agreement"
    )


def get_agreement_for(user: Actor, pk: Any) -> TrainingAgreement:

    try:
        return (
            agreements_visible_to(user)
            .select_related("site__organization", "term", "enrollment__student")
            .get(pk=pk)
        )
    except (TrainingAgreement.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such agreement") from missing


def agreement_parties_of(
    user: Actor, agreement: TrainingAgreement, *, children: set[int] | None = None
) -> list[str]:
    """The parties of an agreement the signed-in user may sign for: the school (the student's
    instructor, or any instructor-coordinator for a joint venture; the office), the employer
    (a supervisor of the site), the student themselves, a parent of the (minor) student."""
    if not user.is_authenticated or not user.is_active:
        return []
    scope = access.scope_of(user)
    parties: list[str] = []
    enrollment = agreement.enrollment
    if scope.county_wide or (
        scope.has(Role.INSTRUCTOR)
        and (enrollment is None or enrollment.section.instructor_id == user.pk)
    ):
        parties.append("school")
    if agreement.site_id in scope.site_ids:
        parties.append("employer")
    if enrollment is not None:
        if enrollment.student.user_id == user.pk:
            parties.append("student")
        # `children`: the user's guardianships fetched once, for a list of agreements.
        if (
            enrollment.student_id in children
            if children is not None
            else Guardianship.objects.filter(user=user, student_id=enrollment.student_id).exists()
        ):
            parties.append("parent")
    return parties
