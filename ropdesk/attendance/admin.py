from django.contrib import admin

from ropdesk.attendance.models import AttendanceRecord


@admin.register(AttendanceRecord)
class AttendanceRecordAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "meeting", "arrived", "departed"]
    raw_id_fields = ["enrollment", "meeting"]
