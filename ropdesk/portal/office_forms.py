"""Forms of the office's screens for courses, sections and the school calendar."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ropdesk.catalog.models import Course, InstructionMode
from ropdesk.catalog.services import COURSE_FIELDS
from ropdesk.core.models import Role, Site, User
from ropdesk.scheduling.calendar import WEEKDAY_INDEX
from ropdesk.scheduling.models import Holiday, Section, Term

WEEKDAYS = [(name, name) for name in WEEKDAY_INDEX]


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = list(COURSE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "description_es": forms.Textarea(attrs={"rows": 5, "lang": "es"}),
            "title_es": forms.TextInput(attrs={"lang": "es"}),
        }
        help_texts = {
            "title_es": _("Shown on Spanish pages; left blank, they show the English title."),
        }


class _PatternFields(forms.Form):
    days = forms.MultipleChoiceField(
        label=_("Meeting days"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))


def _instructors() -> Any:
    return (
        User.objects.filter(roles__role=Role.INSTRUCTOR)
        .distinct()
        .order_by("last_name", "first_name")
    )


class SectionForm(_PatternFields):
    """A new section (code, course, term) or a change (site, instructor, mode, capacity and
    the pattern; the course and term of a section stay)."""

    code = forms.CharField(label=_("Section id"), max_length=40)
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.filter(active=True))
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.order_by("-start_date"))
    site = forms.ModelChoiceField(label=_("Where"), queryset=Site.objects.order_by("name"))
    instructor = forms.ModelChoiceField(label=_("Instructor"), queryset=User.objects.none())
    mode = forms.ChoiceField(label=_("Instruction mode"), choices=InstructionMode.choices)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=500)

    field_order = ["code", "course", "term", "site", "instructor", "mode", "capacity", "days"]

    def __init__(self, *args: Any, section: Section | None = None, **kwargs: Any) -> None:
        if section is not None:
            kwargs.setdefault(
                "initial",
                {
                    "site": section.site_id,
                    "instructor": section.instructor_id,
                    "mode": section.mode,
                    "capacity": section.capacity,
                    "days": section.day_list,
                    "start_time": section.start_time,
                    "end_time": section.end_time,
                },
            )
        super().__init__(*args, **kwargs)
        instructor = self.fields["instructor"]
        assert isinstance(instructor, forms.ModelChoiceField)
        instructor.queryset = _instructors()
        if section is not None:
            for name in ("code", "course", "term"):
                del self.fields[name]


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name", "kind"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
