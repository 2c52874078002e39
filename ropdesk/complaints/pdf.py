"""The investigation report as a PDF (reportlab), in the report's language: findings of fact,
conclusions, corrective actions and the appeal rights with the last day to appeal
(5 CCR 4631(e), 4632). Built from the records each time it is asked for."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from ropdesk.complaints import deadlines
from ropdesk.complaints.models import Appeal, Complaint, Report
from ropdesk.complaints.services import weekend_rule

# A Unicode font when the system has one (for languages beyond Latin-1), else Helvetica.
_UNICODE_FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
]


def _fonts() -> tuple[str, str]:
    regular, bold = _UNICODE_FONTS
    if not (regular.exists() and bold.exists()):
        return "Helvetica", "Helvetica-Bold"
    if "RopdeskSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("RopdeskSans", str(regular)))
        pdfmetrics.registerFont(TTFont("RopdeskSans-Bold", str(bold)))
    return "RopdeskSans", "RopdeskSans-Bold"


def _paragraphs(text: str, style: ParagraphStyle) -> list[Paragraph]:
    return [Paragraph(escape(part).replace("\n", "<br/>"), style) for part in text.split("\n\n")]


def report_pdf(complaint: Complaint, report: Report) -> bytes:
    regular, bold = _fonts()
    sheet = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=sheet["BodyText"], fontName=regular, fontSize=10.5)
    heading = ParagraphStyle("h2", parent=sheet["Heading2"], fontName=bold, fontSize=13)
    title_style = ParagraphStyle("title", parent=sheet["Title"], fontName=bold, fontSize=17)
    with translation.override(report.language):
        title = _("Investigation report")
        appeal_by = deadlines.appeal_deadline(report.issued_on, weekend_rule())
        story = [
            Paragraph(escape(settings.ROPDESK["PROGRAM_NAME"]), body),
            Paragraph(escape(title), title_style),
            Paragraph(
                escape(
                    _("Complaint %(reference)s, received %(received)s. Report dated %(issued)s.")
                    % {
                        "reference": complaint.reference,
                        "received": complaint.received_on.isoformat(),
                        "issued": report.issued_on.isoformat(),
                    }
                ),
                body,
            ),
            Paragraph(escape(str(complaint.get_kind_display())), body),
            Spacer(1, 0.15 * inch),
        ]
        for label, text in (
            (_("Findings of fact"), report.findings),
            (_("Conclusions"), report.conclusions),
            (_("Corrective actions and remedies"), report.remedies or _("None.")),
        ):
            story += [Paragraph(escape(label), heading), *_paragraphs(text, body)]
        story += [
            Paragraph(escape(_("Outcome")), heading),
            Paragraph(escape(str(report.get_outcome_display())), body),
            Paragraph(escape(_("Your right to appeal")), heading),
            *_paragraphs(_appeal_rights(appeal_by), body),
        ]
        buffer = BytesIO()
        SimpleDocTemplate(
            buffer,
            pagesize=LETTER,
            title=f"{title} {complaint.reference}",
            author=settings.ROPDESK["PROGRAM_NAME"],
            leftMargin=0.9 * inch,
            rightMargin=0.9 * inch,
        ).build(story)
    return buffer.getvalue()


def _appeal_rights(appeal_by: object) -> str:
    grounds = "\n".join(f"• {label}" for _code, label in Appeal.Ground.choices)
    return (
        _(
            "If you disagree with this report, you may appeal in writing to the California "
            "Department of Education within 30 calendar days of the date of this report: by "
            "%(day)s (5 CCR 4632)."
        )
        % {"day": appeal_by}
        + "\n\n"
        + _("Your appeal must state at least one of these reasons:")
        + "\n"
        + grounds
        + "\n\n"
        + _(
            "Include a copy of your complaint and of this report. Civil law remedies may also "
            "be available to you. For help, contact the coordinator named in the program's "
            "annual notice of complaint procedures."
        )
    )
