"""The needs-assessment packet as a PDF (ropdesk.documents renders it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

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
