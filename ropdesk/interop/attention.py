"""Imported courses and sections the office must complete (core/contributions.py): nothing
that needs their pathway, hours or meeting pattern runs until then (interop "needs setup")."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Course
from ropdesk.core import access
from ropdesk.core.contributions import Attention
from ropdesk.scheduling.models import Section


def items(user: Any) -> list[Attention]:
    if not user.is_authenticated or not access.can_exchange_data(user):
        return []
    count = Course.objects.filter(needs_setup=True).count()
    count += Section.objects.filter(needs_setup=True).count()
    return [
        Attention(_("Courses and sections needing setup"), count, reverse("interop_needs_setup"))
    ]
