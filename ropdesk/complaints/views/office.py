"""The office's pages: edit the public notices per language, name the coordinators, and the
complaint figures without names for the annual report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.complaints import notice_defaults, queries, services
from ropdesk.complaints.court_days import ccp_135_holidays, holiday_shown
from ropdesk.complaints.forms import (
    CoordinatorForm,
    CourtHolidayForm,
    NewNoticeLanguageForm,
    NoticeForm,
    apply_errors,
)
from ropdesk.complaints.models import (
    Complaint,
    ComplianceCoordinator,
    CoordinatorRole,
    CourtHoliday,
    Notice,
    NoticeKind,
)
from ropdesk.core import access, exports


def _require_office(request: HttpRequest) -> None:
    if not access.can_edit_notices(request.user):
        raise Http404("No such page")


@login_required
def notice_manage(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    notices = {(n.kind, n.language): n for n in Notice.objects.all()}
    languages = sorted({lang for _kind, lang in notices} | set(notice_defaults.NONDISCRIMINATION))
    table = [
        (code, [(kind, label, notices.get((kind, code))) for kind, label in NoticeKind.choices])
        for code in languages
    ]
    coordinators = {c.role: c for c in ComplianceCoordinator.objects.select_related("user")}
    return render(
        request,
        "complaints/notice_manage.html",
        {
            "table": table,
            "new_language": NewNoticeLanguageForm(request.GET or None),
            "coordinators": [
                (role, label, coordinators.get(role)) for role, label in CoordinatorRole.choices
            ],
            "coordinator_form": CoordinatorForm(),
        },
    )


@login_required
def notice_edit(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    _require_office(request)
    if (
        kind not in NoticeKind.values
        or not NewNoticeLanguageForm({"kind": kind, "language": language}).is_valid()
    ):
        raise Http404("No such notice")
    notice = Notice.objects.filter(kind=kind, language=language).first()
    if notice is not None:
        initial = {"title": notice.title, "body": notice.body}
    else:
        default = notice_defaults.default_notice(kind, language) or notice_defaults.default_notice(
            kind, "en"
        )
        initial = {"title": default[0], "body": default[1]} if default else {}
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_update(
                actor=request.user, kind=kind, language=language, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Notice saved."))
            return redirect("notice_manage")
    return render(
        request,
        "complaints/notice_edit.html",
        {
            "form": form,
            "kind_label": NoticeKind(kind).label,
            "language": language,
            "notice": notice,
        },
        status=400 if form.errors else 200,
    )


@login_required
def coordinator_edit(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    form = CoordinatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.coordinator_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Coordinator saved."))
            return redirect("notice_manage")
    return render(
        request,
        "complaints/coordinator_edit.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Complaints by kind, basis, outcome and status, and the median days to the report, for
    one school year (July to June) or all years: figures only, never a name or a text."""
    if not access.can_see_complaint_figures(request.user):
        raise Http404("No such page")
    today = timezone.localdate()
    current = today.year if today.month >= 7 else today.year - 1
    year_text = request.GET.get("year", str(current))
    # Figures count every case; the page shows no case, name or text (access is checked above).
    complaints = Complaint.objects.all()
    year = int(year_text) if year_text.isdigit() else None
    if year is not None:
        first, last = queries.school_year_bounds(year)
        complaints = complaints.filter(received_on__range=(first, last))
    result = queries.figures(complaints)
    if request.GET.get("format") == "csv":
        name = f"complaints-{year}-{year + 1}" if year is not None else "complaints-all-years"
        rows = [("section", "label", "count"), *queries.figures_csv_rows(result)]
        return exports.csv_response(rows, filename=f"{name}.csv")
    return render(
        request,
        "complaints/statistics.html",
        {
            "figures": result,
            "year": year,
            "years": list(range(current, current - 8, -1)),
            "year_label": f"{year}-{year + 1}" if year is not None else _("All years"),
        },
    )


@login_required
def court_holidays(request: HttpRequest) -> HttpResponse:
    """The judicial holidays (CCP 135) the CCP 12a deadline rule uses, one year at a time:
    seeded from the rules, editable by support services."""
    if not access.can_handle_complaints(request.user):
        raise Http404("No such page")
    today = timezone.localdate()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2200 else today.year
    form = CourtHolidayForm(request.POST if "add" in request.POST else None)
    try:
        if "seed" in request.POST:
            added = services.court_holidays_seed(actor=request.user, year=year)
            messages.success(request, _("%(n)d holidays added.") % {"n": len(added)})
            return redirect(f"{request.path}?year={year}")
        if "remove" in request.POST:
            pk = request.POST["remove"]
            holiday = get_object_or_404(CourtHoliday, pk=int(pk) if pk.isdigit() else 0)
            services.court_holiday_remove(actor=request.user, holiday=holiday)
            messages.success(request, _("Holiday removed."))
            return redirect(f"{request.path}?year={holiday.day.year}")
        if form.is_valid():
            holiday = services.court_holiday_add(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Holiday added."))
            return redirect(f"{request.path}?year={holiday.day.year}")
    except ValidationError as error:
        apply_errors(form, error)
    kept = list(CourtHoliday.objects.filter(day__year=year))
    return render(
        request,
        "complaints/court_holidays.html",
        {
            "year": year,
            "years": range(today.year - 1, today.year + 3),
            "kept": bool(kept),
            "holidays": [
                {"day": h.day, "name": holiday_shown(h.name), "pk": getattr(h, "pk", None)}
                for h in (kept or ccp_135_holidays(year))
            ],
            "form": form,
        },
        status=400 if form.errors else 200,
    )
