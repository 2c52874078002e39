from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class RopdeskAdminSite(AdminSite):
    site_header = _("ropdesk administration")
    site_title = _("ropdesk administration")

    def has_permission(self, request: HttpRequest) -> bool:
        # The Django admin is for administrators only (docs/roles.md).
        from ropdesk.core.access import can_use_admin

        return can_use_admin(request.user)


class RopdeskAdminConfig(AdminConfig):
    default_site = "ropdesk.core.admin_site.RopdeskAdminSite"
