"""Complaints near a deadline (core/contributions.py): for support services, the open cases
with a clock due within ten days or overdue — the first reminder level (reminders.py); and
the annual notices not yet reviewed this school year (caseload.notices_due)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.complaints import access as complaints_access
from ropdesk.complaints.caseload import notices_due
from ropdesk.complaints.models import Complaint, office_day_rule
from ropdesk.complaints.queries import open_clocks_of, with_case_records
from ropdesk.complaints.reminders import level_for
from ropdesk.core import access
from ropdesk.core.contributions import Attention


def items(user: Any) -> list[Attention]:
    if not user.is_authenticated or not access.can_handle_complaints(user):
        return []
    today = timezone.localdate()
    cases = with_case_records(
        complaints_access.complaints_visible_to(user).exclude(status=Complaint.Status.CLOSED)
    )
    rule = office_day_rule()  # the court holidays read once for every case
    near = []
    for complaint in cases:
        clocks = [v for v in open_clocks_of(complaint, today, rule) if level_for(v.days_left)]
        if clocks:
            near.append(min(v.clock.due for v in clocks))
    found = [
        Attention(
            _("Complaints near a deadline"),
            len(near),
            reverse("case_list"),
            min(near, default=None),
        )
    ]
    late = [n for n in notices_due(today) if n.overdue]
    if late:
        found.append(
            Attention(
                _("Annual notices to review for this school year"),
                len(late),
                reverse("notice_manage"),
                min(n.due for n in late),
            )
        )
    return found
