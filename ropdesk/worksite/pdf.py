"""PDF copies: a training agreement for each party, and a training plan for the site
(ropdesk.documents renders them in the reader's language)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ropdesk.core.formatting import moment_text
from ropdesk.documents import render_pdf
from ropdesk.worksite.models import Party
from ropdesk.worksite.services import required_parties


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _minute(moment: datetime) -> str:
    return moment_text(moment)


def agreement_pdf(agreement: Any, party: str) -> bytes:
    signatures = {s.party: s for s in agreement.signatures.select_related("signed_by")}
    rows = []
    for p in required_parties(agreement, timezone.localdate()):
        s = signatures.get(p)
        rows.append(
            {
                "party": Party(p).label,
                "typed_name": s.typed_name if s else _("not signed yet"),
                "signed_at": _minute(s.signed_at) if s else "",
                "username": s.signed_by.username if s and s.signed_by else "",
            }
        )
    context = {
        "title": agreement.get_kind_display(),
        "program": settings.ROPDESK["PROGRAM_NAME"],
        "agreement": agreement,
        "party": Party(party).label,
        "signatures": rows,
    }
    return render_pdf("worksite/agreement_pdf.html", context, language=_language())


def plan_pdf(plan: Any, items: list[Any]) -> bytes:
    context = {"title": _("Individualized training plan"), "plan": plan, "items": items}
    return render_pdf("worksite/plan_pdf.html", context, language=_language())
