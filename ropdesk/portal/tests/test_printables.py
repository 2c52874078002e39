"""Printable class rosters and sign-in sheets: real PDFs with the section's students, for the
instructor, the office and the district's coordinator only."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ropdesk.core.tests import county as c

pytestmark = pytest.mark.django_db


def text_of(response: Any) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def county() -> c.County:
    return c.build()


def test_the_instructor_prints_the_class_roster(county, client):
    client.force_login(county.users["instructor"])
    detail = client.get(reverse("section_detail", args=[county.section.pk])).content.decode()
    assert reverse("section_roster_pdf", args=[county.section.pk]) in detail

    text = text_of(client.get(reverse("section_roster_pdf", args=[county.section.pk])))

    student = county.trainee.student
    assert "Class roster" in text and county.section.code in text
    assert student.legal_last_name in text and student.local_id in text
    assert "1 student" in text


def test_a_sign_in_sheet_lists_the_students_on_the_roster_that_day(county, client):
    meeting = county.section.meetings.order_by("date").last()
    client.force_login(county.users["administrator"])
    url = reverse("section_signin_pdf", args=[county.section.pk, meeting.pk])

    text = text_of(client.get(url))

    assert "sign-in sheet" in text.lower()
    assert county.trainee.student.legal_last_name in text
    assert "Time in" in text and "Signature" in text


def test_the_district_coordinator_prints_the_roster_of_a_section_in_the_district(county, client):
    client.force_login(county.users["district_coordinator"])
    text = text_of(client.get(reverse("section_roster_pdf", args=[county.section.pk])))
    assert county.trainee.student.legal_last_name in text


def test_a_meeting_of_another_section_is_not_found(county, client):
    other = county.other_section.meetings.first()
    client.force_login(county.users["administrator"])
    url = reverse("section_signin_pdf", args=[county.section.pk, other.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "persona", ["counselor", "employer_supervisor", "student", "parent", "support_services"]
)
def test_who_does_not_take_attendance_cannot_print_it(county, client, persona):
    client.force_login(county.users[persona])
    assert client.get(reverse("section_roster_pdf", args=[county.section.pk])).status_code == 404
    detail = client.get(reverse("section_detail", args=[county.section.pk]))
    if detail.status_code == 200:
        assert b"roster.pdf" not in detail.content
