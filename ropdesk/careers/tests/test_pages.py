"""Every page that shows O*NET data shows O*NET's credit line; career research is open to
everyone; the student's pages are the student's."""

from __future__ import annotations

import pytest

from ropdesk.careers.tests import factories as cf
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f

pytestmark = pytest.mark.django_db

CREDIT = (
    "This product includes information from the O*NET 29.3 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license."
)


@pytest.fixture
def sofia():
    account = f.user("sofia", role=Role.STUDENT)
    student = f.student(account=account)
    cf.finished_survey(student, "12 30 14 38 27 20", "SIE")
    cf.occupation("Nursing Assistants", (2, 3, 1, 6, 4, 3), code="31-1131.00")
    return account


@pytest.mark.parametrize(
    "url",
    [
        "/careers/",
        "/careers/occupations/",
        "/careers/occupations/?q=nursing",
        "/careers/occupations/31-1131.00/",
        "/careers/matches/",
    ],
)
def test_pages_with_onet_data_show_the_credit_line(sofia, client, url):
    client.force_login(sofia)
    page = client.get(url).content.decode()
    assert CREDIT in page.replace("\n", " ")
    assert "has modified all or some of this information" in page


def test_career_research_is_open_to_everyone(sofia, client):
    assert client.get("/careers/occupations/?code=s").status_code == 200
    page = client.get("/careers/occupations/31-1131.00/").content.decode()
    assert "Nursing Assistants" in page and CREDIT in page.replace("\n", " ")
    assert "Make this a career goal" not in page  # that needs a student


def test_search_by_interest_code_finds_occupations_whose_code_starts_with_it(sofia, client):
    social = cf.occupation("Helpers", (1, 2, 1, 6, 5, 2))
    social.holland_code = "SE"
    social.save(update_fields=["holland_code"])
    found = client.get("/careers/occupations/?code=se").context["page"]
    assert [o.title for o in found] == ["Helpers"]


@pytest.mark.parametrize(
    "url", ["/careers/", "/careers/matches/", "/careers/goals/", "/careers/results/"]
)
def test_the_student_pages_need_a_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_student_sees_no_one_elses_results(sofia, client):
    other = f.student()
    theirs = cf.finished_survey(other, "12 30 14 38 27 20", "SIE")
    client.force_login(sofia)
    assert client.get(f"/careers/results/{theirs.pk}/").status_code == 404
    assert client.get(f"/careers/students/{other.pk}/matches/").status_code == 404


@pytest.mark.parametrize(
    ("role", "link"),
    [
        (Role.STUDENT, "Careers"),
        (Role.PARENT, "Career plans"),
        (Role.COUNSELOR, "Caseload"),
        (Role.ADMINISTRATOR, "Career summary"),
        (Role.DISTRICT_COORDINATOR, "Career summary"),
    ],
)
def test_each_role_finds_its_career_page_in_the_menu(client, role, link):
    needs_org = role in (Role.COUNSELOR, Role.DISTRICT_COORDINATOR)
    client.force_login(f.user(role=role, organization=f.district() if needs_org else None))
    items = [label for _url, label in client.get("/catalog/").context["nav_items"]]
    assert link in [str(label) for label in items]


def test_an_instructor_has_no_career_menu(client):
    client.force_login(f.user(role=Role.INSTRUCTOR))
    items = [str(label) for _url, label in client.get("/catalog/").context["nav_items"]]
    assert not {"Careers", "Career plans", "Caseload", "Career summary"} & set(items)
