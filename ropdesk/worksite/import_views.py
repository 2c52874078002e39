"""The office's upload of job-site hours kept elsewhere (worksite/timesheet_import.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ropdesk.core import access
from ropdesk.core.models import ImportJob
from ropdesk.core.uploads import check_size
from ropdesk.worksite import timesheet_import


class HoursImportForm(forms.Form):
    file = forms.FileField(
        label=_("Job-site hours file (CSV)"),
        help_text=_(
            "A header row, then one row per student and day: "
            "student_id,section_id,date,start,end,hourly_wage (the wage for CVE only)."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_size(upload, "timesheet_csv")
        return upload


@login_required
def hours_import(request: HttpRequest) -> HttpResponse:
    """Upload a file of job-site hours; the worker checks and saves it (the job's page)."""
    if not access.can_manage_attendance(request.user):
        raise Http404("No such page")
    form = HoursImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = timesheet_import.timesheet_import_start(
                actor=request.user, file_name=upload.name, data=upload.read()
            )
        except ValidationError as refused:
            form.add_error("file", refused)
        else:
            return redirect("job_detail", pk=job.pk)
    recent = (
        access.import_jobs_visible_to(request.user)
        .filter(kind=ImportJob.Kind.JOB_SITE_HOURS)
        .select_related("started_by")
        .defer("content")[:10]
    )
    return render(request, "worksite/hours_import.html", {"form": form, "recent": recent})
