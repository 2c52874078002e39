"""The resume as a PDF through the shared documents module: tagged PDF/UA-1, one column,
standard headings, no tables, so applicant tracking systems read it in order."""

from __future__ import annotations

from django.utils.text import slugify

from ropdesk.documents import render_pdf
from ropdesk.portfolio import present
from ropdesk.portfolio.models import Resume


def resume_pdf(resume: Resume, *, base_url: str) -> bytes:
    view = present.shown(resume)
    context = {
        "title": f"{view.name} — {resume.name}",
        "view": view,
        "resume": resume,
        "base_url": base_url,
    }
    return render_pdf("portfolio/resume_pdf.html", context, language=resume.language)


def filename(resume: Resume) -> str:
    student = resume.student
    return f"resume-{slugify(student.legal_last_name)}-{slugify(resume.name) or resume.pk}.pdf"
