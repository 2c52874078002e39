"""The apportionment reporting periods and their date windows.

P-1 runs from July 1 to December 31 and P-2 from July 1 to April 15 (EC 41601); the annual
period is the fiscal year, July 1 to June 30 (domain-rules.md 1.1.4: [I] for the annual
window). Window ends are ROPDESK["PERIOD_WINDOW_END"]. Which school months of a window count
for ADA is the funding app's business (funding.rules.counted_span); certification locks the
whole window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Period(models.TextChoices):
    P1 = "P1", _("P-1 (first period)")
    P2 = "P2", _("P-2 (second period)")
    ANNUAL = "annual", _("Annual")


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def period_window(fiscal_start: date, fiscal_end: date, period: str) -> Window:
    """The dates a period covers in the fiscal year from `fiscal_start` to `fiscal_end`."""
    # EC 41601: "first period" July 1-December 31, "second period" July 1-April 15.
    if period == Period.ANNUAL:
        return Window(fiscal_start, fiscal_end)
    month, day = (int(part) for part in settings.ROPDESK["PERIOD_WINDOW_END"][period].split("-"))
    year = fiscal_start.year if month >= fiscal_start.month else fiscal_end.year
    return Window(fiscal_start, date(year, month, day))
