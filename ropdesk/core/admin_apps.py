from django.contrib.admin.apps import AdminConfig


class RopdeskAdminConfig(AdminConfig):
    """Django's admin with ropdesk's site: for administrators only (core.admin_site)."""

    default_site = "ropdesk.core.admin_site.RopdeskAdminSite"
