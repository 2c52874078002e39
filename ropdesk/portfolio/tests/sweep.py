"""The portfolio's objects for the authorization sweep's small county (core/tests/county.py,
add_the_rest): Cora's resume, an entry of her own, a credential, an application, a share link
and a rating, each put in `world.extra` under the URL name and parameter it fills."""

from __future__ import annotations

import tempfile
from datetime import date
from typing import Any

from django.conf import settings

from ropdesk.portfolio import credentials, services
from ropdesk.portfolio.models import ResumeEntry

# POST-only pages: what a GET answers (the sweep's NOT_A_PAGE_TO_GET).
POST_ONLY = [
    "portfolio_resume_new",
    "portfolio_resume_import",
    "portfolio_resume_delete",
    "portfolio_entry_new",
    "portfolio_entry_hide",
    "portfolio_entry_delete",
    "portfolio_application_new",
    "portfolio_contact_new",
    "portfolio_interview_new",
    "portfolio_comment",
    "portfolio_share_new",
    "portfolio_share_revoke",
    "portfolio_credential_issue",
    "portfolio_credential_revoke",
]
# Pages that go on to another: what a GET answers.
REDIRECTS = {
    "portfolio_home": (302, "goes on to the student's own, the child's, or staff's list"),
}
FILES = {
    "portfolio_resume_pdf": "application/pdf",
    "portfolio_resume_json": "application/json",
    "portfolio_download": "application/zip",
    "portfolio_credential_download": "application/vc+jwt",
    "portfolio_status_list": "application/vc+jwt",
    "portfolio_did": "application/json",
}


def add_portfolio(world: Any) -> None:
    # The signing key in a folder of its own, never the real var/credentials.
    settings.ROPDESK["CREDENTIAL_KEY_DIR"] = tempfile.mkdtemp(prefix="ropdesk-keys-")
    credentials.issuer_key_new()
    student_user = world.users["student"]
    cora = world.trainee.student
    resume = services.resume_create(
        actor=student_user, student=cora, fields={"name": "Clinic", "language": "en"}
    )
    own = services.entry_create(
        actor=student_user, student=cora, fields={"section": "work", "title": "Cashier"}
    )
    services.verified_entries_sync(student=cora)
    certificate = ResumeEntry.objects.get(student=cora, basis="certificate")
    credential = services.credential_issue(actor=student_user, entry=certificate)
    application = services.job_application_save(
        actor=student_user,
        student=cora,
        fields={"employer_name": "Gateway Clinic", "position": "Aide", "source": "job_site"},
    )
    link, token = services.share_link_create(
        actor=student_user,
        student=cora,
        resume=resume,
        audience="Gateway HR",
        expires_on=min(date(2099, 1, 1), _soon()),
    )
    by_student = [
        "portfolio_student",
        "portfolio_resume_new",
        "portfolio_resume_import",
        "portfolio_share_new",
        "portfolio_application_new",
        "portfolio_interview_new",
        "portfolio_contact_new",
        "portfolio_download",
    ]
    by_resume = [
        "portfolio_resume",
        "portfolio_resume_delete",
        "portfolio_entry_new",
        "portfolio_entry_hide",
        "portfolio_resume_pdf",
        "portfolio_resume_json",
        "portfolio_comment",
    ]
    world.extra.update({f"{name}.pk": cora.pk for name in by_student})
    world.extra.update({f"{name}.pk": resume.pk for name in by_resume})
    world.extra.update(
        {
            "portfolio_entry_hide.entry": certificate.pk,
            "portfolio_entry_edit.pk": own.pk,
            "portfolio_entry_delete.pk": own.pk,
            "portfolio_credential_issue.pk": certificate.pk,
            "portfolio_credential_download.uuid": str(credential.uuid),
            "portfolio_credential_revoke.uuid": str(credential.uuid),
            "portfolio_credential_verify.uuid": str(credential.uuid),
            "portfolio_entry_check.code": str(certificate.check_code),
            "portfolio_share_revoke.pk": link.pk,
            "portfolio_shared.token": token,
            "portfolio_application.pk": application.pk,
            "portfolio_work_readiness.pk": world.trainee.pk,
            "portfolio_job_finders.pk": world.section.pk,
            "portfolio_status_list.number": 0,
        }
    )


def _soon() -> date:
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() + timedelta(days=30)
