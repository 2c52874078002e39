"""The office's upload of job-site hours kept elsewhere (worksite/timesheet_import.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from ropdesk.core import access
from ropdesk.core.models import ImportJob
from ropdesk.core.uploads import check_size
from ropdesk.core.views_background import import_upload_page
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
    return import_upload_page(
        request,
        form=HoursImportForm(request.POST or None, request.FILES or None),
        start=timesheet_import.timesheet_import_start,
        kind=ImportJob.Kind.JOB_SITE_HOURS,
        template="worksite/hours_import.html",
    )
