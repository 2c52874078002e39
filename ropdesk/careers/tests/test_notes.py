"""Confidential counseling notes: only the student's counselors read them, and every read of a
note — on any page, by anyone — writes a NoteReadLog row. Forbidden looks like missing (404)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from ropdesk.careers import services
from ropdesk.careers.models import CounselingNote, NoteReadLog
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Role, Site
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today

pytestmark = pytest.mark.django_db

SECRET = "Talked about a hard situation at home."


@pytest.fixture
def world():
    a, b = f.district("District A"), f.district("District B")
    school_a = f.school(a, "School A1")
    worksite = f.site(kind=Site.Kind.WORKSITE, district_org=a, organization=f.county())
    w: dict[str, Any] = {
        "counselor_school": f.user("counselor_school", role=Role.COUNSELOR, organization=school_a),
        "counselor_district": f.user("counselor_district", role=Role.COUNSELOR, organization=a),
        "counselor_other": f.user("counselor_other", role=Role.COUNSELOR, organization=b),
        "admin": f.user("admin", role=Role.ADMINISTRATOR),
        "superuser": f.user("root", is_superuser=True, is_staff=True),
        "support": f.user("support", role=Role.SUPPORT_SERVICES),
        "coordinator": f.user("coordinator", role=Role.DISTRICT_COORDINATOR, organization=a),
        "instructor": f.user("instructor", role=Role.INSTRUCTOR),
        "supervisor": f.user("supervisor", role=Role.EMPLOYER_SUPERVISOR, site_obj=worksite),
        "student": f.user("student", role=Role.STUDENT),
        "parent": f.user("parent", role=Role.PARENT),
        "nobody": f.user("nobody"),
    }
    w["ana"] = f.student(school_org=school_a, account=w["student"], birth_date=date(2010, 1, 1))
    f.guardian_of(w["ana"], w["parent"])
    section = f.section(instructor=w["instructor"], mode=InstructionMode.COMMUNITY_CLASSROOM)
    f.enroll(w["ana"], section, worksite=worksite)
    w["note"] = services.counseling_note_create(
        student=w["ana"], actor=w["counselor_school"], text=SECRET
    )
    return w


READERS = {"counselor_school", "counselor_district"}
EVERYONE = [
    "counselor_school",
    "counselor_district",
    "counselor_other",
    "admin",
    "superuser",
    "support",
    "coordinator",
    "instructor",
    "supervisor",
    "student",
    "parent",
    "nobody",
]


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_the_students_counselors_open_the_notes(world, client, persona):
    client.force_login(world[persona])
    response = client.get(f"/careers/students/{world['ana'].pk}/notes/")
    if persona in READERS:
        assert response.status_code == 200
        assert SECRET in response.content.decode()
        assert NoteReadLog.objects.filter(note=world["note"], reader=world[persona]).count() == 1
    else:
        assert response.status_code == 404
        assert not NoteReadLog.objects.exists()


@pytest.mark.parametrize("persona", EVERYONE)
def test_no_other_page_shows_a_note(world, client, persona):
    client.force_login(world[persona])
    for url in (f"/careers/students/{world['ana'].pk}/", "/careers/goals/", "/careers/caseload/"):
        response = client.get(url)
        assert SECRET not in response.content.decode(), (persona, url)
    assert not NoteReadLog.objects.exists()


@pytest.mark.parametrize("persona", sorted(set(EVERYONE) - READERS))
def test_nobody_else_can_write_a_note_either(world, client, persona):
    client.force_login(world[persona])
    response = client.post(f"/careers/students/{world['ana'].pk}/notes/", {"text": "Hello"})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.counseling_note_create(student=world["ana"], actor=world[persona], text="Hi")
    assert CounselingNote.objects.count() == 1


def test_every_read_is_logged_again_and_the_reader_and_time_are_kept(world):
    counselor = world["counselor_district"]
    services.counseling_note_create(student=world["ana"], actor=counselor, text="Second note")
    services.counseling_notes_read(reader=counselor, student=world["ana"])
    services.counseling_notes_read(reader=counselor, student=world["ana"])
    assert NoteReadLog.objects.filter(reader=counselor).count() == 4  # two notes, read twice
    assert all(log.read_at is not None for log in NoteReadLog.objects.all())


def test_a_refused_read_returns_nothing_and_logs_nothing(world):
    with pytest.raises(PermissionDenied):
        services.counseling_notes_read(reader=world["admin"], student=world["ana"])
    assert not NoteReadLog.objects.exists()


def test_a_counselor_writes_a_note_from_the_notes_page(world, client):
    client.force_login(world["counselor_district"])
    url = f"/careers/students/{world['ana'].pk}/notes/"
    response = client.post(url, {"text": "Follow up on the application."})
    assert response.status_code == 302
    assert CounselingNote.objects.filter(author=world["counselor_district"]).count() == 1
    page = client.get(url).content.decode()
    assert "Follow up on the application." in page and SECRET in page


def test_a_meeting_topic_is_visible_but_its_note_is_not(world, client):
    services.counseling_meeting_record(
        student=world["ana"],
        actor=world["counselor_school"],
        met_on=suite_today(),
        kind="individual",
        topic="Choosing a course",
        note="Private detail",
    )
    client.force_login(world["student"])
    page = client.get("/careers/goals/").content.decode()
    assert "Choosing a course" in page and "Private detail" not in page
