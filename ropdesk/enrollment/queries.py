"""Reads of enrollments shared by dashboards and reports. Each takes a queryset that already
went through the access policy (core.access), so that no caller can skip it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from ropdesk.enrollment.models import Enrollment


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a label, a count and its share of the largest count."""

    label: str
    value: int
    percent: int


def bars(rows: Iterable[tuple[str, int]]) -> list[Bar]:
    rows = list(rows)
    top = max((value for _, value in rows), default=0) or 1
    return [Bar(label, value, round(100 * value / top)) for label, value in rows]


def active(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    return enrollments.filter(status__in=Enrollment.SEATED)


def count_by(enrollments: QuerySet[Enrollment], field: str) -> list[tuple[str, int]]:
    """Seated enrollments counted by one field path (e.g. the student's district name)."""
    rows = active(enrollments).values(field).annotate(n=Count("pk")).order_by("-n", field)
    return [(row[field] or "—", row["n"]) for row in rows]


def schedule_of(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Enrollments with everything a schedule shows, in one query."""
    return enrollments.select_related(
        "student",
        "section__course",
        "section__site",
        "section__instructor",
        "section__term",
        "worksite",
    ).order_by("section__start_time", "section__course__title")
