"""Certificates of completion: a one-page PDF in English and Spanish that lists the
competencies attained, with a short code anyone can check on the public verification page.

No state format exists for ROP certificates (domain-rules.md 3.20); the course's competencies
come from its approved objectives (3.19). The certificate is bilingual by design, so its
wording is fixed here in both languages rather than taken from the interface's language.
"""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from ropdesk.enrollment.models import Completion

SPANISH_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def find(code: str) -> Completion | None:
    """The issued certificate with this code, with everything its pages show."""
    if not code:
        return None
    return (
        Completion.objects.filter(certificate_code=code)
        .select_related(
            "enrollment__student", "enrollment__section__course", "enrollment__section__term"
        )
        .prefetch_related("competencies")
        .first()
    )


def _styles(small: bool) -> dict[str, ParagraphStyle]:
    body = 9.5 if small else 11
    return {
        "title": ParagraphStyle(
            "title", fontName="Helvetica-Bold", fontSize=22, leading=27, alignment=1
        ),
        "subtitle": ParagraphStyle(
            "subtitle", fontName="Helvetica-Oblique", fontSize=16, leading=20, alignment=1
        ),
        "center": ParagraphStyle(
            "center", fontName="Helvetica", fontSize=body + 1, leading=body + 5, alignment=1
        ),
        "name": ParagraphStyle(
            "name", fontName="Helvetica-Bold", fontSize=20, leading=26, alignment=1
        ),
        "body": ParagraphStyle("body", fontName="Helvetica", fontSize=body, leading=body + 3),
        "foot": ParagraphStyle("foot", fontName="Helvetica", fontSize=9, leading=12),
    }


def certificate_pdf(completion: Completion, *, verify_url: str) -> bytes:
    enrollment = completion.enrollment
    student, course = enrollment.student, enrollment.section.course
    competencies = list(completion.competencies.all())
    s = _styles(small=len(competencies) > 8)
    issued = timezone.localtime(completion.issued_at).date()
    english_date = f"{issued:%B} {issued.day}, {issued.year}"
    spanish_date = f"{issued.day} de {SPANISH_MONTHS[issued.month - 1]} de {issued.year}"
    program = escape(settings.ROPDESK["PROGRAM_NAME"])
    name = escape(f"{student.legal_first_name} {student.legal_last_name}")
    code = escape(completion.certificate_code or "")
    story = [
        Paragraph(program, s["center"]),
        Spacer(1, 6),
        Paragraph("Certificate of Completion", s["title"]),
        Paragraph("Certificado de Terminación", s["subtitle"]),
        Spacer(1, 10),
        Paragraph("This certifies that / Se certifica que", s["center"]),
        Paragraph(name, s["name"]),
        Paragraph("has completed / ha completado el curso", s["center"]),
        Paragraph(f"<b>{escape(course.title)}</b> ({course.hours} hours / horas)", s["center"]),
        Spacer(1, 8),
        Paragraph("and attained these competencies / y adquirió estas competencias:", s["body"]),
        ListFlowable(
            [ListItem(Paragraph(escape(c.description), s["body"])) for c in competencies],
            bulletType="bullet",
            leftIndent=14,
        ),
        Spacer(1, 10),
        Paragraph(f"Issued / Emitido: {english_date} / {spanish_date}", s["body"]),
        Spacer(1, 8),
        Paragraph(
            f"Verification code / Código de verificación: <b>{code}</b><br/>"
            f"Verify at / Verifique en: {escape(verify_url)}",
            s["foot"],
        ),
    ]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
        topMargin=0.8 * inch,
        bottomMargin=0.7 * inch,
        title=f"Certificate of Completion — {student.legal_last_name} — {course.title}",
        author=settings.ROPDESK["PROGRAM_NAME"],
    )
    document.build(story)
    return buffer.getvalue()
