"""Small factories for career tests: occupations with a given interest profile, finished
surveys with given scores, and the survey's answers written out."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from ropdesk.careers.models import SCALE_FIELDS, InterestSurvey, JobZone, Occupation
from ropdesk.core.models import Student
from ropdesk.core.tests.factories import n


def job_zone(zone: int) -> JobZone:
    found, _ = JobZone.objects.get_or_create(
        zone=zone,
        defaults={
            "name": f"Job Zone {zone}",
            "experience": "",
            "education": "",
            "job_training": "",
            "examples": "",
        },
    )
    return found


def occupation(
    title: str,
    profile: tuple[float, float, float, float, float, float] | None,
    *,
    zone: int | None = 2,
    code: str | None = None,
) -> Occupation:
    """An occupation whose R, I, A, S, E, C ratings are `profile` (None: not rated)."""
    ratings = (
        dict(zip(SCALE_FIELDS, (Decimal(str(v)) for v in profile), strict=True)) if profile else {}
    )
    return Occupation.objects.create(
        code=code or f"99-{n():04d}.00",
        title=title,
        description=f"{title} do things.",
        job_zone=job_zone(zone) if zone else None,
        **ratings,
    )


def finished_survey(student: Student, scores: str | tuple[int, ...], code: str) -> InterestSurvey:
    """A completed survey with the six scale sums given in R, I, A, S, E, C order."""
    values = [int(v) for v in scores.split()] if isinstance(scores, str) else list(scores)
    return InterestSurvey.objects.create(
        student=student,
        completed_at=timezone.now(),
        code=code,
        **dict(zip(SCALE_FIELDS, values, strict=True)),
    )
