from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "ropdesk.returns"
    label = "returns"
    verbose_name = _("District return files")
