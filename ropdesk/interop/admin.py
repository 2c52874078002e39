from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ropdesk.core.admin_audit import AuditedAdmin
from ropdesk.interop import setup
from ropdesk.interop.models import Feed
from ropdesk.scheduling.admin import SectionAdmin
from ropdesk.scheduling.models import Section


@admin.register(Feed)
class FeedAdmin(AuditedAdmin):
    list_display = ["name", "code", "district", "folder", "active", "last_run_at", "last_status"]
    readonly_fields = ["last_run_at", "last_status", "last_message", "last_import"]


class ImportedSectionAdmin(SectionAdmin):
    """The scheduling admin, plus what completing an imported section does on the needs-setup
    page (interop.setup): once its mode, pattern and course are complete, it is set up, gets its
    meetings and its waitlist takes the seats. Registered here because scheduling is below
    enrollment, whose waitlist this needs."""

    def after_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> dict[str, Any]:
        if obj.needs_setup:
            setup.section_setup_refresh(obj)
            if not obj.needs_setup:
                return {"set_up": True, "meetings_added": obj.meetings.count()}
        return super().after_save(request, obj, form, change)


admin.site.unregister(Section)
admin.site.register(Section, ImportedSectionAdmin)
