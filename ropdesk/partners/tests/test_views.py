"""Pages: the office's list and the public list keep a constant number of queries as the
county grows; the course page shows what industry asked for and what changed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ropdesk.core.tests import factories as f
from ropdesk.partners import services
from ropdesk.partners.models import Change
from ropdesk.partners.tests.conftest import committee, meeting, member

pytestmark = pytest.mark.django_db


def _committees(n: int) -> None:
    for _k in range(n):
        c = committee(name=f"Committee {f.n()}")
        member(c, "business")
        member(c, "teacher")
        m = meeting(c, "2026-11-20 16:00")
        services.agenda_post(actor=None, meeting=m, agenda="1. Call to order")


def _count(client, url, n):
    _committees(n)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["partners_committees", "partners_public_meetings"])
def test_list_pages_run_the_same_queries_for_3_and_12_committees_and_meetings(
    client, office, url_name
):
    client.force_login(office)
    url = reverse(url_name)
    few = _count(client, url, 3)
    many = _count(client, url, 9)
    assert few == many


def test_the_course_page_shows_what_industry_asked_for_and_what_changed(client):
    course = f.course(title="Automotive Technology")
    c = committee(name="Transportation Advisory Committee", courses=[course])
    first, second = meeting(c, "2026-09-10 16:00"), meeting(c, "2026-10-15 16:00")
    services.minutes_record(actor=None, meeting=first, minutes="Reviewed.", items_reviewed=[])
    r = services.recommendation_record(
        actor=None, meeting=first, text="Teach EV safety.", category="curriculum", course=course
    )
    services.recommendation_implement(
        actor=None,
        recommendation=r,
        kind=Change.Kind.COURSE_REVISION,
        summary="Added a unit on high-voltage EV safety.",
    )
    services.minutes_approve(actor=None, meeting=first, at_meeting=second)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "What industry asked for and what changed" in page
    assert "Teach EV safety." in page
    assert "Added a unit on high-voltage EV safety." in page
    assert "Last reviewed by an industry advisory committee on Thu, Sep 10, 2026." in page


def test_the_course_page_shows_its_occupations_outlook(client):
    course = f.course(title="Electrical")
    services.course_occupations_set(actor=None, course=course, soc_codes=["47-2111"])
    content = (
        b"area,soc_code,title,base_year,projected_year,base_employment,projected_employment,"
        b"annual_openings,median_annual_wage\n"
        b"California,47-2111,Electricians,2020,2030,70300,83100,9141,73405\n"
    )
    services.projections_import(actor=None, content=content, file_name="edd.csv")
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "Electricians" in page and "9141" in page and "$73,405" in page


def test_the_office_imports_a_bad_file_and_sees_the_row_and_column(client, office):
    client.force_login(office)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "bad.csv",
        b"area,soc_code,title,base_year,projected_year,base_employment,projected_employment,"
        b"annual_openings,median_annual_wage\nCalifornia,47-2111,Electricians,2020,20X0,1,2,3,4\n",
    )
    page = client.post(
        reverse("partners_labor_market"), {"action": "import", "file": upload}
    ).content.decode()
    assert "Row 2, column “projected_year”: “20X0” is not a year" in page


def test_the_needs_assessment_packet_is_a_pdf(client, office):
    from datetime import date

    assessment = services.assessment_start(
        actor=None, title="CLNA 2026", starts_on=date(2026, 7, 1)
    )
    client.force_login(office)
    response = client.get(reverse("partners_assessment_pdf", args=[assessment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_office_sets_a_courses_occupations_and_a_wrong_code_is_named(client, office):
    course = f.course(title="Electrical")
    client.force_login(office)
    url = reverse("partners_labor_market")
    page = client.post(url, {"action": "occupations", "course": course.pk, "soc_codes": "47-211"})
    assert "“47-211” is not a SOC code (like 29-1141)." in page.content.decode()
    client.post(url, {"action": "occupations", "course": course.pk, "soc_codes": "47-2111"})
    assert list(course.occupations.values_list("soc_code", flat=True)) == ["47-2111"]


def _directions(n: int) -> None:
    for _k in range(n):
        sc = committee(
            name=f"SC {f.n()}", scope="district_steering", district=f.district(f"D {f.n()}")
        )
        services.recommendation_record(
            actor=None, meeting=meeting(sc), text="Open a section.", category="sections"
        )
        services.partner_add(actor=None, kind="business", name=f"Business {f.n()}")


@pytest.mark.parametrize("url_name", ["partners_directions", "partners_list"])
def test_directions_and_partners_run_the_same_queries_for_3_and_9_rows(client, office, url_name):
    client.force_login(office)
    url = reverse(url_name)
    counts = []
    for n in (3, 6):
        _directions(n)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
