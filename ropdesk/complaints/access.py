"""The access policy for complaints (UCP, Title IX, Section 504): confidential cases.

Only support services handle complaints (core/access.py, `can_handle_complaints`). Nobody else
sees a case, administrators and superusers included, unless support services granted them
access to it (ComplaintAccessGrant), and then only to read it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from ropdesk.complaints.models import Complaint, ComplaintAccessGrant
from ropdesk.core import access
from ropdesk.core.types import Actor


def complaints_visible_to(user: Actor) -> QuerySet[Complaint]:

    complaints = Complaint.objects.all()
    if not user.is_authenticated or not user.is_active:
        return complaints.none()
    if access.can_handle_complaints(user):
        return complaints
    today = timezone.localdate()
    grants = ComplaintAccessGrant.objects.filter(
        user=user, revoked_on__isnull=True, granted_on__lte=today, expires_on__gte=today
    )
    return complaints.filter(
        Exists(grants.filter(complaint__isnull=True))
        | Exists(grants.filter(complaint=OuterRef("pk")))
    )


def get_complaint_for(user: Actor, reference: str) -> Complaint:

    try:
        return complaints_visible_to(user).get(reference=reference)
    except (Complaint.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such complaint") from missing
