"""Public pages: the complaint form (anyone, anonymous or not), its receipt, the filer's private
status page, and the public notices."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ropdesk.complaints import deadlines, notice_defaults, queries, services
from ropdesk.complaints.forms import ComplaintForm, FilerInformationForm, apply_errors
from ropdesk.complaints.models import (
    CaseAccessLog,
    Complaint,
    ComplianceCoordinator,
    CoordinatorRole,
    NoticeKind,
)
from ropdesk.complaints.pdf import report_pdf
from ropdesk.core.ratelimit import rate_limited
from ropdesk.documents import pdf_response

RECEIPT_KEY = "complaint_receipt"


def _initial(request: HttpRequest) -> dict[str, Any]:
    language = translation.get_language() or "en"
    initial: dict[str, Any] = {"language": language.split("-")[0]}
    if request.user.is_authenticated:
        initial["filer_name"] = request.user.get_full_name()
        initial["filer_email"] = request.user.email
    return initial


@rate_limited("complaint", "filer_email")
def complaint_file(request: HttpRequest) -> HttpResponse:
    form = ComplaintForm(request.POST or None, request.FILES or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = services.complaint_file(
                kind=data["kind"],
                bases=data["bases"],
                description=data["description"],
                people_involved=data["people_involved"],
                incident_date=data["incident_date"],
                knowledge_date=data["knowledge_date"],
                location=data["location"],
                anonymous=data["anonymous"],
                filer_name=data["filer_name"],
                filer_email=data["filer_email"],
                filer_phone=data["filer_phone"],
                filer_relationship=data["filer_relationship"],
                language=data["language"],
                files=data["files"],
                filed_by=request.user if request.user.is_authenticated else None,
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            request.session[RECEIPT_KEY] = {
                "reference": filed.complaint.reference,
                "token": filed.token,
            }
            return redirect("complaint_receipt")
    status = 400 if form.errors else 200
    return render(request, "complaints/file.html", {"form": form}, status=status)


def complaint_receipt(request: HttpRequest) -> HttpResponse:
    """Shown once after filing (kept for the browser session): the reference code and the
    private status link, which is the only way an anonymous filer can follow the case."""
    receipt = request.session.get(RECEIPT_KEY)
    if not receipt:
        return redirect("complaint_file")
    complaint = _filer_complaint(receipt["reference"], receipt["token"])
    status_path = reverse("complaint_status", args=[complaint.reference, receipt["token"]])
    return render(
        request,
        "complaints/receipt.html",
        {
            "complaint": complaint,
            "status_url": request.build_absolute_uri(status_path),
            "report_due": deadlines.report_due(complaint.received_on, rule=services.weekend_rule()),
            "filing": queries.filing_status_of(complaint),
            "coordinator": _ucp_coordinator(),
        },
    )


def _filer_complaint(reference: str, token: str) -> Complaint:
    complaint = Complaint.objects.select_related("report").filter(reference=reference).first()
    if complaint is None or not complaint.check_token(token):
        raise Http404("No such complaint")
    return complaint


def _ucp_coordinator() -> str:
    coordinator = (
        ComplianceCoordinator.objects.select_related("user")
        .filter(role=CoordinatorRole.UCP)
        .first()
    )
    return queries.coordinator_text(coordinator)


def complaint_status(request: HttpRequest, reference: str, token: str) -> HttpResponse:
    """The filer's private page: status, dates, the report, and a way to add information."""
    complaint = _filer_complaint(reference, token)
    services.case_access_record(
        actor=request.user,
        action=CaseAccessLog.Action.FILER_READ,
        complaint=complaint,
        what=request.method or "GET",
    )
    form = FilerInformationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.filer_information_add(
                complaint=complaint,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your information was added to the case."))
            return redirect(request.path)
    today = timezone.localdate()
    clocks = [
        c for c in queries.clocks_of(complaint, today) if c.clock.code in ("report", "appeal")
    ]
    return render(
        request,
        "complaints/status.html",
        {
            "complaint": complaint,
            "token": token,
            "clocks": clocks,
            "report": getattr(complaint, "report", None),
            "form": form,
            "coordinator": _ucp_coordinator(),
        },
        status=400 if form.errors else 200,
    )


def complaint_status_report(request: HttpRequest, reference: str, token: str) -> HttpResponse:
    complaint = _filer_complaint(reference, token)
    report = getattr(complaint, "report", None)
    if report is None:
        raise Http404("No report yet")
    services.case_access_record(
        actor=request.user,
        action=CaseAccessLog.Action.FILER_READ,
        complaint=complaint,
        what="report PDF",
    )
    return pdf_response(report_pdf(complaint, report), filename=f"report-{complaint.reference}.pdf")


# --- Public notices ------------------------------------------------------------------------


def _notice_page(request: HttpRequest, kind: str) -> HttpResponse:
    current = (translation.get_language() or "en").split("-")[0]
    wanted = request.GET.get("lang", current)[:12]
    notice = queries.notice_text(kind, wanted)
    text = queries.fill_placeholders(
        notice.body, queries.notice_placeholders(request.build_absolute_uri("/"))
    )
    available = set(queries.notice_languages(kind)) | set(notice_defaults.DEFAULTS[kind])
    languages = sorted(available - {notice.language})
    return render(
        request,
        "complaints/notice.html",
        {
            "title": notice.title,
            "paragraphs": [p.strip() for p in text.split("\n\n") if p.strip()],
            "language": notice.language,
            "other_languages": [(code, _language_name(code)) for code in languages],
            "updated_at": notice.updated_at,
            "kind": kind,
        },
    )


def _language_name(code: str) -> str:
    try:
        return str(translation.get_language_info(code)["name_local"])
    except KeyError:
        return code


def notice_nondiscrimination(request: HttpRequest) -> HttpResponse:
    return _notice_page(request, NoticeKind.NONDISCRIMINATION)


def notice_complaint_procedures(request: HttpRequest) -> HttpResponse:
    return _notice_page(request, NoticeKind.ANNUAL_UCP)
