"""A student's career plan as counselors keep it: goals with steps, meetings, confidential
notes. Students set and update their own goals through the same views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ropdesk.careers import queries, services
from ropdesk.careers.forms import GoalForm, MeetingForm, NoteForm, StatusForm, StepForm
from ropdesk.careers.models import CareerGoal, GoalStep, Occupation
from ropdesk.careers.views import with_credits
from ropdesk.core import access
from ropdesk.core.models import Student
from ropdesk.core.redirects import safe_next
from ropdesk.core.types import Actor


def _plan_url(user: Actor, student: Student) -> str:
    """Where a goal change returns: the student's own goals page, or the plan page."""
    if student.user_id == user.pk:
        return reverse("careers_goals")
    return reverse("careers_student", args=[student.pk])


def _back(request: HttpRequest, student: Student) -> HttpResponse:
    return redirect(safe_next(request, request.POST.get("next"), _plan_url(request.user, student)))


def _plan_for(request: HttpRequest, pk: int, allowed: Any) -> Student:
    """The student, when the user may see the plan and `allowed(user, student)`; else 404."""
    student = access.get_career_plan_for(request.user, pk)
    if not allowed(request.user, student):
        raise Http404("No such student")
    return student


@login_required
def student_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The counselor's page for one student: results, goals, meetings, and the way to notes."""
    student = access.get_career_plan_for(request.user, pk)
    today = timezone.localdate()
    result = queries.latest_result(student)
    return render(
        request,
        "careers/student_plan.html",
        with_credits(
            student=student,
            result=result,
            areas=queries.area_scores(result) if result else [],
            history=queries.completed_surveys(student),
            in_progress=queries.survey_in_progress(student),
            goals=queries.with_overdue(queries.goals_of([student]), today),
            meetings=queries.meetings_of([student]),
            can_set_goals=access.can_set_career_goals(request.user, student),
            can_counsel=access.can_keep_counseling_records(request.user, student),
            can_read_notes=access.can_read_counseling_notes(request.user, student),
            can_use_caseload=access.can_use_caseload(request.user),
            today=today,
        ),
    )


@login_required
def goal_new(request: HttpRequest, pk: int) -> HttpResponse:
    student = _plan_for(request, pk, access.can_set_career_goals)
    code = request.POST.get("occupation") or request.GET.get("occupation", "")
    occupation = Occupation.objects.filter(code=code).first() if code else None
    initial = {}
    if occupation is not None:
        initial = {
            "occupation": occupation.code,
            "kind": CareerGoal.Kind.CAREER,
            "title": _("Work as: %(title)s") % {"title": occupation.title},
        }
    form = GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_create(
                student=student,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                target_date=form.cleaned_data["target_date"],
                occupation=form.cleaned_data["occupation"],
                steps=form.steps(),
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The goal is saved."))
            return redirect(_plan_url(request.user, student))
    return render(
        request,
        "careers/goal_form.html",
        with_credits(
            student=student,
            form=form,
            occupation=occupation,
            back=_plan_url(request.user, student),
        ),
    )


def _goal_for(request: HttpRequest, pk: int) -> CareerGoal:
    goal = get_object_or_404(
        CareerGoal.objects.select_related("student").filter(
            student__in=access.career_plans_visible_to(request.user)
        ),
        pk=pk,
    )
    if not access.can_set_career_goals(request.user, goal.student):
        raise Http404("No such goal")
    return goal


@login_required
@require_POST
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal_for(request, pk)
    form = StepForm(request.POST)
    if form.is_valid():
        services.goal_step_add(
            goal=goal,
            actor=request.user,
            description=form.cleaned_data["description"],
            due_on=form.cleaned_data["due_on"],
        )
        messages.success(request, _("The step is added."))
    else:
        messages.error(request, _("The step was not added: say what the step is."))
    return _back(request, goal.student)


@login_required
@require_POST
def step_done(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_object_or_404(GoalStep.objects.select_related("goal"), pk=pk)
    goal = _goal_for(request, step.goal_id)
    services.goal_step_mark_done(step=step, actor=request.user)
    messages.success(request, _("Step marked done."))
    return _back(request, goal.student)


@login_required
@require_POST
def goal_status(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal_for(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.goal_set_status(goal=goal, actor=request.user, status=form.cleaned_data["status"])
        messages.success(request, _("The goal is updated."))
    return _back(request, goal.student)


@login_required
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    student = _plan_for(request, pk, access.can_keep_counseling_records)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.counseling_meeting_record(
                student=student,
                actor=request.user,
                met_on=form.cleaned_data["met_on"],
                kind=form.cleaned_data["kind"],
                topic=form.cleaned_data["topic"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect("careers_student", pk=student.pk)
    return render(request, "careers/meeting_form.html", {"student": student, "form": form})


def _attach(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def notes(request: HttpRequest, pk: int) -> HttpResponse:
    """Confidential notes: only the student's counselors; every note shown is a logged read."""
    student = _plan_for(request, pk, access.can_read_counseling_notes)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.counseling_note_create(
            student=student, actor=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("The note is saved."))
        return redirect("careers_notes", pk=student.pk)
    try:
        shown = services.counseling_notes_read(reader=request.user, student=student)
    except PermissionDenied as denied:
        raise Http404("No such student") from denied
    return render(request, "careers/notes.html", {"student": student, "notes": shown, "form": form})
