"""Automatic revocation: when a record a credential stands on is withdrawn, the credential's
bit on its status list flips to revoked in the same transaction.

The portfolio sits above enrollment, attendance and worksite, so it listens to their models'
signals (connected in apps.py); they know nothing of it. What the records let be undone:

- a certificate of completion: the completion is recorded again with a grade that earns none
  (`enrollment.services.completion_record` clears the code) or the completion is deleted;
- a verified competency: the instructor takes the verification back
  (`worksite.services.plan_competency_update` with verified=False) or the item is deleted;
- approved job-site hours: an approved day is deleted (the credential states the total
  hours). No service takes an approval back (a supervisor returns only days not approved).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.core.services import audit_record
from ropdesk.enrollment.models import Completion
from ropdesk.portfolio.models import Credential, ResumeEntry
from ropdesk.worksite.models import PlanCompetency

Basis = ResumeEntry.Basis


def credentials_withdraw(credentials: QuerySet[Credential], reason: str) -> int:
    """Revoke the live credentials of `credentials` (no actor: the record changed).

    A record may be saved outside a transaction (a script, the shell, a test's world builder),
    so the lock and the revocations open their own; inside the caller's they are a savepoint.
    """
    now = timezone.now()
    count = 0
    with transaction.atomic():
        for credential in credentials.filter(revoked_at__isnull=True).select_for_update():
            credential.revoked_at = now
            credential.revoked_reason = reason
            credential.save(update_fields=["revoked_at", "revoked_reason"])
            audit_record(actor=None, action="credential_revoke", obj=credential, reason=reason)
            count += 1
    return count


def _completion_saved(sender: Any, instance: Completion, **kwargs: Any) -> None:
    if instance.certificate_code is None:
        credentials_withdraw(
            Credential.objects.filter(entry__completion=instance, entry__basis=Basis.CERTIFICATE),
            _("The certificate of completion was withdrawn."),
        )


def _completion_deleted(sender: Any, instance: Completion, **kwargs: Any) -> None:
    credentials_withdraw(
        Credential.objects.filter(entry__completion=instance, entry__basis=Basis.CERTIFICATE),
        _("The completion record was removed."),
    )


def _competency_changed(instance: PlanCompetency, deleted: bool) -> None:
    if instance.verified_on is not None and not deleted:
        return
    description = instance.competency.description
    claimed = [
        c.pk
        for c in Credential.objects.filter(
            entry__enrollment_id=instance.plan.enrollment_id,
            entry__basis=Basis.COMPETENCY,
            revoked_at__isnull=True,
        ).select_related("entry")
        if c.entry is not None and description in c.entry.facts.get("competencies", [])
    ]
    if claimed:
        credentials_withdraw(
            Credential.objects.filter(pk__in=claimed),
            _("The verification of a competency it names was withdrawn."),
        )


def _competency_saved(sender: Any, instance: PlanCompetency, **kwargs: Any) -> None:
    _competency_changed(instance, deleted=False)


def _competency_deleted(sender: Any, instance: PlanCompetency, **kwargs: Any) -> None:
    _competency_changed(instance, deleted=True)


def _hours_withdrawn(enrollment_id: int) -> None:
    credentials_withdraw(
        Credential.objects.filter(
            entry__enrollment_id=enrollment_id, entry__basis=Basis.JOB_SITE_HOURS
        ),
        _("Approved job-site hours it counts were withdrawn."),
    )


def _hours_deleted(sender: Any, instance: OnTheJobHours, **kwargs: Any) -> None:
    if instance.supervisor_approved_at is not None:
        _hours_withdrawn(instance.enrollment_id)


def connect() -> None:
    uid = "portfolio.revoke"
    post_save.connect(_completion_saved, sender=Completion, dispatch_uid=f"{uid}.completion")
    pre_delete.connect(_completion_deleted, sender=Completion, dispatch_uid=f"{uid}.completion-")
    post_save.connect(_competency_saved, sender=PlanCompetency, dispatch_uid=f"{uid}.competency")
    post_delete.connect(
        _competency_deleted, sender=PlanCompetency, dispatch_uid=f"{uid}.competency-"
    )
    post_delete.connect(_hours_deleted, sender=OnTheJobHours, dispatch_uid=f"{uid}.hours-")
