"""System checks for a safe deployment (run by `ropdesk check --deploy` and at start-up)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_ONLY_KEY = "ropdesk-local-only-not-for-production"


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.SECRET_KEY == LOCAL_ONLY_KEY:
        return [
            Warning(
                "ROPDESK_SECRET_KEY is not set: sessions and password-reset links are signed "
                "with a key anyone can read in the source.",
                hint="Set ROPDESK_SECRET_KEY to a long random value (docs/operations.md).",
                id="ropdesk.W001",
            )
        ]
    return []
