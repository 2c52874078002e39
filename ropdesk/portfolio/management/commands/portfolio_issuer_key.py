from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ropdesk.portfolio import credentials


class Command(BaseCommand):
    help = (
        "Make the county office's credential signing key (Ed25519) in "
        "ROPDESK_CREDENTIAL_KEY_DIR, outside the database. --rotate makes the next key, which "
        "signs new credentials; the older keys keep signing only the status lists of what they "
        "signed, so those credentials still verify everywhere. --forget-old (after a leak) "
        "deletes the older private halves (docs/operations.md, 'Issuer keys')."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rotate", action="store_true", help="replace the signing key")
        parser.add_argument(
            "--forget-old",
            action="store_true",
            help="with --rotate: delete the older keys' private halves (a leaked key)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["forget_old"] and not options["rotate"]:
            raise CommandError("--forget-old goes with --rotate.")
        existing = credentials.issuer_keys()
        if any(k.private_pem for k in existing) and not options["rotate"]:
            key = credentials.signing_key()
            self.stdout.write(f"A signing key exists already: {key.key_id} (use --rotate).")
            return
        key = credentials.issuer_key_new(forget_previous=bool(options["forget_old"]))
        self.stdout.write(f"New signing key {key.key_id} in {credentials.key_dir()}.")
