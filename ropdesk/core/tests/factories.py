"""Small factory functions for tests: each states only what a test cares about."""

from __future__ import annotations

import itertools
from datetime import date, time
from typing import Any

from ropdesk.catalog.models import Course, IndustrySector, InstructionMode, Pathway
from ropdesk.core.models import (
    Guardianship,
    Organization,
    Role,
    RoleAssignment,
    Site,
    Student,
    User,
)
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import SchoolYear, Section, Term
from ropdesk.scheduling.services import section_create

_seq = itertools.count(1)
PASSWORD = "correct horse battery staple"


def n() -> int:
    return next(_seq)


def county() -> Organization:
    org, _ = Organization.objects.get_or_create(
        code="COUNTY", defaults={"kind": Organization.Kind.COUNTY, "name": "Test County Office"}
    )
    return org


def district(name: str | None = None) -> Organization:
    k = n()
    return Organization.objects.create(
        kind=Organization.Kind.DISTRICT, code=f"D{k}", name=name or f"District {k}", parent=county()
    )


def school(district_org: Organization | None = None, name: str | None = None) -> Organization:
    k = n()
    return Organization.objects.create(
        kind=Organization.Kind.SCHOOL,
        code=f"S{k}",
        name=name or f"School {k}",
        parent=district_org or district(),
    )


def site(
    *,
    kind: str = Site.Kind.SCHOOL,
    district_org: Organization | None = None,
    organization: Organization | None = None,
    name: str | None = None,
) -> Site:
    k = n()
    district_org = district_org or district()
    return Site.objects.create(
        kind=kind,
        code=f"SITE{k}",
        name=name or f"Site {k}",
        organization=organization or district_org,
        district=district_org,
    )


def user(
    username: str | None = None,
    *,
    role: str | None = None,
    organization: Organization | None = None,
    site_obj: Site | None = None,
    **fields: Any,
) -> User:
    account = User.objects.create_user(
        username=username or f"user{n()}", password=PASSWORD, **fields
    )
    if role:
        RoleAssignment.objects.create(
            user=account, role=role, organization=organization, site=site_obj
        )
    return account


def student(
    *,
    district_org: Organization | None = None,
    school_org: Organization | None = None,
    grade: str = "11",
    birth_date: date | None = date(2010, 3, 1),
    account: User | None = None,
    **fields: Any,
) -> Student:
    k = n()
    if school_org is not None and district_org is None:
        district_org = school_org.parent
    district_org = district_org or district()
    if school_org is None and grade != "AD":
        school_org = school(district_org)
    return Student.objects.create(
        local_id=f"L{k}",
        legal_first_name=fields.pop("first", f"First{k}"),
        legal_last_name=fields.pop("last", f"Last{k}"),
        birth_date=birth_date,
        sex=fields.pop("sex", "F"),
        grade_level=grade,
        district_of_residence=district_org,
        school_of_attendance=school_org,
        user=account,
        **fields,
    )


def guardian_of(child: Student, account: User, **fields: Any) -> Guardianship:
    return Guardianship.objects.create(
        student=child, user=account, name=fields.pop("name", str(account)), **fields
    )


def course(
    *,
    cc: bool = False,
    cve: bool = False,
    title: str | None = None,
    pathway_code: str = "198",
    sector_code: str = "HLT",
) -> Course:
    sector, _ = IndustrySector.objects.get_or_create(
        code=sector_code, defaults={"name": f"Sector {sector_code}"}
    )
    pathway, _ = Pathway.objects.get_or_create(
        code=pathway_code, defaults={"name": f"Pathway {pathway_code}", "sector": sector}
    )
    k = n()
    return Course.objects.create(
        code=f"C{k}",
        title=title or f"Course {k}",
        pathway=pathway,
        hours=180,
        allows_community_classroom=cc,
        allows_cve=cve,
    )


def school_year(start: int = 2026) -> SchoolYear:
    year, _ = SchoolYear.objects.get_or_create(
        name=f"{start}-{start + 1}",
        defaults={
            "start_date": date(start, 7, 1),
            "end_date": date(start + 1, 6, 30),
            "first_instruction_day": date(start, 8, 19),
            "last_instruction_day": date(start + 1, 6, 10),
        },
    )
    return year


def term(start: int = 2026) -> Term:
    year = school_year(start)
    found, _ = Term.objects.get_or_create(
        school_year=year,
        name="Fall",
        defaults={"start_date": date(start, 8, 19), "end_date": date(start + 1, 1, 22)},
    )
    return found


def section(
    *,
    instructor: User | None = None,
    site_obj: Site | None = None,
    course_obj: Course | None = None,
    mode: str = InstructionMode.CLASSROOM,
    capacity: int = 30,
    days: str = "Mon,Wed",
    start: time = time(14, 0),
    end: time = time(16, 0),
    term_obj: Term | None = None,
) -> Section:
    course_obj = course_obj or course(
        cc=mode == InstructionMode.COMMUNITY_CLASSROOM, cve=mode == InstructionMode.CVE
    )
    return section_create(
        actor=None,
        code=f"SEC{n()}",
        course=course_obj,
        term=term_obj or term(),
        site=site_obj or site(),
        instructor=instructor,
        mode=mode,
        capacity=capacity,
        days=days,
        start_time=start,
        end_time=end,
    )


def enroll(
    child: Student,
    sec: Section,
    *,
    worksite: Site | None = None,
    status: str = Enrollment.Status.ENROLLED,
) -> Enrollment:
    return Enrollment.objects.create(
        student=child,
        section=sec,
        status=status,
        enrolled_on=sec.term.start_date,
        worksite=worksite,
    )


ROLES = list(Role)
