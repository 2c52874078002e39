"""The funding category of an enrollment, derived from the student when the enrollment is made.

EC 52302.8 caps the share of ADA a program may claim for students not enrolled in grades 9-12
(10 %, plus 5 % for CalWORKs, TAP, Job Corps and WIOA intensive-training participants);
EC 52324.5 counts a student concurrently enrolled in any high school (public or private,
alternative or continuation) as a regular high-school student. domain-rules.md 1.2.9, 1.4.

The category is the pupil's status when the attendance was earned: a change of status during
the enrollment is recorded as a new period (enrollment_category_change), and the ADA report
sorts each day's hours by the period in force that day (funding.queries).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core.formatting import day_text
from ropdesk.core.models import Student
from ropdesk.core.services import audit_record
from ropdesk.core.types import Actor, recorded

SPECIAL_PROGRAMS = ("calworks", "tap", "job_corps", "wioa_intensive")


@dataclass(frozen=True)
class FundingCategory:
    grade_9_12: bool
    concurrent: bool
    special_programs: tuple[str, ...]

    @property
    def special_population(self) -> bool:
        return bool(self.special_programs)


def funding_category(student: Student, *, out_of_school: bool = False) -> FundingCategory:
    # EC 52302.8 (grades 9-12 or not; special populations); EC 52324.5 (concurrent)
    in_grades_9_12 = student.is_high_school and not out_of_school
    # A youth out of school for three months or more is non-concurrent even with a grade
    # level on file (domain-rules.md 1.2.9); so is every adult.
    concurrent = in_grades_9_12
    programs = tuple(code for code in SPECIAL_PROGRAMS if getattr(student, code))
    return FundingCategory(in_grades_9_12, concurrent, programs)


def apply_category(
    enrollment: Any, category: FundingCategory, *, grade_level: str | None = None
) -> list[str]:
    """Copy a category onto an enrollment, with the grade the student has now (the grade of
    the enrollment's year: `grade_level`, else the enrollment's student's); returns the
    fields changed, for update_fields."""
    enrollment.grade_9_12 = category.grade_9_12
    enrollment.concurrent = category.concurrent
    enrollment.special_population = category.special_population
    enrollment.special_programs = list(category.special_programs)
    enrollment.grade_level = enrollment.student.grade_level if grade_level is None else grade_level
    return ["grade_9_12", "concurrent", "special_population", "special_programs", "grade_level"]


def category_of_enrollment(enrollment: Any) -> FundingCategory:
    """The category stored on an enrollment (the one in force now)."""
    return FundingCategory(
        bool(enrollment.grade_9_12),
        bool(enrollment.concurrent),
        tuple(enrollment.special_programs or ()),
    )


def enrollment_category_change(
    *,
    actor: Actor | None,
    enrollment: Any,
    effective_on: date,
    category: FundingCategory,
    reason: str,
) -> Any:
    """Record that an enrollment's funding category changes on `effective_on`: attendance
    before that day keeps the category it was earned under, attendance from that day takes
    the new one (EC 52302.8 classifies attendance by the pupil's status when it was earned).
    Returns the new period. The day must be after the start of the period now in force."""
    from ropdesk.enrollment.models import Enrollment, EnrollmentCategoryPeriod

    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        current = EnrollmentCategoryPeriod.objects.filter(
            enrollment=enrollment, ends_on__isnull=True
        ).first()
        now = timezone.now()
        if current is None:
            # The category stored so far was in force from the beginning.
            old = category_of_enrollment(enrollment)
            current = EnrollmentCategoryPeriod.objects.create(
                enrollment=enrollment,
                starts_on=None,
                grade_9_12=old.grade_9_12,
                concurrent=old.concurrent,
                special_population=old.special_population,
                special_programs=list(old.special_programs),
                reason=_("The category stored when the enrollment was made."),
                recorded_at=now,
            )
        if current.starts_on is not None and effective_on <= current.starts_on:
            raise ValidationError(
                {
                    "effective_on": _(
                        "The change must take effect after %(day)s, when the category now in "
                        "force began."
                    )
                    % {"day": day_text(current.starts_on)}
                }
            )
        current.ends_on = effective_on
        current.save(update_fields=["ends_on"])
        period = EnrollmentCategoryPeriod.objects.create(
            enrollment=enrollment,
            starts_on=effective_on,
            grade_9_12=category.grade_9_12,
            concurrent=category.concurrent,
            special_population=category.special_population,
            special_programs=list(category.special_programs),
            reason=reason,
            recorded_by=recorded(actor),
            recorded_at=now,
        )
        enrollment.save(update_fields=[*apply_category(enrollment, category), "updated_at"])
        audit_record(
            actor=actor,
            action="enrollment.category_change",
            obj=enrollment,
            effective_on=effective_on.isoformat(),
            grade_9_12=category.grade_9_12,
            special_programs=list(category.special_programs),
            reason=reason,
        )
        return period


def student_categories_follow(*, actor: Actor | None, student: Student, effective_on: date) -> int:
    """After a change to a student's record (grade level, special programs), re-derive the
    category of the student's enrollments that are still open and record a change from
    `effective_on` where it differs. An enrollment of an out-of-school youth stays
    non-concurrent. Returns how many changed."""
    from ropdesk.enrollment.models import Application, Enrollment

    changed = 0
    open_enrollments = (
        Enrollment.objects.filter(student=student, grade_9_12__isnull=False)
        .exclude(status__in=Enrollment.ENDED)
        .select_related("application", "section__term")
    )
    for enrollment in open_enrollments:
        if enrollment.section.term.end_date < effective_on:
            continue
        out = bool(
            enrollment.application
            and enrollment.application.kind == Application.Kind.OUT_OF_SCHOOL_YOUTH
        )
        new = funding_category(student, out_of_school=out)
        if enrollment.grade_level != student.grade_level:  # a promotion during the term
            Enrollment.objects.filter(pk=enrollment.pk).update(grade_level=student.grade_level)
            enrollment.grade_level = student.grade_level
        if new != category_of_enrollment(enrollment):
            enrollment_category_change(
                actor=actor,
                enrollment=enrollment,
                effective_on=effective_on,
                category=new,
                reason=_("The student's record changed (grade level or programs)."),
            )
            changed += 1
    return changed
