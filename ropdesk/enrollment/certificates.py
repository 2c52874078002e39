"""Certificates of completion: a one-page PDF in English and Spanish that lists the
competencies attained, with a short code anyone can check on the public verification page.

No state format exists for ROP certificates (domain-rules.md 3.20); the course's competencies
come from its approved objectives (3.19). The certificate is bilingual by design, so its
wording is fixed here in both languages rather than taken from the interface's language.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from ropdesk.documents import render_pdf
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


def certificate_pdf(completion: Completion, *, verify_url: str) -> bytes:
    enrollment = completion.enrollment
    student, course = enrollment.student, enrollment.section.course
    competencies = list(completion.competencies.all())
    issued = timezone.localtime(completion.issued_at).date()
    context = {
        "title": f"Certificate of Completion — {student.legal_last_name} — {course.title}",
        "program": settings.ROPDESK["PROGRAM_NAME"],
        "name": f"{student.legal_first_name} {student.legal_last_name}",
        "course": course,
        "competencies": competencies,
        "many": len(competencies) > 8,
        "english_date": f"{issued:%B} {issued.day}, {issued.year}",
        "spanish_date": f"{issued.day} de {SPANISH_MONTHS[issued.month - 1]} de {issued.year}",
        "code": completion.certificate_code or "",
        "verify_url": verify_url,
    }
    # Bilingual by design: English is the document's language, the Spanish is marked as such.
    return render_pdf("enrollment/certificate_pdf.html", context, language="en")
