"""The interop app's kind of job (core/jobs.py): a OneRoster package's import."""

from django.utils.translation import gettext_lazy as _

from ropdesk.core.jobs import JobKind
from ropdesk.core.models import ImportJob

KINDS = (
    JobKind(
        value=ImportJob.Kind.ONEROSTER.value,
        label=ImportJob.Kind.ONEROSTER.label,
        again_url="interop_exchange",
        again_label=_("Back to data exchange"),
        result_template="interop/_job_result.html",
        errors_name_files=True,
    ),
)
