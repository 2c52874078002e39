from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core import access as core_access
from ropdesk.core.contributions import Attention
from ropdesk.core.models import Role
from ropdesk.marks import access, queries
from ropdesk.marks.models import GradingPeriod
from ropdesk.scheduling.models import Section


def items(user: Any) -> list[Attention]:
    today = timezone.localdate()
    found = []
    if core_access.scope_of(user).has(Role.INSTRUCTOR) and getattr(user, "is_active", False):
        waiting = queries.periods_waiting_for_marks(Section.objects.filter(instructor=user), today)
        if waiting:
            found.append(
                Attention(
                    label=_("Marks to enter"),
                    count=sum(n for _p, n in waiting),
                    url=reverse("marks_sections"),
                    due=min(p.ends_on for p, _n in waiting),
                )
            )
    if access.can_manage_grading_periods(user):
        ended = GradingPeriod.objects.filter(locked_at__isnull=True, ends_on__lt=today)
        count = ended.count()
        if count:
            first = ended.order_by("ends_on").first()
            found.append(
                Attention(
                    label=_("Grading periods to lock"),
                    count=count,
                    url=reverse("marks_grading_periods"),
                    due=first.ends_on if first else None,
                )
            )
    return found
