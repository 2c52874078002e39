from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorksiteConfig(AppConfig):
    name = "ropdesk.worksite"
    label = "worksite"
    verbose_name = _("Work-based learning")
