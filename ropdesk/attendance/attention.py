"""Attendance work waiting for the user (core/contributions.py): an instructor's meetings of
the last two weeks without attendance; for the office, sections whose attendance for the
current reporting period is not certified."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ropdesk.attendance import access as attendance_access
from ropdesk.attendance import queries
from ropdesk.attendance.periods import Period, period_window
from ropdesk.core import access
from ropdesk.core.contributions import Attention
from ropdesk.scheduling.models import SchoolYear, Section


def items(user: Any) -> list[Attention]:
    if not user.is_authenticated:
        return []
    found = []
    today = timezone.localdate()
    missing = attendance_access.meetings_for_attendance(user).filter(
        date__range=(today - timedelta(days=14), today), attendance__isnull=True
    )
    if not access.can_manage_attendance(user):
        # The office sees the certification instead of every meeting of the county.
        # One query for both: the count (a meeting with no record joins one empty row) and
        # the oldest day.
        summary = missing.aggregate(oldest=Min("date"), count=Count("pk"))
        found.append(
            Attention(
                _("Class meetings without attendance"),
                summary["count"],
                reverse("attendance_home"),
                summary["oldest"],
            )
        )
    else:
        found.extend(_uncertified(today))
    return found


def _uncertified(today: Any) -> list[Attention]:
    """Sections of this school year not certified through the end of the reporting period
    now running (P-1, then P-2, then the annual report; attendance/periods.py)."""
    year = SchoolYear.objects.filter(start_date__lte=today, end_date__gte=today).first()
    if year is None:
        return []
    for period in (Period.P1, Period.P2, Period.ANNUAL):
        window = period_window(year.start_date, year.end_date, period)
        if today <= window.end:
            break
    through = min(window.end, today)
    sections = queries.certification_list(
        Section.objects.all(), year.pk, through, queries.CertifyFilters()
    )
    url = (
        reverse("attendance_certify")
        + "?"
        + urlencode({"school_year": year.name, "period": period})
    )
    label = _("Sections not certified for %(period)s") % {"period": Period(period).label}
    return [Attention(label, sections.count(), url, window.end)]
