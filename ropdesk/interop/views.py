"""Data exchange pages (the office): OneRoster import with progress, export, CSV templates and
their validator; API tokens (every staff user); the API's docs and schema."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ropdesk.core import access, exports
from ropdesk.core.models import ImportJob
from ropdesk.core.paging import page_of
from ropdesk.core.types import signed_in
from ropdesk.interop import services, setup, templates_csv
from ropdesk.interop.exporter import oneroster_export
from ropdesk.interop.forms import (
    CourseSetupForm,
    ImportOptionsForm,
    SectionSetupForm,
    StudentSetupForm,
    TemplateForm,
    TokenForm,
)
from ropdesk.interop.importer import oneroster_check
from ropdesk.interop.models import ApiToken, Feed
from ropdesk.interop.openapi import ENDPOINTS, schema


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404("No such page")


@login_required
def exchange(request: HttpRequest) -> HttpResponse:
    _require(access.can_export_roster(request.user))
    office = access.can_exchange_data(request.user)
    form = ImportOptionsForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        _require(office)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = services.oneroster_import_start(
                actor=request.user,
                file_name=upload.name,
                data=upload.read(),
                feed=form.cleaned_data["feed"],
                dry_run=form.cleaned_data["dry_run"],
                import_valid_rows=form.cleaned_data["import_valid_rows"],
            )
            return redirect("job_detail", pk=job.pk)
    recent = (
        access.import_jobs_visible_to(request.user)
        .filter(kind=ImportJob.Kind.ONEROSTER)
        .defer("content")
        .select_related("started_by")[:10]
    )
    feeds = Feed.objects.select_related("last_import") if office else []
    return render(
        request,
        "interop/exchange.html",
        {
            "form": form,
            "office": office,
            "recent": recent if office else [],
            "feeds": feeds,
            "needs_setup": setup.needs_setup_count() if office else 0,
        },
    )


@login_required
@login_required
def import_skipped_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows an import skipped or did not apply, as CSV (file, row, column, reason)."""
    _require(access.can_exchange_data(request.user))
    jobs = access.import_jobs_visible_to(request.user).filter(kind=ImportJob.Kind.ONEROSTER)
    job = get_object_or_404(jobs.defer("content"), pk=pk)
    rows = [["file", "row", "column", "reason"]] + [
        [w["file"], w["row"], w["column"], w["reason"]] for w in job.warnings
    ]
    return exports.csv_response(rows, filename=f"import-{job.pk}-skipped.csv")


@login_required
def needs_setup(request: HttpRequest) -> HttpResponse:
    """Courses and sections an import left incomplete, for the office to complete."""
    _require(access.can_exchange_data(request.user))
    return render(
        request,
        "interop/needs_setup.html",
        {
            "courses": page_of(request, setup.courses_needing_setup(), param="courses"),
            "sections": page_of(request, setup.sections_needing_setup(), param="sections"),
            "students": page_of(request, setup.students_needing_setup(), param="students"),
        },
    )


def _setup_page(
    request: HttpRequest, form: Any, thing: Any, complete: Any, done: str
) -> HttpResponse:
    """The form that completes one imported record: the service's refusal is shown on the
    form; success goes back to the list with `done`."""
    if request.method == "POST" and form.is_valid():
        try:
            complete(actor=request.user, **form.cleaned_data)
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            messages.success(request, done)
            return redirect("interop_needs_setup")
    return render(request, "interop/setup_form.html", {"form": form, "thing": thing})


@login_required
def student_setup(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter the birth date of a student imported without demographics."""
    _require(access.can_exchange_data(request.user))
    student = get_object_or_404(setup.students_needing_setup(), pk=pk)
    return _setup_page(
        request,
        StudentSetupForm(request.POST or None),
        student,
        partial(setup.student_setup_complete, student=student),
        _("%(s)s's birth date is saved.") % {"s": student},
    )


@login_required
def course_setup(request: HttpRequest, pk: int) -> HttpResponse:
    _require(access.can_exchange_data(request.user))
    course = get_object_or_404(setup.courses_needing_setup(), pk=pk)
    return _setup_page(
        request,
        CourseSetupForm(request.POST or None),
        course,
        partial(setup.course_setup_complete, course=course),
        _("“%(c)s” is set up.") % {"c": course.title},
    )


@login_required
def section_setup(request: HttpRequest, pk: int) -> HttpResponse:
    _require(access.can_exchange_data(request.user))
    section = get_object_or_404(setup.sections_needing_setup(), pk=pk)
    return _setup_page(
        request,
        SectionSetupForm(request.POST or None),
        section,
        partial(setup.section_setup_complete, section=section),
        _("Section %(c)s is set up.") % {"c": section.code},
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    _require(access.can_export_roster(request.user))
    version = "1.2" if request.GET.get("version") == "1.2" else "1.1"
    data = oneroster_export(user=request.user, version=version)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="oneroster-{stamp}.zip"'
    return response


@login_required
def templates(request: HttpRequest) -> HttpResponse:
    _require(access.can_exchange_data(request.user))
    form = TemplateForm(request.POST or None, request.FILES or None)
    problems: list[Any] | None = None
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        data = form.cleaned_data["file"].read()
        files, problems, rows = templates_csv.package_of(kind, data)
        if not problems:
            problems = templates_csv.as_template_problems(kind, oneroster_check(files=files), rows)
        if not problems and "apply" in request.POST:
            job = services.oneroster_import_start(
                actor=request.user,
                file_name=form.cleaned_data["file"].name,
                data=services.zip_of(files),
            )
            return redirect("job_detail", pk=job.pk)
    return render(
        request,
        "interop/templates.html",
        {"form": form, "problems": problems, "kinds": list(templates_csv.TEMPLATES)},
    )


@login_required
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    _require(access.can_exchange_data(request.user))
    if kind not in templates_csv.TEMPLATES:
        raise Http404("No such template")
    # Filled in a spreadsheet by the office, so written by the shared writer (core/exports.py).
    rows = [templates_csv.TEMPLATES[kind], *templates_csv.EXAMPLES[kind]]
    return exports.csv_response(rows, filename=f"{kind}.csv")


# --- API tokens and docs -----------------------------------------------------------------------


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    _require(access.can_hold_api_token(request.user))
    user = signed_in(request.user)
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = services.api_token_create(user=user, name=form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "interop/tokens.html",
        {"form": form, "secret": secret, "tokens": ApiToken.objects.filter(user=user)},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("interop_tokens")


def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(schema(), json_dumps_params={"indent": 2})


def api_docs(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/")[:-1]
    return render(
        request,
        "interop/api_docs.html",
        {"endpoints": [e for e in ENDPOINTS if e.kind != "meta"], "base": base},
    )
