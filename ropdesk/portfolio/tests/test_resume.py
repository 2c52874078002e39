"""The resume builder: resumes, own entries, verified entries from the records (hidden but
never edited), the preview and the PDF in English and Spanish, comments."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from ropdesk.portfolio import services
from ropdesk.portfolio.models import Resume, ResumeEntry


def _resume(world, **fields):
    return services.resume_create(
        actor=world.student_user,
        student=world.student,
        fields={"name": "Medical assistant", "language": "en", **fields},
    )


def _verified(world, basis):
    services.verified_entries_sync(student=world.student)
    return ResumeEntry.objects.get(student=world.student, basis=basis)


def test_the_records_become_verified_entries_once(world):
    services.verified_entries_sync(student=world.student)
    services.verified_entries_sync(student=world.student)

    entries = ResumeEntry.objects.filter(student=world.student, source="verified")
    assert sorted(e.basis for e in entries) == ["certificate", "hours"]
    hours = entries.get(basis="hours")
    assert hours.facts["hours"] == "6.0"
    assert hours.organization == "Gateway Clinic"
    certificate = entries.get(basis="certificate")
    assert certificate.title == "Medical Terminology"
    assert certificate.facts["code"] == world.completion.certificate_code


def test_a_verified_entry_cannot_be_edited_or_deleted_by_any_service(world):
    entry = _verified(world, "certificate")

    with pytest.raises(ValidationError):
        services.entry_update(actor=world.student_user, entry=entry, fields={"title": "CEO"})
    with pytest.raises(ValidationError):
        services.entry_delete(actor=world.student_user, entry=entry)

    entry.refresh_from_db()
    assert entry.title == "Medical Terminology"


def test_no_page_edits_or_deletes_a_verified_entry(client, world):
    entry = _verified(world, "certificate")
    client.force_login(world.student_user)

    edit = reverse("portfolio_entry_edit", args=[entry.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"section": "certificates", "title": "CEO"}).status_code == 404
    assert client.post(reverse("portfolio_entry_delete", args=[entry.pk])).status_code == 404

    entry.refresh_from_db()
    assert (entry.title, entry.source) == ("Medical Terminology", "verified")


def test_the_student_hides_a_verified_entry_on_one_resume_only(client, world):
    first, second = _resume(world), _resume(world, name="Clinic receptionist")
    entry = _verified(world, "hours")
    client.force_login(world.student_user)

    client.post(reverse("portfolio_entry_hide", args=[first.pk, entry.pk]), {"hidden": "1"})

    first_page = client.get(reverse("portfolio_resume", args=[first.pk])).content.decode()
    assert "Hidden on this resume" in first_page
    assert list(first.hidden_entries.all()) == [entry]
    assert list(second.hidden_entries.all()) == []


def test_own_entries_are_added_edited_and_shown_in_the_preview(client, world):
    resume = _resume(world)
    client.force_login(world.student_user)

    response = client.post(
        reverse("portfolio_entry_new", args=[resume.pk]),
        {
            "section": "work",
            "title": "Cashier",
            "organization": "Corner Market",
            "starts_on": "2026-06-01",
            "highlights_text": "Opened the store\nTrained two new hires",
        },
    )
    assert response.status_code == 302
    entry = ResumeEntry.objects.get(title="Cashier")
    assert entry.highlights == ["Opened the store", "Trained two new hires"]

    client.post(
        reverse("portfolio_entry_edit", args=[entry.pk]),
        {
            "section": "work",
            "title": "Lead cashier",
            "organization": "Corner Market",
            "position": 0,
            "highlights_text": "Opened the store",
        },
    )
    page = client.get(reverse("portfolio_resume", args=[resume.pk])).content.decode()
    assert "Lead cashier" in page
    assert "Work experience" in page
    assert "Verified by ropdesk" in page


def test_an_end_before_the_start_is_refused_next_to_the_field(client, world):
    resume = _resume(world)
    client.force_login(world.student_user)

    response = client.post(
        reverse("portfolio_entry_new", args=[resume.pk]),
        {"section": "work", "title": "Cashier", "starts_on": "2026-06-01", "ends_on": "2026-05-01"},
    )

    assert response.status_code == 400
    assert "The end comes before the start." in response.content.decode()
    assert not ResumeEntry.objects.filter(title="Cashier").exists()


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_is_tagged_with_standard_headings_and_the_verified_mark(client, world):
    resume = _resume(world, label="Medical assistant trainee")
    services.verified_entries_sync(student=world.student)
    client.force_login(world.student_user)

    response = client.get(reverse("portfolio_resume_pdf", args=[resume.pk]))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.root_object
    text = _pdf_text(response.content)
    assert "Cora Reyes" in text
    assert "Certifications" in text
    assert "Work experience" in text
    assert "Certificate of Completion: Medical Terminology" in text
    assert "6.0 hours of on-the-job training" in text
    assert "Verified by ropdesk" in text


def test_a_spanish_resume_has_spanish_headings_and_wording(client, world):
    resume = _resume(world, name="Asistente médico", language="es")
    services.verified_entries_sync(student=world.student)
    client.force_login(world.student_user)

    text = _pdf_text(client.get(reverse("portfolio_resume_pdf", args=[resume.pk])).content)

    assert "Experiencia laboral" in text
    assert "Certificaciones" in text
    assert "Verificado por ropdesk" in text
    assert "horas de formación en el trabajo" in text


def test_counselor_and_instructor_comment_and_the_student_sees_it(client, world):
    resume = _resume(world)
    for author in (world.counselor, world.instructor):
        client.force_login(author)
        response = client.post(
            reverse("portfolio_comment", args=[resume.pk]), {"body": f"From {author.username}"}
        )
        assert response.status_code == 302
    client.force_login(world.student_user)
    page = client.get(reverse("portfolio_resume", args=[resume.pk])).content.decode()
    assert "From counselor" in page and "From teacher" in page


def test_a_supervisor_neither_reads_nor_comments_on_a_resume(client, world):
    resume = _resume(world)
    client.force_login(world.supervisor)

    assert client.get(reverse("portfolio_resume", args=[resume.pk])).status_code == 404
    assert (
        client.post(reverse("portfolio_comment", args=[resume.pk]), {"body": "x"}).status_code
        == 404
    )
    assert resume.comments.count() == 0


def test_a_parent_reads_but_does_not_write_the_resume(client, world):
    resume = _resume(world)
    client.force_login(world.parent)

    assert client.get(reverse("portfolio_resume", args=[resume.pk])).status_code == 200
    response = client.post(reverse("portfolio_resume", args=[resume.pk]), {"name": "Mine"})
    assert response.status_code == 404
    assert Resume.objects.get(pk=resume.pk).name == "Medical assistant"
