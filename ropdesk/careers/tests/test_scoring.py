"""Scoring the interest survey: a hand-scored response set, and the tie-break rules."""

from __future__ import annotations

import pytest

from ropdesk.careers import services
from ropdesk.careers.models import SurveyItem
from ropdesk.careers.scoring import score_answers
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f

# One student's 48 answers (1 = Dislike … 5 = Enjoy), scored by hand below.
HAND_SCORED = {
    "R": [2, 1, 3, 2, 1, 4, 2, 1],  # 2+1+3+2+1+4+2+1 = 16
    "I": [4, 5, 3, 4, 4, 5, 3, 2],  # 4+5+3+4+4+5+3+2 = 30, two "Enjoy"
    "A": [1, 2, 1, 3, 2, 1, 1, 1],  # 1+2+1+3+2+1+1+1 = 12
    "S": [5, 4, 5, 5, 3, 4, 5, 4],  # 5+4+5+5+3+4+5+4 = 35
    "E": [5, 4, 2, 5, 4, 3, 2, 5],  # 5+4+2+5+4+3+2+5 = 30, three "Enjoy"
    "C": [2, 3, 4, 3, 2, 3, 2, 1],  # 2+3+4+3+2+3+2+1 = 20
}
HAND_SCORES = {"R": 16, "I": 30, "A": 12, "S": 35, "E": 30, "C": 20}
# S is highest; E and I tie at 30 and E has more "Enjoy" answers (3 against 2), so E comes
# before I.
HAND_CODE = "SEI"


def pairs(answers):
    return [(letter, value) for letter, values in answers.items() for value in values]


def test_the_hand_scored_answers_give_the_hand_computed_scores_and_code():
    score = score_answers(pairs(HAND_SCORED))
    assert score.scores == HAND_SCORES
    assert score.code == HAND_CODE
    assert score.tied_with_third == ""


def test_equal_scores_with_equal_enjoy_answers_follow_holland_order():
    answers = {letter: [3] * 8 for letter in "RIASEC"}
    answers["C"] = [4] * 8  # 32
    answers["A"] = [4] * 8  # 32
    answers["R"] = [4] * 8  # 32, no "Enjoy" in any of the three
    score = score_answers(pairs(answers))
    assert score.code == "RAC"  # R before A before C: Holland's order


def test_an_area_tied_with_the_third_letter_is_reported():
    answers = {letter: [2] * 8 for letter in "RIASEC"}
    answers["S"] = [5] * 8  # 40
    answers["I"] = [4] * 8  # 32
    answers["E"] = [3] * 8  # 24
    answers["C"] = [3] * 8  # 24, tied with E
    score = score_answers(pairs(answers))
    assert score.code == "SIE"
    assert score.tied_with_third == "C"


def test_a_survey_with_a_missing_answer_is_not_scored():
    answers = pairs(HAND_SCORED)[:-1]
    with pytest.raises(ValueError, match="8 answers"):
        score_answers(answers)


def test_an_answer_outside_the_scale_is_refused():
    answers = pairs(HAND_SCORED)
    answers[0] = ("R", 6)
    with pytest.raises(ValueError):
        score_answers(answers)


def test_the_service_scores_a_survey_answered_item_by_item(reference):
    account = f.user(role=Role.STUDENT)
    student = f.student(account=account)
    survey = services.survey_start(student=student, actor=account)
    for item in SurveyItem.objects.select_related("area").order_by("position"):
        value = HAND_SCORED[item.area.letter][item.number_in_area - 1]
        survey = services.survey_answer(survey=survey, item=item, value=value, actor=account)
    survey.refresh_from_db()
    assert survey.is_complete
    assert survey.scores() == HAND_SCORES
    assert survey.code == HAND_CODE
