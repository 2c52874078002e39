"""Writes that belong to the core: the audit trail and people."""

from __future__ import annotations

from typing import Any

from django.db import models

from ropdesk.core.models import AuditEvent
from ropdesk.core.types import Actor, StaffActor, recorded


def audit_record(
    *, actor: Actor | None, action: str, obj: models.Model, **details: Any
) -> AuditEvent:
    """Append one audit event. Call it inside the service's transaction, so that the change
    and its record commit together."""
    return AuditEvent.objects.create(
        actor=recorded(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        details=details,
    )


def disclosure_record(
    *, students: list[Any], party: StaffActor, records: str, legal_basis: str
) -> None:
    """Note that `records` of each student were shown to an outside party (34 CFR 99.32).

    The access layer already notes every student record it hands an outside party
    (core/disclosures.py); this is for a page that shows something it did not get from there.
    The basis logged is the site supervisor's (`disclosures.LEGAL_BASIS`), the only outside
    party ropdesk has; `legal_basis` is accepted for callers written before that."""
    from ropdesk.core.disclosures import note

    del legal_basis
    note(user=party, student_ids={s.pk for s in students}, records=records)
