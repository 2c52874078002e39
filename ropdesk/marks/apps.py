from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarksConfig(AppConfig):
    name = "ropdesk.marks"
    label = "marks"
    verbose_name = _("Marks and credits")
