"""The demo county's career guidance: the reference data, interest surveys for some students,
goals (some overdue), counseling meetings and a few confidential notes.

Deterministic and idempotent like the rest of the seed: a student who already has a survey,
goal or meeting gets none added. The demo student (ROP-DEMO-1) is left without a survey, so
that a visitor can take it. Rows go in with bulk inserts, as the rest of the seed does; the
demo is for people to look at, not a path for real data (that is services.py)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from ropdesk.careers.models import (
    RIASEC,
    SCALE_FIELDS,
    CareerGoal,
    CounselingMeeting,
    CounselingNote,
    GoalStep,
    InterestSurvey,
    SurveyAnswer,
    SurveyItem,
)
from ropdesk.careers.reference import careers_load_reference
from ropdesk.careers.scoring import score_answers
from ropdesk.core.models import Role, RoleAssignment, Student
from ropdesk.enrollment.models import Enrollment

DEMO_STUDENT = "ROP-DEMO-1"
SURVEYED_SHARE = 0.45  # of students with a finished survey
GOAL_SHARE = 0.33  # of enrolled students with a goal
MEETING_SHARE = 0.4  # of surveyed students with a meeting
TOPICS = [
    "Career interests and the survey results",
    "Choosing an ROP course",
    "Planning for community college",
    "Resume and first job applications",
    "Work permit and job-site hours",
]
NOTES = [
    "Interested in health careers; worried about transportation to the evening section.",
    "Wants to work right after graduation; discussed certificate options and apprenticeships.",
    "Family supports the plan; asked about financial aid for community college.",
]


def seed_careers(*, seed: int, today: date) -> dict[str, int]:
    careers_load_reference()
    students = list(
        Student.objects.exclude(local_id=DEMO_STUDENT)
        .exclude(interest_surveys__isnull=False)
        .order_by("local_id")
    )
    _surveys(
        seed, [s for s in students if _rng(seed, "survey", s).random() < SURVEYED_SHARE], today
    )
    _goals(seed, today)
    _meetings(seed, today)
    return {
        "interest surveys": InterestSurvey.objects.count(),
        "career goals": CareerGoal.objects.count(),
    }


def _rng(seed: int, phase: str, student: Student) -> random.Random:
    """One generator per student and phase: whether a student gets a survey, a goal or a
    meeting does not depend on who else is in the database, so a second run adds nothing."""
    return random.Random(f"{seed}:careers:{phase}:{student.local_id}")  # noqa: S311 -- demo


def _answers(rng: random.Random) -> dict[str, int]:
    """Item code → answer for a made-up student who likes two or three areas best."""
    liked = rng.sample(RIASEC, 3)
    lean = {k: (1.6 if k == liked[0] else 1.0 if k in liked[1:] else -0.6) for k in RIASEC}
    answers = {}
    for letter in RIASEC:
        for n in range(1, 9):
            value = round(3 + lean[letter] + rng.gauss(0, 1.1))
            answers[f"{letter}{n}"] = min(5, max(1, value))
    return answers


def _surveys(seed: int, students: list[Student], today: date) -> None:
    items = {i.code: i for i in SurveyItem.objects.select_related("area")}
    surveys, per_survey = [], []
    for student in students:
        rng = _rng(seed, "answers", student)
        answers = _answers(rng)
        score = score_answers((items[c].area.letter, v) for c, v in answers.items())
        day = today - timedelta(days=rng.randint(3, 120))
        moment = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 15), 5)))
        survey = InterestSurvey(student=student, completed_at=moment, code=score.code)
        for letter, field in zip(RIASEC, SCALE_FIELDS, strict=True):
            setattr(survey, field, score.scores[letter])
        surveys.append(survey)
        per_survey.append(answers)
    InterestSurvey.objects.bulk_create(surveys, batch_size=1000)
    SurveyAnswer.objects.bulk_create(
        (
            SurveyAnswer(survey=survey, item=items[code], value=value)
            for survey, answers in zip(surveys, per_survey, strict=True)
            for code, value in answers.items()
        ),
        batch_size=5000,
    )


def _goals(seed: int, today: date) -> None:
    """An education goal (finish the course) for a third of enrolled students without one;
    its steps are due before and after today, so some goals are overdue."""
    enrolled = (
        Enrollment.objects.filter(status__in=Enrollment.SEATED, student__career_goals__isnull=True)
        .exclude(student__local_id=DEMO_STUDENT)
        .select_related("student", "section__course", "section__term")
        .order_by("student__local_id", "section__code")
    )
    chosen: dict[int, Enrollment] = {}
    for enrollment in enrolled:
        if enrollment.student_id in chosen:
            continue
        if _rng(seed, "goal", enrollment.student).random() < GOAL_SHARE:
            chosen[enrollment.student_id] = enrollment
    goals = [
        CareerGoal(
            student_id=student_id,
            kind=CareerGoal.Kind.EDUCATION,
            title=f"Complete {e.section.course.title} with a certificate",
            target_date=e.section.term.end_date,
        )
        for student_id, e in chosen.items()
    ]
    CareerGoal.objects.bulk_create(goals, batch_size=1000)
    steps = []
    for goal, e in zip(goals, chosen.values(), strict=True):
        rng = _rng(seed, "steps", e.student)
        first_due = today + timedelta(days=rng.randint(-30, 20))
        steps += [
            GoalStep(
                goal=goal,
                number=1,
                description="Meet with my counselor to plan the year",
                due_on=first_due,
                done_on=first_due if rng.random() < 0.6 else None,
            ),
            GoalStep(
                goal=goal,
                number=2,
                description="Pass the mid-course competency check",
                due_on=first_due + timedelta(days=45),
            ),
        ]
    GoalStep.objects.bulk_create(steps, batch_size=2000)


def _meetings(seed: int, today: date) -> None:
    """Meetings with the district's counselor for some students; a few notes by the demo
    counselor (Downey), so the notes page has something to show."""
    counselor_of = dict(
        RoleAssignment.objects.filter(role=Role.COUNSELOR)
        .exclude(user__username="counselor")
        .values_list("organization_id", "user_id")
    )
    demo_counselor = get_user_model().objects.filter(username="counselor").first()
    meetings = []
    for student in (
        Student.objects.filter(counseling_meetings__isnull=True, interest_surveys__isnull=False)
        .distinct()
        .exclude(local_id=DEMO_STUDENT)
        .select_related("district_of_residence")
        .order_by("local_id")
    ):
        rng = _rng(seed, "meeting", student)
        if rng.random() < MEETING_SHARE:
            meetings.append(
                CounselingMeeting(
                    student=student,
                    counselor_id=counselor_of.get(student.district_of_residence_id),
                    met_on=today - timedelta(days=rng.randint(1, 90)),
                    kind=rng.choice(CounselingMeeting.Kind.values),
                    topic=rng.choice(TOPICS),
                )
            )
    CounselingMeeting.objects.bulk_create(meetings, batch_size=1000)
    if demo_counselor is None or CounselingNote.objects.exists():
        return
    downey = [m for m in meetings if m.student.district_of_residence.name.startswith("Downey")]
    CounselingNote.objects.bulk_create(
        CounselingNote(student=m.student, meeting=m, author=demo_counselor, text=text)
        for m, text in zip(downey, NOTES, strict=False)  # as many as there are meetings
    )
