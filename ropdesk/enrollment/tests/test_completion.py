"""Completion: the instructor's grade and competencies, the bilingual certificate and its
public verification page (which honors a directory-information opt-out)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.utils import translation
from pypdf import PdfReader

from ropdesk.catalog.models import Competency
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.enrollment import services
from ropdesk.enrollment.models import Completion, EnrollmentEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_section():
    teacher = f.user("teacher", role=Role.INSTRUCTOR)
    course = f.course(title="Certified Nursing Assistant")
    for number, text in enumerate(
        ["Take vital signs accurately", "Follow infection control", "Chart patient care"],
        start=1,
    ):
        Competency.objects.create(course=course, number=number, description=text)
    return teacher, f.section(instructor=teacher, course_obj=course)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def test_a_passing_grade_completes_the_course_and_issues_a_certificate(course_section):
    teacher, section = course_section
    student = f.student(first="Mateo", last="Flores")
    enrollment = f.enroll(student, section)
    attained = list(section.course.competencies.filter(number__in=[1, 3]))
    completion = services.completion_record(
        enrollment=enrollment, actor=teacher, final_grade="B", competencies=attained
    )
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
    assert enrollment.events.get().reason == "Completed with final grade B."
    assert completion.certificate_code is not None
    assert len(completion.certificate_code) == 11 and completion.certificate_code[5] == "-"
    assert set(completion.competencies.values_list("number", flat=True)) == {1, 3}


def test_the_historys_reason_is_in_the_readers_language_not_the_instructors(course_section, client):
    """An instructor who works in Spanish records the grade; the office reads the history in
    English, a Spanish-speaking coordinator in Spanish. The table keeps the English words
    for exports and SQL, with the code and the grade that put them into either language."""
    teacher, section = course_section
    enrollment = f.enroll(f.student(), section)
    with translation.override("es"):
        services.completion_record(
            enrollment=enrollment, actor=teacher, final_grade="C", competencies=[]
        )
    event = enrollment.events.get()
    assert (event.reason, event.reason_code, event.reason_args) == (
        "Completed with final grade C.",
        "enrollment.completed",
        {"grade": "C"},
    )
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    page = f"/enrollments/{enrollment.pk}/"
    assert "Completed with final grade C." in client.get(page).content.decode()
    spanish = client.get(page, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Completó el curso con la calificación final C." in spanish
    assert "Completed with final grade" not in spanish


def test_a_reason_a_person_typed_is_shown_as_typed():
    event = EnrollmentEvent(reason="Moved to another county", reason_code="")
    assert event.why == "Moved to another county"
    unknown = EnrollmentEvent(reason="Old words", reason_code="enrollment.retired-code")
    assert unknown.why == "Old words"


def test_a_failing_grade_completes_without_a_certificate(course_section):
    teacher, section = course_section
    enrollment = f.enroll(f.student(), section)
    completion = services.completion_record(
        enrollment=enrollment, actor=teacher, final_grade="F", competencies=[]
    )
    assert (completion.certificate_code, completion.issued_at) == (None, None)


def test_only_the_instructor_of_the_section_records_completion(course_section):
    _teacher, section = course_section
    other = f.user("other", role=Role.INSTRUCTOR)
    enrollment = f.enroll(f.student(), section)
    with pytest.raises(services.ValidationError):
        services.completion_record(
            enrollment=enrollment, actor=other, final_grade="A", competencies=[]
        )
    with pytest.raises(services.ValidationError):
        services.completion_record(
            enrollment=enrollment,
            actor=_teacher,
            final_grade="A",
            competencies=[Competency.objects.create(course=f.course(), number=1, description="x")],
        )
    assert not Completion.objects.exists()


def test_codes_are_read_forgivingly():
    assert services.certificate_code_normalize(" 7kq2m 9txcd ") == "7KQ2M-9TXCD"
    assert services.certificate_code_normalize("OIL00-11111") == "01100-11111"
    codes = {services.certificate_code_new() for _ in range(200)}
    assert len(codes) == 200
    assert all(set(c.replace("-", "")) <= set(services.CODE_ALPHABET) for c in codes)


def test_the_student_downloads_a_bilingual_certificate_listing_the_competencies(
    course_section, client
):
    teacher, section = course_section
    account = f.user("mateo", role=Role.STUDENT)
    student = f.student(first="Mateo", last="Flores", account=account)
    enrollment = f.enroll(student, section)
    completion = services.completion_record(
        enrollment=enrollment,
        actor=teacher,
        final_grade="A",
        competencies=section.course.competencies.filter(number__in=[1, 2]),
    )
    client.force_login(account)
    response = client.get(f"/enrollments/{enrollment.pk}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "Certificate of Completion",
        "Certificado de Terminación",
        "This certifies that / Se certifica que",
        "Mateo Flores",
        "has completed / ha completado el curso",
        "Certified Nursing Assistant",
        "Take vital signs accurately",
        "Follow infection control",
        f"Verification code / Código de verificación: {completion.certificate_code}",
        "http://testserver/certificates/verify/",
    ):
        assert expected in text, expected
    assert "Chart patient care" not in text


def test_nobody_else_downloads_it(course_section, client):
    teacher, section = course_section
    enrollment = f.enroll(f.student(), section)
    services.completion_record(
        enrollment=enrollment, actor=teacher, final_grade="A", competencies=[]
    )
    client.force_login(f.user("someone", role=Role.STUDENT))
    assert client.get(f"/enrollments/{enrollment.pk}/certificate.pdf").status_code == 404


def test_the_public_page_verifies_a_code(course_section, client):
    teacher, section = course_section
    enrollment = f.enroll(f.student(first="Mateo", last="Flores"), section)
    completion = services.completion_record(
        enrollment=enrollment,
        actor=teacher,
        final_grade="A",
        competencies=section.course.competencies.filter(number=2),
    )
    typed = completion.certificate_code.lower().replace("-", " ")
    response = client.get("/certificates/verify/", {"code": typed}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/certificates/{completion.certificate_code}/"
    assert "Valid certificate of completion" in page
    assert "Mateo Flores" in page and "Certified Nursing Assistant" in page
    assert "Follow infection control" in page


def test_an_unknown_code_says_so_and_keeps_what_was_typed(client):
    response = client.get("/certificates/verify/", {"code": "ZZZZZ-ZZZZZ"})
    page = response.content.decode()
    assert "No certificate has this code" in page
    assert 'value="ZZZZZ-ZZZZZ"' in page
    assert client.get("/certificates/ZZZZZ-ZZZZZ/").status_code == 404


def test_a_student_who_opted_out_of_directory_information_is_not_named(course_section, client):
    teacher, section = course_section
    enrollment = f.enroll(f.student(first="Mateo", last="Flores", directory_opt_out=True), section)
    completion = services.completion_record(
        enrollment=enrollment, actor=teacher, final_grade="A", competencies=[]
    )
    page = client.get(f"/certificates/{completion.certificate_code}/").content.decode()
    assert "is valid" in page
    assert "Flores" not in page and "Certified Nursing Assistant" not in page


def test_the_instructor_records_completion_on_the_section_page(course_section, client):
    teacher, section = course_section
    done = f.enroll(f.student(last="Alvarez"), section)
    later = f.enroll(f.student(last="Brooks"), section)
    competency = section.course.competencies.get(number=1)
    client.force_login(teacher)
    url = f"/sections/{section.pk}/completion/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {f"e{done.pk}-competencies": [competency.pk]})
    assert "Give a final grade with the competencies." in bad.content.decode()
    assert f'value="{competency.pk}"' in bad.content.decode()
    assert not Completion.objects.exists()
    response = client.post(
        url, {f"e{done.pk}-final_grade": "A", f"e{done.pk}-competencies": [competency.pk]}
    )
    assert response.status_code == 302
    assert Completion.objects.get().enrollment == done
    later.refresh_from_db()
    assert later.status == "enrolled"


def test_another_instructor_cannot_open_the_completion_page(course_section, client):
    _teacher, section = course_section
    client.force_login(f.user("other", role=Role.INSTRUCTOR))
    assert client.get(f"/sections/{section.pk}/completion/").status_code == 404


def test_the_completion_page_runs_the_same_queries_for_any_roster(course_section, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    teacher, section = course_section
    client.force_login(teacher)
    url = f"/sections/{section.pk}/completion/"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        assert page.status_code == 200
        return len(captured)

    f.enroll(f.student(), section)
    before = queries()
    for _ in range(6):
        f.enroll(f.student(), section)
    assert queries() == before
    assert "Chart patient care" in client.get(url).content.decode()
