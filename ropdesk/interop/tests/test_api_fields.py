"""The API's field-level matrix: for every role persona and every endpoint, the keys of each
record are exactly the fields that role's pages show, the records outside its scope are absent
(404 for a detail), and an outside party's browser session does not open the API at all.

Issue 12: a supervisor read trainees' SSID, grade, school, district and classroom attendance
through the API with their browser session, while their pages show name, course and site.
"""

from __future__ import annotations

import pytest

from ropdesk.core.models import Role, RoleAssignment
from ropdesk.core.tests import factories as f
from ropdesk.interop.openapi import ENDPOINTS
from ropdesk.interop.tests.api_world import api_get

pytestmark = pytest.mark.django_db

STUDENT_ALL = {
    "id",
    "updated_at",
    "name",
    "local_id",
    "statewide_id",
    "first_name",
    "last_name",
    "preferred_name",
    "grade_level",
    "high_school",
    "district",
    "school",
}
SECTION_ALL = {
    "id",
    "updated_at",
    "section_id",
    "course",
    "course_title",
    "school_year",
    "term",
    "site",
    "district",
    "instructor",
    "mode",
    "capacity",
    "days",
    "start_time",
    "end_time",
}
ENROLLMENT_ALL = {
    "id",
    "updated_at",
    "student",
    "student_id",
    "section_id",
    "status",
    "enrolled_on",
    "ended_on",
    "grade_9_12",
}
ATTENDANCE_ALL = {
    "id",
    "updated_at",
    "student",
    "student_id",
    "section_id",
    "date",
    "arrived",
    "departed",
    "present",
    "credited_hours",
}
HOURS_ALL = {
    "id",
    "updated_at",
    "student",
    "student_id",
    "section_id",
    "kind",
    "date",
    "minutes",
    "credited_minutes",
    "supervisor_approved",
}
View = dict[str, set[str] | None]  # resource -> the keys of its rows (None: 404)
# The trainee page: name, course, training site; the hours table: the day's hours.
SUPERVISOR: View = {
    "students": {"id", "updated_at", "name"},
    "sections": SECTION_ALL,
    "enrollments": {"id", "updated_at", "student", "section_id", "status"},
    "attendance": None,
    "job_site_hours": HOURS_ALL - {"student_id"},
}
STAFF: View = {
    "students": STUDENT_ALL,
    "sections": SECTION_ALL,
    "enrollments": ENROLLMENT_ALL,
    "attendance": ATTENDANCE_ALL,
    "job_site_hours": HOURS_ALL,
}
# A student's record page, schedule and trainee page (and their parent's).
OWN: View = {
    "students": STUDENT_ALL,
    "sections": SECTION_ALL,
    "enrollments": {"id", "updated_at", "student", "student_id", "section_id", "status"},
    "attendance": None,
    "job_site_hours": HOURS_ALL,
}
NOTHING: View = dict.fromkeys(STAFF)

# persona -> resource -> the records it reaches (None: the endpoint is 404 to it).
REACH: dict[str, dict[str, set[str] | None]] = {
    "admin": {
        "students": {"ana", "ben", "cara"},
        "sections": {"welding", "nursing"},
        "enrollments": {"ana_welding", "ben_welding", "ana_nursing", "cara_nursing"},
        "attendance": {"ana_welding", "ben_welding", "cara_nursing"},
        "job_site_hours": {"ana_nursing", "cara_nursing"},
    },
    "support": NOTHING,
    "coordinator": {
        "students": {"ana"},
        "sections": {"welding"},
        "enrollments": {"ana_welding", "ana_nursing"},
        "attendance": {"ana_welding"},
        "job_site_hours": {"ana_nursing"},
    },
    "counselor": {
        "students": {"ana"},
        "sections": {"welding", "nursing"},
        "enrollments": {"ana_welding", "ana_nursing"},
        "attendance": {"ana_welding"},
        "job_site_hours": {"ana_nursing"},
    },
    "terry": {
        "students": {"ana", "ben"},
        "sections": {"welding"},
        "enrollments": {"ana_welding", "ben_welding"},
        "attendance": {"ana_welding", "ben_welding"},
        "job_site_hours": set(),
    },
    "nina": {
        "students": {"ana", "cara"},
        "sections": {"nursing"},
        "enrollments": {"ana_nursing", "cara_nursing"},
        "attendance": {"cara_nursing"},
        "job_site_hours": {"ana_nursing", "cara_nursing"},
    },
    "supervisor": {
        "students": {"ana"},
        "sections": {"nursing"},
        "enrollments": {"ana_nursing"},
        "attendance": None,
        "job_site_hours": {"ana_nursing"},
    },
    "student": {
        "students": {"ana"},
        "sections": {"welding", "nursing"},
        "enrollments": {"ana_welding", "ana_nursing"},
        "attendance": None,
        "job_site_hours": {"ana_nursing"},
    },
}
REACH["parent"] = REACH["student"]
KEYS: dict[str, View] = {
    "admin": STAFF,
    "support": NOTHING,
    "coordinator": STAFF,
    "counselor": STAFF,
    "terry": STAFF,
    "nina": STAFF,
    "supervisor": SUPERVISOR,
    "student": OWN,
    "parent": OWN,
}
ADA_REPORT = {"admin", "coordinator"}
OUTSIDE_PARTIES = ("supervisor", "student", "parent")
LISTS = {e.resource: e.path for e in ENDPOINTS if e.kind == "list"}


def _ids(world, resource: str) -> dict[str, int]:
    if resource == "students":
        return {name: getattr(world, name).pk for name in ("ana", "ben", "cara")}
    if resource == "sections":
        return {"welding": world.welding.pk, "nursing": world.nursing.pk}
    records = {
        "enrollments": world.enrollments,
        "attendance": world.attendance,
        "job_site_hours": world.hours,
    }[resource]
    return {name: record.pk for name, record in records.items()}


@pytest.mark.parametrize("persona", list(KEYS))
def test_every_list_answers_each_role_with_its_fields_and_records(client, world, token_of, persona):
    secret = token_of(world.users[persona])
    for resource, path in LISTS.items():
        response = api_get(client, path, secret)
        expected = REACH[persona][resource]
        if expected is None:
            assert response.status_code == 404, (persona, resource)
            assert "results" not in response.json()
            continue
        rows = response.json()["results"]
        names = {v: k for k, v in _ids(world, resource).items()}
        assert {names[row["id"]] for row in rows} == expected, (persona, resource)
        for row in rows:
            assert set(row) == KEYS[persona][resource], (persona, resource, sorted(row))


@pytest.mark.parametrize("persona", list(KEYS))
def test_every_detail_answers_each_role_with_its_fields_or_404(client, world, token_of, persona):
    secret = token_of(world.users[persona])
    for resource, path in (("students", "/api/v1/students/"), ("sections", "/api/v1/sections/")):
        for name, pk in _ids(world, resource).items():
            response = api_get(client, f"{path}{pk}/", secret)
            reached = REACH[persona][resource] or set()
            if name in reached:
                assert response.status_code == 200, (persona, name)
                assert set(response.json()) == KEYS[persona][resource], (persona, name)
            else:
                assert response.status_code == 404, (persona, name)
                assert response.json() == {"error": "Not found."}


@pytest.mark.parametrize("persona", list(KEYS))
def test_the_ada_report_is_for_the_office_and_district_coordinators(
    client, world, token_of, persona
):
    response = api_get(client, "/api/v1/ada-report/", token_of(world.users[persona]))

    assert response.status_code == (200 if persona in ADA_REPORT else 404)


def test_a_supervisor_sees_a_trainee_as_the_trainee_page_does(client, world, token_of):
    """The trainee page shows the name (preferred or legal first name, and last name), the
    course and the training site; nothing the school keeps about the student."""
    secret = token_of(world.users["supervisor"])

    ana = api_get(client, f"/api/v1/students/{world.ana.pk}/", secret).json()
    enrollment = api_get(client, "/api/v1/enrollments/", secret).json()["results"]

    assert ana == {"id": world.ana.pk, "updated_at": ana["updated_at"], "name": "Ana Alba"}
    assert enrollment == [
        {
            "id": world.enrollments["ana_nursing"].pk,
            "updated_at": enrollment[0]["updated_at"],
            "student": world.ana.pk,
            "section_id": world.nursing.code,
            "status": "enrolled",
        }
    ]


@pytest.mark.parametrize(
    ("path", "parameter", "value"),
    [
        ("/api/v1/students/", "grade_level", "11"),
        ("/api/v1/students/", "district", "D1"),
        ("/api/v1/students/", "school", "S1"),
        ("/api/v1/students/", "local_id", "L1"),
        ("/api/v1/enrollments/", "student", "L1"),
        ("/api/v1/enrollments/", "district", "D1"),
        ("/api/v1/job-site-hours/", "student", "L1"),
        ("/api/v1/job-site-hours/", "district", "D1"),
    ],
)
def test_a_supervisor_cannot_filter_by_a_field_they_do_not_see(
    client, world, token_of, path, parameter, value
):
    response = api_get(client, path, token_of(world.users["supervisor"]), **{parameter: value})

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_the_section_filter_reads_only_the_enrollments_the_caller_sees(client, world, token_of):
    """Ana takes Welding in a classroom too; her supervisor must not learn that."""
    secret = token_of(world.users["supervisor"])

    welding = api_get(client, "/api/v1/students/", secret, section=world.welding.code).json()
    nursing = api_get(client, "/api/v1/students/", secret, section=world.nursing.code).json()

    assert welding["results"] == []
    assert [s["id"] for s in nursing["results"]] == [world.ana.pk]


@pytest.fixture
def terry_supervises_bolt(world):
    """Terry teaches Welding and also supervises Bolt, where Cara (not his student) trains."""
    RoleAssignment.objects.create(user=world.terry, role=Role.EMPLOYER_SUPERVISOR, site=world.bolt)
    return world.terry


def test_with_two_roles_each_record_shows_the_fields_of_the_roles_that_reach_it(
    client, world, token_of, terry_supervises_bolt
):
    secret = token_of(terry_supervises_bolt)

    students = api_get(client, "/api/v1/students/", secret).json()["results"]
    enrollments = api_get(client, "/api/v1/enrollments/", secret).json()["results"]
    cara = api_get(client, f"/api/v1/students/{world.cara.pk}/", secret).json()
    ben = api_get(client, f"/api/v1/students/{world.ben.pk}/", secret).json()

    by_id = {row["id"]: set(row) for row in students}
    assert by_id == {world.ana.pk: STUDENT_ALL, world.ben.pk: STUDENT_ALL, world.cara.pk: {
        "id", "updated_at", "name"
    }}  # fmt: skip
    assert {row["id"]: set(row) for row in enrollments} == {
        world.enrollments["ana_welding"].pk: ENROLLMENT_ALL,
        world.enrollments["ben_welding"].pk: ENROLLMENT_ALL,
        world.enrollments["cara_nursing"].pk: SUPERVISOR["enrollments"],
    }
    assert set(cara) == SUPERVISOR["students"] and set(ben) == STUDENT_ALL


def test_records_reached_only_through_a_role_that_does_not_see_them_are_absent(
    client, world, token_of, terry_supervises_bolt
):
    """Terry reaches Cara's classroom attendance only as Bolt's supervisor, and supervisors
    see no attendance; her hours he sees as a supervisor does."""
    secret = token_of(terry_supervises_bolt)

    attendance = api_get(client, "/api/v1/attendance/", secret).json()["results"]
    hours = api_get(client, "/api/v1/job-site-hours/", secret).json()["results"]

    assert {row["id"] for row in attendance} == {
        world.attendance["ana_welding"].pk,
        world.attendance["ben_welding"].pk,
    }
    assert [set(row) for row in hours] == [SUPERVISOR["job_site_hours"]]
    assert hours[0]["id"] == world.hours["cara_nursing"].pk
    bad = api_get(client, "/api/v1/students/", secret, grade_level="11")
    assert bad.status_code == 400 and bad.json()["parameter"] == "grade_level"


@pytest.mark.parametrize("persona", OUTSIDE_PARTIES)
def test_an_outside_partys_browser_session_does_not_open_the_api(client, world, persona):
    client.force_login(world.users[persona])

    for endpoint in ENDPOINTS:
        if endpoint.kind == "meta":
            continue
        path = endpoint.path.replace("{id}", str(world.ana.pk))
        response = client.get(path)
        assert response.status_code == 403, (persona, path)
        assert set(response.json()) == {"error"}


def test_a_session_without_any_role_does_not_open_the_api(client, world):
    client.force_login(f.user())

    assert client.get("/api/v1/students/").status_code == 403


@pytest.mark.parametrize("persona", ["admin", "coordinator", "counselor", "terry", "support"])
def test_a_staff_session_answers_as_their_token_does(client, world, token_of, persona):
    user = world.users[persona]
    by_token = api_get(client, "/api/v1/enrollments/", token_of(user))
    client.force_login(user)

    by_session = client.get("/api/v1/enrollments/")

    assert by_session.status_code == by_token.status_code
    assert by_session.json() == by_token.json()
