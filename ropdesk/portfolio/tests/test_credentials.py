"""Open Badges 3.0 credentials: issued from a verified entry, signed by the county office's
key, shaped as OB 3.0 requires, verified by the library, and no longer once revoked."""

from __future__ import annotations

import copy
import dataclasses
import json
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft201909Validator
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from ropdesk.portfolio import credentials, services
from ropdesk.portfolio.models import Credential, ResumeEntry


def _entry(world, basis="certificate"):
    services.verified_entries_sync(student=world.student)
    return ResumeEntry.objects.get(student=world.student, basis=basis)


def _issue(world, basis="certificate"):
    return services.credential_issue(actor=world.student_user, entry=_entry(world, basis))


def _over_http(client):
    """A verifier's fetch of the status list, through the real page."""

    def download(url):
        path = url.removeprefix("http://testserver")
        response = client.get(path)
        assert response.status_code == 200, url
        return response.content

    return download


def _payload(credential):
    import jwt

    return jwt.decode(credential.token, options={"verify_signature": False})


def test_a_certificate_becomes_an_open_badge_with_every_required_field(world):
    credential = _issue(world)
    document = _payload(credential)

    assert credentials.ob3_problems(document) == []
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["issuer"]["id"] == "did:web:testserver"
    assert document["id"] == f"urn:uuid:{credential.uuid}"
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "CertificateOfCompletion"
    assert achievement["name"] == "Certificate of Completion: Medical Terminology"
    assert document["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert document["credentialStatus"]["statusListIndex"] == str(credential.status_index)
    assert document["evidence"][0]["id"].startswith("http://testserver/portfolio/check/")


def test_job_site_hours_become_a_fieldwork_badge_with_the_hours_as_its_result(world):
    document = _payload(_issue(world, "hours"))

    assert document["credentialSubject"]["achievement"]["achievementType"] == "Fieldwork"
    assert document["credentialSubject"]["result"][0]["value"] == "6.0 hours"


def test_every_kind_of_credential_validates_against_the_ob3_schema(world):
    """Each basis becomes a credential that the draft 2019-09 schema of OB 3.0 accepts, with
    the student's id hashed under a type OB 3.0's IdentifierTypeEnum knows."""
    schema = json.loads(credentials.SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft201909Validator.check_schema(schema)
    for basis in ("certificate", "hours"):
        document = _payload(_issue(world, basis))
        Draft201909Validator(schema).validate(document)
        student_id = document["credentialSubject"]["identifier"][1]
        assert student_id["identityType"] == "sisSourcedId"
        assert student_id["identityHash"].startswith("sha256$")


def test_the_schema_names_what_is_missing_or_wrong():
    problems = credentials.ob3_problems({"@context": [], "type": ["VerifiableCredential"]})

    assert "(credential): 'id' is a required property" in problems
    assert "(credential): 'validFrom' is a required property" in problems
    assert any(p.startswith("@context: ") for p in problems)
    assert any(p.startswith("type: ") for p in problems)


def test_the_schema_refuses_what_ob3_forbids(world):
    good = _payload(_issue(world))
    assert credentials.ob3_problems(good) == []

    def broken(change):
        document = copy.deepcopy(good)
        change(document)
        return credentials.ob3_problems(document)

    def vc_1_context(d):
        d["@context"][0] = "https://www.w3.org/2018/credentials/v1"

    def unknown_identity_type(d):
        d["credentialSubject"]["identifier"][1]["identityType"] = "studentId"

    def unhashed_hash(d):
        d["credentialSubject"]["identifier"][1]["identityHash"] = "12345"

    def no_criteria(d):
        del d["credentialSubject"]["achievement"]["criteria"]

    def naive_date(d):
        d["validFrom"] = "2026-11-02T18:00:00"

    def stray_subject_field(d):
        d["credentialSubject"]["studentName"] = "Cora Reyes"

    def issuer_without_profile(d):
        d["issuer"]["type"] = ["Organization"]

    assert broken(vc_1_context)[0].startswith("@context[0]: ")
    assert broken(unknown_identity_type)[0].startswith("credentialSubject.identifier[1]")
    assert broken(unhashed_hash)[0].startswith("credentialSubject.identifier[1].identityHash")
    assert broken(no_criteria) == [
        "credentialSubject.achievement: 'criteria' is a required property"
    ]
    assert broken(naive_date)[0].startswith("validFrom: ")
    assert broken(stray_subject_field)[0].startswith("credentialSubject: Additional properties")
    assert broken(issuer_without_profile)[0].startswith("issuer.type: ")


def test_a_document_that_breaks_the_schema_is_never_signed(world):
    """A subject with neither an id nor an identifier breaks OB 3.0: sign refuses it."""
    document = services._credential_document(
        _entry(world), "certificate", uuid.uuid4(), 0, timezone.now().replace(microsecond=0)
    )

    with pytest.raises(credentials.SchemaBroken, match="credentialSubject"):
        credentials.sign(dataclasses.replace(document, identifiers=[]))


def test_the_library_verifies_the_signature_and_the_status_list(world, client):
    credential = _issue(world)
    verifier = OB3Verifier(credentials.signing_key().public_pem)

    verified = verifier.verify(credential.token, check_status=True, download=_over_http(client))

    assert verified.id == f"urn:uuid:{credential.uuid}"


def test_a_revoked_credential_stops_verifying(world, client):
    credential = _issue(world)
    services.credential_revoke(actor=world.admin, credential=credential, reason="Issued in error")
    verifier = OB3Verifier(credentials.signing_key().public_pem)

    with pytest.raises(OB3VerificationError, match="revocation"):
        verifier.verify(credential.token, check_status=True, download=_over_http(client))
    page = Client().get(reverse("portfolio_credential_verify", args=[credential.uuid]))
    assert "Revoked" in page.content.decode()


def test_the_verification_page_names_the_credential_in_the_readers_language(world):
    credential = _issue(world)
    assert credential.name == "Certificate of Completion: Medical Terminology"  # as signed
    url = reverse("portfolio_credential_verify", args=[credential.uuid])

    english = Client().get(url).content.decode()
    spanish = Client().get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "<dd>Certificate of Completion: Medical Terminology</dd>" in english
    assert "<dd>Certificado de finalización: Medical Terminology</dd>" in spanish


def test_a_changed_credential_does_not_verify(world):
    credential = _issue(world)
    head, body, signature = credential.token.split(".")
    forged = ".".join([head, body[:-4] + ("AAAA" if body[-4:] != "AAAA" else "BBBB"), signature])

    assert credentials.check(forged).state == "invalid"
    assert credentials.check(credential.token).state == "valid"


def test_only_the_office_revokes(world):
    credential = _issue(world)
    with pytest.raises(Exception, match="Only the office"):
        services.credential_revoke(actor=world.instructor, credential=credential, reason="x")
    assert Credential.objects.get(pk=credential.pk).revoked_at is None


@pytest.mark.clock("2027-03-01 09:00")
def test_a_work_readiness_credential_expires_after_its_years(world, settings):
    from ropdesk.portfolio.models import WorkReadinessRating

    WorkReadinessRating.objects.create(
        enrollment=world.trainee,
        site=world.site,
        rater=world.supervisor,
        rated_on=world.trainee.section.term.start_date,
        scores={"attendance": 3, "teamwork": 4},
    )
    credential = _issue(world, "readiness")
    assert credentials.check(credential.token).state == "valid"

    import time_machine

    with time_machine.travel("2029-03-02 09:00 -0800", tick=False):
        assert credentials.check(credential.token).state == "expired"


def test_the_public_page_says_valid_and_names_the_student(world):
    credential = _issue(world)
    page = Client().get(reverse("portfolio_credential_verify", args=[credential.uuid]))
    text = page.content.decode()
    assert "Valid" in text and "Cora Reyes" in text


def test_the_public_pages_never_name_a_student_who_opted_out(world):
    world.student.directory_opt_out = True
    world.student.save(update_fields=["directory_opt_out"])
    credential = _issue(world)
    anonymous = Client()

    pages = [
        anonymous.get(reverse("portfolio_credential_verify", args=[credential.uuid])),
        anonymous.get(reverse("portfolio_entry_check", args=[credential.entry.check_code])),
        anonymous.post(reverse("portfolio_credential_check"), {"token": credential.token}),
    ]

    for page in pages:
        text = page.content.decode()
        assert page.status_code == 200
        assert "Cora" not in text and "Reyes" not in text
        assert "declined directory information" in text


def test_an_uploaded_credential_file_is_checked(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    credential = _issue(world)
    upload = SimpleUploadedFile("badge.jwt", credential.token.encode())
    page = Client().post(reverse("portfolio_credential_check"), {"file": upload})
    assert 'class="state-valid"' in page.content.decode()


def test_the_student_downloads_the_signed_file(client, world):
    credential = _issue(world)
    client.force_login(world.student_user)
    response = client.get(reverse("portfolio_credential_download", args=[credential.uuid]))
    assert response["Content-Type"] == "application/vc+jwt"
    assert response.content.decode() == credential.token


def test_the_did_document_lists_every_key_and_a_rotated_key_still_verifies(world, client):
    old = _issue(world)
    call_command("portfolio_issuer_key", "--rotate", stdout=open("/dev/null", "w"))
    new = _issue(world, "hours")

    document = client.get(reverse("portfolio_did")).json()
    assert [m["id"] for m in document["verificationMethod"]] == [
        "did:web:testserver#key-1",
        "did:web:testserver#key-2",
    ]
    assert (old.key_id, new.key_id) == ("did:web:testserver#key-1", "did:web:testserver#key-2")
    assert credentials.check(old.token).state == "valid"
    assert credentials.check(new.token).state == "valid"
    # The old key keeps its private half, for its status lists only.
    assert [k.private_pem is not None for k in credentials.issuer_keys()] == [True, True]
    assert credentials.signing_key().number == 2


def _strict(credential, client):
    """A verifier that checks the status list's signature against the credential's own key
    (openbadgeslib's default), with the key taken from the published DID document."""
    document = client.get(reverse("portfolio_did")).json()
    method = next(m for m in document["verificationMethod"] if m["id"] == credential.key_id)
    from jwt.algorithms import OKPAlgorithm

    public = OKPAlgorithm.from_jwk(method["publicKeyJwk"])
    from cryptography.hazmat.primitives import serialization

    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return OB3Verifier(pem).verify(
        credential.token, check_status=True, verify_status_list=True, download=_over_http(client)
    )


def test_after_a_rotation_an_old_credential_revoked_verifies_as_revoked_and_a_new_one_as_valid(
    world, client
):
    old = _issue(world)
    call_command("portfolio_issuer_key", "--rotate", stdout=open("/dev/null", "w"))
    new = _issue(world, "hours")
    services.credential_revoke(actor=world.admin, credential=old, reason="Issued in error")

    # Each list holds one key's credentials and is signed by that key.
    assert new.status_index == credentials.STATUS_LIST_SIZE
    assert _payload(new)["credentialStatus"]["statusListCredential"].endswith("/status/1/")
    with pytest.raises(OB3VerificationError, match="revocation"):
        _strict(old, client)
    assert _strict(new, client).id == f"urn:uuid:{new.uuid}"
    assert credentials.check(old.token).state == "revoked"
    assert credentials.check(new.token).state == "valid"
    page = Client().get(reverse("portfolio_credential_verify", args=[old.uuid]))
    assert "Revoked" in page.content.decode()


def test_forgetting_the_old_keys_after_a_leak_deletes_their_private_halves(world):
    old = _issue(world)
    call_command("portfolio_issuer_key", "--rotate", "--forget-old", stdout=open("/dev/null", "w"))

    assert [k.private_pem is not None for k in credentials.issuer_keys()] == [False, True]
    # ropdesk's own check still reads the old signature with the published public half.
    assert credentials.check(old.token).state == "valid"


def test_keys_live_in_files_readable_only_by_their_owner(world):
    import os
    import stat

    for path in credentials.key_dir().glob("issuer-*.pem"):
        if not path.name.endswith(".pub.pem"):
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
