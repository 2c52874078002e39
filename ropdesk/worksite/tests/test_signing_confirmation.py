"""After signing a training agreement (issue 15): the party sees what they signed, when, who
still has to sign, and a link to their copy (PDF)."""

from __future__ import annotations

import pytest

from ropdesk.core.tests.clock import suite_today
from ropdesk.worksite import services
from ropdesk.worksite.tests.test_agreements_and_hours import _cve_agreement

pytestmark = pytest.mark.django_db


def test_the_confirmation_says_who_still_signs(world):
    agreement = _cve_agreement(world)
    assert services.signature_confirmation(agreement, "student", suite_today()) is None
    services.agreement_sign(
        actor=world.cve_student_user, agreement=agreement, party="student", typed_name="Vic"
    )
    confirmation = services.signature_confirmation(agreement, "student", suite_today())
    assert confirmation.signature.typed_name == "Vic"
    assert confirmation.waiting_for == ["school", "employer", "parent"]
    assert confirmation.fully_signed_on is None


def test_the_last_signature_says_the_agreement_is_in_effect(world):
    agreement = _cve_agreement(world)
    for actor, party in [
        (world.instructor, "school"),
        (world.other_supervisor, "employer"),
        (world.cve_student_user, "student"),
        (world.parent, "parent"),
    ]:
        services.agreement_sign(actor=actor, agreement=agreement, party=party, typed_name="X")
    agreement.refresh_from_db()
    confirmation = services.signature_confirmation(agreement, "parent", suite_today())
    assert confirmation.waiting_for == []
    assert confirmation.fully_signed_on == suite_today()


def test_signing_on_the_page_shows_the_confirmation(world, client):
    agreement = _cve_agreement(world)
    client.force_login(world.parent)
    url = f"/worksite/agreements/{agreement.pk}/"
    response = client.post(
        url, {"party": "parent", "parent-party": "parent", "parent-typed_name": "Maria Mom"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?signed=parent#signed"
    page = client.get(f"{url}?signed=parent").content.decode()
    assert "You signed this agreement" in page
    assert "as Parent or guardian, with the name “Maria Mom”, on" in page
    assert "Still to sign: School representative, Employer or site representative, Student." in page
    assert f'href="/worksite/agreements/{agreement.pk}/pdf/parent/"' in page
    assert client.get(f"/worksite/agreements/{agreement.pk}/pdf/parent/").status_code == 200


def test_the_confirmation_is_in_spanish(world, client):
    agreement = _cve_agreement(world)
    services.agreement_sign(
        actor=world.parent, agreement=agreement, party="parent", typed_name="Maria Mom"
    )
    client.force_login(world.parent)
    page = client.get(
        f"/worksite/agreements/{agreement.pk}/?signed=parent", HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Usted firmó este acuerdo" in page
    assert "Descargar su copia (PDF)" in page


def test_nobody_sees_a_confirmation_for_a_party_they_do_not_sign_for(world, client):
    agreement = _cve_agreement(world)
    services.agreement_sign(
        actor=world.parent, agreement=agreement, party="parent", typed_name="Maria Mom"
    )
    # The student may read the agreement but did not sign for the parent.
    client.force_login(world.cve_student_user)
    page = client.get(f"/worksite/agreements/{agreement.pk}/?signed=parent").content.decode()
    assert "You signed this agreement" not in page
    # Someone with no part in the agreement gets no page at all.
    client.force_login(world.cc_student_user)
    response = client.get(f"/worksite/agreements/{agreement.pk}/?signed=parent")
    assert response.status_code == 404
