"""Who may enter, lock, correct and read marks (student scopes: core and enrollment access).

- The section's instructor (and the office) enters the marks of an open grading period and
  asks for corrections after the lock; the office alone sets up and locks grading periods.
- Marks are read by whoever may see the enrollment (enrollment.access.enrollments_visible_to): the
  student, a minor's parent, their instructor, counselor and district coordinator, the office.
  An employer supervisor (an outside party) is not shown marks.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ropdesk.core import access
from ropdesk.core.models import Role, Student
from ropdesk.enrollment import access as enrollment_access
from ropdesk.marks.models import GradingPeriod, Mark
from ropdesk.scheduling.models import Section


def can_enter_marks(user: Any, section: Section) -> bool:
    if not getattr(user, "is_active", False):
        return False
    scope = access.scope_of(user)
    return scope.county_wide or (
        scope.has(Role.INSTRUCTOR)
        and section.instructor_id is not None
        and section.instructor_id == user.pk
    )


def can_manage_grading_periods(user: Any) -> bool:
    return bool(getattr(user, "is_active", False)) and access.scope_of(user).county_wide


def mark_sections_of(user: Any) -> QuerySet[Section]:
    """The sections whose marks the user enters: the instructor's own; every one for the office."""
    if not getattr(user, "is_active", False):
        return Section.objects.none()
    if access.scope_of(user).county_wide:
        return Section.objects.all()
    return Section.objects.filter(instructor=user)


def get_mark_section_for(user: Any, pk: Any) -> Section:
    try:
        return mark_sections_of(user).select_related("course__credit", "term").get(pk=pk)
    except (Section.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such section") from missing


def can_read_marks(user: Any) -> bool:
    """Everyone who may open a student's record, but the employer supervisor."""
    scope = access.scope_of(user)
    return bool(getattr(user, "is_active", False)) and not (
        scope.site_ids and not (scope.roles - {Role.EMPLOYER_SUPERVISOR}) and not scope.superuser
    )


def get_marks_student_for(user: Any, pk: Any) -> Student:
    if not can_read_marks(user):
        raise Http404("No such student")
    return access.get_student_for(user, pk)


def marks_visible_to(user: Any) -> QuerySet[Mark]:
    if not can_read_marks(user):
        return Mark.objects.none()
    return Mark.objects.filter(
        enrollment__in=enrollment_access.enrollments_visible_to(user).values("pk")
    )


def get_correctable_mark_for(user: Any, pk: Any) -> Mark:
    """A mark of a locked period the user may correct: the section's instructor or the office."""
    try:
        mark = Mark.objects.select_related(
            "grading_period", "enrollment__student", "enrollment__section__course"
        ).get(pk=pk)
    except (Mark.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such mark") from missing
    if not can_enter_marks(user, mark.enrollment.section):
        raise Http404("No such mark")
    return mark


def get_grading_period_for(user: Any, pk: Any) -> GradingPeriod:
    if not can_manage_grading_periods(user):
        raise Http404("No such grading period")
    try:
        return GradingPeriod.objects.select_related("term").get(pk=pk)
    except (GradingPeriod.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such grading period") from missing
