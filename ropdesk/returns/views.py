"""The district return files: a district's page for a year (each file, its check, its
downloads), the download itself (only of a file that validates) and the hand-off log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_POST

from ropdesk.core.jobs import import_jobs_expire_stale, job_kind, report_job_start
from ropdesk.core.models import ImportJob
from ropdesk.core.paging import page_of
from ropdesk.returns import access, bundle, checks, layouts
from ropdesk.returns.files import CONTENT_TYPES, FORMATS, return_file
from ropdesk.returns.rows import courses_left_out
from ropdesk.returns.services import FileNotValid, handoff_record
from ropdesk.scheduling.models import SchoolYear


def _year(name: str) -> SchoolYear:
    try:
        return SchoolYear.objects.get(name=name)
    except SchoolYear.DoesNotExist as missing:
        raise Http404("No such school year") from missing


@login_required
def returns_home(request: HttpRequest) -> HttpResponse:
    districts = access.return_districts_of(request.user).order_by("name")
    if not districts.exists():
        raise Http404("No such page")
    years = list(SchoolYear.objects.order_by("-start_date")[:6])
    page = page_of(request, districts)
    return render(
        request,
        "returns/home.html",
        {"page": page, "years": years, "can_set_up": access.can_set_up_returns(request.user)},
    )


@login_required
def returns_district(request: HttpRequest, pk: int, year: str) -> HttpResponse:
    """The district's files for a year: the worker checks them (returns/checks.py); the page
    shows the check's progress, then each file's rows and problems as the check found them."""
    district = access.get_return_district_for(request.user, pk)
    school_year = _year(year)
    job = checks.check_found(district, school_year, request.GET.get("check"))
    if job is None:
        job = checks.check_start(
            actor=request.user,
            district=district,
            school_year=school_year,
            back=reverse("returns_district", args=[district.pk, school_year.name]),
        )
    done = job.status == ImportJob.Status.DONE
    files = checks.checked_files(job) if done else None
    return render(
        request,
        "returns/district.html",
        {
            "district": district,
            "year": school_year,
            "job": job,
            "kind": job_kind(checks.KIND),
            "files": files,
            "formats": FORMATS,
            "left_out": courses_left_out(district, school_year),
            "years": SchoolYear.objects.order_by("-start_date")[:6],
            "hand_offs": access.hand_offs_visible_to(request.user)
            .filter(district=district, school_year=school_year)
            .select_related("handed_by")[:20],
        },
    )


@login_required
def returns_check_progress(request: HttpRequest, pk: int, year: str, job: int) -> HttpResponse:
    """The progress partial of a district's check, for whoever may see the district's files
    (the check may be another person's: the page joins the one running)."""
    district = access.get_return_district_for(request.user, pk)
    found = checks.checks_of(district, _year(year)).filter(pk=job)
    import_jobs_expire_stale(found)
    check = found.first()
    if check is None or not checks.may_follow(request.user, check):
        raise Http404("No such check")
    response = render(
        request,
        "core/_job_progress.html",
        {"job": check, "kind": job_kind(check.kind), "keep_hours": 0},
    )
    if check.finished:
        response["X-Job-Finished"] = "true"
        response["X-Job-Status"] = check.status
    return response


@login_required
@require_POST
def returns_download(
    request: HttpRequest, pk: int, year: str, file_type: str, file_format: str
) -> HttpResponse:
    district = access.get_return_district_for(request.user, pk)
    if file_type not in layouts.FILE_TYPES or file_format not in FORMATS:
        raise Http404("No such file")
    file = return_file(district, _year(year), file_type)
    try:
        _hand_off, content = handoff_record(actor=request.user, file=file, file_format=file_format)
    except FileNotValid:
        return redirect("returns_district", pk=district.pk, year=year)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{file.file_name(file_format)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def returns_bundle(request: HttpRequest, pk: int, year: str, file_format: str) -> HttpResponse:
    """Ask the worker for every valid file of the district and year in one zip; the job's
    page offers it when it is ready, and downloading it is the hand-off (returns/bundle.py)."""
    district = access.get_return_district_for(request.user, pk)
    if file_format not in FORMATS:
        raise Http404("No such format")
    school_year = _year(year)
    job = report_job_start(
        kind=bundle.KIND,
        actor=request.user,
        title=bundle.name_of(district, school_year, file_format),
        options={
            "district_id": district.pk,
            "school_year_id": school_year.pk,
            "format": file_format,
            "language": translation.get_language() or "en",
            "back": reverse("returns_district", args=[district.pk, school_year.name]),
        },
        runner=bundle.RUNNER,
    )
    return redirect("job_detail", pk=job.pk)


@login_required
def returns_log(request: HttpRequest) -> HttpResponse:
    if not access.can_get_returns(request.user):
        raise Http404("No such page")
    hand_offs = access.hand_offs_visible_to(request.user).select_related(
        "district", "school_year", "handed_by"
    )
    page = page_of(request, hand_offs)
    return render(request, "returns/log.html", {"page": page})
