"""The worksite app's kind of job (core/jobs.py): a file of job-site hours' import."""

from django.utils.translation import gettext_lazy as _

from ropdesk.core.jobs import JobKind
from ropdesk.core.models import ImportJob

KINDS = (
    JobKind(
        value=ImportJob.Kind.JOB_SITE_HOURS.value,
        label=ImportJob.Kind.JOB_SITE_HOURS.label,
        again_url="worksite_hours_import",
        again_label=_("Import another file"),
    ),
)
