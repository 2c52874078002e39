"""The office sets each course's credit value here; the write goes through the service, so
it is audited like every other, and so is a deletion (AuditedAdmin)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ropdesk.core.admin_audit import AuditedAdmin
from ropdesk.marks.models import CourseCredit
from ropdesk.marks.services import course_credit_set


@admin.register(CourseCredit)
class CourseCreditAdmin(AuditedAdmin):
    list_display = ["course", "credits"]
    search_fields = ["course__code", "course__title"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The service records the change itself (a deletion is audited by AuditedAdmin).
        saved = course_credit_set(actor=request.user, course=obj.course, credits=obj.credits)
        obj.pk = saved.pk
