"""Who may see and change partners, committees and their meetings.

- the office (administrators) manages everything;
- an instructor sees the committees of the courses they teach and those they sit on;
- a district coordinator sees their district's steering committee, the committees of sites in
  their district, and those they sit on;
- a committee member (a partner contact) signs in with an account of their own, tied to the
  contact by an invitation, and sees only the packets of the committees they currently sit
  on (member_committees); without an account, one meeting's packet through its link;
- the public sees posted agendas and approved minutes of Brown Act committees only.

Forbidden looks like missing (404), as in core/access.py.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ropdesk.core.access import scope_of
from ropdesk.core.models import Role
from ropdesk.core.tokens import token_hash
from ropdesk.partners.models import Committee, Contact, Meeting, Recommendation


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_active", False))


def can_manage_partners(user: Any) -> bool:
    """The office: partners, committees, meetings, recommendations, labor-market data, CLNA."""
    return _active(user) and scope_of(user).county_wide


def can_see_committees(user: Any) -> bool:
    scope = scope_of(user)
    return _active(user) and (
        scope.county_wide or scope.has(Role.INSTRUCTOR) or scope.has(Role.DISTRICT_COORDINATOR)
    )


def committees_visible_to(user: Any) -> QuerySet[Committee]:
    committees = Committee.objects.all()
    if not can_see_committees(user):
        return committees.none()
    scope = scope_of(user)
    if scope.county_wide:
        return committees
    reach = Q(memberships__contact__user=user)
    if scope.has(Role.INSTRUCTOR):
        reach |= Q(courses__sections__instructor=user)
    if scope.district_ids:
        reach |= Q(district__in=scope.district_ids) | Q(site__district__in=scope.district_ids)
    ids = committees.filter(reach).values("pk")
    return committees.filter(pk__in=ids)


def get_committee_for(user: Any, pk: int) -> Committee:
    try:
        return committees_visible_to(user).get(pk=pk)
    except Committee.DoesNotExist:
        raise Http404("No such committee") from None


def get_meeting_for(user: Any, pk: int) -> Meeting:
    meetings = Meeting.objects.filter(committee__in=committees_visible_to(user))
    try:
        return meetings.select_related("committee", "lmi_snapshot").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None


def get_recommendation_for(user: Any, pk: int) -> Recommendation:
    recommendations = Recommendation.objects.filter(
        meeting__committee__in=committees_visible_to(user)
    ).select_related("meeting__committee", "course", "section", "site", "owner")
    try:
        return recommendations.get(pk=pk)
    except Recommendation.DoesNotExist:
        raise Http404("No such recommendation") from None


def can_see_directions(user: Any) -> bool:
    """A steering committee's directions: the office and the district coordinators."""
    scope = scope_of(user)
    return _active(user) and (scope.county_wide or bool(scope.district_ids))


def published_meetings() -> QuerySet[Meeting]:
    """What the public sees: Brown Act committees' meetings whose agenda is posted."""
    return Meeting.objects.filter(
        committee__brown_act=True, committee__active=True, agenda_posted_at__isnull=False
    )


def get_published_meeting(pk: int) -> Meeting:
    try:
        return published_meetings().select_related("committee").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None


def meeting_for_packet(token: str) -> Meeting:
    """The meeting whose packet link this is; a wrong or replaced link is missing."""
    if not token:
        raise Http404("No such packet")
    try:
        return Meeting.objects.select_related("committee", "lmi_snapshot").get(
            packet_token_hash=token_hash(token)
        )
    except Meeting.DoesNotExist:
        raise Http404("No such packet") from None


# --- committee members who sign in ------------------------------------------------------------


def member_contacts(user: Any) -> QuerySet[Contact]:
    """The partner contacts this account is (tied by an accepted invitation)."""
    if not _active(user):
        return Contact.objects.none()
    return Contact.objects.filter(user=user)


def member_committees(user: Any) -> QuerySet[Committee]:
    """The active committees the account's contact sits on today (a term not yet ended)."""
    if not _active(user):
        return Committee.objects.none()
    today = timezone.localdate()
    ids = Committee.objects.filter(
        active=True,
        memberships__contact__user=user,
        memberships__term_starts_on__lte=today,
        memberships__term_ends_on__gte=today,
    ).values("pk")
    return Committee.objects.filter(pk__in=ids)


def get_member_meeting(user: Any, pk: int) -> Meeting:
    try:
        return Meeting.objects.select_related("committee", "lmi_snapshot").get(
            pk=pk, committee__in=member_committees(user)
        )
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None


def can_invite_members(user: Any) -> bool:
    return can_manage_partners(user)


# --- the agenda and minutes files -------------------------------------------------------------


def meeting_file_for(user: Any, pk: int, kind: str) -> Meeting:
    """The meeting whose agenda or minutes file the user may download: staff who see the
    meeting, its committee's members, and anyone once it is public (a posted agenda of a
    Brown Act committee; its minutes once approved). Anything else is missing."""
    if kind not in ("agenda", "minutes"):
        raise Http404("No such file")
    meeting = Meeting.objects.select_related("committee").filter(pk=pk).first()
    if meeting is None or not getattr(meeting, f"{kind}_file"):
        raise Http404("No such file")
    public = published_meetings().filter(pk=pk).exists() and (
        kind == "agenda" or meeting.minutes_approved
    )
    if (
        public
        or committees_visible_to(user).filter(pk=meeting.committee_id).exists()
        or member_committees(user).filter(pk=meeting.committee_id).exists()
    ):
        return meeting
    raise Http404("No such file")
