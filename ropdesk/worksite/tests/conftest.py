"""Personas for work-based learning tests: one CC and one CVE trainee at their own sites."""

from dataclasses import dataclass
from typing import Any

import pytest

from ropdesk.catalog.models import Competency, InstructionMode
from ropdesk.core.models import Organization, Role, Site
from ropdesk.core.tests import factories as f


@dataclass
class World:
    instructor: Any
    supervisor: Any
    other_supervisor: Any
    cc: Any  # enrollment
    cve: Any  # enrollment (a minor)
    cc_student_user: Any
    cve_student_user: Any
    parent: Any
    site: Any
    other_site: Any


def employer_site(name: str) -> Site:
    k = f.n()
    employer = Organization.objects.create(kind=Organization.Kind.EMPLOYER, name=name, code=f"E{k}")
    return f.site(kind=Site.Kind.WORKSITE, organization=employer, name=name)


@pytest.fixture
def world(db: None) -> World:
    instructor = f.user("teacher", role=Role.INSTRUCTOR, first_name="Tia", last_name="Teacher")
    site = employer_site("Gateway Clinic")
    other_site = employer_site("Harbor Garage")
    supervisor = f.user("boss", role=Role.EMPLOYER_SUPERVISOR, site_obj=site)
    other_supervisor = f.user("otherboss", role=Role.EMPLOYER_SUPERVISOR, site_obj=other_site)
    cc_section = f.section(instructor=instructor, mode=InstructionMode.COMMUNITY_CLASSROOM)
    cve_section = f.section(instructor=instructor, mode=InstructionMode.CVE)
    for section in (cc_section, cve_section):
        Competency.objects.bulk_create(
            Competency(course=section.course, number=k, description=f"Skill {k}") for k in (1, 2, 3)
        )
    cc_user, cve_user, parent = f.user("ccstudent"), f.user("cvestudent"), f.user("mom")
    for account in (cc_user, cve_user):
        account.roles.create(role=Role.STUDENT)
    parent.roles.create(role=Role.PARENT)
    cc_child = f.student(account=cc_user, first="Cora")
    cve_child = f.student(account=cve_user, first="Vic")
    f.guardian_of(cve_child, parent)
    return World(
        instructor=instructor,
        supervisor=supervisor,
        other_supervisor=other_supervisor,
        cc=f.enroll(cc_child, cc_section, worksite=site),
        cve=f.enroll(cve_child, cve_section, worksite=other_site),
        cc_student_user=cc_user,
        cve_student_user=cve_user,
        parent=parent,
        site=site,
        other_site=other_site,
    )
