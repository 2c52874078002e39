from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ropdesk.attendance.periods import Period
from ropdesk.scheduling.models import SchoolYear

BY_CHOICES = [
    ("district", _("District")),
    ("school", _("School")),
    ("site", _("Site")),
    ("course", _("Course")),
    ("instructor", _("Instructor")),
    ("category", _("Funding category")),
]


class ReportForm(forms.Form):
    school_year = forms.ModelChoiceField(
        label=_("School year"),
        queryset=SchoolYear.objects.all(),
        to_field_name="name",
        empty_label=None,
    )
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    by = forms.ChoiceField(label=_("By"), choices=BY_CHOICES)
