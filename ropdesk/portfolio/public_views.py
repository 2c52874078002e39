"""Pages anyone may open, without an account: a shared portfolio, the check of a verified
entry, the verification of a credential, the status list and the issuer's DID document.
None names a student who opted out of directory information (FERPA 34 CFR 99.37; EC 49073),
except a share link, which the student (or parent) made to show their name to its audience."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from ropdesk.core.ratelimit import rate_limited
from ropdesk.portfolio import access, credentials, present, services
from ropdesk.portfolio.models import Credential, Resume, ResumeEntry


def _named(student: Any) -> bool:
    return not student.directory_opt_out


@never_cache
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """A resume or whole portfolio behind a share link. Each view is counted and logged as
    a disclosure to the link's audience; an expired or closed link is a missing page."""
    link = services.share_link_live(token)
    if link is None:
        raise Http404("No such link")
    services.share_link_view(link=link, page=reverse("portfolio_shared", args=["…"]))
    resumes = (
        [link.resume]
        if link.resume_id
        else list(Resume.objects.filter(student=link.student).order_by("name", "id"))
    )
    views = [present.shown(r) for r in resumes if r is not None]
    response = render(request, "portfolio/shared.html", {"link": link, "views": views})
    response["Referrer-Policy"] = "no-referrer"  # the token never leaves in a Referer
    response["X-Robots-Tag"] = "noindex"
    return response


def entry_check(request: HttpRequest, code: str) -> HttpResponse:
    """The public check of a verified entry: what the records say, and whose it is unless
    the student opted out of directory information."""
    entry = get_object_or_404(
        ResumeEntry.objects.select_related("student"),
        check_code=access.uuid_or_404(code),
        source=ResumeEntry.Source.VERIFIED,
    )
    text = present.entry_text(entry, language=request.LANGUAGE_CODE or "en")
    live = entry.credentials.filter(revoked_at__isnull=True).first()
    return render(
        request,
        "portfolio/entry_check.html",
        {"entry": entry, "text": text, "named": _named(entry.student), "credential": live},
    )


def credential_verify(request: HttpRequest, uuid: str) -> HttpResponse:
    """Valid, revoked or expired: the stored credential checked the way any verifier would
    (signature with the office's key, validity dates, the status list)."""
    credential = get_object_or_404(
        Credential.objects.select_related("student"), uuid=access.uuid_or_404(uuid)
    )
    result = credentials.check(credential.token)
    return render(
        request,
        "portfolio/credential_verify.html",
        {
            "credential": credential,
            "result": result,
            "named": _named(credential.student),
            "did": credentials.issuer_did(),
        },
    )


@rate_limited("credential_check")
def credential_check(request: HttpRequest) -> HttpResponse:
    """Check a credential file someone was given (paste it or upload the .jwt)."""
    result = None
    named = False
    if request.method == "POST":
        upload = request.FILES.get("file")
        token = (
            upload.read(200_000).decode("utf-8", "replace") if upload else ""
        ) or request.POST.get("token", "")
        result = credentials.check(token[:200_000])
        named = result.credential is not None and _named(result.credential.student)
    return render(
        request,
        "portfolio/credential_check.html",
        {"result": result, "named": named},
        status=200,
    )


def status_list(request: HttpRequest, number: int) -> HttpResponse:
    """The signed Bitstring Status List (revocation) credential, as a VC-JWT."""
    if number < 0 or number > 10_000:
        raise Http404("No such list")
    try:
        token = credentials.status_list_token(number)
    except credentials.NoIssuerKey as missing:
        raise Http404("No issuer key yet") from missing
    response = HttpResponse(token, content_type="application/vc+jwt")
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def did_document(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(credentials.did_document())
    response["Access-Control-Allow-Origin"] = "*"
    return response
