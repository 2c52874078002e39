"""Checks an import makes on a value before it reaches the database, worded for the
file/row/column report: a text longer than its column (refused with the field named, never
silently cut) and a birth date outside the sane range (core.models.validate_birth_date)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from ropdesk.core.models import validate_birth_date


def too_long(model: type[models.Model], field_name: str, value: str) -> str | None:
    """Why `value` does not fit the model's column, or None when it fits."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.Field):
        return None  # the reverse side of a relation holds no text
    limit = field.max_length
    if limit is not None and len(value) > limit:
        return _("%(field)s is %(n)s characters long; at most %(max)s fit.") % {
            "field": str(field.verbose_name).capitalize(),
            "n": len(value),
            "max": limit,
        }
    return None


def birth_date_problem(value: date | None) -> str | None:
    """Why a birth date is refused (before 1900, in the future), or None."""
    if value is None:
        return None
    try:
        validate_birth_date(value)
    except ValidationError as refused:
        return " ".join(refused.messages)
    return None
