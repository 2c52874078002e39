"""The funding app's kinds of job (core/jobs.py): the ADA report's download, and its page's
figures, built by the worker when the report is not in the cache (funding/report_jobs.py)."""

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
    JobKind(
        value=report_jobs.PAGE_KIND,
        label=_("ADA report figures"),
        report=True,
        fills_page=True,
        result_template="funding/_ada_page_ready.html",
        # Nothing to download: the figures go to the cache, and the page shows them.
        may_download=lambda user, job: False,
    ),
)
