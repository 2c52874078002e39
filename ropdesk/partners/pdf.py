"""The needs-assessment packet as a PDF (ropdesk.documents renders it), built by the worker
as a report job (core/jobs.py) in the language of whoever asked for it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ropdesk.core.jobs import Progress, report_job_finish
from ropdesk.core.models import ImportJob
from ropdesk.core.types import Actor
from ropdesk.documents import render_pdf
from ropdesk.partners.models import NeedsAssessment


def assessment_pdf(assessment: NeedsAssessment, performance: Any = ()) -> bytes:
    """`performance`: the indicator tables of element 1 (queries.performance_evidence)."""
    context = {
        "title": _("Comprehensive local needs assessment: %s") % assessment.title,
        "assessment": assessment,
        "findings": assessment.findings.prefetch_related("evidence__snapshot"),
        "consultations": assessment.consultations.all(),
        "performance": performance,
    }
    language = translation.get_language() or settings.LANGUAGE_CODE
    return render_pdf("partners/assessment_pdf.html", context, language=language)


PACKET_KIND = "report_clna_packet"
PACKET_RUNNER = "ropdesk.partners.pdf.assessment_pdf_run"


def assessment_pdf_run(*, job: ImportJob, actor: Actor | None, progress: Progress) -> ImportJob:
    assessment = NeedsAssessment.objects.get(pk=job.options["assessment_id"])
    progress(10, _("building the PDF"))
    from ropdesk.partners.queries import performance_evidence

    with translation.override(job.options.get("language") or settings.LANGUAGE_CODE):
        content = assessment_pdf(assessment, performance_evidence(assessment, actor))
    return report_job_finish(
        job, content=content, name=f"clna-{assessment.pk}.pdf", content_type="application/pdf"
    )
