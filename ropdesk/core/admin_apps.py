from django.contrib.admin.apps import AdminConfig


class RopdeskAdminConfig(AdminConfig):
    """Django's admin with ropdesk's site: for administrators only (core.admin_site)."""

    default_site = "ropdesk.core.admin_site.RopdeskAdminSite"

    def ready(self) -> None:
        super().ready()  # every app's admin module is imported: the registry is complete
        from django.contrib import admin

        from ropdesk.core.admin_audit import audit_every_admin

        audit_every_admin(admin.site)
