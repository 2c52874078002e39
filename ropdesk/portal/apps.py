from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages that bring the apps together: home, catalog, dashboards, students, sections.

    The top layer (the import contract in pyproject.toml): it may read every app below it,
    and no app imports it.
    """

    name = "ropdesk.portal"
    label = "portal"
    verbose_name = _("Portal")
