"""The ADA report page with its downloads, and a section's hours and forecast."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from ropdesk.attendance.periods import Period
from ropdesk.core import access
from ropdesk.enrollment import access as enrollment_access
from ropdesk.funding import access as funding_access
from ropdesk.funding import exports, queries
from ropdesk.funding.forms import BY_CHOICES, ReportForm
from ropdesk.scheduling.models import SchoolYear

DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", exports.as_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.as_xlsx,
    ),
    "pdf": ("application/pdf", exports.as_pdf),
}


def _initial() -> dict[str, str]:
    today = timezone.localdate()
    year = (
        SchoolYear.objects.filter(start_date__lte=today, end_date__gte=today).first()
        or SchoolYear.objects.first()
    )
    return {"school_year": year.name if year else "", "period": Period.P1, "by": "district"}


@login_required
def ada_report(request: HttpRequest) -> HttpResponse:
    """P-1, P-2 or annual ADA by a dimension: the office sees the county; a district
    coordinator the rows of the students living in their district."""
    districts = access.ada_report_districts(request.user)
    form = ReportForm(request.GET if "school_year" in request.GET else _initial())
    report = None
    if form.is_valid():
        report = queries.ada_report(
            school_year=form.cleaned_data["school_year"],
            period=form.cleaned_data["period"],
            by=form.cleaned_data["by"],
            districts=districts,
        )
        download = request.GET.get("format")
        if download in DOWNLOADS:
            content_type, build = DOWNLOADS[download]
            response = HttpResponse(build(report), content_type=content_type)
            name = f"ada-{report.school_year.name}-{report.period}-{report.by}.{download}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    query = urlencode({k: form.data.get(k, "") for k in ("school_year", "period", "by")})
    return render(
        request,
        "funding/ada_report.html",
        {
            "form": form,
            "report": report,
            "query": query,
            "county": districts is None,
            "by_label": dict(BY_CHOICES).get(form.data.get("by", ""), ""),
        },
    )


@login_required
def section_forecast(request: HttpRequest, pk: int) -> HttpResponse:
    section = enrollment_access.get_section_for(request.user, pk)
    if not funding_access.can_see_section_funding(request.user, section):
        raise Http404("No such section")
    forecast = queries.section_forecast(section, timezone.localdate())
    return render(request, "funding/forecast.html", {"forecast": forecast, "section": section})
