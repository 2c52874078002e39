"""Completing what an import could not: courses and sections a district's file created without
the values ropdesk needs (a course's CALPADS pathway and hours; a section's instruction mode and
meeting pattern). Until then they are "needs setup": no attendance is taken in their sections
and they earn no ADA (attendance.services, funding.queries)."""

from __future__ import annotations

from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Course, Pathway
from ropdesk.core.services import audit_record
from ropdesk.core.types import Actor
from ropdesk.enrollment.services import waitlist_promote
from ropdesk.scheduling.models import Section
from ropdesk.scheduling.services import section_generate_meetings, validate_meeting_pattern


def courses_needing_setup() -> QuerySet[Course]:
    return Course.objects.filter(needs_setup=True).order_by("title", "code")


def sections_needing_setup() -> QuerySet[Section]:
    return (
        Section.objects.filter(needs_setup=True)
        .select_related("course", "term__school_year", "site")
        .order_by("course__title", "code")
    )


def needs_setup_count() -> int:
    """Courses and sections the office must complete (the administrator's dashboard)."""
    return courses_needing_setup().count() + sections_needing_setup().count()


def _refresh_section(section: Section) -> None:
    section.needs_setup = section.course.needs_setup or bool(section.setup_missing())
    section.save(update_fields=["needs_setup"])
    if not section.needs_setup:
        section_generate_meetings(section=section)
        # Students the roster waitlisted meanwhile take the seats (enrollment services).
        waitlist_promote(section=Section.objects.select_for_update().get(pk=section.pk))


@transaction.atomic(durable=True)
def course_setup_complete(
    *, actor: Actor | None, course: Course, pathway: Pathway, hours: int, modes: list[str]
) -> Course:
    """Give an imported course its pathway, hours and approved modes; its sections that have
    their own mode and pattern are then set up too (and get their meetings)."""
    if hours <= 0:
        raise ValidationError({"hours": _("Give the course's hours, above 0.")})
    if not modes:
        raise ValidationError({"modes": _("Choose at least one instruction mode.")})
    course = Course.objects.select_for_update().get(pk=course.pk)
    course.pathway = pathway
    course.hours = hours
    course.allows_classroom = "classroom" in modes
    course.allows_community_classroom = "community_classroom" in modes
    course.allows_cve = "cve" in modes
    course.needs_setup = False
    course.save()
    audit_record(actor=actor, action="course.setup_complete", obj=course, pathway=pathway.code)
    for section in course.sections.filter(needs_setup=True).select_related("course", "term"):
        _refresh_section(section)
    return course


@transaction.atomic(durable=True)
def section_setup_complete(
    *, actor: Actor | None, section: Section, mode: str, days: str, start_time: time, end_time: time
) -> Section:
    """Give an imported section its mode and meeting pattern; its meetings are generated once
    its course is set up too."""
    day_list = validate_meeting_pattern(days, start_time, end_time)
    section = (
        Section.objects.select_for_update().select_related("course", "term").get(pk=section.pk)
    )
    if not section.course.allows_mode(mode):
        raise ValidationError({"mode": _("The course is not approved for this instruction mode.")})
    section.mode = mode
    section.days = ",".join(day_list)
    section.start_time = start_time
    section.end_time = end_time
    section.save(update_fields=["mode", "days", "start_time", "end_time"])
    _refresh_section(section)
    audit_record(actor=actor, action="section.setup_complete", obj=section)
    return section
