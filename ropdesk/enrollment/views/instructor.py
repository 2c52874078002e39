"""The instructor's completion entry: per section, a final grade and the competencies each
student attained; a passing grade issues the certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from ropdesk.core import access
from ropdesk.core.types import signed_in
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment import services
from ropdesk.enrollment.forms import CompletionRowForm
from ropdesk.enrollment.models import Enrollment
from ropdesk.enrollment.queries import with_enrolled_count
from ropdesk.scheduling.models import Section


@login_required
def completion_sections(request: HttpRequest) -> HttpResponse:
    """The instructor's sections, each with a link to its completion page."""
    if not access.can_record_own_completions(request.user):
        raise Http404("No such page")
    sections = with_enrolled_count(
        Section.objects.filter(instructor=signed_in(request.user)).select_related(
            "course", "term__school_year", "site"
        )
    ).order_by("term__start_date", "course__title")
    return render(request, "enrollment/completion_sections.html", {"sections": sections})


@login_required
def completion_entry(request: HttpRequest, pk: int) -> HttpResponse:
    section = enrollment_access.get_section_for(request.user, pk)
    if not enrollment_access.can_record_completion(request.user, section):
        raise Http404("No such page")
    roster = list(
        Enrollment.objects.filter(section=section, status__in=Enrollment.SEATED)
        .select_related("student", "completion")
        .prefetch_related("completion__competencies")
        .order_by("student__legal_last_name", "student__legal_first_name")
    )
    competencies = section.course.competencies.all()
    list(competencies)  # evaluate once; every row's checkboxes render from this result
    data = request.POST if request.method == "POST" else None
    rows = [
        CompletionRowForm(
            data,
            prefix=f"e{e.pk}",
            competencies=competencies,
            enrollment=e,
            initial=_initial(e),
        )
        for e in roster
    ]
    problems: list[str] = []
    if data is not None and all(row.is_valid() for row in rows):
        recorded = 0
        for row in rows:
            if not row.cleaned_data["final_grade"] or not row.has_changed():
                continue
            try:
                services.completion_record(
                    enrollment=row.enrollment,
                    actor=request.user,
                    final_grade=row.cleaned_data["final_grade"],
                    competencies=row.cleaned_data["competencies"],
                )
                recorded += 1
            except ValidationError as error:
                problems.append(f"{row.enrollment.student}: {' '.join(error.messages)}")
        if not problems:
            messages.success(
                request,
                ngettext(
                    "Completion recorded for %(n)d student.",
                    "Completion recorded for %(n)d students.",
                    recorded,
                )
                % {"n": recorded},
            )
            return redirect("completion_entry", pk=section.pk)
    return render(
        request,
        "enrollment/completion_entry.html",
        {"section": section, "rows": rows, "problems": problems, "competencies": competencies},
    )


def _initial(enrollment: Enrollment) -> dict[str, object]:
    completion = getattr(enrollment, "completion", None)
    if completion is None:
        return {}
    return {
        "final_grade": completion.final_grade,
        "competencies": [c.pk for c in completion.competencies.all()],
    }
