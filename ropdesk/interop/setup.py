"""Completing what an import could not: courses and sections a district's file created without
the values ropdesk needs (a course's CALPADS pathway and hours; a section's instruction mode and
meeting pattern). Until then they are "needs setup": no attendance is taken in their sections
and they earn no ADA (attendance.services, funding.queries).

Students a file sent without demographics (OneRoster makes them optional) have no birth date:
every age rule answers "needs a birth date" until the office enters it here
(enrollment.eligibility, worksite.compliance; core.access shows such a student to no parent)."""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Course, Pathway
from ropdesk.core.models import Student, validate_birth_date
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


def students_needing_setup() -> QuerySet[Student]:
    """Students without a birth date (imported without demographics)."""
    return (
        Student.objects.filter(birth_date__isnull=True)
        .select_related("district_of_residence", "school_of_attendance")
        .order_by("legal_last_name", "legal_first_name", "local_id")
    )


def needs_setup_count() -> int:
    """Courses, sections and students the office must complete (the administrator's
    dashboard)."""
    return (
        courses_needing_setup().count()
        + sections_needing_setup().count()
        + students_needing_setup().count()
    )


def section_setup_refresh(section: Section) -> None:
    """Inside the caller's transaction: a section whose own values and course are complete is
    set up, gets its meetings, and its waitlist takes the seats."""
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
        section_setup_refresh(section)
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
    section_setup_refresh(section)
    audit_record(actor=actor, action="section.setup_complete", obj=section)
    return section


@transaction.atomic(durable=True)
def student_setup_complete(
    *, actor: Actor | None, student: Student, birth_date: date, sex: str = ""
) -> Student:
    """Enter the birth date (and, if known, the sex) of a student a district's file sent
    without demographics; the age rules then apply to the student as to any other."""
    validate_birth_date(birth_date)  # 1900 to today (issue 12, item 8)
    if sex not in {"", *Student.Sex.values}:
        raise ValidationError({"sex": _("Choose one of the listed values.")})
    student = Student.objects.select_for_update().get(pk=student.pk)
    student.birth_date = birth_date
    fields = ["birth_date", "updated_at"]
    if sex:
        student.sex = sex
        fields.append("sex")
    student.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="student.setup_complete",
        obj=student,
        birth_date=birth_date.isoformat(),
        sex=student.sex,
    )
    return student
