"""The investigation report as a PDF (ropdesk.documents), in the report's language: findings
of fact, conclusions, corrective actions and the appeal rights with the last day to appeal
(5 CCR 4631(e), 4632); in a Title IX case also how either party appeals the determination
(34 CFR 106.45(b)(8)). Built from the records each time it is asked for."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ropdesk.complaints import deadlines, queries
from ropdesk.complaints.models import (
    Appeal,
    Complaint,
    ComplaintKind,
    ComplianceCoordinator,
    CoordinatorRole,
    Report,
)
from ropdesk.complaints.services import weekend_rule
from ropdesk.core.formatting import day_text
from ropdesk.documents import render_pdf


def report_pdf(complaint: Complaint, report: Report) -> bytes:
    with translation.override(report.language):
        context = {
            "title": f"{_('Investigation report')} {complaint.reference}",
            "program": settings.ROPDESK["PROGRAM_NAME"],
            "complaint": complaint,
            "report": report,
            "sections": [
                (_("Findings of fact"), report.findings),
                (_("Conclusions"), report.conclusions),
                (_("Corrective actions and remedies"), report.remedies or _("None.")),
            ],
            "appeal_by": day_text(deadlines.appeal_deadline(report.issued_on, weekend_rule())),
            "appeal_days": deadlines.APPEAL_DAYS,
            "cde_grounds": [label for _code, label in Appeal.Ground.choices],
            "title_ix": complaint.kind == ComplaintKind.TITLE_IX,
            "title_ix_coordinator": _title_ix_coordinator(),
        }
    return render_pdf("complaints/report_pdf.html", context, language=report.language)


def _title_ix_coordinator() -> str:
    """Where a Title IX appeal goes: the coordinator the notices name (34 CFR 106.8(a))."""
    coordinator = (
        ComplianceCoordinator.objects.select_related("user")
        .filter(role=CoordinatorRole.TITLE_IX)
        .first()
    )
    if coordinator is None:
        return _("the Title IX Coordinator named in the program's notice of non-discrimination")
    return _("the Title IX Coordinator, %(contact)s") % {
        "contact": queries.coordinator_text(coordinator)
    }
