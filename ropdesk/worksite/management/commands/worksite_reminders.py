from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ropdesk.worksite.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Email instructors (visits due, agreements and permits expiring) and site supervisors "
        "(hours waiting). Safe to run any number of times a day: each goes out once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send(today=options["today"] or timezone.localdate())
        self.stdout.write(f"{sent} reminder(s) sent.")
