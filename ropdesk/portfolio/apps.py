from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "ropdesk.portfolio"
    label = "portfolio"
    verbose_name = _("Career portfolio")

    def ready(self) -> None:
        from ropdesk.portfolio import signals

        signals.connect()
