"""One small county for the authorization sweep, the disclosure tests and the escalation
tests: a district with one school, two employer training sites, and one persona per role, each
with something in its scope (the trainee is a minor at the supervisor's site, taught by the
instructor, counseled by the counselor, the student's own record and the parent's child)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.utils import timezone

from ropdesk.catalog.models import Competency, InstructionMode
from ropdesk.core.models import ImportJob, Organization, Role, Site
from ropdesk.core.tests import factories as f
from ropdesk.worksite import services as worksite

PERSONAS = [
    "administrator",
    "support_services",
    "district_coordinator",
    "counselor",
    "instructor",
    "employer_supervisor",
    "student",
    "parent",
    "no_role",
]


@dataclass
class County:
    users: dict[str, Any]
    district: Any
    school: Any
    site: Any
    other_site: Any
    section: Any  # community classroom, taught by the instructor
    other_section: Any  # CVE, another instructor, at the other site
    trainee: Any  # enrollment of the minor student at the supervisor's site
    other_trainee: Any
    hours: Any
    agreement: Any
    meeting: Any
    job: Any  # an import the administrator started (the job pages)
    extra: dict[str, Any] = field(default_factory=dict)


def _employer_site(name: str, district: Organization) -> Site:
    employer = Organization.objects.create(
        kind=Organization.Kind.EMPLOYER, name=name, code=f"E{f.n()}"
    )
    return f.site(kind=Site.Kind.WORKSITE, organization=employer, name=name, district_org=district)


def joint_venture(instructor: Any, site: Site, section: Any) -> Any:
    """A community-classroom joint venture agreement of the site for the section's term."""
    return worksite.agreement_create(
        actor=instructor,
        kind="cc_joint_venture",
        site=site,
        term=section.term,
        enrollment=None,
        terms="The site trains; the school supervises.",
        starts_on=section.term.start_date,
        ends_on=section.term.end_date,
        attests_no_immediate_benefit=True,
        attests_no_displacement=True,
    )


def build() -> County:
    district = f.district("North Valley Unified")
    school = f.school(district, "North Valley High")
    campus = f.site(district_org=district, name="North Valley campus")
    site = _employer_site("Gateway Clinic", district)
    other_site = _employer_site("Harbor Garage", district)
    instructor = f.user(
        "instructor",
        role=Role.INSTRUCTOR,
        first_name="Tia",
        last_name="Teacher",
        email="tia@example.org",
    )
    other_instructor = f.user("other_instructor", role=Role.INSTRUCTOR)
    users = {
        "administrator": f.user(
            "administrator", role=Role.ADMINISTRATOR, email="office@example.org"
        ),
        "support_services": f.user("support_services", role=Role.SUPPORT_SERVICES),
        "district_coordinator": f.user(
            "district_coordinator", role=Role.DISTRICT_COORDINATOR, organization=district
        ),
        "counselor": f.user("counselor", role=Role.COUNSELOR, organization=school),
        "instructor": instructor,
        "employer_supervisor": f.user(
            "employer_supervisor",
            role=Role.EMPLOYER_SUPERVISOR,
            site_obj=site,
            email="boss@gateway.example",
        ),
        "student": f.user("student", role=Role.STUDENT, email="cora@example.org"),
        "parent": f.user("parent", role=Role.PARENT, email="mom@example.org"),
        "no_role": f.user("no_role"),
        "other_instructor": other_instructor,
        "other_supervisor": f.user(
            "other_supervisor", role=Role.EMPLOYER_SUPERVISOR, site_obj=other_site
        ),
    }
    section = f.section(
        instructor=instructor, site_obj=campus, mode=InstructionMode.COMMUNITY_CLASSROOM
    )
    other_section = f.section(
        instructor=other_instructor, site_obj=campus, mode=InstructionMode.CVE
    )
    for sec in (section, other_section):
        Competency.objects.create(course=sec.course, number=1, description="Take vitals")
    cora = f.student(
        school_org=school,
        first="Cora",
        last="Alvarez",
        account=users["student"],
        birth_date=date(2010, 3, 1),
        statewide_id="1234567890",
    )
    f.guardian_of(cora, users["parent"], name="Mona Alvarez")
    vic = f.student(school_org=school, first="Vic", last="Baker", birth_date=date(2009, 5, 5))
    trainee = f.enroll(cora, section, worksite=site)
    other_trainee = f.enroll(vic, other_section, worksite=other_site)
    agreement = joint_venture(instructor, site, section)
    worksite.plan_create(actor=instructor, enrollment=trainee, expected_weeks=18)
    hours = worksite.timesheet_log(
        actor=users["student"],
        enrollment=trainee,
        # Today, or the term's last day for a test whose clock is past it: hours outside the
        # enrollment do not count (EC 46300) and are refused.
        day=min(timezone.localdate(), section.term.end_date),
        # An early shift: hours that end later today cannot be logged yet.
        started_at=time(6, 0),
        ended_at=time(8, 0),
    )
    meeting = section.meetings.order_by("date").first()
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.ONEROSTER,
        file_name="oneroster.zip",
        content=b"",
        sha256="0" * 64,
        started_by=users["administrator"],
    )
    return County(
        users=users,
        district=district,
        school=school,
        site=site,
        other_site=other_site,
        section=section,
        other_section=other_section,
        trainee=trainee,
        other_trainee=other_trainee,
        hours=hours,
        agreement=agreement,
        meeting=meeting,
        job=job,
    )


def add_the_rest(world: County) -> County:
    """The objects the pages that take one need beyond `build`, so that the sweep opens them
    on a real object, not only on their 404 path: an application in the counselor's school
    (with a parent's consent link), the trainee's completion and certificate, a complaint
    (with its status link), a finished career survey of the student, and a course, a section
    and a student an import left needing setup. Each is put in `world.extra` under the URL
    name and parameter it fills (core/tests/urlmap.py)."""
    from ropdesk.careers.models import InterestArea, PathwayLink
    from ropdesk.careers.tests.factories import finished_survey, occupation
    from ropdesk.complaints import services as complaints
    from ropdesk.complaints.models import ComplaintKind
    from ropdesk.core.models import Student
    from ropdesk.enrollment import services as enrollment
    from ropdesk.enrollment.tests.helpers import application
    from ropdesk.outcomes.tests import sweep as outcomes_sweep
    from ropdesk.partners.tests import sweep as partners_sweep
    from ropdesk.portfolio.tests.sweep import add_portfolio

    consent = "county-consent-token"
    applied = application(
        school=world.school,
        last="Applicant",
        consent_token_hash=enrollment.token_hash(consent),
        guardian_email="guardian@example.org",
    )
    completion = enrollment.completion_record(
        enrollment=world.trainee,
        actor=world.users["instructor"],
        final_grade="A",
        competencies=list(world.section.course.competencies.all()),
    )
    filed = complaints.complaint_file(
        kind=ComplaintKind.UCP_DISCRIMINATION,
        bases=["race"],
        description="A complaint for the sweep.",
        incident_date=world.section.term.start_date,
        filer_name="Rosa Quintero",
        filer_email="rosa@example.org",
    )
    job = occupation("Medical Assistants", (1, 2, 3, 4, 5, 6), code="31-9092.00")
    # The county's course leads to it, so a high-school student's matches show it.
    PathwayLink.objects.create(
        occupation=job, pathway=world.section.course.pathway, confidence="high"
    )
    for position, letter in enumerate("RIASEC"):
        InterestArea.objects.get_or_create(
            letter=letter,
            defaults={
                "position": position,
                **{f"{k}_{lang}": letter for k in ("name", "nickname") for lang in ("en", "es")},
                "summary_en": "",
                "summary_es": "",
            },
        )
    survey = finished_survey(world.trainee.student, "10 20 30 40 30 20", "SAE")
    needs_course = f.course(title="Imported course")
    type(needs_course).objects.filter(pk=needs_course.pk).update(needs_setup=True)
    needs_section = f.section(instructor=world.users["instructor"])
    type(needs_section).objects.filter(pk=needs_section.pk).update(needs_setup=True)
    marked = _marks_of_the_trainee(world)
    unknown = f.student(school_org=world.school, first="Una", last="Known")
    Student.objects.filter(pk=unknown.pk).update(birth_date=None)
    from ropdesk.scheduling.models import Holiday

    day_off = Holiday.objects.create(  # a Saturday: no meeting of the county's falls on it
        school_year=world.section.term.school_year,
        date=date(2026, 11, 28),
        name="Thanksgiving weekend",
        kind=Holiday.Kind.NON_SCHOOL_DAY,
    )
    # The jobs the ADA report's page and a district's return files page follow (their
    # progress partials): the county's figures, the district's check.
    ada_page_job = ImportJob.objects.create(
        kind="report_ada_page",
        file_name="ada",
        content=b"",
        sha256="",
        started_by=world.users["administrator"],
        options={"districts": None},
    )
    returns_check = ImportJob.objects.create(
        kind="report_returns_check",
        file_name="returns",
        content=b"",
        sha256="",
        started_by=world.users["administrator"],
        options={
            "district_id": world.district.pk,
            "school_year_id": world.section.term.school_year.pk,
        },
    )
    world.extra.update(
        {
            "ada_report_progress.pk": ada_page_job.pk,
            "returns_check_progress.job": returns_check.pk,
            "application_detail.pk": applied.pk,
            "parent_consent.token": consent,
            "certificate_detail.code": completion.certificate_code,
            "case_detail.reference": filed.complaint.reference,
            "case_report_pdf.reference": filed.complaint.reference,
            "complaint_status.reference": filed.complaint.reference,
            "complaint_status.token": filed.token,
            "complaint_status_report.reference": filed.complaint.reference,
            "complaint_status_report.token": filed.token,
            "careers_occupation.code": job.code,
            "careers_result.pk": survey.pk,
            "interop_course_setup.pk": needs_course.pk,
            "interop_section_setup.pk": needs_section.pk,
            "interop_student_setup.pk": unknown.pk,
            "marks_period_lock.pk": marked.grading_period_id,
            "marks_correct.pk": marked.pk,
            "office_holiday_remove.pk": day_off.pk,
            **{
                f"{name}.{key}": value
                for name in (
                    "returns_district",
                    "returns_download",
                    "returns_bundle",
                    "returns_check_progress",
                )
                for key, value in (
                    ("pk", world.district.pk),
                    ("year", world.section.term.school_year.name),
                    ("file_type", "SCSC"),
                    ("file_format", "txt"),
                )
            },
        }
    )
    add_portfolio(world)
    partners_sweep.add_to(world)
    outcomes_sweep.add_to(world)
    return world


def _marks_of_the_trainee(world: County) -> Any:
    """The trainee's mark in a locked final grading period (the marks pages' objects)."""
    from ropdesk.marks import services as marks

    term = world.section.term
    period = marks.grading_period_create(
        actor=None,
        term=term,
        name="Final",
        starts_on=term.start_date,
        ends_on=term.end_date,
        is_final=True,
    )
    marks.marks_record(
        actor=None,
        section=world.section,
        grading_period=period,
        entries=[marks.MarkEntry(world.trainee, "B")],
    )
    marks.grading_period_lock(actor=None, grading_period=period)
    return period.marks.get()
