"""A small county for the return-file tests: two districts with one high school each, two
courses of one pathway (the capstone and a community-classroom course), three high-school
students and one adult, marks of record locked for Fall 2026; and last year's completers'
follow-up: Eve (North High, left in June 2026 after completing the pathway in 2025-2026)
answered the completers' wave "community college and working part time", Fay (South High)
answered too, Gil (North High) answered only the concentrators' wave. The expected files in
expected/north/ were written by hand from this description."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.catalog.models import Course, IndustrySector, InstructionMode, Pathway, StateCourseCode
from ropdesk.core.models import Organization, Role, Site, Student
from ropdesk.core.tests import factories as f
from ropdesk.enrollment.models import Completion
from ropdesk.marks import services as marks
from ropdesk.marks.models import CourseCredit
from ropdesk.outcomes.models import Exit, FollowUpInvitation, FollowUpResponse, FollowUpWave
from ropdesk.returns.models import CdsCode, StaffStateId
from ropdesk.scheduling.models import Term
from ropdesk.worksite.models import TrainingAgreement


@dataclass
class County:
    north: Organization
    south: Organization
    office: Any
    north_coordinator: Any
    south_coordinator: Any
    ana: Student
    ben: Student
    cruz: Student
    adult: Student
    period: Any
    eve: Student


def _district(
    name: str, cds: str, school_name: str, school_cds: str
) -> tuple[Organization, Organization]:
    district = f.district(name)
    school = f.school(district, school_name)
    CdsCode.objects.create(organization=district, code=cds)
    CdsCode.objects.create(organization=school, code=school_cds)
    return district, school


def _student(
    local_id: str,
    ssid: str | None,
    first: str,
    last: str,
    born: date,
    sex: str,
    school: Organization | None,
    district: Organization,
    grade: str,
) -> Student:
    return Student.objects.create(
        local_id=local_id,
        statewide_id=ssid,
        legal_first_name=first,
        legal_last_name=last,
        birth_date=born,
        sex=sex,
        grade_level=grade,
        district_of_residence=district,
        school_of_attendance=school,
    )


def build() -> County:
    north, north_high = _district("North Unified", "19647330000000", "North High", "19647331930247")
    south, south_high = _district("South Unified", "19648810000000", "South High", "19648811936000")
    sector, _ = IndustrySector.objects.get_or_create(
        code="HLT", defaults={"name": "Health Science"}
    )
    pathway, _ = Pathway.objects.get_or_create(
        code="198", defaults={"name": "Patient Care", "sector": sector}
    )
    capstone = StateCourseCode.objects.create(
        code="7934",
        name="Patient Care Capstone",
        sector=sector,
        pathway=pathway,
        capstone_course=True,
    )
    concentrator = StateCourseCode.objects.create(
        code="7933",
        name="Patient Care Concentrator",
        sector=sector,
        pathway=pathway,
        concentrator_course=True,
    )
    assisting = Course.objects.create(
        code="MA100",
        title="Medical Assisting",
        pathway=pathway,
        state_course_code=capstone,
        hours=180,
    )
    care = Course.objects.create(
        code="PC200",
        title="Patient Care Community Classroom",
        pathway=pathway,
        state_course_code=concentrator,
        hours=180,
        allows_classroom=False,
        allows_community_classroom=True,
    )
    CourseCredit.objects.create(course=assisting, credits=Decimal("5.00"))
    fall = f.term(2026)
    Term.objects.create(
        school_year=fall.school_year,
        name="Spring",
        start_date=date(2027, 1, 25),
        end_date=date(2027, 6, 10),
    )
    morales = f.user("tmorales", role=Role.INSTRUCTOR)
    StaffStateId.objects.create(user=morales, seid="1234567890")
    nguyen = f.user("tnguyen", role=Role.INSTRUCTOR)
    center = f.site(district_org=north, name="ROP Center")
    a_section = f.section(instructor=morales, course_obj=assisting, site_obj=center, term_obj=fall)
    a_section.code = "MA100-F1"
    a_section.save(update_fields=["code"])
    c_section = f.section(
        instructor=nguyen,
        course_obj=care,
        site_obj=center,
        term_obj=fall,
        mode=InstructionMode.COMMUNITY_CLASSROOM,
    )
    c_section.code = "PC200-F1"
    c_section.save(update_fields=["code"])
    ana = _student(
        "N0001", "1000000001", "Ana", "Alvarez", date(2009, 5, 4), "F", north_high, north, "11"
    )
    ben = _student(
        "N0002", "1000000002", "Ben", "Brown", date(2008, 12, 1), "M", north_high, north, "12"
    )
    cruz = _student(
        "S0001", "1000000003", "Cruz", "Castro", date(2009, 1, 9), "X", south_high, south, "11"
    )
    adult = _student("A0001", None, "Dana", "Diaz", date(1990, 2, 2), "F", None, north, "AD")
    worksite = f.site(kind=Site.Kind.WORKSITE, district_org=north, name="Valley Clinic")
    enrolled = {
        (ana, a_section): None,
        (ben, a_section): None,
        (cruz, a_section): None,
        (adult, a_section): None,
        (ana, c_section): worksite,
    }
    enrollments = {
        key: f.enroll(s, sec, worksite=site)
        for (s, sec), site in enrolled.items()
        for key in [(s.local_id, sec.code)]
    }
    # The site's community-classroom joint venture agreement (5 CCR 10087) sets when the
    # on-the-job training runs: the WBLR start date is its start, not the term's.
    TrainingAgreement.objects.create(
        kind=TrainingAgreement.Kind.CC_JOINT_VENTURE,
        site=worksite,
        term=fall,
        terms="Unpaid training under the program's supervision.",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 18),
        fully_signed_on=date(2026, 9, 1),
    )
    OnTheJobHours.objects.create(
        enrollment=enrollments[("N0001", "PC200-F1")],
        kind="cc_ojt",
        date=date(2026, 10, 12),
        minutes=600,
        supervisor_approved_at=timezone.now(),
        agreement_signed_on=date(2026, 9, 1),
    )
    office = f.user("office", role=Role.ADMINISTRATOR)
    period = marks.grading_period_create(
        actor=office,
        term=fall,
        name="Semester 1",
        starts_on=fall.start_date,
        ends_on=fall.end_date,
        is_final=True,
    )
    given = {
        ("N0001", "MA100-F1"): "B+",
        ("N0002", "MA100-F1"): "D",
        ("S0001", "MA100-F1"): "A",
        ("A0001", "MA100-F1"): "C",
        ("N0001", "PC200-F1"): "A",
    }
    for section in (a_section, c_section):
        entries = [
            marks.MarkEntry(enrollments[key], value)
            for key, value in given.items()
            if key[1] == section.code
        ]
        marks.marks_record(actor=office, section=section, grading_period=period, entries=entries)
    marks.grading_period_lock(actor=office, grading_period=period)
    eve = _followup(north, north_high, south, south_high, assisting, care)
    return County(
        north=north,
        south=south,
        office=office,
        north_coordinator=f.user("north.dc", role=Role.DISTRICT_COORDINATOR, organization=north),
        south_coordinator=f.user("south.dc", role=Role.DISTRICT_COORDINATOR, organization=south),
        ana=ana,
        ben=ben,
        cruz=cruz,
        adult=adult,
        period=period,
        eve=eve,
    )


def _followup(
    north: Organization,
    north_high: Organization,
    south: Organization,
    south_high: Organization,
    *courses: Course,
) -> Student:
    """Last year's (2025-2026) completers and their answers to this year's follow-up."""
    last_fall = f.term(2025)
    sections = []
    for course in courses:
        mode = (
            InstructionMode.CLASSROOM
            if course.allows_classroom
            else InstructionMode.COMMUNITY_CLASSROOM
        )
        section = f.section(course_obj=course, term_obj=last_fall, mode=mode)
        section.code = f"{course.code}-L1"
        section.save(update_fields=["code"])
        sections.append(section)
    completers = FollowUpWave.objects.create(
        exit_year="2025-2026",
        opens_on=date(2026, 10, 1),
        closes_on=date(2027, 1, 31),
        channels=["email"],
        target_response_rate=75,
    )
    concentrators = FollowUpWave.objects.create(
        exit_year="2025-2026",
        population=FollowUpWave.Population.CONCENTRATORS,
        opens_on=date(2026, 10, 1),
        closes_on=date(2027, 1, 31),
        channels=["email"],
        target_response_rate=75,
    )
    people = [
        ("N0005", "1000000005", "Eve", "Evans", "F", north_high, north, completers),
        ("S0005", "1000000006", "Fay", "Ford", "F", south_high, south, completers),
        ("N0006", "1000000007", "Gil", "Gray", "M", north_high, north, concentrators),
    ]
    found = []
    for local_id, ssid, first, last, sex, school, district, wave in people:
        student = _student(
            local_id, ssid, first, last, date(2008, 3, 1), sex, school, district, "12"
        )
        for section, grade in zip(sections, ("B", "A"), strict=True):
            enrollment = f.enroll(student, section, status="completed")
            Completion.objects.create(
                enrollment=enrollment, final_grade=grade, recorded_at=timezone.now()
            )
        Exit.objects.create(
            student=student,
            district=district,
            exit_date=date(2026, 6, 10),
            exit_year="2025-2026",
            completion_code="100",
            graduated=True,
            diploma_date=date(2026, 6, 10),
            source=Exit.Source.DISTRICT_FILE,
        )
        invitation = FollowUpInvitation.objects.create(
            wave=wave, student=student, valid_until=date(2027, 2, 28)
        )
        answer = {"postsecondary": "ccc", "employment": "part_time"}
        FollowUpResponse.objects.create(
            invitation=invitation,
            channel="email",
            reference_quarter_start=date(2026, 10, 1),
            reference_quarter_end=date(2026, 12, 31),
            answered_at=timezone.now(),
            psts_codes=["stale"],  # the file maps the answer afresh, by today's table
            **answer,
        )
        found.append(student)
    return found[0]
