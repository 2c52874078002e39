"""The returns app's kinds of job (core/jobs.py): a district's return files in one zip, and
the check of its files its page shows (returns/checks.py)."""

from django.utils.translation import gettext_lazy as _

from ropdesk.core.jobs import JobKind
from ropdesk.returns import bundle, checks

KINDS = (
    JobKind(
        value=bundle.KIND,
        label=_("District return files (zip)"),
        report=True,
        may_download=bundle.may_download,
        downloaded=bundle.downloaded,
    ),
    JobKind(
        value=checks.KIND,
        label=_("Check of the district return files"),
        report=True,
        fills_page=True,
        result_template="returns/_check_ready.html",
        # Nothing to download: the district's page shows the result.
        may_download=lambda user, job: False,
    ),
)
