"""Work waiting for the office: former students of an open wave still to call."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core.contributions import Attention
from ropdesk.outcomes.access import can_run_followup
from ropdesk.outcomes.models import FollowUpWave


def items(user: Any) -> list[Attention]:
    if not can_run_followup(user):
        return []
    today = timezone.localdate()
    found = []
    for wave in FollowUpWave.objects.filter(
        opened_at__isnull=False, opens_on__lte=today, closes_on__gte=today
    ):
        if (today - wave.opens_on).days < wave.phone_from_day:
            continue
        count = wave.invitations.filter(
            completed_at__isnull=True, opted_out_at__isnull=True
        ).count()
        if count:
            found.append(
                Attention(
                    label=_("Former students to call (%(year)s)") % {"year": wave.exit_year},
                    count=count,
                    url=reverse("outcomes_phone_list", args=[wave.pk]),
                    due=wave.closes_on,
                )
            )
    return found
