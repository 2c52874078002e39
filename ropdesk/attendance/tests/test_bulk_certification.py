"""Bulk certification (issue 15): the office lists the sections not yet certified for a
period, narrows them by district, school, instructor and term, and certifies some or all of
them in one action; what could not be certified is listed with the reason."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropdesk.attendance import services
from ropdesk.attendance.models import AttendanceCertification
from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.funding.tests import handworked
from ropdesk.scheduling.models import Section, Term

pytestmark = pytest.mark.django_db

URL = "/attendance/certify/"
P1 = {"school_year": "2025-2026", "period": "P1"}


@pytest.fixture
def county():
    w = handworked.build()
    w.office = f.user("office", role=Role.ADMINISTRATOR, first_name="Olga", last_name="Office")
    w.term = w.welding.term
    return w


def grow(w, count: int) -> list[Section]:
    """`count` more sections of the year, each with a student and one meeting's record."""
    added = []
    for _ in range(count):
        section = f.section(
            instructor=w.nina,
            site_obj=w.nursing.site,
            term_obj=w.term,
            days="Wed",
            start=time(9),
            end=time(10),
        )
        child = f.student(district_org=w.south, grade="AD")
        enrollment = f.enroll(child, section)
        services.attendance_mark(
            actor=w.nina,
            meeting=section.meetings.get(date=date(2025, 9, 3)),
            enrollment=enrollment,
            arrived=time(9),
            departed=time(10),
        )
        added.append(section)
    return added


# --- the service -------------------------------------------------------------------------------


def test_many_sections_are_certified_at_once_and_each_is_audited(county):
    outcome = services.attendance_certify_sections(
        actor=county.office,
        sections=[county.welding, county.nursing],
        school_year=county.year,
        period="P1",
    )
    assert outcome.refused == []
    assert outcome.through == date(2025, 12, 31)
    made = {c.section.code: c for c in AttendanceCertification.objects.select_related("section")}
    # The same figures as certifying one section (test_certification.py): welding 10 h in 4
    # records; nursing Oct 1, 2.5 h + 2.5 h.
    assert (made["WELD-1"].credited_minutes, made["WELD-1"].record_count) == (600, 4)
    assert (made["NURSE-1"].credited_minutes, made["NURSE-1"].record_count) == (300, 2)
    assert made["WELD-1"].certified_by == county.office
    events = AuditEvent.objects.filter(action="attendance.certify")
    assert sorted(e.details["section"] for e in events) == ["NURSE-1", "WELD-1"]
    assert {e.object_id for e in events} == {str(c.pk) for c in made.values()}


def test_a_section_already_certified_is_named_with_the_reason_and_the_rest_certified(county):
    services.attendance_certify(
        actor=county.office, section=county.welding, school_year=county.year, period="P1"
    )
    outcome = services.attendance_certify_sections(
        actor=county.office,
        sections=[county.welding, county.nursing],
        school_year=county.year,
        period="P1",
    )
    assert [c.section.code for c in outcome.certified] == ["NURSE-1"]
    [refusal] = outcome.refused
    assert refusal.section == county.welding
    assert refusal.reason == "WELD-1 is already certified through Wed, Dec 31, 2025."
    assert AttendanceCertification.objects.filter(section=county.welding).count() == 1


def test_a_section_of_another_school_year_is_refused(county):
    other = f.section(term_obj=f.term(2026))
    outcome = services.attendance_certify_sections(
        actor=county.office, sections=[other, county.nursing], school_year=county.year, period="P1"
    )
    assert [c.section.code for c in outcome.certified] == ["NURSE-1"]
    assert outcome.refused[0].reason == (
        f"{other.code} is not a section of the 2025-2026 school year."
    )


def test_a_period_not_started_certifies_nothing(county):
    later = f.school_year(2027)
    Term.objects.create(
        school_year=later, name="Fall", start_date=date(2027, 8, 19), end_date=date(2028, 1, 20)
    )
    with pytest.raises(ValidationError, match="has not started"):
        services.attendance_certify_sections(
            actor=county.office, sections=[county.welding], school_year=later, period="P1"
        )
    assert not AttendanceCertification.objects.exists()


def test_the_service_for_one_section_keeps_its_refusal(county):
    args = dict(actor=county.office, section=county.welding, school_year=county.year)
    services.attendance_certify(**args, period="P2")
    with pytest.raises(ValidationError, match="already certified through") as refused:
        services.attendance_certify(**args, period="P1")
    assert refused.value.code == "already_certified"


# --- the page ----------------------------------------------------------------------------------


def listed(response) -> list[str]:
    return [s.code for s in response.context["page"]]


def test_the_list_shows_sections_not_yet_certified_and_filters_them(county, client):
    school_site = f.site(
        district_org=county.north, organization=county.north_high, name="North High campus"
    )
    at_school = f.section(instructor=county.terry, site_obj=school_site, term_obj=county.term)
    services.attendance_certify(
        actor=county.office, section=county.nursing, school_year=county.year, period="P1"
    )
    client.force_login(county.office)
    assert listed(client.get(URL, P1)) == sorted(["WELD-1", at_school.code])
    assert listed(client.get(URL, {**P1, "show": "all"})) == sorted(
        ["WELD-1", "NURSE-1", at_school.code]
    )
    by = {
        "district": county.south.pk,
        "instructor": county.nina.pk,
    }
    for key, value in by.items():
        assert listed(client.get(URL, {**P1, "show": "all", key: value})) == ["NURSE-1"]
    assert listed(client.get(URL, {**P1, "school": county.north_high.pk})) == [at_school.code]
    assert listed(client.get(URL, {**P1, "term": county.term.pk, "section_code": "weld"})) == [
        "WELD-1"
    ]
    other_term = Term.objects.create(
        school_year=county.year,
        name="Spring",
        start_date=date(2026, 1, 5),
        end_date=date(2026, 6, 5),
    )
    assert listed(client.get(URL, {**P1, "term": other_term.pk})) == []


def test_certify_every_listed_section_in_one_post(county, client):
    extra = grow(county, 3)
    client.force_login(county.office)
    response = client.post(URL, {**P1, "district": county.south.pk, "all": "1"}, follow=True)
    assert response.status_code == 200
    certified = set(AttendanceCertification.objects.values_list("section__code", flat=True))
    assert certified == {"NURSE-1", *(s.code for s in extra)}  # welding is North's
    result = response.context["result"]
    assert sorted(result["certified"]) == sorted(certified)
    assert result["refused"] == []
    page = response.content.decode()
    assert "Certified 4 sections. Their records are now locked." in page
    assert listed(response) == []  # the South list is now empty
    assert AuditEvent.objects.filter(action="attendance.certify").count() == 4


def test_the_result_lists_what_could_not_be_certified_and_why(county, client):
    client.force_login(county.office)
    # The page was drawn before someone else certified welding.
    services.attendance_certify(
        actor=county.office, section=county.welding, school_year=county.year, period="P1"
    )
    response = client.post(
        URL, {**P1, "section": [county.welding.pk, county.nursing.pk]}, follow=True
    )
    result = response.context["result"]
    assert result["certified"] == ["NURSE-1"]
    assert result["refused"] == [
        ["WELD-1", "WELD-1 is already certified through Wed, Dec 31, 2025."]
    ]
    page = response.content.decode()
    assert "1 section could not be certified" in page
    assert "WELD-1 is already certified through Wed, Dec 31, 2025." in page
    # The result is shown once.
    assert client.get(URL, P1).context["result"] is None


def test_nothing_chosen_is_said(county, client):
    client.force_login(county.office)
    response = client.post(URL, P1, follow=True)
    assert "Choose the sections to certify." in response.content.decode()
    assert not AttendanceCertification.objects.exists()


def test_the_page_is_in_spanish(county, client):
    client.force_login(county.office)
    client.post(URL, {**P1, "all": "1"})
    page = client.get(URL, P1, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Certificadas 2 secciones." in page
    assert "Aún no certificadas" in page


# --- access --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.INSTRUCTOR, Role.COUNSELOR, Role.SUPPORT_SERVICES, Role.DISTRICT_COORDINATOR]
)
def test_only_the_office_lists_or_certifies(county, client, role):
    scoped = role in (Role.DISTRICT_COORDINATOR, Role.COUNSELOR)
    kwargs = {"organization": county.north} if scoped else {}
    person = f.user(f"someone-{role}", role=role, **kwargs)
    client.force_login(person)
    assert client.get(URL, P1).status_code == 404
    assert client.post(URL, {**P1, "all": "1"}).status_code == 404
    assert not AttendanceCertification.objects.exists()


# --- queries ---------------------------------------------------------------------------------


def _queries(client, method, data) -> int:
    if method == "get":
        client.get(URL, data)  # the second opening is measured (the session's first read)
    with CaptureQueriesContext(connection) as queries:
        getattr(client, method)(URL, data)
    return len(queries)


def test_the_list_and_the_bulk_certification_cost_the_same_queries_at_two_sizes(county, client):
    client.force_login(county.office)
    grow(county, 2)
    small_list = _queries(client, "get", {**P1, "show": "all"})
    small_post = _queries(client, "post", {**P1, "term": county.term.pk, "all": "1"})
    AttendanceCertification.objects.all().delete()
    grow(county, 8)
    big_list = _queries(client, "get", {**P1, "show": "all"})
    big_post = _queries(client, "post", {**P1, "term": county.term.pk, "all": "1"})
    assert AttendanceCertification.objects.count() == 12
    assert (big_list, big_post) == (small_list, small_post)
