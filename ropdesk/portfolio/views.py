"""Portfolio pages of the student (and former student), the parent, and the staff who serve
them. Every page starts from ropdesk/portfolio/access.py; forbidden looks like missing."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import jwt
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ropdesk.core import access as core_access
from ropdesk.core.models import Student
from ropdesk.core.types import signed_in
from ropdesk.core.uploads import check_size
from ropdesk.documents import pdf_response
from ropdesk.portfolio import (
    access,
    forms,
    pdf,
    present,
    queries,
    questions,
    resume_json,
    services,
)
from ropdesk.portfolio.models import (
    Credential,
    JobApplication,
    Resume,
    ResumeEntry,
    ShareLink,
)


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _resume_for(user: Any, pk: int) -> Resume:
    resume = get_object_or_404(Resume.objects.select_related("student"), pk=pk)
    access.get_portfolio_for(user, resume.student_id)
    return resume


def _own_resume(user: Any, pk: int) -> Resume:
    resume = _resume_for(user, pk)
    if not access.can_edit_portfolio(user, resume.student):
        raise Http404("No such resume")
    return resume


# --- the portfolio --------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My portfolio (a student, or a former student who still signs in)."""
    student = access.own_student(request.user)
    if student is None:
        # A parent: their (first) child's; staff: the students they serve.
        student = (
            access.portfolios_visible_to(request.user)
            .filter(guardianships__user=signed_in(request.user))
            .order_by("pk")
            .first()
        )
    if student is None:
        scope = core_access.scope_of(request.user)
        if scope.superuser or scope.roles & access.STAFF_READERS:
            return redirect("portfolio_students")
        raise Http404("No portfolio")
    return redirect("portfolio_student", student.pk)


@login_required
def students(request: HttpRequest) -> HttpResponse:
    """Staff: the portfolios of the students they serve."""
    scope = core_access.scope_of(request.user)
    if not (scope.superuser or scope.roles & access.STAFF_READERS):
        raise Http404("No such page")
    found = access.portfolios_visible_to(request.user).order_by(
        "legal_last_name", "legal_first_name", "pk"
    )
    query = request.GET.get("q", "").strip()
    if query:
        found = found.filter(legal_last_name__icontains=query) | found.filter(
            legal_first_name__icontains=query
        )
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "portfolio/students.html", {"page": page, "query": query})


@login_required
def student(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_portfolio_for(request.user, pk)
    services.verified_entries_sync(student=person)
    user = request.user
    owner = access.owns(user, person)
    entries = list(
        person.resume_entries.filter(source=ResumeEntry.Source.VERIFIED).prefetch_related(
            "credentials"
        )
    )
    shown_entries = [
        (e, present.entry_text(e, language=request.LANGUAGE_CODE or "en")) for e in entries
    ]
    applications = list(person.job_applications.select_related("resume"))
    context = {
        "person": person,
        "owner": owner,
        "resumes": queries.resumes_of(person),
        "verified": shown_entries,
        "credentials": person.credentials.all(),
        "checklist": queries.checklist_for(person),
        "applications": [(a, services.permit_steps_for(person, a)) for a in applications],
        "interviews": person.mock_interviews.all(),
        "questions": questions.questions_for(
            set(person.enrollments.values_list("section__course__pathway__sector__code", flat=True))
        ),
        "contacts": person.network_contacts.all(),
        "links": person.share_links.select_related("resume")
        if access.can_share(user, person)
        else [],
        "can_share": access.can_share(user, person),
        "can_interview": access.can_hold_interview(user, person),
        "can_revoke": access.can_revoke_credentials(user),
        "resume_form": forms.ResumeForm(initial={"language": request.LANGUAGE_CODE or "en"}),
        "import_form": forms.ImportForm(),
        "share_form": forms.ShareForm(student=person),
        "application_form": forms.JobApplicationForm(student=person),
        "interview_form": forms.InterviewForm(),
        "contact_form": forms.ContactForm(),
        "new_link": request.session.pop("portfolio_new_link", None),
    }
    return render(request, "portfolio/student.html", context)


def _back(person: Student, anchor: str = "") -> HttpResponse:
    return redirect(reverse("portfolio_student", args=[person.pk]) + anchor)


def _own_student(user: Any, pk: int) -> Student:
    person = access.get_portfolio_for(user, pk)
    if not access.can_edit_portfolio(user, person):
        raise Http404("No such portfolio")
    return person


# --- resumes ---------------------------------------------------------------------------------


@login_required
@require_POST
def resume_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = _own_student(request.user, pk)
    form = forms.ResumeForm(request.POST)
    if form.is_valid():
        resume = services.resume_create(
            actor=request.user, student=person, fields=form.cleaned_data
        )
        return redirect("portfolio_resume", resume.pk)
    messages.error(request, _("The resume needs a name."))
    return _back(person)


def _resume_context(request: HttpRequest, resume: Resume, **extra: Any) -> dict[str, Any]:
    owner = access.can_edit_portfolio(request.user, resume.student)
    own_entries = resume.student.resume_entries.filter(source=ResumeEntry.Source.SELF)
    context = {
        "resume": resume,
        "owner": owner,
        "view": present.shown(resume, with_hidden=owner),
        "form": forms.ResumeForm(instance=resume),
        "entry_form": forms.EntryForm(),
        "own_entries": own_entries,
        "comments": resume.comments.select_related("author"),
        "can_comment": access.can_comment(request.user, resume.student),
        "comment_form": forms.CommentForm(),
    }
    context.update(extra)
    return context


@login_required
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    """The resume editor beside its preview. Saving re-renders the preview (a plain form,
    no script: the preview is the server's own rendering, the one the PDF uses)."""
    found = _resume_for(request.user, pk)
    if request.method == "POST":
        found = _own_resume(request.user, pk)
        form = forms.ResumeForm(request.POST, instance=Resume.objects.get(pk=found.pk))
        if form.is_valid():
            services.resume_update(actor=request.user, resume=found, fields=form.cleaned_data)
            messages.success(request, _("Resume saved; the preview shows it."))
            return redirect("portfolio_resume", found.pk)
        return render(
            request, "portfolio/resume.html", _resume_context(request, found, form=form), status=400
        )
    return render(request, "portfolio/resume.html", _resume_context(request, found))


@login_required
@require_POST
def resume_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_resume(request.user, pk)
    person = found.student
    services.resume_delete(actor=request.user, resume=found)
    messages.success(request, _("Resume deleted."))
    return _back(person)


@login_required
@require_POST
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_resume(request.user, pk)
    form = forms.EntryForm(request.POST)
    if form.is_valid():
        try:
            services.entry_create(
                actor=request.user, student=found.student, fields=form.entry_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Entry added."))
            return redirect("portfolio_resume", found.pk)
    return render(
        request,
        "portfolio/resume.html",
        _resume_context(request, found, entry_form=form),
        status=400,
    )


def _own_entry(user: Any, pk: int) -> ResumeEntry:
    """One of the student's own entries. A verified entry is not found here: no page edits
    or deletes one."""
    student = access.own_student(user)
    if student is None:
        raise Http404("No such entry")
    return get_object_or_404(ResumeEntry, pk=pk, student=student, source=ResumeEntry.Source.SELF)


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request.user, pk)
    back = request.GET.get("resume") or request.POST.get("resume") or ""
    form = forms.EntryForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(actor=request.user, entry=entry, fields=form.entry_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Entry saved."))
            resume = Resume.objects.filter(pk=back if back.isdigit() else 0, student=entry.student)
            if resume.exists():
                return redirect("portfolio_resume", int(back))
            return _back(entry.student)
    return render(
        request,
        "portfolio/entry.html",
        {"entry": entry, "form": form, "back": back},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request.user, pk)
    person = entry.student
    services.entry_delete(actor=request.user, entry=entry)
    messages.success(request, _("Entry deleted."))
    back = request.POST.get("resume", "")
    if back.isdigit() and Resume.objects.filter(pk=back, student=person).exists():
        return redirect("portfolio_resume", int(back))
    return _back(person)


@login_required
@require_POST
def entry_hide(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    found = _own_resume(request.user, pk)
    item = get_object_or_404(ResumeEntry, pk=entry, student=found.student)
    services.entry_hide(
        actor=request.user, resume=found, entry=item, hidden=request.POST.get("hidden") == "1"
    )
    return redirect("portfolio_resume", found.pk)


@login_required
def resume_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = _resume_for(request.user, pk)
    content = pdf.resume_pdf(found, base_url=request.build_absolute_uri("/").rstrip("/"))
    return pdf_response(content, filename=pdf.filename(found), attachment=True)


@login_required
def resume_json_export(request: HttpRequest, pk: int) -> HttpResponse:
    found = _resume_for(request.user, pk)
    document = resume_json.export(found, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = JsonResponse(document, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = content_disposition_header(
        True, pdf.filename(found).replace(".pdf", ".json")
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def resume_import(request: HttpRequest, pk: int) -> HttpResponse:
    person = _own_student(request.user, pk)
    form = forms.ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file and name the new resume."))
        return _back(person)
    upload = form.cleaned_data["file"]
    try:
        check_size(upload, "resume_json")
        document = resume_json.parse(upload.read())
        imported = services.resume_import(
            actor=request.user, student=person, document=document, name=form.cleaned_data["name"]
        )
    except ValidationError as error:
        messages.error(
            request,
            _("%(file)s was not imported: %(reason)s")
            % {"file": upload.name, "reason": _error_text(error)},
        )
        return _back(person, "#import")
    messages.success(request, _("Resume imported."))
    return redirect("portfolio_resume", imported.pk)


@login_required
@require_POST
def resume_comment(request: HttpRequest, pk: int) -> HttpResponse:
    found = _resume_for(request.user, pk)
    if not access.can_comment(request.user, found.student):
        raise Http404("No such resume")
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        services.resume_comment_add(
            actor=request.user, resume=found, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Comment saved; the student sees it."))
    return redirect("portfolio_resume", found.pk)


# --- credentials ---------------------------------------------------------------------------


@login_required
@require_POST
def credential_issue(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ResumeEntry, pk=pk, source=ResumeEntry.Source.VERIFIED)
    person = access.get_portfolio_for(request.user, entry.student_id)
    if not (access.owns(request.user, person) or access.can_revoke_credentials(request.user)):
        raise Http404("No such entry")
    try:
        services.credential_issue(actor=request.user, entry=entry)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Credential issued. Download it or share its check link."))
    return _back(entry.student, "#credentials")


def _credential_for(user: Any, uuid: Any) -> Credential:
    credential = get_object_or_404(Credential, uuid=access.uuid_or_404(uuid))
    access.get_portfolio_for(user, credential.student_id)
    return credential


@login_required
def credential_download(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The signed credential as a file: the VC-JWT a wallet or a verifier takes."""
    credential = _credential_for(request.user, uuid)
    if access.owns(request.user, credential.student):
        services.credential_downloaded(credential=credential)
    response = HttpResponse(credential.token, content_type="application/vc+jwt")
    response["Content-Disposition"] = content_disposition_header(
        True, f"credential-{credential.uuid}.jwt"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def credential_revoke(request: HttpRequest, uuid: Any) -> HttpResponse:
    if not access.can_revoke_credentials(request.user):
        raise Http404("No such credential")
    credential = _credential_for(request.user, uuid)
    form = forms.RevokeForm(request.POST)
    if form.is_valid():
        services.credential_revoke(
            actor=request.user, credential=credential, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Credential revoked; it no longer verifies."))
    else:
        messages.error(request, _("Say why the credential is revoked."))
    return _back(credential.student, "#credentials")


# --- share links ---------------------------------------------------------------------------


@login_required
@require_POST
def share_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_portfolio_for(request.user, pk)
    if not access.can_share(request.user, person):
        raise Http404("No such portfolio")
    form = forms.ShareForm(request.POST, student=person)
    if form.is_valid():
        try:
            _link, token = services.share_link_create(
                actor=request.user,
                student=person,
                resume=form.cleaned_data["resume"],
                audience=form.cleaned_data["audience"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            request.session["portfolio_new_link"] = request.build_absolute_uri(
                reverse("portfolio_shared", args=[token])
            )
    else:
        messages.error(request, _("Say who the link is for and until when."))
    return _back(person, "#share")


@login_required
@require_POST
def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ShareLink.objects.select_related("student"), pk=pk)
    access.get_portfolio_for(request.user, link.student_id)
    if not access.can_share(request.user, link.student):
        raise Http404("No such link")
    services.share_link_revoke(actor=request.user, link=link)
    messages.success(request, _("Link closed."))
    return _back(link.student, "#share")


# --- job search ----------------------------------------------------------------------------


@login_required
@require_POST
def application_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = _own_student(request.user, pk)
    form = forms.JobApplicationForm(request.POST, student=person)
    if form.is_valid():
        try:
            services.job_application_save(
                actor=request.user, student=person, fields=form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Application saved."))
    else:
        messages.error(
            request,
            _("Check the application: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{form.fields[k].label}: " * (k in form.fields) + " ".join(map(str, v))
                    for k, v in form.errors.items()
                )
            },
        )
    return _back(person, "#applications")


@login_required
def application(request: HttpRequest, pk: int) -> HttpResponse:
    student = access.own_student(request.user)
    if student is None:
        raise Http404("No such application")
    found = get_object_or_404(JobApplication, pk=pk, student=student)
    form = forms.JobApplicationForm(
        request.POST if request.method == "POST" else None, instance=found, student=student
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.job_application_save(
                actor=request.user,
                student=student,
                fields=form.cleaned_data,
                application=JobApplication.objects.get(pk=found.pk),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Application saved."))
            return _back(student, "#applications")
    return render(
        request,
        "portfolio/application.html",
        {"application": found, "form": form, "steps": services.permit_steps_for(student, found)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def interview_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_portfolio_for(request.user, pk)
    if not access.can_hold_interview(request.user, person):
        raise Http404("No such portfolio")
    form = forms.InterviewForm(request.POST)
    if form.is_valid():
        try:
            services.interview_record(
                actor=request.user, student=person, fields=form.interview_fields()
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Mock interview saved; the student sees the feedback."))
    else:
        messages.error(request, _("Check the interview's kind and date."))
    return _back(person, "#interviews")


@login_required
@require_POST
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = _own_student(request.user, pk)
    form = forms.ContactForm(request.POST)
    if form.is_valid():
        services.contact_save(actor=request.user, student=person, fields=form.cleaned_data)
        messages.success(request, _("Contact saved."))
    else:
        messages.error(request, _("A contact needs a name and where you met."))
    return _back(person, "#contacts")


# --- keep it: everything in one download -------------------------------------------------------


@login_required
def download_all(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole portfolio in one zip: each resume as PDF and JSON Resume, each credential
    as its signed file and as readable JSON. Made to be kept after leaving the program."""
    person = access.get_portfolio_for(request.user, pk)
    if not (access.owns(request.user, person) or access.is_guardian_of(request.user, person)):
        raise Http404("No such portfolio")
    base = request.build_absolute_uri("/").rstrip("/")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for found in queries.resumes_of(person):
            stem = pdf.filename(found).removesuffix(".pdf")
            bundle.writestr(f"{stem}.pdf", pdf.resume_pdf(found, base_url=base))
            document = resume_json.export(found, base_url=base)
            bundle.writestr(f"{stem}.json", json.dumps(document, indent=2, ensure_ascii=False))
        for credential in person.credentials.filter(revoked_at__isnull=True):
            bundle.writestr(f"credentials/{credential.uuid}.jwt", credential.token)
            payload = jwt.decode(credential.token, options={"verify_signature": False})
            bundle.writestr(
                f"credentials/{credential.uuid}.json",
                json.dumps(payload, indent=2, ensure_ascii=False),
            )
        bundle.writestr("README.txt", _bundle_readme(base))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, "portfolio.zip")
    response["Cache-Control"] = "private, no-store"
    return response


def _bundle_readme(base: str) -> str:
    return _(
        "Your career portfolio.\n\nEach resume is here as a PDF and as a JSON Resume file "
        "(jsonresume.org) you can import into other resume builders.\n"
        "The credentials folder holds your Open Badges 3.0 credentials: the .jwt files are "
        "the signed credentials a digital wallet takes; anyone can check one at "
        "%(check)s.\n"
    ) % {"check": base + reverse("portfolio_credential_check")}
