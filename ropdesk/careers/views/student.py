"""The student's pages: the hub, the survey, results, fitting occupations and goals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ropdesk.careers import queries, services
from ropdesk.careers.forms import SurveyAnswerForm
from ropdesk.careers.models import InterestSurvey, ResponseOption, SurveyItem
from ropdesk.careers.views import own_student, with_credits
from ropdesk.core import access
from ropdesk.core.models import Student
from ropdesk.core.types import signed_in

ZONES = range(1, 6)


@login_required
def hub(request: HttpRequest) -> HttpResponse:
    student = (
        access.career_plans_visible_to(request.user).filter(user=signed_in(request.user)).first()
    )
    context: dict[str, Any] = {
        "student": student,
        "can_use_caseload": access.can_use_caseload(request.user),
    }
    if student is not None:
        survey = queries.survey_in_progress(student)
        context.update(
            survey=survey,
            answered=survey.answers.count() if survey else 0,
            total=SurveyItem.objects.count(),
            result=queries.latest_result(student),
            open_goals=student.career_goals.filter(status="open").count(),
        )
    context["can_see_summary"] = access.can_see_career_summary(request.user)
    return render(request, "careers/hub.html", with_credits(**context))


@login_required
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest) -> HttpResponse:
    """One item per screen; every answer is saved at once, so leaving and coming back resumes
    at the next unanswered item. Works without JavaScript."""
    student = own_student(request)
    if request.method == "POST" and request.POST.get("action") == "start":
        services.survey_start(student=student, actor=request.user)
        return redirect("careers_survey")
    in_progress = queries.survey_in_progress(student)
    if in_progress is None:
        return render(
            request,
            "careers/survey_intro.html",
            with_credits(
                has_result=queries.latest_result(student) is not None,
                total=SurveyItem.objects.count(),
            ),
        )
    form = SurveyAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = get_object_or_404(SurveyItem, code=form.cleaned_data["item"])
        try:
            done = services.survey_answer(
                survey=in_progress, item=item, value=form.cleaned_data["value"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if done.is_complete:
                messages.success(request, _("Thank you! Here are your results."))
                return redirect("careers_results")
            return redirect("careers_survey")
    item = _item_to_show(request, form, in_progress)
    return render(request, "careers/survey_item.html", _item_context(in_progress, item, form))


def _item_to_show(
    request: HttpRequest, form: SurveyAnswerForm, survey: InterestSurvey
) -> SurveyItem:
    code = form.data.get("item") or request.GET.get("item")
    item = SurveyItem.objects.filter(code=code).first() if code else None
    shown = item or queries.next_unanswered_item(survey) or SurveyItem.objects.first()
    if shown is None:
        raise Http404("No survey items")
    return shown


def _item_context(survey: InterestSurvey, item: SurveyItem, form: SurveyAnswerForm) -> dict:
    answers = dict(survey.answers.values_list("item_id", "value"))
    total = SurveyItem.objects.count()
    previous = SurveyItem.objects.filter(position__lt=item.position).order_by("-position").first()
    chosen = form.data.get("value") or answers.get(item.pk)
    return with_credits(
        item=item,
        options=ResponseOption.objects.all(),
        chosen=str(chosen) if chosen else "",
        previous=previous,
        answered=len(answers),
        total=total,
        percent=round(100 * len(answers) / total) if total else 0,
        form=form,
    )


@login_required
def results(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The latest (or a chosen) completed survey: the code explained, the six scores and the
    history of retakes."""
    if pk is None:
        student = own_student(request)
        result = queries.latest_result(student)
        if result is None:
            return redirect("careers_survey")
    else:
        result = get_object_or_404(
            InterestSurvey.objects.select_related("student").filter(
                student__in=access.career_plans_visible_to(request.user),
                completed_at__isnull=False,
            ),
            pk=pk,
        )
        student = result.student
    areas = queries.area_scores(result)
    return render(
        request,
        "careers/results.html",
        with_credits(
            student=student,
            own=student.user_id == request.user.pk,
            result=result,
            areas=areas,
            bars=queries.score_bars(areas),
            ties=queries.tied_with_third(result),
            history=queries.completed_surveys(student),
        ),
    )


@login_required
def matches(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Occupations that fit the student's interests, ranked by similarity, and the program's
    courses toward them (through the documented mapping)."""
    student = own_student(request) if pk is None else access.get_career_plan_for(request.user, pk)
    result = queries.latest_result(student)
    if result is None:
        if pk is None:
            return redirect("careers_survey")
        raise Http404("No results yet")
    max_zone = _max_zone(request)
    # A high-school student sees what the program's courses lead to; an adult sees every fit.
    reachable_only = student.grade_level in Student.HIGH_SCHOOL_GRADES
    found = queries.matches_for(result, max_zone=max_zone, reachable_only=reachable_only)
    routes = queries.routes_for(m.occupation for m in found)
    nontraditional = queries.nontraditional_in(routes.values(), student)
    return render(
        request,
        "careers/matches.html",
        with_credits(
            student=student,
            nontraditional=nontraditional,
            own=student.user_id == request.user.pk,
            result=result,
            matches=[(m, routes[m.occupation.pk]) for m in found],
            suggestions=queries.course_suggestions(found, routes),
            flat=len(set(result.scores().values())) == 1,
            zones=ZONES,
            max_zone=max_zone,
            reachable_only=reachable_only,
        ),
    )


def _max_zone(request: HttpRequest) -> int | None:
    value = request.GET.get("max_zone", "")
    return int(value) if value.isdigit() and int(value) in ZONES else None


@login_required
def goals(request: HttpRequest) -> HttpResponse:
    """A student's own goals and meetings; a parent's children's (under the access policy)."""
    students = list(
        access.career_plans_visible_to(request.user)
        .filter(Q(user=request.user) | Q(guardianships__user=request.user))
        .distinct()
        .order_by("legal_last_name", "legal_first_name")
    )
    if not students:
        raise Http404("No student record")
    goals = queries.with_overdue(queries.goals_of(students), timezone.localdate())
    meetings = list(queries.meetings_of(students))
    results: dict[int, InterestSurvey] = {}
    for survey in InterestSurvey.objects.filter(
        student__in=students, completed_at__isnull=False
    ).order_by("-completed_at", "-id"):
        results.setdefault(survey.student_id, survey)
    plans = [
        {
            "student": s,
            "own": s.user_id == request.user.pk,
            "goals": [g for g in goals if g.student_id == s.pk],
            "meetings": [m for m in meetings if m.student_id == s.pk],
            "result": results.get(s.pk),
        }
        for s in students
    ]
    return render(
        request, "careers/goals.html", with_credits(plans=plans, today=timezone.localdate())
    )
