"""Work waiting for the user: recommendations past due, directions of their district's steering
committee still open, agendas of the coming week not yet posted, courses due for review."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core.contributions import Attention
from ropdesk.partners import access, queries
from ropdesk.partners.models import Meeting


def items(user: Any) -> list[Attention]:
    found: list[Attention] = []
    visible = access.committees_visible_to(user)
    today = timezone.localdate()
    if access.can_see_directions(user):
        open_directions = queries.directions_for(visible).filter(status__in=queries.OPEN_STATUSES)
        summary = open_directions.aggregate(due=Min("due_on"))
        count = open_directions.count()
        if count:
            found.append(
                Attention(
                    _("Steering directions in progress"),
                    count,
                    reverse("partners_directions"),
                    summary["due"],
                )
            )
    if access.can_manage_partners(user):
        unposted = Meeting.objects.filter(
            committee__brown_act=True,
            agenda_posted_at__isnull=True,
            starts_at__gte=timezone.now(),
            starts_at__lt=timezone.now() + timedelta(days=7),
        )
        if (n := unposted.count()) > 0:
            first = unposted.aggregate(first=Min("starts_at"))["first"]
            found.append(
                Attention(
                    _("Agendas to post this week"),
                    n,
                    reverse("partners_committees"),
                    timezone.localdate(first) if first else None,
                )
            )
        overdue = queries.recommendations_of(visible).filter(
            status__in=queries.OPEN_STATUSES, due_on__lt=today
        )
        if (n := overdue.count()) > 0:
            found.append(
                Attention(_("Recommendations past due"), n, reverse("partners_committees"))
            )
    return found
