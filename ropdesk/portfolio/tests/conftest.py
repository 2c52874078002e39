"""Personas for portfolio tests: Cora, a community-classroom trainee with approved job-site
hours and a certificate from an earlier course; her instructor, counselor, site supervisor
and parent; and the county office's signing key in a temporary folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import pytest
from django.utils import timezone

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.catalog.models import Competency, InstructionMode
from ropdesk.core.models import Organization, Role, Site
from ropdesk.core.tests import factories as f
from ropdesk.enrollment.services import completion_record
from ropdesk.portfolio import credentials


@dataclass
class World:
    student: Any
    student_user: Any
    instructor: Any
    counselor: Any
    supervisor: Any
    other_supervisor: Any
    parent: Any
    admin: Any
    trainee: Any  # the CC enrollment
    completion: Any
    site: Any


def employer_site(name: str) -> Site:
    k = f.n()
    employer = Organization.objects.create(kind=Organization.Kind.EMPLOYER, name=name, code=f"E{k}")
    return f.site(kind=Site.Kind.WORKSITE, organization=employer, name=name)


def approved_hours(enrollment: Any, supervisor: Any, day: date, minutes: int = 180) -> Any:
    return OnTheJobHours.objects.create(
        enrollment=enrollment,
        kind=OnTheJobHours.Kind.COMMUNITY_CLASSROOM,
        date=day,
        minutes=minutes,
        supervisor_approved_by=supervisor,
        supervisor_approved_at=timezone.make_aware(datetime.combine(day, time(18, 0))),
        agreement_signed_on=date(2026, 8, 20),
        credited_minutes=minutes,
    )


@pytest.fixture
def issuer_key(settings: Any, tmp_path: Any) -> Any:
    settings.ROPDESK = {
        **settings.ROPDESK,
        "CREDENTIAL_KEY_DIR": str(tmp_path / "keys"),
        "PORTFOLIO_PUBLIC_URL": "http://testserver",
    }
    return credentials.issuer_key_new()


@pytest.fixture
def world(db: None, issuer_key: Any) -> World:
    f.county()
    district = f.district("Downey Unified")
    school = f.school(district, "Downey High")
    instructor = f.user("teacher", role=Role.INSTRUCTOR, first_name="Tia", last_name="Teacher")
    counselor = f.user("counselor", role=Role.COUNSELOR, organization=district)
    admin = f.user("office", role=Role.ADMINISTRATOR)
    site = employer_site("Gateway Clinic")
    other_site = employer_site("Harbor Garage")
    supervisor = f.user("boss", role=Role.EMPLOYER_SUPERVISOR, site_obj=site)
    other_supervisor = f.user("otherboss", role=Role.EMPLOYER_SUPERVISOR, site_obj=other_site)
    student_user, parent = f.user("cora"), f.user("mom")
    student_user.roles.create(role=Role.STUDENT)
    parent.roles.create(role=Role.PARENT)
    student = f.student(
        account=student_user,
        first="Cora",
        last="Reyes",
        school_org=school,
        email="cora@example.org",
    )
    f.guardian_of(student, parent)
    cc_section = f.section(instructor=instructor, mode=InstructionMode.COMMUNITY_CLASSROOM)
    trainee = f.enroll(student, cc_section, worksite=site)
    classroom = f.section(instructor=instructor)
    classroom.course.title = "Medical Terminology"
    classroom.course.save(update_fields=["title"])
    Competency.objects.bulk_create(
        Competency(course=classroom.course, number=k, description=f"Skill {k}") for k in (1, 2)
    )
    done = f.enroll(student, classroom)
    completion = completion_record(
        enrollment=done,
        actor=instructor,
        final_grade="A",
        competencies=classroom.course.competencies.all(),
    )
    for day in (date(2026, 10, 5), date(2026, 10, 7)):
        approved_hours(trainee, supervisor, day)
    return World(
        student=student,
        student_user=student_user,
        instructor=instructor,
        counselor=counselor,
        supervisor=supervisor,
        other_supervisor=other_supervisor,
        parent=parent,
        admin=admin,
        trainee=trainee,
        completion=completion,
        site=site,
    )
