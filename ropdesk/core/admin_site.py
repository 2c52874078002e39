from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django.contrib.admin import AdminSite
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
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


View = TypeVar("View", bound=Callable[..., Any])


class RopdeskAdminSite(AdminSite):
    site_header = _("ropdesk administration")
    site_title = _("ropdesk administration")
    login_form = AdministratorLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        # The Django admin is for administrators only (docs/access-policy.md).
        from ropdesk.core.access import can_use_admin

        return can_use_admin(request.user)

    def admin_view(self, view: View, cacheable: bool = False) -> View:
        """Signed in without the administrator role: the admin is "Not found" (forbidden looks
        like missing, docs/access-policy.md); a visitor still gets the admin's sign-in page."""
        inner = super().admin_view(view, cacheable)

        def gate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404("No such page")
            return inner(request, *args, **kwargs)

        wrapped = update_wrapper(gate, inner)
        wrapped.ropdesk_admin_gate = True  # type: ignore[attr-defined]  # the sweep looks for it
        return cast(View, wrapped)  # the gate takes the view's own arguments
