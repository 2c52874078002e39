"""The one format for dates, times and money in text built in Python (messages, mail,
findings, PDFs), the same as templates give with `|date:"DATE_FORMAT"`: the formats of
ropdesk/formats/<language>/formats.py, in the active language ("Mon, Nov 2, 2026" and
"3:30 PM" in English; "lun 2 nov 2026" and "15:30" in Spanish). Files for machines (CSV,
CALPADS, the API, audit records) keep ISO 8601."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format, time_format


def day_text(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def moment_text(moment: datetime) -> str:
    """A date and time, in the site's time zone."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "DATETIME_FORMAT")


def time_text(moment: time) -> str:
    return time_format(moment, "TIME_FORMAT")


def money_text(amount: Decimal | float | int, *, cents: bool = True) -> str:
    """Dollars with thousands separators: $1,736,920.00 (or $1,736,920)."""
    return "$" + number_format(amount, 2 if cents else 0, force_grouping=True)
