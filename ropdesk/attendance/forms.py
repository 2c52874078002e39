from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ropdesk.attendance.periods import Period
from ropdesk.core.uploads import check_size, limit_mb
from ropdesk.scheduling.models import SchoolYear


class MarkForm(forms.Form):
    class Mark:
        PRESENT = "present"
        ABSENT = "absent"
        TARDY = "tardy"
        LEFT_EARLY = "left_early"

    enrollment = forms.IntegerField()
    mark = forms.ChoiceField(
        choices=[
            ("present", _("Present")),
            ("absent", _("Absent")),
            ("tardy", _("Tardy")),
            ("left_early", _("Left early")),
        ]
    )
    arrived = forms.TimeField(required=False, input_formats=["%H:%M", "%H:%M:%S"])
    departed = forms.TimeField(required=False, input_formats=["%H:%M", "%H:%M:%S"])
    # The record's recorded_at when the page was drawn: says whose change a mark replaces.
    seen = forms.CharField(required=False)


class AdjustForm(forms.Form):
    enrollment = forms.IntegerField()
    arrived = forms.TimeField(
        label=_("Arrived"), required=False, input_formats=["%H:%M", "%H:%M:%S"]
    )
    departed = forms.TimeField(label=_("Left"), required=False, input_formats=["%H:%M", "%H:%M:%S"])
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class PeriodForm(forms.Form):
    school_year = forms.ModelChoiceField(
        label=_("School year"),
        queryset=SchoolYear.objects.all(),
        to_field_name="name",
        empty_label=None,
    )
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices, initial=Period.P1)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance file (CSV)"),
        help_text=_(
            "A header row, then one row per student and meeting: "
            "student_id,section_id,date,arrived,departed. Both times blank: absent."
        ),
    )

    # A row of usual ids is 40-70 bytes: at least 15,000 rows a MB.
    ROWS_PER_MB = 15_000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mb = limit_mb("attendance_csv")
        limit = _("At most %(mb)s MB (about %(rows)s rows); split a larger file.") % {
            "mb": mb,
            "rows": number_format(mb * self.ROWS_PER_MB, force_grouping=True),
        }
        field = self.fields["file"]
        field.help_text = format_lazy("{} {}", field.help_text, limit)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_size(upload, "attendance_csv")
        return upload
