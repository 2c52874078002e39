"""The printable ROP transcript of one student (ropdesk.documents, PDF/UA)."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ropdesk.documents import render_pdf
from ropdesk.marks.models import Mark


def transcript_rows(marks: list[Mark]) -> list[dict[str, Any]]:
    """The marks of record (final periods), grouped by term, with each term's credits."""
    terms: OrderedDict[int, dict[str, Any]] = OrderedDict()
    for mark in marks:
        if not mark.grading_period.is_final:
            continue
        term = mark.grading_period.term
        group = terms.setdefault(term.pk, {"term": term, "marks": [], "earned": Decimal("0")})
        group["marks"].append(mark)
        group["earned"] += mark.credits_earned
    return list(terms.values())


def transcript_pdf(student: Any, marks: list[Mark]) -> bytes:
    groups = transcript_rows(marks)
    context = {
        "title": _("ROP transcript"),
        "program": settings.ROPDESK["PROGRAM_NAME"],
        "student": student,
        "groups": groups,
        "total_earned": sum((g["earned"] for g in groups), Decimal("0")),
    }
    language = translation.get_language() or settings.LANGUAGE_CODE
    return render_pdf("marks/transcript_pdf.html", context, language=language)
