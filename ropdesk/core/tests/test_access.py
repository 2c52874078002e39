"""The access policy as a matrix: every role against every student and section, through the
pages a person would open. Forbidden must look exactly like missing (404)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from ropdesk.catalog.models import InstructionMode
from ropdesk.core import access
from ropdesk.core.models import Role, Site, Student
from ropdesk.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two districts; students in each; a community-classroom section in district A with one
    student from each district training at two employers' sites; a section in district B."""
    a, b = f.district("District A"), f.district("District B")
    school_a, school_b = f.school(a, "School A1"), f.school(b, "School B1")
    employer = f.county()
    w1 = f.site(kind=Site.Kind.WORKSITE, district_org=a, organization=employer, name="Clinic One")
    w2 = f.site(kind=Site.Kind.WORKSITE, district_org=b, organization=employer, name="Clinic Two")
    w: dict[str, Any] = {
        "admin": f.user("admin", role=Role.ADMINISTRATOR),
        "support": f.user("support", role=Role.SUPPORT_SERVICES),
        "coordinator_a": f.user("coordinator_a", role=Role.DISTRICT_COORDINATOR, organization=a),
        "counselor_school_a": f.user(
            "counselor_school_a", role=Role.COUNSELOR, organization=school_a
        ),
        "counselor_district_a": f.user("counselor_district_a", role=Role.COUNSELOR, organization=a),
        "instructor_a": f.user("instructor_a", role=Role.INSTRUCTOR),
        "instructor_b": f.user("instructor_b", role=Role.INSTRUCTOR),
        "supervisor_1": f.user("supervisor_1", role=Role.EMPLOYER_SUPERVISOR, site_obj=w1),
        "supervisor_2": f.user("supervisor_2", role=Role.EMPLOYER_SUPERVISOR, site_obj=w2),
        "student_a_account": f.user("student_a_account", role=Role.STUDENT),
        "parent_a": f.user("parent_a", role=Role.PARENT),
        "parent_adult": f.user("parent_adult", role=Role.PARENT),
        "nobody": f.user("nobody"),
    }
    w["sa"] = f.student(
        school_org=school_a,
        first="Ana",
        last="Alvarez",
        birth_date=date(2010, 1, 1),
        account=w["student_a_account"],
    )
    w["sb"] = f.student(school_org=school_b, first="Ben", last="Brooks")
    w["adult_a"] = f.student(
        district_org=a, grade="AD", first="Carla", last="Castro", birth_date=date(1990, 5, 5)
    )
    f.guardian_of(w["sa"], w["parent_a"])
    w["adult_guardianship"] = f.guardian_of(w["adult_a"], w["parent_adult"])
    w["x"] = f.section(
        instructor=w["instructor_a"],
        site_obj=f.site(district_org=a),
        mode=InstructionMode.COMMUNITY_CLASSROOM,
    )
    w["y"] = f.section(instructor=w["instructor_b"], site_obj=f.site(district_org=b))
    f.enroll(w["sa"], w["x"], worksite=w1)
    f.enroll(w["sb"], w["x"], worksite=w2)
    f.enroll(w["sb"], w["y"])
    return w


STUDENTS_SEEN = {
    "admin": {"sa", "sb", "adult_a"},
    "support": set(),
    "coordinator_a": {"sa", "adult_a"},
    "counselor_school_a": {"sa"},
    "counselor_district_a": {"sa", "adult_a"},
    "instructor_a": {"sa", "sb"},
    "instructor_b": {"sb"},
    "supervisor_1": {"sa"},
    "supervisor_2": {"sb"},
    "student_a_account": {"sa"},
    "parent_a": {"sa"},
    "parent_adult": set(),  # an adult student's record needs the student's consent
    "nobody": set(),
}

SECTIONS_SEEN = {
    "admin": {"x", "y"},
    "support": set(),
    "coordinator_a": {"x"},
    "counselor_school_a": {"x", "y"},
    "counselor_district_a": {"x", "y"},
    "instructor_a": {"x"},
    "instructor_b": {"y"},
    "supervisor_1": {"x"},
    "supervisor_2": {"x"},
    "student_a_account": {"x"},
    "parent_a": {"x"},
    "parent_adult": set(),
    "nobody": set(),
}


@pytest.mark.parametrize("persona", sorted(STUDENTS_SEEN))
def test_each_role_sees_exactly_its_own_students(world, persona):
    seen = set(access.students_visible_to(world[persona]).values_list("pk", flat=True))
    assert seen == {world[name].pk for name in STUDENTS_SEEN[persona]}


@pytest.mark.parametrize("persona", sorted(STUDENTS_SEEN))
def test_student_pages_answer_404_outside_the_scope(world, client, persona):
    client.force_login(world[persona])
    for name in ("sa", "sb", "adult_a"):
        response = client.get(f"/students/{world[name].pk}/")
        expected = 200 if name in STUDENTS_SEEN[persona] else 404
        assert response.status_code == expected, (persona, name)


@pytest.mark.parametrize("persona", sorted(SECTIONS_SEEN))
def test_section_pages_answer_404_outside_the_scope(world, client, persona):
    client.force_login(world[persona])
    for name in ("x", "y"):
        response = client.get(f"/sections/{world[name].pk}/")
        expected = 200 if name in SECTIONS_SEEN[persona] else 404
        assert response.status_code == expected, (persona, name)


def test_a_missing_student_and_a_forbidden_one_look_the_same(world, client):
    client.force_login(world["counselor_school_a"])
    forbidden = client.get(f"/students/{world['sb'].pk}/")
    missing = client.get("/students/999999/")
    assert forbidden.status_code == missing.status_code == 404
    # The layout's language form sends the reader back to the path they asked for: an echo of
    # the request, not a disclosure. Each page echoes only its own path.
    assert _next_paths(forbidden.content) == [f"/students/{world['sb'].pk}/".encode()]
    assert _next_paths(missing.content) == [b"/students/999999/"]
    # The page's forms carry a CSRF token masked afresh for every response; all else is equal.
    assert _unmasked(forbidden.content) == _unmasked(missing.content)


_NEXT = rb'(<input name="next" type="hidden" value=")([^"]*)(")'


def _next_paths(page: bytes) -> list[bytes]:
    return [m.group(2) for m in re.finditer(_NEXT, page)]


def _unmasked(page: bytes) -> bytes:
    """The page less what differs by request alone: the CSRF token and the echoed path."""
    page = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", page)
    return re.sub(_NEXT, rb"\1\3", page)


def test_a_roster_shows_only_the_students_the_viewer_may_see(world, client):
    url = f"/sections/{world['x'].pk}/"
    client.force_login(world["instructor_a"])
    page = client.get(url).content.decode()
    assert "Alvarez" in page and "Brooks" in page

    client.force_login(world["counselor_school_a"])
    page = client.get(url).content.decode()
    assert "Alvarez" in page and "Brooks" not in page

    client.force_login(world["supervisor_2"])
    page = client.get(url).content.decode()
    assert "Brooks" in page and "Alvarez" not in page


def test_a_parent_of_an_adult_student_sees_the_record_once_the_student_consents(world, client):
    client.force_login(world["parent_adult"])
    url = f"/students/{world['adult_a'].pk}/"
    assert client.get(url).status_code == 404
    world["adult_guardianship"].adult_student_consent = True
    world["adult_guardianship"].save(update_fields=["adult_student_consent"])
    client.force_login(world["parent_adult"])  # a new request re-reads the scope
    assert client.get(url).status_code == 200


def test_a_parent_does_not_see_a_child_whose_birth_date_is_unknown_until_it_is_entered(
    world, client
):
    """A student imported without demographics may be an adult, whose FERPA rights are their
    own (34 CFR 99.5): the privacy-safe answer is no parent access until the birth date is on
    file (or the student consents), rather than a disclosure that cannot be taken back."""
    child = world["sa"]
    born = child.birth_date
    url = f"/students/{child.pk}/"
    client.force_login(world["parent_a"])
    assert client.get(url).status_code == 200
    Student.objects.filter(pk=child.pk).update(birth_date=None)

    client.force_login(world["parent_a"])
    assert client.get(url).status_code == 404

    Student.objects.filter(pk=child.pk).update(birth_date=born)
    client.force_login(world["parent_a"])
    assert client.get(url).status_code == 200


def test_a_parent_loses_access_the_day_the_child_turns_18(world, monkeypatch):
    child = world["sa"]
    parent = world["parent_a"]

    def seen_on(day):
        monkeypatch.setattr(access.timezone, "localdate", lambda: day)
        parent.__dict__.pop("_ropdesk_scope", None)
        return access.students_visible_to(parent).filter(pk=child.pk).exists()

    assert seen_on(date(2027, 12, 31)) is True
    assert seen_on(date(2028, 1, 1)) is False  # born 2010-01-01


def test_lists_never_show_students_outside_the_scope(world, client):
    client.force_login(world["counselor_school_a"])
    page = client.get("/students/").content.decode()
    assert "Alvarez" in page
    assert "Brooks" not in page and "Castro" not in page


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    for url in (
        f"/students/{world['sa'].pk}/",
        f"/sections/{world['x'].pk}/",
        "/students/",
        "/sections/",
        "/dashboard/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", sorted(STUDENTS_SEEN))
def test_only_administrators_reach_the_django_admin(world, client, persona):
    client.force_login(world[persona])
    response = client.get("/admin/core/student/")
    if persona == "admin":
        assert response.status_code == 200
        assert "Alvarez" in response.content.decode()
    else:
        assert response.status_code == 404  # forbidden looks like missing


def test_a_supervisor_sees_only_what_the_training_site_needs_and_it_is_logged(world, client):
    from ropdesk.core.models import DisclosureLog

    sa = world["sa"]
    sa.statewide_id = "1234567890"
    sa.save(update_fields=["statewide_id"])
    client.force_login(world["supervisor_1"])
    page = client.get(f"/students/{sa.pk}/").content.decode()
    assert "Alvarez" in page and "Clinic One" in page
    assert "1234567890" not in page and "Guardians" not in page and "Birth date" not in page
    [entry] = DisclosureLog.objects.filter(student=sa)
    assert entry.party == world["supervisor_1"] and "training site" in entry.legal_basis

    client.get(f"/sections/{world['x'].pk}/")
    assert DisclosureLog.objects.filter(student=sa).count() == 2


def test_school_officials_see_the_whole_record_and_nothing_is_logged(world, client):
    from ropdesk.core.models import DisclosureLog

    client.force_login(world["counselor_school_a"])
    page = client.get(f"/students/{world['sa'].pk}/").content.decode()
    assert "Birth date" in page and "Guardians" in page
    assert not DisclosureLog.objects.exists()
