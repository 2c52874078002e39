"""Administrators hold every model permission through their role, so the Django admin needs no
per-user permission rows (and nobody else gets into it: core.admin_site)."""

from __future__ import annotations

from typing import Any

from ropdesk.core.models import Role


class RoleBackend:
    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None  # authentication stays with ModelBackend

    def has_perm(self, user: Any, perm: str, obj: Any = None) -> bool:
        from ropdesk.core.access import scope_of

        return bool(user.is_active) and scope_of(user).has(Role.ADMINISTRATOR)

    def has_module_perms(self, user: Any, app_label: str) -> bool:
        return self.has_perm(user, f"{app_label}.view")
