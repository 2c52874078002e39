"""The survey as a student takes it: one item per page, saved as they go, resumable, in
English or Spanish, kept as history when retaken."""

from __future__ import annotations

import pytest

from ropdesk.careers.models import InterestSurvey, SurveyAnswer, SurveyItem
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f


@pytest.fixture
def sofia(reference):
    account = f.user("sofia", role=Role.STUDENT)
    f.student(account=account, first="Sofia", last="Ramirez")
    return account


def start(client):
    return client.post("/careers/survey/", {"action": "start"})


def answer(client, code, value):
    return client.post("/careers/survey/", {"item": code, "value": value})


def items():
    return list(SurveyItem.objects.order_by("position"))


def test_the_survey_asks_one_item_at_a_time_as_a_radio_group(sofia, client):
    client.force_login(sofia)
    assert start(client).status_code == 302
    page = client.get("/careers/survey/").content.decode()
    assert "Question 1 of 48" in page
    assert "<fieldset" in page and "<legend>" in page
    assert "Test the quality of parts before shipment" in page  # R1: items are interleaved
    assert page.count('type="radio" name="value"') == 5


def test_a_student_who_leaves_resumes_at_the_next_unanswered_item(sofia, client):
    client.force_login(sofia)
    start(client)
    for item in items()[:11]:
        assert answer(client, item.code, 4).status_code == 302
    client.logout()

    client.force_login(sofia)  # another day
    page = client.get("/careers/survey/").content.decode()
    twelfth = items()[11]
    assert "Question 12 of 48" in page and "11 answered" in page
    assert twelfth.text_en in page
    assert SurveyAnswer.objects.filter(survey__student__user=sofia).count() == 11


def test_going_back_shows_the_saved_answer_and_changing_it_keeps_the_count(sofia, client):
    client.force_login(sofia)
    start(client)
    first, second = items()[:2]
    answer(client, first.code, 2)
    answer(client, second.code, 5)
    page = client.get(f"/careers/survey/?item={first.code}").content.decode()
    assert 'value="2" required checked' in page
    answer(client, first.code, 3)
    values = dict(SurveyAnswer.objects.values_list("item__code", "value"))
    assert values == {first.code: 3, second.code: 5}
    assert "Question 3 of 48" in client.get("/careers/survey/").content.decode()


def test_no_answer_is_an_error_next_to_the_question_and_saves_nothing(sofia, client):
    client.force_login(sofia)
    start(client)
    response = client.post("/careers/survey/", {"item": items()[0].code})
    assert response.status_code == 200
    assert "Choose one of the five answers." in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_the_last_answer_scores_the_survey_and_shows_the_results(sofia, client):
    client.force_login(sofia)
    start(client)
    liked = {"S": 5, "E": 4, "C": 3, "I": 2, "R": 1, "A": 1}
    for item in items():
        response = answer(client, item.code, liked[item.area.letter])
    assert response["Location"] == "/careers/results/"
    page = client.get("/careers/results/").content.decode()
    assert "Interest code: <strong>SEC</strong>" in page
    assert "You like to help, teach, care for" in page  # the plain explanation of S


def test_a_retake_starts_a_new_survey_and_keeps_the_old_one(sofia, client):
    client.force_login(sofia)
    for code in ("S", "R"):
        start(client)
        for item in items():
            answer(client, item.code, 5 if item.area.letter == code else 2)
    surveys = InterestSurvey.objects.order_by("started_at", "id")
    assert [(s.code, s.is_complete) for s in surveys] == [("SRI", True), ("RIA", True)]
    page = client.get("/careers/results/").content.decode()
    assert "Interest code: <strong>RIA</strong>" in page
    assert f'href="/careers/results/{surveys[0].pk}/"' in page  # the history links the first


def test_the_items_and_answers_are_in_spanish_for_a_spanish_reader(sofia, client):
    client.force_login(sofia)
    start(client)
    client.cookies["django_language"] = "es"
    page = client.get("/careers/survey/").content.decode()
    assert "Revisar la calidad de las piezas antes de enviarlas" in page
    assert "Me gusta mucho" in page and "Enjoy" not in page


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.INSTRUCTOR, Role.PARENT, Role.ADMINISTRATOR])
def test_only_a_student_takes_the_survey(reference, client, role):
    org = f.district() if role == Role.COUNSELOR else None
    client.force_login(f.user(role=role, organization=org))
    assert client.get("/careers/survey/").status_code == 404
    assert client.post("/careers/survey/", {"action": "start"}).status_code == 404
    assert not InterestSurvey.objects.exists()
