from django.contrib import admin

from ropdesk.scheduling.models import Holiday, Meeting, SchoolMonth, SchoolYear, Section, Term


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["name", "first_instruction_day", "last_instruction_day"]
    inlines = [HolidayInline]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year", "start_date", "end_date"]


@admin.register(SchoolMonth)
class SchoolMonthAdmin(admin.ModelAdmin):
    list_display = ["school_year", "number", "start_date", "end_date", "school_days"]
    list_filter = ["school_year"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["code", "course", "term", "site", "instructor", "mode", "capacity"]
    list_filter = ["mode", "term"]
    search_fields = ["code", "course__title"]
    raw_id_fields = ["course", "site", "instructor"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["section", "date", "start_time", "end_time"]
    raw_id_fields = ["section"]
    date_hierarchy = "date"
