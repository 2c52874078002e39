"""Reads of marks that pages, the transcript, the OneRoster export and the district return
files share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from ropdesk.core.models import Student
from ropdesk.enrollment.models import Enrollment
from ropdesk.marks.models import GradingPeriod, Mark
from ropdesk.scheduling.models import SchoolYear, Section


def roster_for_marks(section: Section) -> list[Enrollment]:
    """The students a section's mark form lists: those who hold or held a seat."""
    return list(
        Enrollment.objects.filter(
            section=section, status__in=(*Enrollment.SEATED, *Enrollment.ENDED)
        )
        .select_related("student")
        .order_by("student__legal_last_name", "student__legal_first_name", "pk")
    )


def periods_of(section: Section) -> list[GradingPeriod]:
    return list(GradingPeriod.objects.filter(term=section.term_id).order_by("starts_on", "name"))


def marks_by_enrollment(
    period: GradingPeriod, enrollments: Iterable[Enrollment]
) -> dict[int, Mark]:
    ids = [e.pk for e in enrollments]
    return {
        m.enrollment_id: m for m in Mark.objects.filter(grading_period=period, enrollment__in=ids)
    }


def student_marks(marks: QuerySet[Mark], student: Student) -> list[Mark]:
    """A student's marks, oldest term first, with their corrections."""
    return list(
        marks.filter(enrollment__student=student)
        .select_related(
            "grading_period__term__school_year",
            "enrollment__section__course__state_course_code",
            "enrollment__section__course__pathway",
        )
        .prefetch_related("corrections")
        .order_by(
            "grading_period__term__start_date",
            "enrollment__section__code",
            "grading_period__starts_on",
        )
    )


def marks_of_record(
    enrollments: QuerySet[Enrollment] | None = None, *, school_year: SchoolYear | None = None
) -> QuerySet[Mark]:
    """The marks of record: final-period marks of locked grading periods."""
    marks = Mark.objects.filter(
        grading_period__is_final=True, grading_period__locked_at__isnull=False
    )
    if enrollments is not None:
        marks = marks.filter(enrollment__in=enrollments.values("pk"))
    if school_year is not None:
        marks = marks.filter(grading_period__term__school_year=school_year)
    return marks


def periods_waiting_for_marks(
    sections: QuerySet[Section], today: Any
) -> list[tuple[GradingPeriod, int]]:
    """Open grading periods that have ended, each with how many seated students of `sections`
    have no mark in it yet (the instructor's "needs attention")."""
    periods = GradingPeriod.objects.filter(
        locked_at__isnull=True, ends_on__lte=today, term__sections__in=sections
    ).distinct()
    found = []
    for period in periods:
        missing = (
            Enrollment.objects.filter(
                section__in=sections, section__term=period.term_id, status__in=Enrollment.SEATED
            )
            .exclude(marks__grading_period=period)
            .count()
        )
        if missing:
            found.append((period, missing))
    return found
