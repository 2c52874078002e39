from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils import timezone

from ropdesk.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the demo county (deterministic; running it again adds nothing already there)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, default=1500, help="how many students")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the day attendance runs up to (YYYY-MM-DD; default: today)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if the database already has students",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from ropdesk.core.models import Student

        if options["if_empty"] and Student.objects.exists():
            self.stdout.write(
                "The database already has data; the demo county was not loaded again."
            )
            self.print_logins()
            return
        if options["students"] < 1:
            self.stderr.write("--students must be at least 1")
            raise SystemExit(2)
        result = seed_demo(
            students=options["students"],
            seed=options["seed"],
            today=options["today"] or timezone.localdate(),
            progress=self.stdout.write,
        )
        for name, count in result.counts.items():
            self.stdout.write(f"  {count:>8} {name}")
        # The planner's statistics of tables that just grew from nothing: without them (where
        # autovacuum is off, or has not come round yet) PostgreSQL guesses each table's size
        # from its pages and joins a page's few rows by scanning whole tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("The demo county is ready."))
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"Demo logins (the password of each is {DEMO_PASSWORD}):")
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {role.label:<22} {username}")
