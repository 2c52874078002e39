"""Pages for background work: an import job's progress and outcome (one page and one polled
partial for every kind of import), and the failed e-mail and text messages administrators may
send again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ropdesk.core import access, jobs, mail, sms
from ropdesk.core.models import ImportJob, MailMessage, SmsMessage
from ropdesk.core.paging import page_of


def _job_for(request: HttpRequest, pk: int) -> ImportJob:
    visible = access.import_jobs_visible_to(request.user).defer("content", "output")
    jobs.import_jobs_expire_stale(visible.filter(pk=pk))
    return get_object_or_404(visible, pk=pk)


def _job_context(job: ImportJob) -> dict[str, Any]:
    return {
        "job": job,
        "kind": jobs.job_kind(job.kind),
        "keep_hours": settings.ROPDESK["REPORT_KEEP_HOURS"],
    }


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    return render(request, "core/job_detail.html", _job_context(job))


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress partial the page polls; a finished job's answer tells it to reload."""
    job = _job_for(request, pk)
    response = render(request, "core/_job_progress.html", _job_context(job))
    if job.finished:
        response["X-Job-Finished"] = "true"
    return response


@login_required
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file a report job built, for whoever may see the job and, by the report's own
    policy asked again now, that report (core/jobs.job_may_download)."""
    job = get_object_or_404(access.import_jobs_visible_to(request.user).defer("content"), pk=pk)
    if not jobs.job_may_download(request.user, job):
        raise Http404("No such file")
    kind = jobs.job_kind(job.kind)
    if kind.downloaded is not None:
        kind.downloaded(request.user, job)
    response = HttpResponse(bytes(job.output), content_type=job.output_type)
    response["Content-Disposition"] = f'attachment; filename="{job.output_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def import_upload_page(
    request: HttpRequest,
    *,
    form: Any,
    start: Callable[..., ImportJob],
    kind: str,
    template: str,
) -> HttpResponse:
    """An import's upload page: a valid upload is kept and handed to the worker (`start`),
    then the job's page follows it; a file refused at once shows its reason on the form."""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start(actor=request.user, file_name=upload.name, data=upload.read())
        except ValidationError as refused:
            form.add_error("file", refused)
        else:
            return redirect("job_detail", pk=job.pk)
    recent = (
        access.import_jobs_visible_to(request.user)
        .filter(kind=kind)
        .select_related("started_by")
        .defer("content", "output")[:10]
    )
    return render(request, template, {"form": form, "recent": recent})


TEXTS_SHOWN = 100


@login_required
def mail_failed(request: HttpRequest) -> HttpResponse:
    if not access.can_resend_mail(request.user):
        raise Http404("No such page")
    texts = sms.failed_texts()
    return render(
        request,
        "core/mail_failed.html",
        {
            "page": page_of(request, mail.failed_messages()),
            # The latest failed texts; the older ones are in the admin.
            "texts": texts[:TEXTS_SHOWN],
            "texts_count": texts.count(),
        },
    )


@login_required
@require_POST
def mail_resend(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_resend_mail(request.user):
        raise Http404("No such page")
    message = get_object_or_404(MailMessage, pk=pk)
    mail.message_resend(message=message, actor=request.user)
    messages.success(request, _("The message to %(to)s is queued again.") % {"to": message.to})
    return redirect("mail_failed")


@login_required
@require_POST
def sms_resend(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_resend_mail(request.user):
        raise Http404("No such page")
    message = get_object_or_404(SmsMessage, pk=pk)
    sms.text_resend(message=message, actor=request.user)
    messages.success(request, _("The text to %(to)s is queued again.") % {"to": message.to})
    return redirect("mail_failed")
