"""Each role's dashboard shows real figures from the database, and its queries do not grow
with the number of students."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Role, Site
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today
from ropdesk.scheduling.models import Meeting

pytestmark = pytest.mark.django_db


class County:
    """A small county that can grow: every `grow()` adds students to every section."""

    def __init__(self):
        self.a, self.b = f.district("Downey Unified"), f.district("Pomona Unified")
        self.school_a = f.school(self.a, "Downey High School")
        self.worksite = f.site(
            kind=Site.Kind.WORKSITE,
            district_org=self.a,
            organization=f.county(),
            name="Gateway Clinic",
        )
        self.teacher = f.user(
            "teacher", role=Role.INSTRUCTOR, first_name="Terry", last_name="Teach"
        )
        self.sections = [
            f.section(
                instructor=self.teacher,
                site_obj=f.site(district_org=self.a),
                mode=InstructionMode.COMMUNITY_CLASSROOM,
                capacity=500,
                days="Mon,Tue,Wed,Thu,Fri,Sat,Sun",
                start=time(8),
                end=time(10),
            ),
            f.section(
                instructor=self.teacher,
                site_obj=f.site(district_org=self.b),
                capacity=500,
                start=time(11),
                end=time(12),
                days="Mon,Tue,Wed,Thu,Fri",
            ),
        ]
        self.users = {
            "admin": f.user("admin", role=Role.ADMINISTRATOR),
            "support": f.user("support", role=Role.SUPPORT_SERVICES),
            "coordinator": f.user(
                "coordinator", role=Role.DISTRICT_COORDINATOR, organization=self.a
            ),
            "counselor": f.user("counselor", role=Role.COUNSELOR, organization=self.a),
            "instructor": self.teacher,
            "supervisor": f.user(
                "supervisor", role=Role.EMPLOYER_SUPERVISOR, site_obj=self.worksite
            ),
            "student": f.user("student", role=Role.STUDENT),
            "parent": f.user("parent", role=Role.PARENT),
        }
        me = f.student(
            school_org=self.school_a,
            first="Sofia",
            last="Ramirez",
            account=self.users["student"],
            birth_date=date(2010, 10, 14),
        )
        f.guardian_of(me, self.users["parent"], name="Elena Ramirez")
        f.enroll(me, self.sections[0], worksite=self.worksite)
        self.grow(3)

    def grow(self, count):
        for k in range(count):
            district = self.a if k % 2 == 0 else self.b
            grade = "AD" if k % 3 == 0 else "12"
            kid = f.student(district_org=district, grade=grade, sex="MF"[k % 2])
            f.enroll(kid, self.sections[k % 2], worksite=self.worksite if k % 2 == 0 else None)


@pytest.fixture
def county():
    return County()


def test_the_administrator_sees_enrollment_by_district(county, client):
    client.force_login(county.users["admin"])
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert [(b.label, b.value) for b in response.context["by_district"]] == [
        ("Downey Unified", 3),
        ("Pomona Unified", 1),
    ]
    assert response.context["student_count"] == 4
    assert "Enrollment by district of residence" in response.content.decode()


def test_support_services_sees_figures_without_names(county, client):
    client.force_login(county.users["support"])
    response = client.get("/dashboard/")
    page = response.content.decode()
    assert response.context["equity"] == [
        {"sector": "Sector HLT", "female": 2, "male": 2, "nonbinary": 0, "female_percent": 50}
    ]
    assert "Ramirez" not in page


def test_the_district_coordinator_sees_its_district_only(county, client):
    client.force_login(county.users["coordinator"])
    response = client.get("/dashboard/")
    assert response.context["student_count"] == 3
    assert response.context["section_count"] == 1


def test_the_counselor_sees_the_caseload(county, client):
    client.force_login(county.users["counselor"])
    response = client.get("/dashboard/")
    assert response.context["student_count"] == 3
    assert "Ramirez" in response.content.decode()


def test_the_instructor_sees_todays_sections(county, client):
    client.force_login(county.users["instructor"])
    today = suite_today()
    # Today only the first section meets, whatever weekday the suite's clock says.
    Meeting.objects.filter(section__instructor=county.teacher, date=today).delete()
    Meeting.objects.get_or_create(
        section=county.sections[0],
        date=today,
        defaults={"start_time": time(8), "end_time": time(10)},
    )
    response = client.get("/dashboard/")
    meetings = list(response.context["meetings"])
    assert [m.section for m in meetings] == [county.sections[0]]
    assert meetings[0].enrolled_count == 3


def test_the_supervisor_sees_the_students_at_the_site(county, client):
    client.force_login(county.users["supervisor"])
    response = client.get("/dashboard/")
    assert {e.student.legal_last_name for e in response.context["trainees"]} >= {"Ramirez"}
    assert len(response.context["trainees"]) == 3


def test_the_student_sees_their_own_schedule(county, client):
    client.force_login(county.users["student"])
    response = client.get("/dashboard/")
    assert [e.section for e in response.context["schedule"]] == [county.sections[0]]
    assert "Gateway Clinic" in response.content.decode()


def test_the_parent_sees_the_childs_schedule(county, client):
    client.force_login(county.users["parent"])
    response = client.get("/dashboard/")
    [(child, enrollments)] = response.context["children"]
    assert child.legal_last_name == "Ramirez"
    assert [e.section for e in enrollments] == [county.sections[0]]


def test_an_account_without_a_role_is_told_so(client):
    client.force_login(f.user("newcomer"))
    assert "no role in the program yet" in client.get("/dashboard/").content.decode()


def _query_count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = {
    "admin": ["/dashboard/", "/students/", "/sections/", "/sections/{s0}/"],
    "support": ["/dashboard/"],
    "coordinator": ["/dashboard/", "/students/", "/sections/{s0}/"],
    "counselor": ["/dashboard/", "/students/", "/sections/{s0}/"],
    "instructor": ["/dashboard/", "/sections/", "/sections/{s0}/", "/sections/{s1}/"],
    "supervisor": ["/dashboard/", "/sections/{s0}/"],
    "student": ["/dashboard/", "/sections/{s0}/", "/students/{me}/"],
    "parent": ["/dashboard/", "/students/{me}/"],
}


@pytest.mark.parametrize("persona", sorted(PAGES))
def test_pages_run_the_same_number_of_queries_as_students_grow(county, client, persona):
    client.force_login(county.users[persona])
    me = county.users["student"].student.pk
    urls = [
        u.format(s0=county.sections[0].pk, s1=county.sections[1].pk, me=me) for u in PAGES[persona]
    ]
    Meeting.objects.get_or_create(
        section=county.sections[0],
        date=suite_today(),
        defaults={"start_time": time(8), "end_time": time(10)},
    )
    before = {url: _query_count(client, url) for url in urls}
    county.grow(40)
    after = {url: _query_count(client, url) for url in urls}
    assert after == before


def test_on_a_day_without_classes_the_instructor_sees_the_next_class_day(county, client):
    client.force_login(county.users["instructor"])
    today = suite_today()
    Meeting.objects.filter(section__instructor=county.teacher).delete()
    later = today + timedelta(days=3)
    Meeting.objects.create(
        section=county.sections[1], date=later, start_time=time(11), end_time=time(12)
    )
    # a meeting after the next class day is not the next class day's
    Meeting.objects.create(
        section=county.sections[0],
        date=later + timedelta(days=1),
        start_time=time(8),
        end_time=time(9),
    )
    response = client.get("/dashboard/")
    assert response.context["meetings"] == []
    assert response.context["next_day"] == later
    assert [m.section for m in response.context["next_meetings"]] == [county.sections[1]]
    assert "Your next class day is" in response.content.decode()
