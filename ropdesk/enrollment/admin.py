from django.contrib import admin

from ropdesk.core.admin_audit import AuditedAdmin
from ropdesk.enrollment.models import (
    Application,
    ApplicationChoice,
    Completion,
    EligibilityFinding,
    Enrollment,
    EnrollmentEvent,
    ParentConsent,
)


class EnrollmentEventInline(admin.TabularInline):
    model = EnrollmentEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "at", "by", "reason"]
    can_delete = False


@admin.register(Enrollment)
class EnrollmentAdmin(AuditedAdmin):
    list_display = ["student", "section", "status", "enrolled_on", "grade_9_12"]
    list_filter = ["status", "grade_9_12", "special_population"]
    raw_id_fields = ["student", "section", "worksite", "application"]
    inlines = [EnrollmentEventInline]


class ChoiceInline(admin.TabularInline):
    model = ApplicationChoice
    extra = 0
    raw_id_fields = ["course", "section"]


class FindingInline(admin.TabularInline):
    model = EligibilityFinding
    extra = 0
    readonly_fields = ["rule", "result", "reason", "source", "checked_at", "checked_by"]
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(AuditedAdmin):
    # Decisions and overrides go through the admissions pages, which check the rules and
    # record who did what; the admin is for looking and for correcting typing.
    list_display = ["reference", "legal_last_name", "legal_first_name", "kind", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["reference", "legal_last_name", "legal_first_name"]
    raw_id_fields = ["student", "user", "district_of_residence", "school", "entered_by"]
    readonly_fields = ["status", "decided_at", "decided_by", "consent_token_hash"]
    inlines = [ChoiceInline, FindingInline]


@admin.register(ParentConsent)
class ParentConsentAdmin(AuditedAdmin):
    list_display = ["application", "guardian_name", "method", "consented_at"]
    raw_id_fields = ["application", "user", "recorded_by"]


@admin.register(Completion)
class CompletionAdmin(AuditedAdmin):
    list_display = ["enrollment", "final_grade", "certificate_code", "issued_at"]
    search_fields = ["certificate_code"]
    raw_id_fields = ["enrollment", "recorded_by"]
    filter_horizontal = ["competencies"]
