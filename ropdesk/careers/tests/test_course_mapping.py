"""The courses' side of the mapping, checked: a course leads to the occupations its pathway
trains for at the preparation a course can give, and a high-school student's matches are the
occupations the program's courses lead to."""

from __future__ import annotations

import pytest

from ropdesk.careers.mapping import course_leads, offered_courses
from ropdesk.careers.models import Occupation, PathwayLink
from ropdesk.careers.tests import factories as cf
from ropdesk.catalog.models import Course
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f

pytestmark = pytest.mark.django_db


def leads_of(title: str) -> dict[str, str]:
    course = Course.objects.select_related("state_course_code").get(title=title)
    codes = dict(Occupation.objects.values_list("pk", "code"))
    return {
        codes[lead.occupation_id]: lead.confidence for lead in course_leads([course])[course.pk]
    }


def test_the_nursing_assistant_course_leads_to_nursing_assistants_not_psychiatrists(demo_catalog):
    leads = leads_of("Certified Nursing Assistant")
    assert leads["31-1131.00"] == "high"  # Nursing Assistants
    assert leads["29-1141.00"] == "high"  # Registered Nurses: the documented first step
    assert "29-1223.00" not in leads  # Psychiatrists: medical school, not a course
    assert "29-1215.00" in leads  # Family Medicine Physicians: an own row, marked uncertain
    assert leads["29-1215.00"] == "low"


def test_a_broad_national_pathway_links_no_occupation_needing_a_degree(demo_catalog):
    zones = dict(Occupation.objects.values_list("pk", "job_zone__zone"))
    own_rows = set(
        PathwayLink.objects.filter(occupation__isnull=False).values_list(
            "occupation__code", flat=True
        )
    )
    codes = dict(Occupation.objects.values_list("pk", "code"))
    for leads in course_leads(offered_courses()).values():
        for lead in leads:
            if codes[lead.occupation_id] not in own_rows:
                assert zones[lead.occupation_id] <= 3, codes[lead.occupation_id]


def test_no_postsecondary_teaching_in_a_17_year_olds_top_20(demo_catalog, client):
    # A social, artistic, investigative 17-year-old: the profile of college teaching jobs.
    account = f.user(role=Role.STUDENT)
    student = f.student(account=account, grade="12")
    cf.finished_survey(student, "10 36 34 40 18 12", "SIA")
    client.force_login(account)

    response = client.get("/careers/matches/")

    found = [match.occupation for match, _route in response.context["matches"]]
    assert len(found) == 20
    assert [o.title for o in found if o.code.startswith("25-1")] == []
    own_rows = set(PathwayLink.objects.values_list("occupation__code", flat=True))
    assert all(o.job_zone.zone <= 3 or o.code in own_rows for o in found)
    assert response.context["suggestions"]  # and courses toward them


def test_an_adult_sees_every_occupation_that_fits(demo_catalog, client):
    account = f.user(role=Role.STUDENT)
    student = f.student(account=account, grade="AD")
    cf.finished_survey(student, "10 36 34 40 18 12", "SIA")
    client.force_login(account)

    found = [m.occupation.code for m, _r in client.get("/careers/matches/").context["matches"]]

    assert any(code.startswith("25-1") for code in found)


def test_the_match_shows_the_path_and_the_education_each_step_needs(demo_catalog, client):
    account = f.user(role=Role.STUDENT)
    student = f.student(account=account, grade="11")
    cf.finished_survey(student, "20 22 10 38 14 24", "SCI")
    client.force_login(account)

    page = client.get("/careers/matches/").content.decode()

    assert "Education it needs:" in page
    assert "Patient Care pathway" in page
    assert 'Certified Nursing Assistant</a> <span class="muted">(200 hours)</span>' in page
