from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp import admin as totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from ropdesk.core.admin_audit import AuditedAdmin
from ropdesk.core.models import (
    AuditEvent,
    DisclosureLog,
    Guardianship,
    Organization,
    RoleAssignment,
    Site,
    Student,
    User,
)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["organization", "site"]


@admin.register(User)
class RopdeskUserAdmin(AuditedAdmin, UserAdmin):
    inlines = [RoleAssignmentInline]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("ropdesk", {"fields": ("preferred_language", "phone")}),
    )


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Site)
class SiteAdmin(AuditedAdmin):
    list_display = ["name", "kind", "organization", "district"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


class GuardianshipInline(admin.TabularInline):
    model = Guardianship
    extra = 0
    raw_id_fields = ["user"]


class StudentAdminForm(forms.ModelForm):
    class Meta:
        model = Student
        fields = "__all__"  # noqa: DJ007 -- the admin edits every field of the record

    def clean_races(self) -> list[str]:
        # An emptied box means "none reported", not NULL (which the column refuses).
        return self.cleaned_data["races"] or []


@admin.register(Student)
class StudentAdmin(AuditedAdmin):
    form = StudentAdminForm
    list_display = [
        "legal_last_name",
        "legal_first_name",
        "local_id",
        "grade_level",
        "district_of_residence",
    ]
    list_filter = ["grade_level", "district_of_residence"]
    search_fields = ["legal_last_name", "legal_first_name", "local_id", "statewide_id"]
    raw_id_fields = ["user"]
    inlines = [GuardianshipInline]


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # written by the services only

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the trail is append-only

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DisclosureLog)
class DisclosureLogAdmin(AuditedAdmin):
    list_display = ["at", "student", "party_description", "records", "legal_basis"]
    search_fields = ["student__legal_last_name", "party_description"]
    raw_id_fields = ["student", "party"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # written by the system only

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TOTPDeviceAdmin(AuditedAdmin, totp_admin.TOTPDeviceAdmin):
    """django-otp's device admin, audited (never its key), whose key and QR views answer a
    missing device with a server error (`.get()`); here they answer 404, as every other admin
    page does."""

    def config_view(self, request: Any, pk: Any) -> Any:
        get_object_or_404(TOTPDevice, pk=pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request: Any, pk: Any) -> Any:
        get_object_or_404(TOTPDevice, pk=pk)
        return super().qrcode_view(request, pk)


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
