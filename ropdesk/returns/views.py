"""The district return files: a district's page for a year (each file, its check, its
downloads), the download itself (only of a file that validates) and the hand-off log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_POST

from ropdesk.core.jobs import report_job_start
from ropdesk.core.paging import page_of
from ropdesk.returns import access, bundle, layouts
from ropdesk.returns.files import CONTENT_TYPES, FORMATS, district_files, return_file
from ropdesk.returns.rows import courses_left_out
from ropdesk.returns.services import FileNotValid, handoff_record
from ropdesk.scheduling.models import SchoolYear

PROBLEMS_SHOWN = 200


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
    district = access.get_return_district_for(request.user, pk)
    school_year = _year(year)
    files = district_files(district, school_year)
    shown = {f.file_type: f.problems[:PROBLEMS_SHOWN] for f in files}
    return render(
        request,
        "returns/district.html",
        {
            "district": district,
            "year": school_year,
            "files": [(f, shown[f.file_type]) for f in files],
            "formats": FORMATS,
            "left_out": courses_left_out(district, school_year),
            "years": SchoolYear.objects.order_by("-start_date")[:6],
            "hand_offs": access.hand_offs_visible_to(request.user)
            .filter(district=district, school_year=school_year)
            .select_related("handed_by")[:20],
        },
    )


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
