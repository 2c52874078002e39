"""Work waiting for a student: job applications whose follow-up day has come."""

from __future__ import annotations

from typing import Any

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core.contributions import Attention
from ropdesk.portfolio import access
from ropdesk.portfolio.services import DECIDED


def items(user: Any) -> list[Attention]:
    student = access.own_student(user)
    if student is None:
        return []
    due = student.job_applications.exclude(status__in=DECIDED).filter(
        follow_up_on__lte=timezone.localdate()
    )
    found = due.aggregate(nearest=Min("follow_up_on"))
    count = due.count()
    if not count:
        return []
    url = reverse("portfolio_student", args=[student.pk]) + "#applications"
    return [Attention(_("Job applications to follow up"), count, url, found["nearest"])]
