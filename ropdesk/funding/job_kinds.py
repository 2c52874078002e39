"""The funding app's kind of job (core/jobs.py): the ADA report's download, built by the
worker when the report is not in the cache (funding/report_jobs.py)."""

from django.utils.translation import gettext_lazy as _

from ropdesk.core.jobs import JobKind
from ropdesk.funding import report_jobs

KINDS = (
    JobKind(
        value=report_jobs.KIND,
        label=_("ADA report download"),
        report=True,
        may_download=report_jobs.may_download,
    ),
)
