"""Marks pages: the instructor's section form (phone-sized), the office's grading periods and
lock, corrections after the lock, a student's marks and the printable transcript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ropdesk.core.paging import page_of
from ropdesk.documents import pdf_response
from ropdesk.enrollment.queries import with_enrolled_count
from ropdesk.marks import access, queries, rules, services
from ropdesk.marks.forms import CorrectionForm, GradingPeriodForm, MarkRowForm
from ropdesk.marks.models import GradingPeriod
from ropdesk.marks.pdf import transcript_pdf


@login_required
def mark_sections(request: HttpRequest) -> HttpResponse:
    sections = with_enrolled_count(
        access.mark_sections_of(request.user).select_related("course", "term__school_year", "site")
    ).order_by("-term__start_date", "course__title", "code")
    if not sections.exists() and not access.can_manage_grading_periods(request.user):
        raise Http404("No such page")
    page = page_of(request, sections)
    return render(request, "marks/sections.html", {"sections": page, "page": page})


def _period(request: HttpRequest, periods: list[GradingPeriod]) -> GradingPeriod | None:
    wanted = request.GET.get("period") or request.POST.get("period")
    for period in periods:
        if str(period.pk) == wanted:
            return period
    open_periods = [p for p in periods if not p.is_locked]
    return open_periods[0] if open_periods else (periods[-1] if periods else None)


@login_required
def mark_entry(request: HttpRequest, pk: int) -> HttpResponse:
    section = access.get_mark_section_for(request.user, pk)
    periods = queries.periods_of(section)
    period = _period(request, periods)
    roster = queries.roster_for_marks(section)
    existing = queries.marks_by_enrollment(period, roster) if period else {}
    data = request.POST if request.method == "POST" and period and not period.is_locked else None
    rows = [
        MarkRowForm(
            data,
            prefix=f"e{e.pk}",
            enrollment=e,
            initial={"value": existing[e.pk].value, "credits_earned": existing[e.pk].credits_earned}
            if e.pk in existing
            else {},
        )
        for e in roster
    ]
    for row in rows:
        row.mark = existing.get(row.enrollment.pk)
    problems: list[str] = []
    if data is not None and period is not None and all(r.is_valid() for r in rows):
        entries = [
            services.MarkEntry(
                enrollment=r.enrollment,
                value=r.cleaned_data["value"],
                credits_earned=r.cleaned_data["credits_earned"],
            )
            for r in rows
            if r.cleaned_data["value"]
        ]
        try:
            written = services.marks_record(
                actor=request.user, section=section, grading_period=period, entries=entries
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("%(n)d marks saved.") % {"n": written})
            return redirect(f"{request.path}?period={period.pk}")
    return render(
        request,
        "marks/entry.html",
        {
            "section": section,
            "periods": periods,
            "period": period,
            "rows": rows,
            "problems": problems,
            "credit_value": rules.credit_value(section.course),
        },
    )


@login_required
def grading_periods(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_grading_periods(request.user):
        raise Http404("No such page")
    form = GradingPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.grading_period_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Grading period added."))
            return redirect("marks_grading_periods")
    periods = GradingPeriod.objects.select_related("term__school_year", "locked_by").order_by(
        "-term__start_date", "starts_on", "pk"
    )
    page = page_of(request, periods)
    return render(
        request, "marks/grading_periods.html", {"periods": page, "page": page, "form": form}
    )


@login_required
@require_POST
def grading_period_lock(request: HttpRequest, pk: int) -> HttpResponse:
    period = access.get_grading_period_for(request.user, pk)
    try:
        services.grading_period_lock(actor=request.user, grading_period=period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(period)s is locked.") % {"period": period})
    return redirect("marks_grading_periods")


@login_required
def mark_correct(request: HttpRequest, pk: int) -> HttpResponse:
    mark = access.get_correctable_mark_for(request.user, pk)
    if not mark.grading_period.is_locked:
        raise Http404("No such page")
    form = CorrectionForm(request.POST or None, initial={"value": mark.value})
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_correct(actor=request.user, mark=mark, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The correction is recorded."))
            url = f"{_entry_url(mark)}?period={mark.grading_period_id}"
            return redirect(url)
    return render(request, "marks/correct.html", {"mark": mark, "form": form})


def _entry_url(mark: object) -> str:
    from django.urls import reverse

    return reverse("marks_entry", args=[mark.enrollment.section_id])  # type: ignore[attr-defined]


@login_required
def student_marks(request: HttpRequest, pk: int) -> HttpResponse:
    student = access.get_marks_student_for(request.user, pk)
    marks = queries.student_marks(access.marks_visible_to(request.user), student)
    return render(request, "marks/student_marks.html", {"student": student, "marks": marks})


@login_required
def transcript(request: HttpRequest, pk: int) -> HttpResponse:
    student = access.get_marks_student_for(request.user, pk)
    marks = queries.student_marks(access.marks_visible_to(request.user), student)
    content = transcript_pdf(student, marks)
    return pdf_response(content, filename=f"transcript-{student.local_id}.pdf")
