"""The certificate PDF prints every student's name as written (it printed "Th■ Ánh Nguy■n"
in Helvetica), in a tagged PDF, whatever language the student's pages are in."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from ropdesk.catalog.models import Competency
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.enrollment import services

pytestmark = pytest.mark.django_db


def certificate(
    client,
    first: str,
    last: str,
    *,
    language: str = "en",
    competencies: int = 1,
    spanish_content: bool = False,
) -> PdfReader:
    """Complete a course with a certificate and download it as the student, through the view."""
    teacher = f.user("teacher", role=Role.INSTRUCTOR)
    course = f.course(title="Medical Assisting")
    Competency.objects.create(
        course=course,
        number=1,
        description="Measure blood pressure",
        description_es="Medir la presión arterial" if spanish_content else "",
    )
    if spanish_content:
        course.title_es = "Asistencia Médica"
        course.save(update_fields=["title_es"])
    for n in range(2, competencies + 1):
        description = f"Competency {n}: prepare, assist with and document a clinical procedure"
        Competency.objects.create(course=course, number=n, description=description)
    account = f.user("learner", role=Role.STUDENT)
    enrollment = f.enroll(
        f.student(first=first, last=last, account=account),
        f.section(instructor=teacher, course_obj=course),
    )
    services.completion_record(
        enrollment=enrollment,
        actor=teacher,
        final_grade="A",
        competencies=course.competencies.all(),
    )
    client.force_login(account)
    client.cookies["django_language"] = language
    response = client.get(f"/enrollments/{enrollment.pk}/certificate.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize(
    ("first", "last"),
    [("Thị Ánh", "Nguyễn"), ("Արամ", "Սարգսյան"), ("王", "小明")],
    ids=["vietnamese", "armenian", "chinese"],
)
def test_the_name_reads_back_from_the_pdf_exactly_as_written(client, first, last):
    text = text_of(certificate(client, first, last))
    assert f"This certifies that / Se certifica que {first} {last} has completed" in text
    assert "■" not in text


def test_the_certificate_is_a_tagged_pdf_in_english_with_its_title(client):
    reader = certificate(client, "Thị Ánh", "Nguyễn")
    catalog: Any = reader.trailer["/Root"]  # PDF dictionaries: pypdf types entries PdfObject
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    assert reader.metadata.title == "Certificate of Completion — Nguyễn — Medical Assisting"


def test_a_student_reading_in_spanish_gets_the_same_bilingual_certificate(client):
    text = text_of(certificate(client, "José Ángel", "Muñoz Peña", language="es"))
    for expected in (
        "Certificate of Completion Certificado de Terminación",
        "José Ángel Muñoz Peña",
        "y adquirió estas competencias: Measure blood pressure",
        "Issued / Emitido: November 2, 2026 / 2 de noviembre de 2026",
        "Verification code / Código de verificación:",
    ):
        assert expected in text, expected


def test_a_course_with_twenty_competencies_still_fits_one_page(client):
    text = text_of(certificate(client, "Thị Ánh", "Nguyễn", competencies=20))
    assert "Competency 20: prepare, assist with and document a clinical procedure" in text


def test_a_course_with_spanish_content_prints_both_titles_and_competencies(client):
    text = text_of(certificate(client, "Ana", "Ruiz", spanish_content=True))
    assert "Medical Assisting / Asistencia Médica" in text
    assert "Measure blood pressure / Medir la presión arterial" in text
