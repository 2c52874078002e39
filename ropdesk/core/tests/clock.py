"""The suite's clock, named: the root conftest.py travels (time_machine) to 2026-11-02 10:00
Los Angeles before every test, so these read that frozen, ticking moment, never the machine's."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def suite_today() -> date:
    return timezone.localdate()


def suite_now() -> datetime:
    return timezone.now()
