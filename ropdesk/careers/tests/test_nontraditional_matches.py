"""The counselor sees, in a student's career matches, which pathways and courses are
nontraditional for the student's sex (the crosswalk ropdesk/outcomes keeps, reached through
core.nontraditional, since careers sits below outcomes); the student sees the same options
worded as an encouragement; a course row of the crosswalk wins over its pathway's."""

from __future__ import annotations

import pytest

from ropdesk.careers.models import Confidence, PathwayLink
from ropdesk.careers.tests import factories as cf
from ropdesk.core.models import Role
from ropdesk.core.nontraditional import nontraditional_for
from ropdesk.core.tests import factories as f
from ropdesk.outcomes.models import NontraditionalDesignation

pytestmark = pytest.mark.django_db

COUNSELOR_FLAG = "Nontraditional for women"
STUDENT_WORDS = "Fewer women than men work in this field — you may qualify for support."


@pytest.fixture
def world():
    district = f.district("Valley Unified")
    counselor = f.user("counselor", role=Role.COUNSELOR, organization=district)
    account = f.user("maria", role=Role.STUDENT)
    maria = f.student(account=account, district_org=district, sex="F", grade="AD")
    cf.finished_survey(maria, (38, 30, 10, 12, 20, 25), "RIC")
    welding = f.course(title="Welding Technology", pathway_code="111", sector_code="MFG")
    cnc = f.course(title="CNC Machining", pathway_code="111", sector_code="MFG")
    nursing = f.course(title="Nursing Assistant", pathway_code="198", sector_code="HLT")
    welders = cf.occupation("Welders", (6, 3, 1, 1, 2, 4))
    aides = cf.occupation("Nursing Aides", (5, 3, 1, 2, 2, 4))
    for occupation, course in ((welders, welding), (aides, nursing)):
        PathwayLink.objects.create(
            occupation=occupation, pathway=course.pathway, confidence=Confidence.HIGH
        )
    NontraditionalDesignation.objects.create(
        pathway=welding.pathway, women_percent=4.5, nontraditional_for="F", source="BLS CPS 2025"
    )
    NontraditionalDesignation.objects.create(
        pathway=nursing.pathway, women_percent=88.0, nontraditional_for="M", source="BLS CPS 2025"
    )
    # CNC's own row: machining is nontraditional for women too, recorded on the course.
    NontraditionalDesignation.objects.create(
        course=cnc, women_percent=9.0, nontraditional_for="F", source="BLS CPS 2025"
    )
    return {"counselor": counselor, "account": account, "maria": maria, "welding": welding}


def test_the_outcomes_crosswalk_is_registered_at_start_up(world):
    flags = nontraditional_for("F")
    assert flags.pathway(world["welding"].pathway_id)
    assert not nontraditional_for("X")  # the crosswalk counts women and men only


def test_the_counselor_sees_the_nontraditional_options_for_the_students_sex(client, world):
    client.force_login(world["counselor"])
    page = client.get(f"/careers/students/{world['maria'].pk}/matches/").content.decode()
    assert page.count(COUNSELOR_FLAG) >= 3  # the welding pathway and its two courses' cards
    assert "Nontraditional for men" not in page  # nursing is, but not for Maria
    assert STUDENT_WORDS not in page


def test_the_student_sees_them_worded_as_an_encouragement(client, world):
    client.force_login(world["account"])
    page = client.get("/careers/matches/").content.decode()
    assert STUDENT_WORDS in page
    assert COUNSELOR_FLAG not in page


def test_a_course_row_clears_its_pathways_flag(client, world):
    NontraditionalDesignation.objects.create(
        course=world["welding"], women_percent=30.0, nontraditional_for="", source="local"
    )
    flags = nontraditional_for("F")
    assert not flags.course(world["welding"].pk, world["welding"].pathway_id)
    assert flags.pathway(world["welding"].pathway_id)


def test_a_student_without_a_recorded_sex_sees_no_flags(client, world):
    world["maria"].sex = ""
    world["maria"].save(update_fields=["sex"])
    client.force_login(world["counselor"])
    page = client.get(f"/careers/students/{world['maria'].pk}/matches/").content.decode()
    assert COUNSELOR_FLAG not in page


def test_the_flags_cost_one_query_however_many_matches(client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["counselor"])
    url = f"/careers/students/{world['maria'].pk}/matches/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for k in range(4):
        course = f.course(title=f"Welding {k}", pathway_code="111", sector_code="MFG")
        occupation = cf.occupation(f"Welders {k}", (6, 3, 1, 1, 2, 3))
        PathwayLink.objects.create(
            occupation=occupation, pathway=course.pathway, confidence=Confidence.HIGH
        )
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)
