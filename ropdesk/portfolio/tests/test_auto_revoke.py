"""A credential is revoked by itself when the record it stands on is withdrawn: a certificate
taken back by a new grade, a competency's verification undone, approved hours deleted. The
status list says so at once, and so does the public verification page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from ropdesk.catalog.models import Competency
from ropdesk.core.models import AuditEvent
from ropdesk.enrollment.services import completion_record
from ropdesk.portfolio import credentials, services
from ropdesk.portfolio.models import Credential, ResumeEntry
from ropdesk.worksite import services as worksite_services

pytestmark = pytest.mark.clock("2026-11-02 09:00")


def _issue(world, basis):
    services.verified_entries_sync(student=world.student)
    entry = ResumeEntry.objects.get(student=world.student, basis=basis)
    return services.credential_issue(actor=world.student_user, entry=entry)


def _revoked_everywhere(credential, client):
    row = Credential.objects.get(pk=credential.pk)
    assert row.revoked_at is not None
    assert credentials.check(row.token).state == "revoked"

    def download(url):
        return client.get(url.removeprefix("http://testserver")).content

    with pytest.raises(OB3VerificationError, match="revocation"):
        OB3Verifier(credentials.signing_key().public_pem).verify(
            row.token, check_status=True, download=download
        )
    page = Client().get(reverse("portfolio_credential_verify", args=[row.uuid]))
    assert "Revoked" in page.content.decode()
    return row


def test_a_certificate_withdrawn_by_a_new_grade_revokes_its_credential(world, client):
    credential = _issue(world, ResumeEntry.Basis.CERTIFICATE)
    other = _issue(world, ResumeEntry.Basis.JOB_SITE_HOURS)
    enrollment = world.completion.enrollment

    completion_record(
        enrollment=enrollment, actor=world.instructor, final_grade="F", competencies=[]
    )

    row = _revoked_everywhere(credential, client)
    assert row.revoked_reason == "The certificate of completion was withdrawn."
    assert AuditEvent.objects.filter(
        action="credential_revoke", object_id=str(row.pk), actor__isnull=True
    ).exists()
    # The other credential stands on another record and stays valid.
    assert credentials.check(other.token).state == "valid"


def test_regrading_with_a_passing_grade_keeps_the_credential(world):
    credential = _issue(world, ResumeEntry.Basis.CERTIFICATE)

    completion_record(
        enrollment=world.completion.enrollment,
        actor=world.instructor,
        final_grade="B",
        competencies=[],
    )

    assert credentials.check(credential.token).state == "valid"


def test_undoing_a_competency_verification_revokes_the_competency_credential(world, client):
    course = world.trainee.section.course
    Competency.objects.bulk_create(
        Competency(course=course, number=k, description=f"Task {k}") for k in (1, 2)
    )
    plan = worksite_services.plan_create(
        actor=world.instructor, enrollment=world.trainee, expected_weeks=10
    )
    items = list(plan.competencies.order_by("competency__number"))
    for item in items:
        worksite_services.plan_competency_update(
            actor=world.instructor, item=item, where_taught="both", expected_hours=5, verified=True
        )
    credential = _issue(world, ResumeEntry.Basis.COMPETENCY)

    # Saving the still-verified item again changes nothing.
    worksite_services.plan_competency_update(
        actor=world.instructor, item=items[0], where_taught="site", expected_hours=6, verified=True
    )
    assert credentials.check(credential.token).state == "valid"

    worksite_services.plan_competency_update(
        actor=world.instructor, item=items[1], where_taught="site", expected_hours=6, verified=False
    )
    row = _revoked_everywhere(credential, client)
    assert row.revoked_reason == "The verification of a competency it names was withdrawn."


def test_deleting_approved_hours_revokes_the_work_based_learning_credential(world, client):
    credential = _issue(world, ResumeEntry.Basis.JOB_SITE_HOURS)
    certificate = _issue(world, ResumeEntry.Basis.CERTIFICATE)

    world.trainee.on_the_job_hours.filter(supervisor_approved_at__isnull=False).first().delete()

    _revoked_everywhere(credential, client)
    assert credentials.check(certificate.token).state == "valid"
    # The portfolio's entry follows the record: 3 hours left, and a new credential says so.
    services.verified_entries_sync(student=world.student)
    entry = ResumeEntry.objects.get(student=world.student, basis=ResumeEntry.Basis.JOB_SITE_HOURS)
    assert entry.facts["hours"] == "3.0"
    fresh = services.credential_issue(actor=world.student_user, entry=entry)
    assert fresh.pk != credential.pk
    assert credentials.check(fresh.token).state == "valid"


@pytest.mark.django_db(transaction=True)
def test_a_record_saved_outside_a_transaction_still_revokes(world, client):
    # A script or the shell saves in autocommit mode; PostgreSQL refuses a row lock outside a
    # transaction, so the revocation opens its own (CI failed on a world builder doing this).
    credential = _issue(world, ResumeEntry.Basis.CERTIFICATE)
    completion = world.completion
    completion.certificate_code = None
    completion.save()

    _revoked_everywhere(credential, client)
