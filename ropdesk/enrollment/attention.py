"""Admissions work waiting for the user (core/contributions.py): applications waiting for a
decision, and minors' applications still without a parent's consent."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ropdesk.core import access
from ropdesk.core.contributions import Attention
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment import queries


def items(user: Any) -> list[Attention]:
    if not user.is_authenticated or not access.can_admit(user):
        return []
    applications = enrollment_access.applications_visible_to(user)
    waiting = queries.application_queue(applications, queries.QueueFilters()).count()
    no_consent = queries.application_queue(
        applications, queries.QueueFilters(consent="waiting")
    ).count()
    queue = reverse("admissions_queue")
    return [
        Attention(_("Applications waiting for a decision"), waiting, queue),
        Attention(
            _("Applications without a parent's consent"), no_consent, f"{queue}?consent=waiting"
        ),
    ]
