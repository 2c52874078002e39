"""Reads of the schedule."""

from __future__ import annotations

from datetime import date

from ropdesk.core.types import StaffActor
from ropdesk.scheduling.models import Meeting


def next_teaching_day(user: StaffActor, after: date) -> date | None:
    """The first day after `after` on which the instructor has a meeting."""
    return (
        Meeting.objects.filter(section__instructor=user, date__gt=after)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
