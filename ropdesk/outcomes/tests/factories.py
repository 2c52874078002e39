"""Small builders for outcomes tests: a pathway with its course sequence, a former student who
took it, an exit, a wave and an invitation with a known link."""

from __future__ import annotations

from datetime import date
from typing import Any

from ropdesk.catalog.models import Course, IndustrySector, Pathway, StateCourseCode
from ropdesk.core.models import Student
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_now
from ropdesk.core.tokens import token_hash
from ropdesk.enrollment.models import Completion, Enrollment
from ropdesk.outcomes.models import (
    Channel,
    Exit,
    FollowUpInvitation,
    FollowUpLink,
    FollowUpWave,
)
from ropdesk.scheduling.models import Section


def pathway(code: str = "198", name: str = "Patient Care") -> tuple[Pathway, Course, Course]:
    """A pathway with an introductory course and its capstone."""
    sector, _ = IndustrySector.objects.get_or_create(code="HLT", defaults={"name": "Health"})
    found, _ = Pathway.objects.get_or_create(code=code, defaults={"name": name, "sector": sector})
    intro, capstone = (
        StateCourseCode.objects.get_or_create(
            code=f"{code}{k}",
            defaults={
                "name": f"{name} {k}",
                "sector": sector,
                "pathway": found,
                "capstone_course": k == 2,
                "concentrator_course": k == 1,
            },
        )[0]
        for k in (1, 2)
    )
    courses = []
    for sc in (intro, capstone):
        course = f.course(pathway_code=code, title=f"{sc.name}")
        course.state_course_code = sc
        course.save(update_fields=["state_course_code"])
        courses.append(course)
    return found, courses[0], courses[1]


def section_of(course: Course, *, start: int = 2025, mode: str = "classroom") -> Section:
    return f.section(course_obj=course, term_obj=f.term(start), mode=mode)


def took(student: Student, course: Course, grade: str, *, start: int = 2025) -> Enrollment:
    """The student took the course in the school year starting `start`, with this grade."""
    enrollment = f.enroll(student, section_of(course, start=start), status="completed")
    Completion.objects.create(enrollment=enrollment, final_grade=grade, recorded_at=suite_now())
    return enrollment


def former_student(
    *,
    grades: tuple[str, str] = ("B", "C-"),
    courses: tuple[Course, Course] | None = None,
    exit_on: date = date(2026, 6, 10),
    code: str = "100",
    graduated: bool = True,
    **fields: Any,
) -> Student:
    """A senior of 2025-2026 who took the two courses with these grades and exited."""
    if courses is None:
        _p, intro, capstone = pathway()
        courses = (intro, capstone)
    student = f.student(grade="12", birth_date=date(2008, 3, 1), **fields)
    for course, grade in zip(courses, grades, strict=True):
        if grade:
            took(student, course, grade)
    Exit.objects.create(
        student=student,
        district=student.district_of_residence,
        exit_date=exit_on,
        exit_year="2025-2026" if exit_on.month < 7 else f"{exit_on.year}-{exit_on.year + 1}",
        completion_code=code,
        grade_at_exit="12",
        graduated=graduated,
        diploma_date=exit_on if graduated else None,
        graduation_cohort="2025-2026",
        source=Exit.Source.DISTRICT_FILE,
    )
    return student


def wave(**fields: Any) -> FollowUpWave:
    values = {
        "exit_year": "2025-2026",
        "opens_on": date(2026, 10, 1),
        "closes_on": date(2027, 1, 31),
        "channels": ["email", "letter", "phone"],
        "reminder_days": [7, 14],
        "target_response_rate": 75,
        "base_url": "http://testserver/",
    }
    values.update(fields)
    return FollowUpWave.objects.create(**values)


def invitation(
    student: Student,
    in_wave: FollowUpWave | None = None,
    *,
    token: str = "",
    channel: str = Channel.EMAIL,
    **fields: Any,
) -> FollowUpInvitation:
    found = FollowUpInvitation.objects.create(
        wave=in_wave or wave(),
        student=student,
        email=student.email,
        valid_until=fields.pop("valid_until", date(2027, 2, 28)),
        **fields,
    )
    if token:
        FollowUpLink.objects.create(invitation=found, token_hash=token_hash(token), channel=channel)
    return found
