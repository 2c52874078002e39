"""The office's screens for courses, sections and the school calendar: what the office types
is saved through the services and audited; a refusal shows next to its field; nobody else
reaches them."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ropdesk.catalog.models import Competency, Course
from ropdesk.catalog.queries import courses_search
from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.scheduling.models import Holiday, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    user = f.user("office", role=Role.ADMINISTRATOR)
    client.force_login(user)
    return user


def test_the_office_adds_a_course(client, office):
    pathway = f.course().pathway
    response = client.post(
        reverse("office_course_new"),
        {
            "code": "AUTO-1",
            "title": "Automotive Technology",
            "description": "Brakes, engines, diagnostics.",
            "pathway": pathway.pk,
            "hours": 180,
            "allows_classroom": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302
    course = Course.objects.get(code="AUTO-1")
    assert (course.title, course.hours, course.needs_setup) == ("Automotive Technology", 180, False)
    assert AuditEvent.objects.filter(action="course.create", actor=office).exists()
    assert "Automotive Technology" in client.get(reverse("office_courses")).content.decode()


def test_turning_off_a_mode_a_section_uses_is_refused_next_to_the_field(client, office):
    section = f.section(mode="community_classroom")
    course = section.course
    data = {
        "code": course.code,
        "title": course.title,
        "pathway": course.pathway_id,
        "hours": course.hours,
        "allows_classroom": "on",
        "active": "on",
    }
    page = client.post(reverse("office_course_edit", args=[course.pk]), data).content.decode()
    assert "Sections of this course are taught in this mode." in page
    course.refresh_from_db()
    assert course.allows_community_classroom


def test_the_office_changes_a_sections_capacity_and_pattern(client, office):
    section = f.section(days="Mon,Wed", capacity=30)
    data = {
        "site": section.site_id,
        "instructor": f.user("teach", role=Role.INSTRUCTOR).pk,
        "mode": section.mode,
        "capacity": 24,
        "days": ["Tue", "Thu"],
        "start_time": "08:00",
        "end_time": "10:00",
    }
    response = client.post(reverse("office_section_edit", args=[section.pk]), data)
    assert response["Location"] == reverse("section_detail", args=[section.pk])
    section.refresh_from_db()
    assert (section.capacity, section.days) == (24, "Tue,Thu")
    assert section.meetings.filter(date=date(2026, 11, 3)).exists()


def test_a_capacity_below_the_seats_held_is_shown_next_to_capacity(client, office):
    section = f.section(capacity=30)
    for _k in range(3):
        f.enroll(f.student(), section)
    data = {
        "site": section.site_id,
        "instructor": f.user("teach", role=Role.INSTRUCTOR).pk,
        "mode": section.mode,
        "capacity": 2,
        "days": ["Mon", "Wed"],
        "start_time": "14:00",
        "end_time": "16:00",
    }
    page = client.post(reverse("office_section_edit", args=[section.pk]), data).content.decode()
    assert 'id="id_capacity_error"' in page and "3 students hold a seat" in page
    section.refresh_from_db()
    assert section.capacity == 30


def test_the_office_creates_a_section_with_its_meetings(client, office):
    course = f.course()
    data = {
        "code": "NEW-1",
        "course": course.pk,
        "term": f.term().pk,
        "site": f.site().pk,
        "instructor": f.user("teach", role=Role.INSTRUCTOR).pk,
        "mode": "classroom",
        "capacity": 20,
        "days": ["Fri"],
        "start_time": "09:00",
        "end_time": "11:00",
    }
    assert client.post(reverse("office_section_new"), data).status_code == 302
    section = Section.objects.get(code="NEW-1")
    assert section.meetings.exists()
    assert {m.date.weekday() for m in section.meetings.all()} == {4}


def test_the_office_adds_and_removes_a_day_without_classes(client, office):
    section = f.section(days="Mon,Wed")
    year = section.term.school_year
    url = reverse("office_calendar", args=[year.pk])
    response = client.post(
        url, {"date": "2026-11-11", "name": "Veterans Day", "kind": "legal_holiday"}
    )
    assert response["Location"] == url
    assert not section.meetings.filter(date=date(2026, 11, 11)).exists()
    page = client.get(url).content.decode()
    assert "Veterans Day" in page and "School months" in page

    holiday = Holiday.objects.get()
    client.post(reverse("office_holiday_remove", args=[holiday.pk]))
    assert section.meetings.filter(date=date(2026, 11, 11)).exists()


@pytest.mark.parametrize(
    "role", [Role.INSTRUCTOR, Role.DISTRICT_COORDINATOR, Role.COUNSELOR, Role.SUPPORT_SERVICES]
)
def test_nobody_but_the_office_reaches_the_screens(client, role):
    district = f.district()
    client.force_login(f.user("someone", role=role, organization=district))
    for name in (
        "office_courses",
        "office_course_new",
        "office_section_new",
        "office_calendar_current",
    ):
        assert client.get(reverse(name)).status_code == 404


def test_the_office_enters_competencies_in_english_and_spanish(client, office):
    course = f.course(title="Certified Nursing Assistant")
    first = Competency.objects.create(course=course, number=1, description="Take vital signs")
    url = reverse("office_course_competencies", args=[course.pk])
    assert (
        "1 competency, in English and Spanish"
        in client.get(reverse("office_course_edit", args=[course.pk])).content.decode()
    )

    response = client.post(
        url,
        {
            f"description-{first.pk}": "Take vital signs accurately",
            f"description_es-{first.pk}": "Tomar los signos vitales con precisión",
            "new-description-0": "Follow infection control",
            "new-description_es-0": "Seguir el control de infecciones",
            "new-description-1": "",
            "new-description_es-1": "",
        },
    )

    assert response.status_code == 302
    rows = list(course.competencies.values_list("number", "description", "description_es"))
    assert rows == [
        (1, "Take vital signs accurately", "Tomar los signos vitales con precisión"),
        (2, "Follow infection control", "Seguir el control de infecciones"),
    ]
    changed = AuditEvent.objects.get(action="competency.update", actor=office)
    assert changed.details["changed"]["description_es"] == [
        "",
        "Tomar los signos vitales con precisión",
    ]
    assert AuditEvent.objects.filter(action="competency.create", actor=office).count() == 1
    assert "2 competencies are saved." in client.get(url).content.decode()
    # Spanish search finds the course by the competency's Spanish words at once.
    assert course in courses_search(text="signos vitales")


def test_a_new_competency_with_only_spanish_is_refused_and_nothing_is_saved(client, office):
    course = f.course()
    first = Competency.objects.create(course=course, number=1, description="Take vital signs")
    page = client.post(
        reverse("office_course_competencies", args=[course.pk]),
        {
            f"description-{first.pk}": "Changed words",
            f"description_es-{first.pk}": "",
            "new-description-0": "",
            "new-description_es-0": "Solo en español",
        },
    ).content.decode()

    assert "A new competency needs its English description." in page
    assert 'value="Changed words"' in page  # what was typed is shown again
    first.refresh_from_db()
    assert first.description == "Take vital signs"  # all or nothing
    assert course.competencies.count() == 1


def test_the_office_names_sectors_pathways_and_terms_in_spanish(client, office):
    section = f.section()
    pathway = section.course.pathway
    sector, term = pathway.sector, section.term
    page = client.get(reverse("office_spanish_names")).content.decode()
    assert f'id="pathway-{pathway.pk}"' in page and f'id="term-{term.pk}"' in page

    response = client.post(
        reverse("office_spanish_names"),
        {
            f"sector-{sector.pk}": "Salud y servicios médicos",
            f"pathway-{pathway.pk}": "Atención al paciente",
            f"term-{term.pk}": "Otoño",
        },
    )

    assert response.status_code == 302
    sector.refresh_from_db()
    pathway.refresh_from_db()
    term.refresh_from_db()
    assert (sector.name_es, pathway.name_es, term.name_es) == (
        "Salud y servicios médicos",
        "Atención al paciente",
        "Otoño",
    )
    assert set(AuditEvent.objects.filter(actor=office).values_list("action", flat=True)) >= {
        "sector.update",
        "pathway.update",
        "term.update",
    }
    assert "3 names are saved." in client.get(reverse("office_spanish_names")).content.decode()
    spanish = client.get(
        reverse("course_detail", args=[section.course.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Atención al paciente" in spanish
    # Saving the same words again writes and audits nothing.
    before = AuditEvent.objects.count()
    client.post(reverse("office_spanish_names"), {f"term-{term.pk}": "Otoño"})
    assert AuditEvent.objects.count() == before


def test_nobody_but_the_office_names_things_in_spanish(client):
    course = f.course()
    client.force_login(f.user("teach", role=Role.INSTRUCTOR))
    for url in (
        reverse("office_spanish_names"),
        reverse("office_course_competencies", args=[course.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
