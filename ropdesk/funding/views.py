"""The ADA report page with its downloads, and a section's hours and forecast."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from ropdesk.attendance.periods import Period
from ropdesk.core import access
from ropdesk.core.jobs import import_jobs_expire_stale, job_kind, report_job_start
from ropdesk.core.models import ImportJob
from ropdesk.enrollment import access as enrollment_access
from ropdesk.funding import access as funding_access
from ropdesk.funding import queries, report_jobs
from ropdesk.funding.forms import BY_CHOICES, ReportForm
from ropdesk.scheduling.models import SchoolYear

DOWNLOADS = report_jobs.DOWNLOADS


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
    job = None
    query = urlencode({k: form.data.get(k, "") for k in ("school_year", "period", "by")})
    if form.is_valid():
        asked = {
            "school_year": form.cleaned_data["school_year"],
            "period": form.cleaned_data["period"],
            "by": form.cleaned_data["by"],
            "districts": districts,
        }
        download = request.GET.get("format")
        if download in DOWNLOADS:
            ready = queries.ada_report_if_cached(**asked)
            if ready is None:  # not computed yet: the worker builds it and the file
                return _download_job(request, asked, download, query)
            content_type, build = DOWNLOADS[download]
            response = HttpResponse(build(ready), content_type=content_type)
            name = report_jobs.file_name(ready, download)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        report = queries.ada_report_if_cached(**asked)
        if report is None:  # not computed yet: the worker fills the cache, the page follows
            job = report_jobs.page_job_start(
                actor=request.user,
                asked=asked,
                back=f"{reverse('ada_report')}?{query}",
                again="again" in request.GET,
            )
    return render(
        request,
        "funding/ada_report.html",
        {
            "form": form,
            "report": report,
            "job": job,
            "kind": job_kind(report_jobs.PAGE_KIND),
            "query": query,
            "county": districts is None,
            "by_label": dict(BY_CHOICES).get(form.data.get("by", ""), ""),
        },
    )


def _download_job(
    request: HttpRequest, asked: dict[str, Any], download: str, query: str
) -> HttpResponse:
    districts = asked["districts"]
    year = asked["school_year"]
    job = report_job_start(
        kind=report_jobs.KIND,
        actor=request.user,
        title=f"ada-{year.name}-{asked['period']}-{asked['by']}.{download}",
        options={
            "school_year_id": year.pk,
            "period": asked["period"],
            "by": asked["by"],
            "districts": None if districts is None else sorted(districts),
            "format": download,
            "language": translation.get_language() or "en",
            "back": f"{reverse('ada_report')}?{query}",
        },
        runner=report_jobs.RUNNER,
    )
    return redirect("job_detail", pk=job.pk)


@login_required
def ada_report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress partial of the job filling the ADA page's cache, for whoever may see the
    report for the districts it is computed for (the job may be another person's: the page
    joins the one running); a finished job's answer tells the page to reload."""
    jobs = ImportJob.objects.defer("content", "output").filter(pk=pk, kind=report_jobs.PAGE_KIND)
    import_jobs_expire_stale(jobs)
    job = jobs.first()
    if job is None or not report_jobs.may_follow_page_job(request.user, job):
        raise Http404("No such report")
    response = render(
        request,
        "core/_job_progress.html",
        {"job": job, "kind": job_kind(job.kind), "keep_hours": 0},
    )
    if job.finished:
        response["X-Job-Finished"] = "true"
        response["X-Job-Status"] = job.status  # the page reloads for its figures when done
    return response


@login_required
def section_forecast(request: HttpRequest, pk: int) -> HttpResponse:
    section = enrollment_access.get_section_for(request.user, pk)
    if not funding_access.can_see_section_funding(request.user, section):
        raise Http404("No such section")
    forecast = queries.section_forecast(section, timezone.localdate())
    return render(request, "funding/forecast.html", {"forecast": forecast, "section": section})
