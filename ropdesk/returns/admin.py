from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ropdesk.core.admin_audit import AuditedAdmin
from ropdesk.returns.models import CdsCode, HandOff, StaffStateId


@admin.register(CdsCode)
class CdsCodeAdmin(AuditedAdmin):
    list_display = ["organization", "code"]
    search_fields = ["organization__name", "code"]


@admin.register(StaffStateId)
class StaffStateIdAdmin(AuditedAdmin):
    list_display = ["user", "seid"]
    search_fields = ["user__username", "user__last_name", "seid"]


@admin.register(HandOff)
class HandOffAdmin(admin.ModelAdmin):
    """Read only: a hand-off is the record of a disclosure."""

    list_display = [
        "handed_at",
        "district",
        "school_year",
        "file_type",
        "file_format",
        "rows",
        "handed_by",
    ]
    list_filter = ["file_type", "school_year"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
