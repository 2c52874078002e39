"""Printable letters (a PDF through ropdesk/documents, a new link each) and the demo's
outcomes growing with --students."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ropdesk.catalog.models import Course
from ropdesk.core.models import Organization, Role, Student
from ropdesk.core.tests import factories as f
from ropdesk.outcomes.demo import seed_outcomes
from ropdesk.outcomes.models import FollowUpLink, FollowUpResponse, FollowUpWave
from ropdesk.outcomes.tests import factories as of

pytestmark = pytest.mark.django_db


def test_letters_are_a_pdf_with_a_new_letter_link_for_each_who_has_not_answered(client) -> None:
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    wave = of.wave()
    of.invitation(of.former_student(), wave)
    of.invitation(of.former_student(home_language="Spanish"), wave, language="es")
    response = client.post(reverse("outcomes_letters", args=[wave.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF")
    assert FollowUpLink.objects.filter(channel="letter").count() == 2


@pytest.mark.parametrize(("scale", "former"), [(60, 30), (600, 100)])
def test_the_demo_outcomes_grow_with_the_number_of_students(scale: int, former: int) -> None:
    _p, _intro, capstone = of.pathway()
    capstone.code = "ROP-198"
    capstone.save(update_fields=["code"])
    Course.objects.exclude(pk=capstone.pk).update(code="X-intro")
    f.school(f.district())
    f.site()
    f.user(role=Role.INSTRUCTOR)
    assert seed_outcomes(seed=7, today=date(2026, 11, 2), scale=scale) == former
    assert Student.objects.filter(local_id__startswith="ROPX").count() == former
    wave = FollowUpWave.objects.get()
    channels = set(FollowUpResponse.objects.values_list("channel", flat=True))
    assert channels >= {"email", "phone"}
    assert wave.opens_on <= date(2026, 10, 12) and wave.closes_on >= date(2026, 12, 2)
    assert seed_outcomes(seed=7, today=date(2026, 11, 2), scale=scale) == 0
    assert Organization.objects.filter(kind="district").exists()
