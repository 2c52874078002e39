from django.contrib import admin

from ropdesk.catalog.models import Competency, Course, IndustrySector, Pathway, StateCourseCode
from ropdesk.core.admin_audit import AuditedAdmin


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 0


@admin.register(Course)
class CourseAdmin(AuditedAdmin):
    list_display = ["title", "code", "pathway", "hours", "active"]
    list_filter = ["active", "pathway__sector"]
    search_fields = ["title", "title_es", "code"]
    inlines = [CompetencyInline]


@admin.register(IndustrySector)
class IndustrySectorAdmin(AuditedAdmin):
    list_display = ["name", "name_es", "code", "is_mcs_sector"]


@admin.register(Pathway)
class PathwayAdmin(AuditedAdmin):
    list_display = ["name", "name_es", "code", "sector", "active"]
    list_filter = ["active", "sector"]


@admin.register(StateCourseCode)
class StateCourseCodeAdmin(AuditedAdmin):
    list_display = ["code", "name", "sector", "pathway", "active"]
    search_fields = ["code", "name"]
