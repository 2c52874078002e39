"""The returns app's kind of job (core/jobs.py): a district's return files in one zip."""

from django.utils.translation import gettext_lazy as _

from ropdesk.core.jobs import JobKind
from ropdesk.returns import bundle

KINDS = (
    JobKind(
        value=bundle.KIND,
        label=_("District return files (zip)"),
        report=True,
        may_download=bundle.may_download,
        downloaded=bundle.downloaded,
    ),
)
