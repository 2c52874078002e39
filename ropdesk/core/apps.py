from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ropdesk.core"
    label = "core"
    verbose_name = _("Organizations and people")

    def ready(self) -> None:
        from ropdesk.core import (  # noqa: F401 -- connect their sign-in signals
            checks,  # noqa: F401 -- registers the deployment checks
            language,
            lockout,
            mfa,
        )
