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
    *,
    students: list[Any],
    party: StaffActor | None,
    records: str,
    legal_basis: str,
    party_description: str = "",
    page: str = "",
) -> None:
    """Note that `records` of each student were shown to an outside party (34 CFR 99.32).

    The access layer already notes every student record it hands an outside party
    (core/disclosures.py); this is for a page that shows something it did not get from there.
    A signed-in party is noted with the request's other disclosures (one row per student,
    naming the page) under `legal_basis`. A party without an account (`party=None`: the
    audience of a portfolio share link) is logged at once under `party_description` and
    `legal_basis`."""
    from ropdesk.core.disclosures import note
    from ropdesk.core.models import DisclosureLog

    if party is None:
        DisclosureLog.objects.bulk_create(
            DisclosureLog(
                student=student,
                student_local_id=student.local_id,
                student_statewide_id=student.statewide_id or "",
                student_name=f"{student.legal_first_name} {student.legal_last_name}"[:200],
                party=None,
                party_description=party_description[:200],
                records=records[:200],
                page=page[:200],
                legal_basis=legal_basis[:200],
            )
            for student in students
        )
        return
    note(user=party, student_ids={s.pk for s in students}, records=records, legal_basis=legal_basis)


def fields_update(
    *, actor: Actor | None, obj: models.Model, values: dict[str, str], action: str
) -> bool:
    """Change some text fields of one record (a name's Spanish twin, a description), checked
    by the model's own validation and audited with each field's before and after. Writes
    nothing when nothing changed; returns whether it wrote. Inside the caller's transaction."""
    changed = {}
    for name, value in values.items():
        before = getattr(obj, name) or ""
        value = (value or "").strip()
        if value != before:
            changed[name] = [before, value]
            setattr(obj, name, value)
    if not changed:
        return False
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save(update_fields=list(changed))
    audit_record(actor=actor, action=action, obj=obj, changed=changed)
    return True
