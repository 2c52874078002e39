"""Data exchange pages (the office): OneRoster import with progress, export, CSV templates and
their validator; API tokens (every staff user); the API's docs and schema."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ropdesk.core import access, exports
from ropdesk.core.models import ImportJob
from ropdesk.interop import services, templates_csv
from ropdesk.interop.exporter import oneroster_export
from ropdesk.interop.forms import PackageForm, TemplateForm, TokenForm
from ropdesk.interop.importer import oneroster_check
from ropdesk.interop.models import ApiToken
from ropdesk.interop.openapi import ENDPOINTS, schema


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404("No such page")


@login_required
def exchange(request: HttpRequest) -> HttpResponse:
    _require(access.can_export_roster(request.user))
    office = access.can_exchange_data(request.user)
    form = PackageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        _require(office)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = services.oneroster_import_start(
                actor=request.user, file_name=upload.name, data=upload.read()
            )
            return redirect("job_detail", pk=job.pk)
    recent = (
        access.import_jobs_visible_to(request.user)
        .filter(kind=ImportJob.Kind.ONEROSTER)
        .defer("content")
        .select_related("started_by")[:10]
    )
    return render(
        request,
        "interop/exchange.html",
        {"form": form, "office": office, "recent": recent if office else []},
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    _require(access.can_export_roster(request.user))
    data = oneroster_export(user=request.user)
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
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"]
        )
        form = TokenForm()
    return render(
        request,
        "interop/tokens.html",
        {"form": form, "secret": secret, "tokens": ApiToken.objects.filter(user=request.user)},
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
