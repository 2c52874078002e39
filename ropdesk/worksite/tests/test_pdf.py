"""The PDF copies of a training agreement and a training plan: what they say, in the
reader's language, under the same file names as before."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from pypdf import PdfReader

from ropdesk.worksite import services


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages).split())


def test_the_parents_copy_of_the_agreement_states_the_terms_and_who_has_signed(client, world):
    term = world.cve.section.term
    agreement = services.agreement_create(
        actor=world.instructor,
        kind="cve",
        site=world.other_site,
        term=term,
        enrollment=world.cve,
        terms="The student works 10 hours a week.\nSafety gear is provided.",
        starts_on=term.start_date,
        ends_on=term.end_date,
    )
    client.force_login(world.parent)
    response = client.get(reverse("worksite_agreement_pdf", args=[agreement.pk, "parent"]))
    assert (
        response["Content-Disposition"] == f'inline; filename="agreement-{agreement.pk}-parent.pdf"'
    )
    text = pdf_text(response.content)
    for expected in (
        "Copy for: Parent or guardian",
        "Training site: Harbor Garage",
        f"Student: {world.cve.student}",
        "From 08/19/2026 to 01/22/2027",
        "The student works 10 hours a week. Safety gear is provided.",
        "Parent or guardian not signed yet",
    ):
        assert expected in text, expected


def test_the_training_plan_pdf_lists_every_competency_in_spanish_for_a_spanish_reader(
    client, world
):
    services.plan_create(actor=world.instructor, enrollment=world.cc, expected_weeks=12)
    client.force_login(world.instructor)
    client.cookies["django_language"] = "es"
    url = reverse("worksite_plan_print", args=[world.cc.pk])
    response = client.get(url, {"format": "pdf"})
    assert response["Content-Disposition"] == f'inline; filename="training-plan-{world.cc.pk}.pdf"'
    text = pdf_text(response.content)
    assert "Plan de capacitación individualizado" in text
    assert f"{world.cc.student} — {world.cc.section.course.title} — Gateway Clinic" in text
    for k in (1, 2, 3):
        assert f"Skill {k}" in text
