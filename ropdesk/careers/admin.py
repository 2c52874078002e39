"""Read-only views of the career tables for administrators. Reference tables come from
ropdesk/data (change the CSV and run `ropdesk load-careers`); counseling notes are not here at
all — their only way out is services.counseling_notes_read, which logs each read. The read log
is shown without note text."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ropdesk.careers.models import InterestArea, NoteReadLog, Occupation, PathwayLink, SurveyItem


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InterestArea)
class InterestAreaAdmin(ReadOnlyAdmin):
    list_display = ["letter", "name_en", "name_es"]


@admin.register(SurveyItem)
class SurveyItemAdmin(ReadOnlyAdmin):
    list_display = ["position", "code", "text_en", "text_es"]
    list_filter = ["area"]


@admin.register(Occupation)
class OccupationAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "holland_code", "job_zone"]
    search_fields = ["code", "title"]


@admin.register(PathwayLink)
class PathwayLinkAdmin(ReadOnlyAdmin):
    list_display = ["career_cluster", "career_pathway", "occupation", "pathway", "confidence"]
    list_filter = ["confidence"]


@admin.register(NoteReadLog)
class NoteReadLogAdmin(ReadOnlyAdmin):
    list_display = ["read_at", "reader", "note"]
