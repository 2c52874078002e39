from __future__ import annotations

from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class AdministratorLoginForm(AuthenticationForm):
    """The admin's sign-in: open to users with the administrator role, not to "staff"."""

    def confirm_login_allowed(self, user: Any) -> None:
        from ropdesk.core.access import can_use_admin

        super().confirm_login_allowed(user)
        if not can_use_admin(user):
            raise ValidationError(
                _("This area is for program administrators. Sign in on the main page instead."),
                code="not_administrator",
            )


class RopdeskAdminSite(AdminSite):
    site_header = _("ropdesk administration")
    site_title = _("ropdesk administration")
    login_form = AdministratorLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        # The Django admin is for administrators only (docs/access-policy.md).
        from ropdesk.core.access import can_use_admin

        return can_use_admin(request.user)
