"""Writes that belong to the core: the audit trail and people."""

from __future__ import annotations

from typing import Any

from django.db import models

from ropdesk.core.models import AuditEvent


def audit_record(*, actor: Any, action: str, obj: models.Model, **details: Any) -> AuditEvent:
    """Append one audit event. Call it inside the service's transaction, so that the change
    and its record commit together."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        details=details,
    )


def disclosure_record(*, students: list[Any], party: Any, records: str, legal_basis: str) -> None:
    """Log that `records` of each student were shown to an outside party (34 CFR 99.32)."""
    from ropdesk.core.models import DisclosureLog

    description = f"{party} ({party.username})"
    DisclosureLog.objects.bulk_create(
        DisclosureLog(
            student=student,
            party=party,
            party_description=description[:200],
            records=records,
            legal_basis=legal_basis,
        )
        for student in students
    )
