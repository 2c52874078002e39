"""The access policy for attendance: taking it, meetings, records and job-site hours.

Part of the one access policy (core/access.py holds the scopes; enrollment/access.py the
enrollments these records belong to).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from ropdesk.attendance.models import AttendanceRecord, OnTheJobHours
from ropdesk.core import access
from ropdesk.core.models import Role, Student
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


def family_student_for(user: Actor, pk: Any) -> Student:
    """The student whose attendance and hours page a student or parent opens: a student
    their own, a parent a child the parent rule lets them see (a minor, or an adult child who
    consented: core.access.student_filter). Anyone else, and staff, get a missing page: staff
    read attendance on the section and roster pages."""
    try:
        return family_students_of(user).get(pk=pk)
    except (Student.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such student") from missing


def family_students_of(user: Actor) -> QuerySet[Student]:
    """The students whose attendance page the user may open (the menu's links)."""
    if not getattr(user, "is_authenticated", False):
        return Student.objects.none()
    scope = access.scope_of(user)
    if not (scope.has(Role.STUDENT) or scope.has(Role.PARENT)) or scope.county_wide:
        return Student.objects.none()
    own = Q(user=user) if scope.has(Role.STUDENT) else Q(pk__in=[])
    if scope.has(Role.PARENT):
        own |= Q(guardianships__user=user)
    return access.students_visible_to(user).filter(own).distinct()
