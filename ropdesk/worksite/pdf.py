"""PDF copies: a training agreement for each party, and a training plan for the site."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from ropdesk.worksite.models import Party
from ropdesk.worksite.services import required_parties


def _build(title: str, story: list[Any]) -> bytes:
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=LETTER, title=title, leftMargin=inch, rightMargin=inch)
    doc.build(story)
    return buffer.getvalue()


def _p(text: str, style: Any) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def agreement_pdf(agreement: Any, party: str) -> bytes:
    sheet = getSampleStyleSheet()
    body, title_style = sheet["BodyText"], sheet["Title"]
    title = agreement.get_kind_display()
    story: list[Any] = [
        _p(settings.ROPDESK["PROGRAM_NAME"], body),
        _p(title, title_style),
        _p(_("Copy for: %(party)s") % {"party": Party(party).label}, body),
        _p(_("Training site: %(site)s") % {"site": agreement.site}, body),
    ]
    if agreement.enrollment_id:
        story.append(_p(_("Student: %(name)s") % {"name": agreement.enrollment.student}, body))
    story += [
        _p(
            _("From %(start)s to %(end)s")
            % {"start": agreement.starts_on, "end": agreement.ends_on},
            body,
        ),
        Spacer(1, 12),
        _p(agreement.terms, body),
        Spacer(1, 12),
    ]
    signatures = {s.party: s for s in agreement.signatures.select_related("signed_by")}
    rows = [[_("Party"), _("Signed as"), _("Signed at"), _("Signed in as")]]
    for p in required_parties(agreement, timezone.localdate()):
        s = signatures.get(p)
        rows.append(
            [
                str(Party(p).label),
                s.typed_name if s else _("not signed yet"),
                timezone.localtime(s.signed_at).strftime("%Y-%m-%d %H:%M") if s else "",
                s.signed_by.username if s and s.signed_by else "",
            ]
        )
    story.append(Table(rows))
    if agreement.fully_signed_on:
        story.append(_p(_("Fully signed on %(day)s.") % {"day": agreement.fully_signed_on}, body))
    return _build(title, story)


def plan_pdf(plan: Any, items: list[Any]) -> bytes:
    sheet = getSampleStyleSheet()
    body = sheet["BodyText"]
    e = plan.enrollment
    title = _("Individualized training plan")
    story: list[Any] = [
        _p(title, sheet["Title"]),
        _p(f"{e.student} — {e.section.course.title} — {e.worksite}", body),
        _p(_("Expected duration: %(n)s weeks") % {"n": plan.expected_weeks}, body),
        Spacer(1, 12),
    ]
    rows = [[_("Competency"), _("Where taught"), _("Hours"), _("Verified"), _("Rating")]]
    for item in items:
        rows.append(
            [
                Paragraph(escape(str(item.competency)), body),
                str(item.get_where_taught_display()),
                str(item.expected_hours),
                str(item.verified_on or ""),
                str(item.supervisor_rating or ""),
            ]
        )
    story.append(Table(rows, colWidths=[3 * inch, 1 * inch, 0.6 * inch, 0.9 * inch, 0.6 * inch]))
    return _build(title, story)
