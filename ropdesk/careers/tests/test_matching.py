"""Ranking occupations by how close their interest profile is to the student's scores."""

from __future__ import annotations

import math

import pytest

from ropdesk.careers import queries
from ropdesk.careers.scoring import fit_words, profile_similarity
from ropdesk.careers.tests import factories as cf
from ropdesk.core.tests import factories as f

pytestmark = pytest.mark.django_db

# Worked by hand (R, I, A, S, E, C):
#   student      10  20  15  40  30  35   mean 25   deviations -15  -5 -10 15  5 10
#   occupation    2   3   1   6   5   4   mean 3.5  deviations -1.5 -.5 -2.5 2.5 1.5 .5
#   sum of products      22.5 + 2.5 + 25 + 37.5 + 7.5 + 5     = 100
#   sum of squares       student 700, occupation 17.5
#   r = 100 / sqrt(700 × 17.5) = 100 / sqrt(12250) = 0.9035
STUDENT = (10, 20, 15, 40, 30, 35)
OCCUPATION = (2, 3, 1, 6, 5, 4)


def test_similarity_is_the_pearson_correlation_worked_by_hand():
    assert profile_similarity(STUDENT, OCCUPATION) == pytest.approx(0.9035, abs=1e-4)
    assert profile_similarity(STUDENT, OCCUPATION) == pytest.approx(100 / math.sqrt(12250))


def test_similarity_ignores_how_high_a_student_rates_everything():
    generous = tuple(v + 5 for v in STUDENT)
    assert profile_similarity(generous, OCCUPATION) == pytest.approx(0.9035, abs=1e-4)


def test_a_flat_profile_has_no_shape_to_compare():
    assert profile_similarity((24,) * 6, OCCUPATION) is None


def test_the_words_for_the_student():
    assert fit_words(0.9035) == "Very close to your interests"
    assert fit_words(0.5) == "Close to your interests"
    assert fit_words(0.1) == "Partly like your interests"
    assert fit_words(-0.3) == "Unlike your interests"


def test_occupations_are_ranked_by_similarity_to_the_students_scores():
    student = f.student()
    survey = cf.finished_survey(student, STUDENT, "SCE")
    same_shape = cf.occupation("Same Shape Workers", (1.5, 2.5, 2.0, 4.5, 3.5, 4.0))  # r = 1
    worked = cf.occupation("Worked Example Workers", OCCUPATION)  # r = 0.9035
    opposite = cf.occupation("Opposite Workers", (6, 5, 5.5, 3, 4, 3.5))  # r = -1
    cf.occupation("Flat Workers", (3, 3, 3, 3, 3, 3))  # no shape: left out
    cf.occupation("Unrated Workers", None)  # no O*NET interest ratings: left out

    found = queries.matches_for(survey)

    assert [m.occupation for m in found] == [same_shape, worked, opposite]
    assert [round(m.similarity, 4) for m in found] == [1.0, 0.9035, -1.0]


def test_equal_similarity_puts_the_job_needing_less_preparation_first():
    survey = cf.finished_survey(f.student(), STUDENT, "SCE")
    degree = cf.occupation("A Degree Job", OCCUPATION, zone=4)
    entry = cf.occupation("Z Entry Job", OCCUPATION, zone=1)
    assert [m.occupation for m in queries.matches_for(survey)] == [entry, degree]


def test_the_preparation_filter_keeps_jobs_within_reach():
    survey = cf.finished_survey(f.student(), STUDENT, "SCE")
    cf.occupation("A Degree Job", OCCUPATION, zone=4)
    entry = cf.occupation("Z Entry Job", (1, 2, 1, 5, 4, 3), zone=2)
    assert [m.occupation for m in queries.matches_for(survey, max_zone=2)] == [entry]
