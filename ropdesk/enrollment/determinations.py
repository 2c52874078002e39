"""Recorded decisions the admission rules read: the exceptional-needs determination that lets
a student under 16 take cooperative vocational education (5 CCR 10103(a))."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core.services import audit_record
from ropdesk.core.types import Actor, recorded
from ropdesk.enrollment.models import Application, ExceptionalNeedsDetermination


def exceptional_needs_record(
    *,
    actor: Actor | None,
    application: Application,
    determined_by_name: str,
    determined_by_role: str,
    determined_on: date,
    basis: str,
) -> ExceptionalNeedsDetermination:
    """Record the principal's or local educational director's determination that an applicant
    under 16 is "a student with exceptional needs" for CVE (5 CCR 10103(a)): who, in which
    capacity, when, and on what basis. The admission rules read it (eligibility.py); it is
    not an override, and it replaces an earlier determination for the same application."""
    name, basis = determined_by_name.strip(), basis.strip()
    errors = {}
    if not name:
        errors["determined_by_name"] = _("Give the name of the person who determined it.")
    if determined_by_role not in ExceptionalNeedsDetermination.Role.values:
        errors["determined_by_role"] = _(
            "Only the principal or the local educational director may determine it."
        )
    if not basis:
        errors["basis"] = _("Say what the student's exceptional needs are.")
    if determined_on > timezone.localdate():
        errors["determined_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        determination, _created = ExceptionalNeedsDetermination.objects.update_or_create(
            application=application,
            defaults={
                "determined_by_name": name,
                "determined_by_role": determined_by_role,
                "determined_on": determined_on,
                "basis": basis,
                "recorded_by": recorded(actor),
                "recorded_at": timezone.now(),
            },
        )
        audit_record(
            actor=actor,
            action="application.exceptional_needs",
            obj=application,
            determined_by=name,
            role=determined_by_role,
            determined_on=determined_on.isoformat(),
        )
        return determination
