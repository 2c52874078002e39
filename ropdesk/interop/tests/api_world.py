"""A small county for the API tests: one persona per role, and records each reaches or not."""

from __future__ import annotations

from datetime import date, time
from types import SimpleNamespace

from ropdesk.attendance.services import attendance_mark, ojt_record
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Role, Site
from ropdesk.core.tests import factories as f


def build_world() -> SimpleNamespace:
    """North and South; Welding (classroom, Terry, meets in the North) and Nursing (community
    classroom, Nina, meets in the South). Ana (North High, a minor with a student account and
    a parent) takes both and trains at Acme; Ben (South) takes Welding; Cara (South) takes
    Nursing and trains at Bolt. The supervisor supervises Acme."""
    w = SimpleNamespace()
    w.north, w.south = f.district("North"), f.district("South")
    w.north_high, w.south_high = f.school(w.north), f.school(w.south)
    w.acme = f.site(kind=Site.Kind.WORKSITE, district_org=w.south, name="Acme Clinic")
    w.bolt = f.site(kind=Site.Kind.WORKSITE, district_org=w.south, name="Bolt Care")
    w.terry = f.user("terry", role=Role.INSTRUCTOR)
    w.nina = f.user("nina", role=Role.INSTRUCTOR)
    w.welding = f.section(instructor=w.terry, site_obj=f.site(district_org=w.north))
    w.nursing = f.section(
        instructor=w.nina,
        site_obj=f.site(district_org=w.south),
        mode=InstructionMode.COMMUNITY_CLASSROOM,
    )
    student_account = f.user("ana", role=Role.STUDENT)
    w.ana = f.student(school_org=w.north_high, account=student_account, first="Ana", last="Alba")
    w.ben = f.student(school_org=w.south_high, first="Ben", last="Bell", preferred_name="Benny")
    w.cara = f.student(school_org=w.south_high, first="Cara", last="Cruz")
    w.enrollments = {
        "ana_welding": f.enroll(w.ana, w.welding),
        "ben_welding": f.enroll(w.ben, w.welding),
        "ana_nursing": f.enroll(w.ana, w.nursing, worksite=w.acme),
        "cara_nursing": f.enroll(w.cara, w.nursing, worksite=w.bolt),
    }
    parent = f.user("parent", role=Role.PARENT)
    f.guardian_of(w.ana, parent)
    w.users = {
        "admin": f.user("admin", role=Role.ADMINISTRATOR),
        "support": f.user("support", role=Role.SUPPORT_SERVICES),
        "coordinator": f.user("coordinator", role=Role.DISTRICT_COORDINATOR, organization=w.north),
        "counselor": f.user("counselor", role=Role.COUNSELOR, organization=w.north_high),
        "terry": w.terry,
        "nina": w.nina,
        "supervisor": f.user("supervisor", role=Role.EMPLOYER_SUPERVISOR, site_obj=w.acme),
        "student": student_account,
        "parent": parent,
    }
    w.attendance = {}
    for name, section in (("ana_welding", w.welding), ("ben_welding", w.welding)):
        meeting = section.meetings.filter(date__lt=date(2026, 11, 2)).order_by("date").first()
        w.attendance[name] = attendance_mark(
            actor=section.instructor,
            meeting=meeting,
            enrollment=w.enrollments[name],
            arrived=time(14),
            departed=time(16),
        ).record
    nursing_day = w.nursing.meetings.filter(date__lt=date(2026, 11, 2)).order_by("date").first()
    w.attendance["cara_nursing"] = attendance_mark(
        actor=w.nina,
        meeting=nursing_day,
        enrollment=w.enrollments["cara_nursing"],
        arrived=time(14),
        departed=time(15),
    ).record
    w.hours = {
        name: ojt_record(
            actor=w.nina,
            enrollment=w.enrollments[name],
            kind="cc_ojt",
            day=date(2026, 10, 20),
            minutes=240,
        )
        for name in ("ana_nursing", "cara_nursing")
    }
    return w


def api_get(client, path: str, secret: str | None = None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    return client.get(path, params, **headers)
