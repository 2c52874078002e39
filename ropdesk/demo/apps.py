from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo county and `ropdesk seed-demo` (the top layer: it seeds every app)."""

    name = "ropdesk.demo"
    label = "demo"
    verbose_name = _("Demo county")
