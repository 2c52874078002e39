"""Small builders for admissions tests, on top of the core factories."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.utils import timezone

from ropdesk.core.models import Organization
from ropdesk.core.tests import factories as f
from ropdesk.enrollment.models import Application, ApplicationChoice, ParentConsent
from ropdesk.scheduling.models import Section

BASE_URL = "http://testserver/"


def application(
    *,
    section: Section | None = None,
    district: Organization | None = None,
    school: Organization | None = None,
    birth_date: date = date(2009, 3, 1),
    grade: str = "11",
    kind: str = Application.Kind.HIGH_SCHOOL,
    consent: bool = False,
    **fields: Any,
) -> Application:
    """A submitted application, as the public form files it (without the e-mails)."""
    if school is None and kind == Application.Kind.HIGH_SCHOOL:
        school = f.school(district)
    district = district or (school.parent if school else None) or f.district()
    k = f.n()
    made = Application.objects.create(
        reference=fields.pop("reference", f"A-T{k:05d}"),
        kind=kind,
        legal_first_name=fields.pop("first", f"First{k}"),
        legal_last_name=fields.pop("last", f"Last{k}"),
        birth_date=birth_date,
        sex=fields.pop("sex", "F"),
        email=fields.pop("email", f"applicant{k}@example.org"),
        grade_level=grade,
        district_of_residence=district,
        school=school,
        transportation=Application.Transportation.FAMILY,
        transportation_acknowledged=True,
        submitted_at=fields.pop("submitted_at", timezone.now()),
        **fields,
    )
    section = section or f.section()
    ApplicationChoice.objects.create(
        application=made, rank=1, course=section.course, section=section
    )
    if consent:
        ParentConsent.objects.create(
            application=made,
            guardian_name="Pat Parent",
            relationship="Mother",
            method=ParentConsent.Method.PAPER,
            consented_at=timezone.now(),
        )
    return made


def evening_section(**kwargs: Any) -> Section:
    return f.section(start=time(18, 0), end=time(21, 0), **kwargs)
