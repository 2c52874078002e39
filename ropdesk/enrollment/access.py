"""The access policy for sections, enrollments, applications and trainees.

Part of the one access policy (core/access.py holds the scopes and the student reach): these
functions read enrollment and scheduling models, so they live here, above them. The
instructor's and the supervisor's reach to students is registered with core at start-up
(`student_reach`, registered by enrollment/apps.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from ropdesk.core import access
from ropdesk.core.access import WORK_BASED_MODES, Scope
from ropdesk.core.models import Role
from ropdesk.core.types import Actor
from ropdesk.enrollment.models import Application, Enrollment
from ropdesk.scheduling.models import Section


def student_reach(user: Actor, scope: Scope, on_enrollments: bool) -> Q | None:
    """Instructors reach the students of their own sections, supervisors the trainees of
    their own sites; on enrollments, only those sections' and sites' enrollments (not the
    rest of the students' schedules).

    A supervisor reaches only trainees who are seated at the site (enrolled, or completed
    with their training record): a student who applied, was admitted but not placed, or
    dropped or withdrew is not the site's business, even by URL (FERPA: the supervisor's
    legitimate interest ends with the placement)."""
    q = None
    if scope.has(Role.INSTRUCTOR) and user.is_authenticated:
        own_sections = Enrollment.objects.filter(student=OuterRef("pk"), section__instructor=user)
        q = Q(section__instructor=user) if on_enrollments else Q(Exists(own_sections))
    if scope.site_ids:
        seated = Enrollment.SEATED
        site = (
            Q(worksite__in=scope.site_ids, status__in=seated)
            if on_enrollments
            else Q(
                Exists(
                    Enrollment.objects.filter(
                        student=OuterRef("pk"), worksite__in=scope.site_ids, status__in=seated
                    )
                )
            )
        )
        q = site if q is None else q | site
    return q


def enrollments_visible_to(user: Actor) -> QuerySet[Enrollment]:
    """Enrollments the user may see: all of a visible student's for staff who serve the
    student; only their own sections' for instructors, their own site's for supervisors."""

    enrollments = Enrollment.objects.all()
    if not getattr(user, "is_authenticated", False):
        return enrollments.none()
    condition = access.student_filter(user, access.scope_of(user), prefix="student__")
    enrollments = enrollments if condition is None else enrollments.filter(condition)
    return access.logged(user, enrollments, path="student", records="enrollments")


def sections_visible_to(user: Actor) -> QuerySet[Section]:
    """Sections whose page (and, within it, roster rows) the user may open.

    The schedule itself is public in the catalog; a section *page* shows a roster, so it is
    limited to sections the user works with.
    """

    scope = access.scope_of(user)
    sections = Section.objects.all()
    if not getattr(user, "is_authenticated", False):
        return sections.none()
    if scope.county_wide or scope.has(Role.COUNSELOR):
        # Counselors place students in any section of the program.
        return sections
    q = Q(pk__in=[])
    if scope.district_ids:
        q |= Q(site__district__in=scope.district_ids)
    if scope.has(Role.INSTRUCTOR):
        q |= Q(instructor=user)
    if scope.has(Role.STUDENT) or scope.has(Role.PARENT) or scope.site_ids:
        visible = enrollments_visible_to(user).values("section_id")
        q |= Q(pk__in=visible)
    return sections.filter(q)


def get_section_for(user: Actor, pk: Any) -> Section:

    try:
        return (
            sections_visible_to(user)
            .select_related("course__pathway__sector", "term__school_year", "site", "instructor")
            .get(pk=pk)
        )
    except (Section.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such section") from missing


def can_record_completion(user: Actor, section: Section) -> bool:
    """The section's instructor, or the office, records final grades and competencies."""
    if not getattr(user, "is_active", False):
        return False
    return access.scope_of(user).county_wide or (
        access.scope_of(user).has(Role.INSTRUCTOR) and section.instructor_id == user.pk
    )


def applications_visible_to(user: Actor) -> QuerySet[Application]:

    applications = Application.objects.all()
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return applications.none()
    scope = access.scope_of(user)
    if scope.county_wide:
        return applications
    q = Q(pk__in=[])
    if scope.counselor_school_ids:
        q |= Q(school__in=scope.counselor_school_ids)
    if scope.counselor_district_ids:
        q |= Q(school__parent__in=scope.counselor_district_ids)
        q |= Q(district_of_residence__in=scope.counselor_district_ids)
    q |= Q(user=user) | Q(student__user=user)
    return applications.filter(q)


def get_application_for(user: Actor, pk: Any) -> Application:

    try:
        return (
            applications_visible_to(user)
            .select_related("district_of_residence", "school", "student", "entered_by")
            .get(pk=pk)
        )
    except (Application.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such application") from missing


def get_enrollment_for(user: Actor, pk: Any) -> Enrollment:

    try:
        return (
            enrollments_visible_to(user)
            .select_related("student", "section__course", "section__term", "section__site")
            .get(pk=pk)
        )
    except (Enrollment.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such enrollment") from missing


def trainees_visible_to(user: Actor) -> QuerySet[Enrollment]:
    trainees = enrollments_visible_to(user).filter(
        section__mode__in=WORK_BASED_MODES, worksite__isnull=False
    )
    return access.logged(user, trainees, path="student", records="training record")


def get_trainee_for(user: Actor, pk: Any) -> Enrollment:

    try:
        return (
            trainees_visible_to(user)
            .select_related(
                "student", "section__course", "section__term", "section__instructor", "worksite"
            )
            .get(pk=pk)
        )
    except (Enrollment.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such trainee") from missing
