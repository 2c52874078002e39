from django.contrib import admin

from ropdesk.interop.models import Feed


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "district", "folder", "active", "last_run_at", "last_status"]
    readonly_fields = ["last_run_at", "last_status", "last_message", "last_import"]
