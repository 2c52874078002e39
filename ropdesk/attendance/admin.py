from django.contrib import admin

from ropdesk.attendance.models import AttendanceRecord
from ropdesk.core.admin_audit import AuditedAdmin


@admin.register(AttendanceRecord)
class AttendanceRecordAdmin(AuditedAdmin):
    list_display = ["enrollment", "meeting", "arrived", "departed"]
    raw_id_fields = ["enrollment", "meeting"]
