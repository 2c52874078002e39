"""Career pages: the student's (survey, results, matches, goals), career research
(occupations, open to everyone) and the counselor's (caseload, a student's plan, notes,
summary). Views parse, authorize through core.access, call a service or query, and render."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from ropdesk.careers.reference import CLUSTERS_CREDIT, ONET_CREDIT, RIASEC_CREDIT
from ropdesk.catalog.services import CA_CTE_CREDIT
from ropdesk.core import access
from ropdesk.core.models import Student
from ropdesk.core.types import signed_in

CREDITS = {
    "onet_credit": ONET_CREDIT,
    "clusters_credit": CLUSTERS_CREDIT,
    "riasec_credit": RIASEC_CREDIT,
    "ca_cte_credit": CA_CTE_CREDIT,
}


def own_student(request: HttpRequest) -> Student:
    """The signed-in user's own student record; 404 for anyone who has none."""
    student = (
        access.career_plans_visible_to(request.user).filter(user=signed_in(request.user)).first()
    )
    if student is None:
        raise Http404("No student record")
    return student


def with_credits(**context: Any) -> dict[str, Any]:
    return {**CREDITS, **context}
