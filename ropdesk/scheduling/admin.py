from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ropdesk.core.admin_audit import AuditedAdmin
from ropdesk.scheduling.models import Holiday, Meeting, SchoolMonth, SchoolYear, Section, Term
from ropdesk.scheduling.services import (
    calendar_days_changed,
    section_generate_meetings,
    section_replan_meetings,
    validate_meeting_pattern,
)


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0


@admin.register(SchoolYear)
class SchoolYearAdmin(AuditedAdmin):
    list_display = ["name", "first_instruction_day", "last_instruction_day"]
    inlines = [HolidayInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Holidays are saved with the inline; then the same service as the office's calendar
        # screen moves the meetings and rebuilds the months (scheduling.services).
        year = form.instance
        before = set(year.holidays.values_list("date", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(year.holidays.values_list("date", flat=True))
        calendar_days_changed(school_year=year, added=after - before, removed=before - after)


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ["name", "name_es", "school_year", "start_date", "end_date"]


@admin.register(SchoolMonth)
class SchoolMonthAdmin(AuditedAdmin):
    list_display = ["school_year", "number", "start_date", "end_date", "school_days"]
    list_filter = ["school_year"]


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = [
            "code",
            "course",
            "term",
            "site",
            "instructor",
            "mode",
            "capacity",
            "days",
            "start_time",
            "end_time",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        course, mode = data.get("course"), data.get("mode")
        if course and mode and not course.allows_mode(mode):
            raise ValidationError(
                {
                    "mode": _("%(course)s is not approved for this instruction mode.")
                    % {"course": course.title}
                }
            )
        pattern = [data.get("days"), data.get("start_time"), data.get("end_time")]
        if all(pattern):
            validate_meeting_pattern(data["days"], data["start_time"], data["end_time"])
        elif not self.instance.needs_setup:
            # Only an imported section that needs setup may lack its pattern (the database
            # holds the same: section_set_up_has_mode_and_pattern).
            raise ValidationError(
                _("Give the meeting days, the start time and the end time of the section.")
            )
        if not data.get("mode") and not self.instance.needs_setup:
            raise ValidationError({"mode": _("Choose the section's instruction mode.")})
        return data


@admin.register(Section)
class SectionAdmin(AuditedAdmin):
    form = SectionForm
    list_display = ["code", "course", "term", "site", "instructor", "mode", "capacity"]
    list_filter = ["mode", "term"]
    search_fields = ["code", "course__title"]
    raw_id_fields = ["course", "site", "instructor"]

    def save_model(self, request: HttpRequest, obj: Section, form: Any, change: bool) -> None:
        # The same checks and side effects as scheduling.services.section_create. A section
        # that needs setup may still lack its pattern (SectionForm.clean).
        if obj.days and obj.start_time and obj.end_time:
            obj.days = ",".join(validate_meeting_pattern(obj.days, obj.start_time, obj.end_time))
        super().save_model(request, obj, form, change)

    def after_save(
        self, request: HttpRequest, obj: Section, form: Any, change: bool
    ) -> dict[str, Any]:
        if obj.needs_setup:
            return {}  # no meetings until it is set up (interop's admin completes it)
        if change and {"days", "start_time", "end_time"} & set(form.changed_data):
            # The same as the office's section screen: the coming meetings follow the new
            # pattern, the past ones stay (scheduling.services.section_replan_meetings).
            return {"meetings_from_today": section_replan_meetings(section=obj)}
        return {"meetings_added": section_generate_meetings(section=obj)}


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["section", "date", "start_time", "end_time"]
    raw_id_fields = ["section"]
    date_hierarchy = "date"
