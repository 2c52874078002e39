from django.contrib import admin

from ropdesk.enrollment.models import Enrollment


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["student", "section", "status", "enrolled_on"]
    list_filter = ["status"]
    raw_id_fields = ["student", "section", "worksite"]
