"""Writes for career guidance: the survey, goals, counseling meetings and confidential notes.

Every service takes keyword arguments, checks who may do it, runs in one transaction and
records an audit event. A ROP must counsel every student in career matters (EC 52302.5(a)).
Reading confidential notes is also a service here, because every read must be logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.careers.models import (
    SCALE_FIELDS,
    CareerGoal,
    CounselingMeeting,
    CounselingNote,
    GoalStep,
    InterestSurvey,
    NoteReadLog,
    Occupation,
    SurveyAnswer,
    SurveyItem,
)
from ropdesk.careers.reference import careers_load_reference
from ropdesk.careers.scoring import score_answers
from ropdesk.core import access
from ropdesk.core.models import Student
from ropdesk.core.services import audit_record
from ropdesk.core.types import Actor, signed_in

__all__ = [
    "careers_load_reference",
    "counseling_meeting_record",
    "counseling_note_create",
    "counseling_notes_read",
    "goal_create",
    "goal_set_status",
    "goal_step_add",
    "goal_step_mark_done",
    "survey_answer",
    "survey_start",
]


def _own_survey(actor: Actor, student: Student) -> None:
    """Only the student takes their own survey: the answers are theirs."""
    if student.user_id is None or student.user_id != getattr(actor, "pk", None):
        raise PermissionDenied


# --- the interest survey -----------------------------------------------------------------------


@transaction.atomic(durable=True)
def survey_start(*, student: Student, actor: Actor) -> InterestSurvey:
    """The student's survey in progress, or a new one (a retake when one was completed)."""
    _own_survey(actor, student)
    survey, created = InterestSurvey.objects.get_or_create(
        student=student, completed_at__isnull=True
    )
    if created:
        audit_record(actor=actor, action="interest_survey.start", obj=survey)
    return survey


@transaction.atomic(durable=True)
def survey_answer(
    *, survey: InterestSurvey, item: SurveyItem, value: int, actor: Actor
) -> InterestSurvey:
    """Save (or change) one answer as soon as it is given, so that a student who leaves comes
    back to the next unanswered item. The answer to the last item completes and scores the
    survey. A completed survey is never changed: a retake is a new survey."""
    survey = InterestSurvey.objects.select_for_update().select_related("student").get(pk=survey.pk)
    _own_survey(actor, survey.student)
    if survey.is_complete:
        raise ValidationError(_("This survey is finished; start a new one to take it again."))
    if not 1 <= int(value) <= 5:
        raise ValidationError({"value": _("Choose one of the five answers.")})
    SurveyAnswer.objects.update_or_create(survey=survey, item=item, defaults={"value": value})
    if survey.answers.count() == SurveyItem.objects.count():
        _complete(survey, actor)
    return survey


def _complete(survey: InterestSurvey, actor: Actor) -> None:
    score = score_answers(survey.answers.values_list("item__area__letter", "value"))
    for letter, field in zip(score.scores, SCALE_FIELDS, strict=True):
        setattr(survey, field, score.scores[letter])
    survey.code = score.code
    survey.completed_at = timezone.now()
    survey.save(update_fields=[*SCALE_FIELDS, "code", "completed_at"])
    audit_record(actor=actor, action="interest_survey.complete", obj=survey, code=score.code)


# --- goals -------------------------------------------------------------------------------------


def _may_set_goals(actor: Actor, student: Student) -> None:
    if not access.can_set_career_goals(actor, student):
        raise PermissionDenied


@transaction.atomic(durable=True)
def goal_create(
    *,
    student: Student,
    actor: Actor,
    kind: str,
    title: str,
    target_date: date | None = None,
    occupation: Occupation | None = None,
    steps: Iterable[tuple[str, date | None]] = (),
) -> CareerGoal:
    """A career or education goal with its first steps (description, due date)."""
    _may_set_goals(actor, student)
    if not title.strip():
        raise ValidationError({"title": _("Say what the goal is.")})
    goal = CareerGoal(
        student=student,
        kind=kind,
        title=title.strip(),
        target_date=target_date,
        occupation=occupation,
        created_by=signed_in(actor),
    )
    goal.full_clean(exclude=["created_by"])
    goal.save()
    GoalStep.objects.bulk_create(
        GoalStep(goal=goal, number=n, description=text.strip(), due_on=due)
        for n, (text, due) in enumerate(((t, d) for t, d in steps if t.strip()), start=1)
    )
    audit_record(actor=actor, action="career_goal.create", obj=goal, student=student.pk)
    return goal


@transaction.atomic(durable=True)
def goal_step_add(
    *, goal: CareerGoal, actor: Actor, description: str, due_on: date | None = None
) -> GoalStep:
    goal = CareerGoal.objects.select_for_update().select_related("student").get(pk=goal.pk)
    _may_set_goals(actor, goal.student)
    if not description.strip():
        raise ValidationError({"description": _("Say what the step is.")})
    last = goal.steps.order_by("-number").values_list("number", flat=True).first() or 0
    step = GoalStep.objects.create(
        goal=goal, number=last + 1, description=description.strip(), due_on=due_on
    )
    audit_record(actor=actor, action="career_goal.step_add", obj=goal, step=step.number)
    return step


@transaction.atomic(durable=True)
def goal_step_mark_done(*, step: GoalStep, actor: Actor, done_on: date | None = None) -> GoalStep:
    step = GoalStep.objects.select_for_update().select_related("goal__student").get(pk=step.pk)
    _may_set_goals(actor, step.goal.student)
    step.done_on = done_on or timezone.localdate()
    step.save(update_fields=["done_on"])
    audit_record(actor=actor, action="career_goal.step_done", obj=step.goal, step=step.number)
    return step


@transaction.atomic(durable=True)
def goal_set_status(*, goal: CareerGoal, actor: Actor, status: str) -> CareerGoal:
    goal = CareerGoal.objects.select_for_update().select_related("student").get(pk=goal.pk)
    _may_set_goals(actor, goal.student)
    if status not in CareerGoal.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    before, goal.status = goal.status, status
    goal.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="career_goal.status", obj=goal, before=before, after=status)
    return goal


# --- counseling meetings and confidential notes -----------------------------------------------


def _may_counsel(actor: Actor, student: Student) -> None:
    if not access.can_keep_counseling_records(actor, student):
        raise PermissionDenied


@transaction.atomic(durable=True)
def counseling_meeting_record(
    *,
    student: Student,
    actor: Actor,
    met_on: date,
    kind: str,
    topic: str,
    note: str = "",
) -> CounselingMeeting:
    """That the counselor met the student (EC 52302.5(a): individual counseling and guidance),
    and optionally a confidential note on what was said."""
    _may_counsel(actor, student)
    if met_on > timezone.localdate():
        raise ValidationError({"met_on": _("A meeting cannot be recorded before it happens.")})
    meeting = CounselingMeeting(
        student=student, counselor=signed_in(actor), met_on=met_on, kind=kind, topic=topic.strip()
    )
    meeting.full_clean(exclude=["counselor"])
    meeting.save()
    audit_record(actor=actor, action="counseling_meeting.record", obj=meeting, student=student.pk)
    if note.strip():
        _note_create(student=student, actor=actor, text=note, meeting=meeting)
    return meeting


@transaction.atomic(durable=True)
def counseling_note_create(
    *, student: Student, actor: Actor, text: str, meeting: CounselingMeeting | None = None
) -> CounselingNote:
    _may_counsel(actor, student)
    return _note_create(student=student, actor=actor, text=text, meeting=meeting)


def _note_create(
    *, student: Student, actor: Actor, text: str, meeting: CounselingMeeting | None
) -> CounselingNote:
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    if meeting is not None and meeting.student_id != student.pk:
        raise ValidationError({"meeting": _("That meeting is another student's.")})
    note = CounselingNote.objects.create(
        student=student, author=signed_in(actor), text=text.strip(), meeting=meeting
    )
    # The audit trail says a note was written, never what it says.
    audit_record(actor=actor, action="counseling_note.create", obj=note, student=student.pk)
    return note


@transaction.atomic(durable=True)
def counseling_notes_read(*, reader: Any, student: Student) -> list[CounselingNote]:
    """The student's confidential notes, newest first, for a reader allowed to see them — and
    one NoteReadLog row for each note returned, in the same transaction, so no note text
    leaves this function without its read being recorded. Anyone else gets PermissionDenied
    (views turn that into 404)."""
    if not access.can_read_counseling_notes(reader, student):
        raise PermissionDenied
    notes = list(CounselingNote.objects.filter(student=student).select_related("author", "meeting"))
    NoteReadLog.objects.bulk_create(NoteReadLog(note=note, reader=reader) for note in notes)
    return notes
