from django.contrib import admin

from ropdesk.catalog.models import Competency, Course, IndustrySector, Pathway, StateCourseCode


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "pathway", "hours", "active"]
    list_filter = ["active", "pathway__sector"]
    search_fields = ["title", "code"]
    inlines = [CompetencyInline]


@admin.register(IndustrySector)
class IndustrySectorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_mcs_sector"]


@admin.register(Pathway)
class PathwayAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sector", "active"]
    list_filter = ["active", "sector"]


@admin.register(StateCourseCode)
class StateCourseCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sector", "pathway", "active"]
    search_fields = ["code", "name"]
