from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ropdesk.enrollment.models import Enrollment
from ropdesk.marks.models import MARK_CHOICES
from ropdesk.scheduling.models import Term


class MarkRowForm(forms.Form):
    """One student's row of the section's mark form."""

    value = forms.ChoiceField(label=_("Mark"), choices=[("", "—"), *MARK_CHOICES], required=False)
    credits_earned = forms.DecimalField(
        label=_("Credits earned"),
        required=False,
        min_value=Decimal("0"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Empty: the section's credits for a passing mark, 0 otherwise."),
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, enrollment: Enrollment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrollment = enrollment
        self.mark: Any = None  # the row's saved mark, if any (the view sets it)
        self.fields["value"].widget.attrs["aria-describedby"] = f"name-{enrollment.pk}"


class CorrectionForm(forms.Form):
    value = forms.ChoiceField(label=_("Corrected mark"), choices=MARK_CHOICES)
    credits_earned = forms.DecimalField(
        label=_("Credits earned"),
        required=False,
        min_value=Decimal("0"),
        decimal_places=2,
        help_text=_("Empty: the section's credits for a passing mark, 0 otherwise."),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3})
    )


class GradingPeriodForm(forms.Form):
    term = forms.ModelChoiceField(
        label=_("Term"), queryset=Term.objects.select_related("school_year")
    )
    name = forms.CharField(label=_("Name"), max_length=60)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    is_final = forms.BooleanField(label=_("Final marks of the term"), required=False)
