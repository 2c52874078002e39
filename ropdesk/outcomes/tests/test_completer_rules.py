"""Participant, concentrator and completer at their boundaries (20 USC 2302(12); CDE: "a course
sequence in an industry pathway, including the capstone course, with a grade of C- or better")."""

from __future__ import annotations

from datetime import date

import pytest

from ropdesk.core.tests import factories as f
from ropdesk.outcomes import rules
from ropdesk.outcomes.queries import statuses_of
from ropdesk.outcomes.tests import factories as of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("grade", "meets"),
    [
        ("A+", True),
        ("C", True),
        ("C-", True),
        ("D+", False),
        ("D", False),
        ("F", False),
        ("NP", False),
        ("", False),
        ("Z", False),
    ],
)
def test_the_capstone_grade_must_be_c_minus_or_better(grade: str, meets: bool) -> None:
    assert rules.grade_meets_completer_minimum(grade) is meets


def test_a_pass_meets_the_minimum_unless_the_office_says_otherwise(settings) -> None:
    assert rules.grade_meets_completer_minimum("P") is True
    settings.ROPDESK = {**settings.ROPDESK, "OUTCOMES": {"PASS_MEETS_MINIMUM": False}}
    assert rules.grade_meets_completer_minimum("P") is False


def test_a_capstone_passed_at_c_minus_makes_a_completer() -> None:
    student = of.former_student(grades=("B", "C-"))
    status = statuses_of([student.pk])[student.pk]
    assert (status.participant, status.concentrator, status.completer) == (True, True, True)
    assert status.completed_pathways == {status.pathway_id: date(2026, 1, 22)}


def test_a_capstone_at_d_plus_leaves_a_concentrator_who_is_not_a_completer() -> None:
    student = of.former_student(grades=("B", "D+"))
    status = statuses_of([student.pk])[student.pk]
    assert (status.participant, status.concentrator, status.completer) == (True, True, False)


def test_without_the_capstone_a_student_is_not_a_completer() -> None:
    _p, intro, _capstone = of.pathway()
    other = f.course(pathway_code="198", title="Medical Terminology")
    student = of.former_student(grades=("A", "A"), courses=(intro, other))
    status = statuses_of([student.pk])[student.pk]
    assert (status.concentrator, status.completer) == (True, False)


def test_the_capstone_alone_is_not_a_course_sequence() -> None:
    _p, _intro, capstone = of.pathway()
    student = of.former_student(grades=("", "A"), courses=(_intro, capstone))
    status = statuses_of([student.pk])[student.pk]
    assert (status.participant, status.concentrator, status.completer) == (True, False, False)


def test_two_courses_in_two_pathways_make_a_participant_not_a_concentrator() -> None:
    _p, health, _c = of.pathway("198", "Patient Care")
    _q, welding, _d = of.pathway("162", "Welding")
    student = of.former_student(grades=("A", "A"), courses=(health, welding))
    status = statuses_of([student.pk])[student.pk]
    assert (status.participant, status.concentrator, status.completer) == (True, False, False)


def test_a_failed_course_does_not_count_toward_concentration() -> None:
    _p, intro, capstone = of.pathway()
    student = of.former_student(grades=("F", "A"), courses=(intro, capstone))
    status = statuses_of([student.pk])[student.pk]
    assert (status.participant, status.concentrator) == (True, False)


def test_a_student_without_completed_courses_is_not_even_a_participant() -> None:
    student = f.student()
    assert statuses_of([student.pk]) == {}


@pytest.mark.parametrize(
    ("exit_on", "quarter"),
    [
        (date(2026, 6, 10), (date(2026, 10, 1), date(2026, 12, 31))),
        (date(2026, 1, 15), (date(2026, 7, 1), date(2026, 9, 30))),
        (date(2026, 12, 18), (date(2027, 4, 1), date(2027, 6, 30))),
    ],
)
def test_the_reference_quarter_is_the_second_after_exit(exit_on: date, quarter: tuple) -> None:
    assert rules.second_quarter_after(exit_on) == quarter


@pytest.mark.parametrize(
    ("women", "flag"), [(24.9, "F"), (25.0, ""), (75.0, ""), (75.1, "M"), (None, "")]
)
def test_nontraditional_means_one_sex_under_a_quarter(women: float | None, flag: str) -> None:
    assert rules.nontraditional_for(women) == flag


def test_a_small_cell_is_suppressed_and_none_is_not(settings) -> None:
    assert [rules.suppressed(n) for n in (0, 1, 9, 10)] == [False, True, True, False]
    settings.ROPDESK = {**settings.ROPDESK, "OUTCOMES": {"MINIMUM_CELL": 5}}
    assert [rules.suppressed(n) for n in (4, 5)] == [True, False]
