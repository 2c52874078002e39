"""`ropdesk worker`: runs the background tasks (imports, mail, reminders) from the queue."""

from __future__ import annotations

import os
import socket
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ropdesk.core.worker import RopdeskWorker


class Command(BaseCommand):
    help = (
        "Run the background worker: imports, e-mail and the daily reminders, from the task "
        "queue in the database (docs/operations.md). Ctrl-C or SIGTERM lets the running task "
        "finish, then stops; a second one stops at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="run what is due and waiting, then exit"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )
        parser.add_argument(
            "--worker-id",
            default=f"{socket.gethostname()}-{os.getpid()}"[:64],
            help="a name unique among the running workers (default: host and process id)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = RopdeskWorker(
            worker_id=options["worker_id"][:64],
            interval=options["interval"],
            batch=options["batch"],
        )
        if not options["batch"]:
            worker.configure_signals()
        self.stdout.write(f"ropdesk worker {worker.worker_id} is running the task queue.")
        self.stdout.flush()
        worker.run()
