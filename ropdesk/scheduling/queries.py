"""Reads of the schedule."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting, Section


def with_enrolled_count(sections: QuerySet[Section]) -> QuerySet[Section]:
    return sections.annotate(
        enrolled_count=Count("enrollments", filter=Q(enrollments__status__in=Enrollment.SEATED))
    )


def meetings_of_instructor_on(user: Any, day: date) -> QuerySet[Meeting]:
    """The instructor's meetings on a day, with their sections and head counts."""
    return (
        Meeting.objects.filter(section__instructor=user, date=day)
        .select_related("section__course", "section__site")
        .annotate(
            enrolled_count=Count(
                "section__enrollments",
                filter=Q(section__enrollments__status__in=Enrollment.SEATED),
            )
        )
        .order_by("start_time")
    )


def next_teaching_day(user: Any, after: date) -> date | None:
    """The first day after `after` on which the instructor has a meeting."""
    return (
        Meeting.objects.filter(section__instructor=user, date__gt=after)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )


def roster_of(section: Section, visible: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """The section's enrollments the viewer may see, with the students, in one query."""
    return (
        visible.filter(section=section)
        .select_related("student", "student__school_of_attendance", "worksite")
        .order_by("student__legal_last_name", "student__legal_first_name")
    )
