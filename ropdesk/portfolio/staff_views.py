"""Pages of the supervisor (work readiness, from the trainee's page where timesheets are
approved), the instructor (a section's Job Finders Guide) and the office (the completers'
figure)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ropdesk.core import access as core_access
from ropdesk.enrollment import access as enrollment_access
from ropdesk.portfolio import access, forms, queries, readiness, services
from ropdesk.portfolio.models import WorkReadinessRating


@login_required
def work_readiness(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor rates a trainee of their site on the DOL Work Readiness items."""
    enrollment = access.get_rated_trainee_for(request.user, pk)
    form = forms.WorkReadinessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.work_readiness_rate(
                actor=request.user,
                enrollment=enrollment,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Work readiness rated. Thank you."))
            return redirect("worksite_trainee", enrollment.pk)
    ratings = WorkReadinessRating.objects.filter(enrollment=enrollment)[:10]
    return render(
        request,
        "portfolio/work_readiness.html",
        {
            "e": enrollment,
            "form": form,
            "ratings": ratings,
            "levels": readiness.LEVELS,
            "practices": readiness.CAREER_READY_PRACTICES,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def job_finders_section(request: HttpRequest, pk: int) -> HttpResponse:
    """A section's students and their Job Finders Guide items (the instructor's view)."""
    if not access.can_see_job_finders_progress(request.user):
        raise Http404("No such section")
    section = enrollment_access.get_section_for(request.user, pk)
    scope = core_access.scope_of(request.user)
    if not scope.county_wide and section.instructor_id != request.user.pk:
        raise Http404("No such section")
    page = Paginator(queries.section_students(section), 50).get_page(request.GET.get("page"))
    rows = [(s, queries.checklist_of(s)) for s in page]
    done = [sum(1 for _s, items in rows if items[k].done_on) for k in range(len(queries.CHECKLIST))]
    return render(
        request,
        "portfolio/job_finders_section.html",
        {
            "section": section,
            "page": page,
            "rows": rows,
            "columns": list(zip(queries.CHECKLIST, done, strict=True)),
        },
    )


@login_required
def job_finders_figures(request: HttpRequest) -> HttpResponse:
    """The office: the share of completers with every Job Finders Guide item done."""
    if not access.can_see_job_finders_figures(request.user):
        raise Http404("No such page")
    figure = queries.completers_figure(core_access.students_visible_to(request.user))
    sections = (
        enrollment_access.sections_visible_to(request.user)
        .select_related("course")
        .order_by("-term__start_date", "code")
    )
    page = Paginator(sections, 50).get_page(request.GET.get("page"))
    return render(request, "portfolio/job_finders_figures.html", {"figure": figure, "page": page})
