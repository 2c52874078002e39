"""Who may open and change a portfolio. Forbidden looks like missing (404).

- The student owns it, through their account (Student.user), whether or not they are still
  enrolled: a former student keeps signing in to it (issue 17, "keep it after leaving").
- A parent of a minor (or of an adult student who consented) sees it and may share it.
- Staff who serve the student (core.access.students_visible_to: counselors, instructors,
  district coordinators, the office) read it; counselors and instructors comment on resumes.
- A site supervisor rates work readiness of the trainees at their site, nothing more.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ropdesk.core import access
from ropdesk.core.models import Guardianship, Role, Student
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment.models import Enrollment

STAFF_READERS = frozenset(
    {Role.ADMINISTRATOR, Role.DISTRICT_COORDINATOR, Role.COUNSELOR, Role.INSTRUCTOR}
)
COMMENTERS = frozenset({Role.ADMINISTRATOR, Role.COUNSELOR, Role.INSTRUCTOR})


def own_student(user: Any) -> Student | None:
    """The student record of the signed-in user, if they are (or were) a student."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_portfolio_student"):  # once per request: the menu asks too
        user._portfolio_student = Student.objects.filter(user=user).first()
    return user._portfolio_student


def _guardian_filter(user: Any) -> Q:
    minor = Q(birth_date__gt=access.eighteenth_birthday_cutoff(timezone.localdate()))
    guardian_of = Guardianship.objects.filter(user=user, student=OuterRef("pk"))
    return Q(Exists(guardian_of)) & (
        minor | Q(Exists(guardian_of.filter(adult_student_consent=True)))
    )


def portfolios_visible_to(user: Any) -> QuerySet[Student]:
    """Students whose portfolio the user may read."""
    if not getattr(user, "is_authenticated", False):
        return Student.objects.none()
    scope = access.scope_of(user)
    condition = Q(user=user)
    if scope.has(Role.PARENT):
        condition |= _guardian_filter(user)
    if scope.superuser or scope.roles & STAFF_READERS:
        condition |= Q(pk__in=access.students_visible_to(_as_staff(user)).values("pk"))
    return Student.objects.filter(condition)


def _as_staff(user: Any) -> Any:
    """The same user with only their staff roles: a supervisor who also teaches reads their
    students' portfolios as their instructor, never their trainees' as a supervisor."""
    scope = access.scope_of(user)
    actor = copy.copy(user)
    actor._ropdesk_scope = replace(scope, roles=scope.roles & STAFF_READERS, site_ids=frozenset())
    return actor


def get_portfolio_for(user: Any, pk: Any) -> Student:
    try:
        return portfolios_visible_to(user).get(pk=pk)
    except (Student.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such portfolio") from missing


def owns(user: Any, student: Student) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and student.user_id == user.pk


def is_guardian_of(user: Any, student: Student) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Student.objects.filter(pk=student.pk).filter(_guardian_filter(user)).exists()


def is_minor(student: Student) -> bool:
    """Under 18 today; a student whose birth date is not known is treated as a minor."""
    if student.birth_date is None:
        return True
    return student.birth_date > access.eighteenth_birthday_cutoff(timezone.localdate())


def can_edit_portfolio(user: Any, student: Student) -> bool:
    """Only the student writes their resumes, applications and contacts."""
    return owns(user, student)


def can_share(user: Any, student: Student) -> bool:
    """The student shares; for a minor the program's policy says whether the student, the
    parent or both may (ROPDESK["PORTFOLIO_MINOR_SHARING"]; FERPA/EC 49073 policy, [I])."""
    if not is_minor(student):
        return owns(user, student)
    policy = settings.ROPDESK.get("PORTFOLIO_MINOR_SHARING", "student_and_parent")
    if is_guardian_of(user, student):
        return True
    return policy == "student_and_parent" and owns(user, student)


def can_comment(user: Any, student: Student) -> bool:
    scope = access.scope_of(user)
    if not (scope.superuser or scope.roles & COMMENTERS):
        return False
    return access.students_visible_to(_as_staff(user)).filter(pk=student.pk).exists()


def can_hold_interview(user: Any, student: Student) -> bool:
    """Counselors and instructors record mock interviews of the students they serve."""
    return can_comment(user, student)


def can_revoke_credentials(user: Any) -> bool:
    return access.scope_of(user).has(Role.ADMINISTRATOR)


def can_see_job_finders_progress(user: Any) -> bool:
    scope = access.scope_of(user)
    return scope.has(Role.ADMINISTRATOR) or scope.has(Role.INSTRUCTOR)


def can_see_job_finders_figures(user: Any) -> bool:
    """The office and district coordinators see the figure for their scope; instructors
    for their own students, with their sections' pages."""
    scope = access.scope_of(user)
    return any(
        scope.has(r) for r in (Role.ADMINISTRATOR, Role.DISTRICT_COORDINATOR, Role.INSTRUCTOR)
    )


def get_rated_trainee_for(user: Any, pk: Any) -> Enrollment:
    """A trainee at one of the supervisor's sites (the access layer logs the disclosure)."""
    enrollment = enrollment_access.get_trainee_for(user, pk)
    if enrollment.worksite_id not in access.scope_of(user).site_ids:
        raise Http404("No such trainee")
    return enrollment


def uuid_or_404(value: Any) -> uuid.UUID:
    """A UUID from a URL; anything else names nothing (404)."""
    try:
        return uuid.UUID(str(value))
    except ValueError as bad:
        raise Http404("No such page") from bad
