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
    assert "Electricians" in page and "9,141" in page and "$73,405" in page


def test_the_office_imports_a_bad_file_and_sees_the_row_and_column(client, office):
    client.force_login(office)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ropdesk.core.tests.work import committed_then_worked

    upload = SimpleUploadedFile(
        "bad.csv",
        b"area,soc_code,title,base_year,projected_year,base_employment,projected_employment,"
        b"annual_openings,median_annual_wage\nCalifornia,47-2111,Electricians,2020,20X0,1,2,3,4\n",
    )
    with committed_then_worked():
        response = client.post(reverse("partners_projections_import"), {"file": upload})
    page = client.get(response["Location"]).content.decode()
    assert "1 problem: nothing was imported" in page
    assert "projected_year" in page and "“20X0” is not a year" in page


def test_the_needs_assessment_packet_is_a_pdf_the_worker_builds(client, office):
    from datetime import date

    from ropdesk.core.models import ImportJob
    from ropdesk.core.tests.work import committed_then_worked

    assessment = services.assessment_start(
        actor=None, title="CLNA 2026", starts_on=date(2026, 7, 1)
    )
    client.force_login(office)
    url = reverse("partners_assessment_pdf", args=[assessment.pk])
    assert "Build the PDF" in client.get(url).content.decode()
    with committed_then_worked():
        asked = client.post(url)
    job = ImportJob.objects.get(kind="report_clna_packet")
    assert asked["Location"] == reverse("job_detail", args=[job.pk])
    assert "Download clna-" in client.get(asked["Location"]).content.decode()
    response = client.get(reverse("job_download", args=[job.pk]))
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


def test_the_section_picker_lists_the_chosen_courses_sections_without_javascript(client, office):
    from ropdesk.partners.models import Recommendation

    course = f.course(title="Automotive Technology")
    mine, other = f.section(course_obj=course), f.section()
    c = committee(name="Transportation Advisory Committee", courses=[course])
    m = meeting(c, "2026-11-12 16:00")
    client.force_login(office)
    url = reverse("partners_meeting", args=[m.pk])
    form = {"action": "recommendation", "text": "Open an evening section.", "category": "sections"}

    before = client.get(url).content.decode()
    assert "Choose the course, then list its sections." in before
    assert mine.code not in before

    listed = client.post(url, {**form, "course": course.pk, "pick": "course"})
    page = listed.content.decode()
    assert listed.status_code == 200
    assert f'<option value="{mine.pk}">{mine.code}' in page
    assert other.code not in page
    assert "Open an evening section." in page  # what was typed is kept
    assert not Recommendation.objects.exists()

    wrong = client.post(url, {**form, "course": course.pk, "section": other.pk})
    assert wrong.status_code == 200
    assert not Recommendation.objects.exists()

    saved = client.post(url, {**form, "course": course.pk, "section": mine.pk})
    assert saved.status_code == 302
    recommendation = Recommendation.objects.get()
    assert (recommendation.course, recommendation.section) == (course, mine)
    shown = client.get(url).content.decode()
    assert f"Automotive Technology · {mine.code}" in shown
