from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ropdesk.portfolio import credentials


class Command(BaseCommand):
    help = (
        "Make the county office's credential signing key (Ed25519) in "
        "ROPDESK_CREDENTIAL_KEY_DIR, outside the database. --rotate makes the next key and "
        "deletes the private halves of the older ones; their public halves stay in the DID "
        "document, so what they signed still verifies (docs/operations.md, 'Issuer keys')."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rotate", action="store_true", help="replace the signing key")

    def handle(self, *args: Any, **options: Any) -> None:
        existing = credentials.issuer_keys()
        if any(k.private_pem for k in existing) and not options["rotate"]:
            key = credentials.signing_key()
            self.stdout.write(f"A signing key exists already: {key.key_id} (use --rotate).")
            return
        key = credentials.issuer_key_new(retire_previous=bool(options["rotate"]))
        self.stdout.write(f"New signing key {key.key_id} in {credentials.key_dir()}.")
