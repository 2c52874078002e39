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
    agreement = worksite.agreement_create(
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
