"""The partners app's kinds of job (core/jobs.py): the EDD projections import, and the
needs-assessment packet built as a PDF."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ropdesk.core.jobs import JobKind
from ropdesk.core.models import ImportJob
from ropdesk.core.types import Actor
from ropdesk.partners import access


def _may_download_packet(user: Actor, job: ImportJob) -> bool:
    return access.can_manage_partners(user)


KINDS = (
    JobKind(
        value="edd_projections",
        label=_("EDD occupational projections"),
        again_url="partners_projections_import",
        again_label=_("Import another file"),
    ),
    JobKind(
        value="report_clna_packet",
        label=_("Needs-assessment packet (PDF)"),
        report=True,
        may_download=_may_download_packet,
    ),
)
