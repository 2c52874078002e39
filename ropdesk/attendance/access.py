"""The access policy for attendance: taking it, meetings, records and job-site hours.

Part of the one access policy (core/access.py holds the scopes; enrollment/access.py the
enrollments these records belong to).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ropdesk.attendance.models import AttendanceRecord, OnTheJobHours
from ropdesk.core import access
from ropdesk.core.types import Actor
from ropdesk.enrollment.access import enrollments_visible_to
from ropdesk.scheduling.models import Meeting, Section


def can_take_attendance(user: Actor, section: Section) -> bool:
    if not getattr(user, "is_active", False):
        return False
    scope = access.scope_of(user)
    return scope.county_wide or (
        section.instructor_id is not None and section.instructor_id == user.pk
    )


def meetings_for_attendance(user: Actor) -> QuerySet[Meeting]:

    meetings = Meeting.objects.all()
    if not user.is_authenticated or not user.is_active:
        return meetings.none()
    if access.scope_of(user).county_wide:
        return meetings
    return meetings.filter(section__instructor=user)


def get_meeting_for(user: Actor, pk: Any) -> Meeting:

    try:
        return (
            meetings_for_attendance(user)
            .select_related("section__course", "section__site", "section__term__school_year")
            .get(pk=pk)
        )
    except (Meeting.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such meeting") from missing


def attendance_visible_to(user: Actor) -> QuerySet[AttendanceRecord]:

    records = AttendanceRecord.objects.filter(enrollment__in=enrollments_visible_to(user))
    return access.logged(user, records, path="enrollment__student", records="attendance")


def job_site_hours_visible_to(user: Actor) -> QuerySet[OnTheJobHours]:

    hours = OnTheJobHours.objects.filter(enrollment__in=enrollments_visible_to(user))
    return access.logged(user, hours, path="enrollment__student", records="job-site hours")


def sections_to_certify(user: Actor) -> QuerySet[Section]:
    """The sections a user may certify attendance for: every section for the office
    (core.access.can_manage_attendance), none for anyone else, whose pages answer 404."""
    if not access.can_manage_attendance(user):
        raise Http404("No such page")
    return Section.objects.all()
