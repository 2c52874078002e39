"""The counselor's caseload and its filters, the summary by school and district, and list
pages whose number of queries does not grow with the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropdesk.careers import services
from ropdesk.careers.models import PathwayLink
from ropdesk.careers.tests import factories as cf
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today

pytestmark = pytest.mark.django_db


class Caseload:
    """A counselor's district with four students in different states, and one student in
    another district."""

    def __init__(self):
        today = suite_today()
        self.district = f.district("Downey Unified")
        self.school = f.school(self.district, "Downey High School")
        self.counselor = f.user("counselor", role=Role.COUNSELOR, organization=self.district)
        self.other = f.student(first="Olga", last="Otherdistrict")
        self.fresh = self.kid("Nadia", "Nosurvey")
        self.surveyed = self.kid("Sam", "Surveyed")
        cf.finished_survey(self.surveyed, "12 30 14 38 27 20", "SIE")
        self.on_track = self.kid("Gina", "Goals")
        cf.finished_survey(self.on_track, "38 20 14 12 27 30", "RCE")
        self.goal(self.on_track, today + timedelta(days=30))
        self.late = self.kid("Lou", "Late")
        self.goal(self.late, today - timedelta(days=1))
        cf.finished_survey(self.other, "38 20 14 12 27 30", "RCE")

    def kid(self, first, last):
        return f.student(school_org=self.school, first=first, last=last)

    def goal(self, student, target):
        services.goal_create(
            student=student, actor=self.counselor, kind="career", title="A goal", target_date=target
        )


@pytest.fixture
def caseload():
    return Caseload()


def names(response):
    return [s.legal_first_name for s in response.context["page"]]


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("all", ["Gina", "Lou", "Nadia", "Sam"]),
        ("no_survey", ["Lou", "Nadia"]),
        ("no_goal", ["Nadia", "Sam"]),
        ("overdue", ["Lou"]),
    ],
)
def test_the_caseload_filters(caseload, client, show, expected):
    client.force_login(caseload.counselor)
    response = client.get(f"/careers/caseload/?show={show}")
    assert response.status_code == 200
    assert names(response) == expected


def test_the_caseload_shows_code_goals_and_overdue(caseload, client):
    client.force_login(caseload.counselor)
    response = client.get("/careers/caseload/")
    rows = {s.legal_first_name: s for s in response.context["page"]}
    assert rows["Sam"].latest_code == "SIE"
    assert rows["Gina"].open_goal_count == 1 and not rows["Gina"].has_overdue_goal
    assert rows["Lou"].has_overdue_goal
    assert "Otherdistrict" not in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.INSTRUCTOR, Role.STUDENT, Role.PARENT, Role.SUPPORT_SERVICES]
)
def test_the_caseload_is_for_counselors(caseload, client, role):
    client.force_login(f.user(role=role))
    assert client.get("/careers/caseload/").status_code == 404


def test_the_summary_counts_codes_and_courses_by_school_and_district(caseload, client):
    course = f.course(title="Certified Nursing Assistant")
    f.enroll(caseload.surveyed, f.section(course_obj=course))
    f.enroll(caseload.fresh, f.section(course_obj=course))
    client.force_login(caseload.counselor)
    summary = client.get("/careers/summary/").context["summary"]
    assert (summary.total.students, summary.total.surveyed) == (4, 2)
    assert [(r.name, r.students, r.surveyed, r.by_letter) for r in summary.schools] == [
        ("Downey High School", 4, 2, [1, 0, 0, 1, 0, 0])
    ]
    assert summary.top_codes == [("RCE", 1), ("SIE", 1)]
    assert summary.courses == [("Certified Nursing Assistant", 2)]


def test_the_office_summary_covers_the_county_without_names(caseload, client):
    client.force_login(f.user(role=Role.SUPPORT_SERVICES))
    response = client.get("/careers/summary/")
    assert response.context["summary"].total.students == 5
    assert "Nadia" not in response.content.decode()


def test_a_district_coordinator_summary_counts_only_the_district(caseload, client):
    client.force_login(
        f.user(role=Role.DISTRICT_COORDINATOR, organization=caseload.other.district_of_residence)
    )
    summary = client.get("/careers/summary/").context["summary"]
    assert (summary.total.students, summary.total.surveyed) == (1, 1)


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_list_pages_run_the_same_number_of_queries_as_students_grow(caseload, client):
    student_account = f.user(role=Role.STUDENT)
    me = f.student(school_org=caseload.school, account=student_account)
    cf.finished_survey(me, "12 30 14 38 27 20", "SIE")
    course = f.course(title="Certified Nursing Assistant")
    for k in range(3):
        job = cf.occupation(f"Job {k}", (1 + k, 2, 3, 4, 5, 6))
        PathwayLink.objects.create(occupation=job, pathway=course.pathway, confidence="high")
    urls = {
        caseload.counselor: ["/careers/caseload/", "/careers/summary/"],
        student_account: ["/careers/matches/", "/careers/occupations/?q=job", "/careers/"],
    }
    before = {}
    for user, pages in urls.items():
        client.force_login(user)
        before.update({url: _count(client, url) for url in pages})
    for k in range(6):
        kid = caseload.kid(f"Extra{k}", "Student")
        cf.finished_survey(kid, "12 30 14 38 27 20", "SIE")
        caseload.goal(kid, suite_today() - timedelta(days=k))
        job = cf.occupation(f"Job {k + 10}", (1, 2, 3, 4, 5, 6 + k / 10))
        PathwayLink.objects.create(occupation=job, pathway=course.pathway, confidence="low")
        f.course(title=f"Another course {k}", pathway_code=course.pathway.code)
    for user, pages in urls.items():
        client.force_login(user)
        for url in pages:
            assert _count(client, url) == before[url], url
