"""The public apply form, phone-first: pick a course, then only that course's sections, with
or without JavaScript; another course's section cannot be picked."""

from __future__ import annotations

import re

import pytest

from ropdesk.core.tests import factories as f
from ropdesk.enrollment.models import Application
from ropdesk.enrollment.tests.test_pages import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses():
    nursing = f.course(title="Certified Nursing Assistant")
    welding = f.course(title="Welding Technology", pathway_code="213", sector_code="MAN")
    return {
        "nursing": [f.section(course_obj=nursing), f.section(course_obj=nursing)],
        "welding": [f.section(course_obj=welding)],
    }


def section_options(page: str, place: int) -> list[str]:
    menu = re.search(rf'<select name="section_{place}".*?</select>', page, re.S)
    assert menu is not None
    return re.findall(r'<option value="(\d*)"', menu.group(0))


def test_before_a_course_is_chosen_no_section_is_offered(client, courses):
    page = client.get("/apply/").content.decode()
    assert section_options(page, 1) == [""]
    assert "Choose the course first" in page
    assert "Show this course's sections" in page


def test_a_course_from_the_catalog_comes_with_its_sections_only(client, courses):
    nursing = courses["nursing"]
    page = client.get("/apply/", {"course": nursing[0].course_id}).content.decode()
    assert section_options(page, 1) == ["", str(nursing[0].pk), str(nursing[1].pk)]
    assert section_options(page, 2) == [""]


def test_without_javascript_the_show_sections_button_is_step_two(client, courses):
    district = f.district()
    school = f.school(district)
    nursing, welding = courses["nursing"], courses["welding"]
    data = form_data(nursing[0], district, school, section_1=None, choice_2=welding[0].course_id)

    response = client.post("/apply/", {**data, "show_sections": "choice_2"})

    page = response.content.decode()
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert 'class="error"' not in page  # nothing was sent for review yet
    assert 'value="Mateo"' in page
    assert section_options(page, 1) == ["", str(nursing[0].pk), str(nursing[1].pk)]
    assert section_options(page, 2) == ["", str(welding[0].pk)]


def test_another_courses_section_cannot_be_picked(client, courses):
    district = f.district()
    school = f.school(district)
    nursing, welding = courses["nursing"], courses["welding"]

    response = client.post(
        "/apply/", form_data(nursing[0], district, school, section_1=welding[0].pk)
    )

    assert "This section is not a section of the course chosen." in response.content.decode()
    assert Application.objects.count() == 0


def test_the_application_keeps_the_section_picked(client, courses):
    district = f.district()
    school = f.school(district)
    chosen = courses["nursing"][1]

    response = client.post("/apply/", form_data(chosen, district, school))

    assert response.status_code == 302
    assert Application.objects.get().choices.get().section == chosen


def test_the_script_asks_for_one_courses_section_options(client, courses):
    nursing = courses["nursing"]
    body = client.get("/apply/sections/", {"course": nursing[0].course_id}).content.decode()
    assert re.findall(r'<option value="(\d*)"', body) == [
        "",
        str(nursing[0].pk),
        str(nursing[1].pk),
    ]
    assert "Any section" in body
    nothing = client.get("/apply/sections/", {"course": "x"}).content.decode()
    assert re.findall(r'<option value="(\d*)"', nothing) == [""]
