"""The office's tables of outcomes that are kept in the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ropdesk.core.admin_audit import AuditedAdmin
from ropdesk.outcomes.models import PstsCode


@admin.register(PstsCode)
class PstsCodeAdmin(AuditedAdmin):
    """The survey status → CALPADS PSTS code table (docs/outcomes.md, "PSTS codes"): one row
    per status, so rows are edited, not added or removed."""

    list_display = ["status", "code", "confirmed", "source", "updated_at"]
    list_editable = ["code", "confirmed"]
    readonly_fields = ["status", "updated_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
