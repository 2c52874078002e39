"""The outcomes app's kinds of job (core/jobs.py): the district exit file and the follow-up
answers imports, and the exit year's figures as a CSV."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ropdesk.core.jobs import JobKind
from ropdesk.outcomes import import_jobs, report_export

KINDS = (
    JobKind(
        value=import_jobs.EXITS,
        label=_("District exit file"),
        again_url="outcomes_exits_import",
        again_label=_("Import another file"),
        result_template="outcomes/_job_saved.html",
    ),
    JobKind(
        value=import_jobs.FOLLOWUP,
        label=_("Follow-up answers file"),
        again_url="outcomes_followup_import",
        again_label=_("Import another file"),
        result_template="outcomes/_job_saved.html",
    ),
    JobKind(
        value=report_export.KIND,
        label=_("Outcomes figures (CSV)"),
        report=True,
        may_download=report_export.may_download,
    ),
)
