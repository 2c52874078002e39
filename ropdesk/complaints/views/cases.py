"""Support services' pages: the case list with its clocks, a case with its investigation file
and forms, files and the report PDF, access grants. Every read is logged; anyone else gets
404, as if the case did not exist (core.access.complaints_visible_to)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ropdesk.complaints import access as complaints_access
from ropdesk.complaints import forms as case_forms
from ropdesk.complaints import queries, services
from ropdesk.complaints.models import (
    CaseAccessLog,
    Complaint,
    ComplaintAccessGrant,
    ComplaintKind,
)
from ropdesk.complaints.pdf import report_pdf
from ropdesk.core import access
from ropdesk.core.paging import page_of
from ropdesk.documents import pdf_response


def _require_handler(request: HttpRequest) -> None:
    if not access.can_handle_complaints(request.user):
        raise Http404("No such page")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    complaints = complaints_access.complaints_visible_to(request.user)
    if not access.can_handle_complaints(request.user) and not complaints.exists():
        raise Http404("No such page")
    status = request.GET.get("status", "open")
    kind = request.GET.get("kind", "")
    if status == "open":
        complaints = complaints.exclude(status=Complaint.Status.CLOSED)
    elif status in Complaint.Status.values:
        complaints = complaints.filter(status=status)
    if kind in ComplaintKind.values:
        complaints = complaints.filter(kind=kind)
    today, rule = timezone.localdate(), services.weekend_rule()
    page = page_of(request, queries.with_case_records(complaints))
    rows = [
        (c, queries.open_clocks_of(c, today, rule), queries.filing_status_of(c, rule)) for c in page
    ]
    services.case_access_record(
        actor=request.user, action=CaseAccessLog.Action.LIST, what=request.get_full_path()
    )
    return render(
        request,
        "complaints/case_list.html",
        {
            "rows": rows,
            "page": page,
            "status": status,
            "kind": kind,
            "statuses": Complaint.Status.choices,
            "kinds": ComplaintKind.choices,
            "can_change": access.can_handle_complaints(request.user),
        },
    )


def _case_forms(complaint: Complaint, bound: dict[str, forms.Form]) -> dict[str, Any]:
    today = timezone.localdate()
    report = getattr(complaint, "report", None)
    initial: dict[str, dict[str, Any]] = {
        "classify": {"kind": complaint.kind, "bases": complaint.bases},
        "assign": {
            "investigator": complaint.investigator_id,
            "decision_maker": complaint.decision_maker_id,
            "co_investigators": [p.pk for p in complaint.co_investigators.all()],
            "title_ix_coordinator": complaint.title_ix_coordinator_id,
        },
        "filing": {
            "days": complaint.filing_extension_days,
            "reason": complaint.filing_extension_reason,
        },
        "extension": {"agreed_on": today},
        "item": {"occurred_on": today},
        "measure": {"starts_on": today},
        "tix": {"on": today},
        "report": {"issued_on": today, "language": complaint.language},
        "appeal": {"filed_on": today},
        "close": {"closed_on": today},
    }
    built: dict[str, Any] = {}
    for name, (form_class, _run) in ACTIONS.items():
        if name in bound:
            built[name] = bound[name]
        elif form_class is case_forms.AssignForm:
            built[name] = form_class(initial=initial[name], complaint=complaint)
        else:
            built[name] = form_class(initial=initial.get(name))
    built["appeal_files"] = [
        (
            appeal,
            bound.get(f"appealfile-{appeal.pk}")
            or case_forms.AppealFileForm(
                prefix=f"appealfile-{appeal.pk}",
                initial={"cde_notice_on": appeal.cde_notice_on or today, "file_sent_on": today},
            ),
        )
        for appeal in complaint.appeals.all()
    ]
    built["show_report"] = report is None and complaint.is_open
    built["show_appeal"] = report is not None and complaint.is_open
    return built


def _render_case(
    request: HttpRequest,
    complaint: Complaint,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    services.case_access_record(
        actor=request.user,
        action=CaseAccessLog.Action.READ,
        complaint=complaint,
        what=request.method or "GET",
    )
    today = timezone.localdate()
    can_change = access.can_handle_complaints(request.user)
    context: dict[str, Any] = {
        "complaint": complaint,
        "clocks": queries.clocks_of(complaint, today),
        "title_ix": queries.title_ix_periods(complaint),
        "filing": queries.filing_status_of(complaint),
        "filing_explanation": queries.filing_explanation(complaint),
        "items": complaint.items.select_related("added_by"),
        "extensions": complaint.extensions.select_related("agreement"),
        "measures": complaint.supportive_measures.all(),
        "report": getattr(complaint, "report", None),
        "appeals": complaint.appeals.all(),
        "can_change": can_change,
        "reads": complaint.access_log.select_related("actor")[:30],
        "history": queries.history_of(complaint),
    }
    if can_change:
        context["forms"] = _case_forms(complaint, bound or {})
    return render(request, "complaints/case_detail.html", context, status=400 if bound else 200)


def _case(request: HttpRequest, reference: str) -> Complaint:
    complaint = complaints_access.get_complaint_for(request.user, reference)
    return queries.with_case_records(Complaint.objects.filter(pk=complaint.pk)).get()


@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _render_case(request, _case(request, reference))


Run = Callable[[Any, Complaint, dict[str, Any]], Any]


def _files(form: forms.Form, name: str) -> Any:
    return form.cleaned_data.get(name) or None


ACTIONS: dict[str, tuple[type[forms.Form], Run]] = {
    "classify": (
        case_forms.ClassifyForm,
        lambda user, c, d: services.complaint_classify(
            actor=user, complaint=c, kind=d["kind"], bases=d["bases"]
        ),
    ),
    "assign": (
        case_forms.AssignForm,
        lambda user, c, d: services.complaint_assign(
            actor=user,
            complaint=c,
            investigator=d["investigator"],
            decision_maker=d["decision_maker"],
            co_investigators=list(d["co_investigators"]),
            title_ix_coordinator=d.get("title_ix_coordinator"),
        ),
    ),
    "filing": (
        case_forms.FilingExtensionForm,
        lambda user, c, d: services.filing_extension_grant(
            actor=user, complaint=c, days=d["days"], reason=d["reason"]
        ),
    ),
    "extension": (
        case_forms.ExtensionForm,
        lambda user, c, d: services.extension_add(
            actor=user,
            complaint=c,
            days=d["days"],
            reason=d["reason"],
            written_agreement=d["written_agreement"],
            agreed_on=d["agreed_on"],
            agreement_file=d.get("agreement_file") or None,
            agreement_text=d["agreement_text"],
        ),
    ),
    "item": (
        case_forms.ItemForm,
        lambda user, c, d: services.investigation_item_add(
            actor=user,
            complaint=c,
            kind=d["kind"],
            title=d["title"],
            body=d["body"],
            occurred_on=d["occurred_on"],
            file=d.get("file") or None,
        ),
    ),
    "measure": (
        case_forms.MeasureForm,
        lambda user, c, d: services.supportive_measure_add(
            actor=user,
            complaint=c,
            description=d["description"],
            for_whom=d["for_whom"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
        ),
    ),
    "tix": (
        case_forms.TitleIXStepForm,
        lambda user, c, d: services.title_ix_step_record(
            actor=user, complaint=c, step=d["step"], on=d["on"]
        ),
    ),
    "report": (
        case_forms.ReportForm,
        lambda user, c, d: services.report_issue(actor=user, complaint=c, **d),
    ),
    "appeal": (
        case_forms.AppealForm,
        lambda user, c, d: services.appeal_record(actor=user, complaint=c, **d),
    ),
    "close": (
        case_forms.CloseForm,
        lambda user, c, d: services.complaint_close(
            actor=user, complaint=c, closed_on=d["closed_on"], note=d["note"]
        ),
    ),
}

DONE = {
    "classify": gettext_lazy("Classification saved."),
    "assign": gettext_lazy("Assignment saved."),
    "filing": gettext_lazy("Filing window extension saved."),
    "extension": gettext_lazy("Extension recorded."),
    "item": gettext_lazy("Added to the investigation file."),
    "measure": gettext_lazy("Supportive measure recorded."),
    "tix": gettext_lazy("Title IX step recorded."),
    "report": gettext_lazy("Report issued."),
    "appeal": gettext_lazy("Appeal recorded."),
    "close": gettext_lazy("Case closed."),
}


@login_required
@require_POST
def case_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    _require_handler(request)
    complaint = _case(request, reference)
    if action not in ACTIONS:
        raise Http404("No such action")
    form_class, run = ACTIONS[action]
    kwargs: dict[str, Any] = {"complaint": complaint} if form_class is case_forms.AssignForm else {}
    form = form_class(request.POST, request.FILES, **kwargs)
    if form.is_valid():
        try:
            run(request.user, complaint, form.cleaned_data)
        except ValidationError as error:
            case_forms.apply_errors(form, error)
        else:
            messages.success(request, str(DONE[action]))
            return redirect("case_detail", reference=complaint.reference)
    return _render_case(request, complaint, {action: form})


@login_required
@require_POST
def appeal_file(request: HttpRequest, reference: str, appeal_pk: int) -> HttpResponse:
    _require_handler(request)
    complaint = _case(request, reference)
    appeal = get_object_or_404(complaint.appeals.all(), pk=appeal_pk)
    prefix = f"appealfile-{appeal.pk}"
    form = case_forms.AppealFileForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            services.appeal_file_sent(actor=request.user, appeal=appeal, **form.cleaned_data)
        except ValidationError as error:
            case_forms.apply_errors(form, error)
        else:
            messages.success(request, _("Appeal dates saved."))
            return redirect("case_detail", reference=complaint.reference)
    return _render_case(request, complaint, {prefix: form})


@login_required
def case_file(request: HttpRequest, reference: str, item_pk: int) -> FileResponse:
    complaint = complaints_access.get_complaint_for(request.user, reference)
    item = get_object_or_404(complaint.items.exclude(file=""), pk=item_pk)
    services.case_access_record(
        actor=request.user,
        action=CaseAccessLog.Action.DOWNLOAD,
        complaint=complaint,
        what=f"item {item.pk}",
    )
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name or "file"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def case_report_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = complaints_access.get_complaint_for(request.user, reference)
    report = getattr(complaint, "report", None)
    if report is None:
        raise Http404("No report yet")
    services.case_access_record(
        actor=request.user,
        action=CaseAccessLog.Action.DOWNLOAD,
        complaint=complaint,
        what="report PDF",
    )
    return pdf_response(report_pdf(complaint, report), filename=f"report-{complaint.reference}.pdf")


# --- Access grants -------------------------------------------------------------------------


@login_required
def grants(request: HttpRequest) -> HttpResponse:
    _require_handler(request)
    form = case_forms.GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            case_forms.apply_errors(form, error)
        else:
            messages.success(request, _("Access granted."))
            return redirect("complaint_grants")
    today = timezone.localdate()
    listed = ComplaintAccessGrant.objects.select_related("user", "complaint", "granted_by")
    return render(
        request,
        "complaints/grants.html",
        {"form": form, "grants": listed, "today": today},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_handler(request)
    grant = get_object_or_404(ComplaintAccessGrant, pk=pk, revoked_on__isnull=True)
    services.grant_revoke(actor=request.user, grant=grant)
    messages.success(request, _("Access revoked."))
    return redirect("complaint_grants")
