from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ropdesk.complaints.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Email escalating reminders of complaint deadlines (10, 5 and 1 days left, and "
        "overdue). Safe to run any number of times a day: each reminder goes out once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the day to remind for (YYYY-MM-DD; default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send(today=options["today"] or timezone.localdate())
        for reminder in sent:
            self.stdout.write(
                f"{reminder.complaint.reference} {reminder.clock} due {reminder.due} "
                f"[{reminder.level}] → {len(reminder.recipients)} recipient(s)"
            )
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
