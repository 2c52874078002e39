"""The district exit file, the nontraditional crosswalk from the shipped BLS table, and the
gender-equity report against it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ropdesk.core.models import ImportJob, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.outcomes import reference
from ropdesk.outcomes.models import Exit, NontraditionalDesignation
from ropdesk.outcomes.tests import factories as of

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    admin = f.user(role=Role.ADMINISTRATOR)
    client.force_login(admin)
    return admin


def _upload(client, text: str):
    """Upload the file and let the worker run it; the job's page follows it."""
    with committed_then_worked():
        response = client.post(
            reverse("outcomes_exits_import"),
            {"file": SimpleUploadedFile("exits.csv", text.encode(), content_type="text/csv")},
        )
    assert response.status_code == 302
    return client.get(response["Location"])


def test_a_district_exit_file_records_exits_and_graduation(client, office) -> None:
    one, two = f.student(grade="12"), f.student(grade="12", statewide_id="1234567890")
    response = _upload(
        client,
        "student_id,exit_date,completion_code,graduated,diploma_date\n"
        f"{one.local_id},2026-06-10,100,Y,2026-06-10\n"
        "1234567890,2026-03-02,400,N,\n",
    )
    assert "Rows saved" in response.content.decode()
    first, second = Exit.objects.get(student=one), Exit.objects.get(student=two)
    assert (first.exit_year, first.graduated, first.diploma_date, first.source) == (
        "2025-2026",
        True,
        date(2026, 6, 10),
        "district_file",
    )
    assert (second.completion_code, second.graduated, second.graduation_cohort) == (
        "400",
        False,
        "2025-2026",
    )


def test_a_bad_exit_row_refuses_the_file_naming_row_and_column(client, office) -> None:
    one = f.student(grade="12")
    response = _upload(
        client,
        "student_id,exit_date,completion_code,graduated,diploma_date\n"
        f"{one.local_id},2026-06-10,100,Y,2026-06-10\n"
        f"{one.local_id},10/06/2026,1O0,maybe,2026-06-10\n",
    )
    job = ImportJob.objects.get()
    assert job.status == "rejected"
    assert [(e["row"], e["column"], e["reason"]) for e in job.errors] == [
        (3, "exit_date", "'10/06/2026' is not a date like 2026-06-10"),
        (3, "completion_code", "'1O0' is not a three-digit code"),
        (3, "graduated", "'maybe' is not Y or N"),
    ]
    page = response.content.decode()
    assert "&#x27;1O0&#x27; is not a three-digit code" in page and "nothing was imported" in page
    assert Exit.objects.count() == 0


def test_the_shipped_table_flags_a_pathway_by_the_women_share_of_its_occupations() -> None:
    """Patient Care (198) leads to nursing assistants, RNs, dental and medical assistants:
    women are far over 75 % of them, so it is nontraditional for men."""
    of.pathway("198", "Patient Care")
    of.pathway("123", "Residential and Commercial Construction")
    assert reference.designations_load() >= 2
    care = NontraditionalDesignation.objects.get(pathway__code="198")
    building = NontraditionalDesignation.objects.get(pathway__code="123")
    assert care.women_percent is not None
    assert (care.nontraditional_for, care.women_percent > Decimal("75")) == ("M", True)
    assert "29-1141" in care.soc_codes
    assert (building.nontraditional_for, building.source_year) == ("F", 2025)


def test_an_edited_designation_survives_a_reload(client, office) -> None:
    of.pathway("198", "Patient Care")
    reference.designations_load()
    row = NontraditionalDesignation.objects.get(pathway__code="198")
    response = client.post(
        reverse("outcomes_designation_edit", args=[row.pk]),
        {
            "nontraditional_for": "",
            "women_percent": "70.0",
            "target_percent": "25",
            "source": "ACS 2023 California, table S2401",
            "source_year": "2023",
        },
    )
    assert response.status_code == 302
    reference.designations_load()
    row.refresh_from_db()
    assert (row.nontraditional_for, row.source_year, row.edited_by) == ("", 2023, office)


def test_the_equity_report_lists_courses_below_target(client, office) -> None:
    pathway, intro, _capstone = of.pathway("123", "Construction")
    NontraditionalDesignation.objects.create(
        pathway=pathway, nontraditional_for="F", women_percent=Decimal("3.1"), source="test"
    )
    section = of.section_of(intro, start=2026)
    for sex in ("F", "M", "M", "M", "M"):
        f.enroll(f.student(sex=sex), section)
    page = client.get(reverse("outcomes_equity"))
    row = next(r for r in page.context["page"] if r.course_id == intro.pk)
    assert (row.enrolled, row.underrepresented_share, row.below_target) == (
        {"F": 1, "M": 4},
        20.0,
        True,
    )
    assert "20.0 % against a target of 25 %" in page.content.decode()
    assert "Source: U.S. Bureau of Labor Statistics" in page.content.decode()


@pytest.mark.parametrize("url_name", ["outcomes_equity", "outcomes_crosswalk"])
def test_equity_and_crosswalk_pages_keep_their_query_count(
    client, office, url_name, django_assert_max_num_queries
) -> None:
    def grow(k: int) -> None:
        pathway, intro, _c = of.pathway(f"9{k:02d}", f"Pathway {k}")
        NontraditionalDesignation.objects.create(
            pathway=pathway, nontraditional_for="F", source="test"
        )
        f.enroll(f.student(), of.section_of(intro, start=2026))

    grow(1)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse(url_name))
    for k in range(2, 7):
        grow(k)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse(url_name))


def test_staff_enter_an_exit_by_hand_and_a_diploma_needs_graduation(client, office) -> None:
    student = f.student(grade="12")
    url = reverse("outcomes_exit_entry")
    refused = client.post(
        url,
        {
            "student_id": student.local_id,
            "exit_date": "2026-06-10",
            "completion_code": "100",
            "diploma_date": "2026-06-10",
            "grade_at_exit": "12",
        },
    )
    assert "A diploma date is given but the student did not graduate." in refused.content.decode()
    assert not Exit.objects.exists()
    client.post(
        url,
        {
            "student_id": student.local_id,
            "exit_date": "2026-06-10",
            "completion_code": "100",
            "graduated": "on",
            "diploma_date": "2026-06-10",
            "grade_at_exit": "12",
        },
    )
    found = Exit.objects.get(student=student)
    assert (found.source, found.exit_year, found.graduation_cohort) == (
        "entered",
        "2025-2026",
        "2025-2026",
    )
