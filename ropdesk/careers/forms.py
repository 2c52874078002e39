"""Forms of the career pages. They parse and check what was typed; services do the writing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ropdesk.careers.models import CareerGoal, CounselingMeeting, Occupation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STEPS = 3  # steps a new goal can be written with; more are added on the goal afterwards


class SurveyAnswerForm(forms.Form):
    item = forms.CharField(max_length=3, widget=forms.HiddenInput)
    value = forms.TypedChoiceField(
        coerce=int,
        choices=[(v, str(v)) for v in range(1, 6)],
        error_messages={
            "required": _("Choose one of the five answers."),
            "invalid_choice": _("Choose one of the five answers."),
        },
    )


class GoalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of goal"), choices=CareerGoal.Kind.choices)
    title = forms.CharField(
        label=_("Goal"),
        max_length=200,
        help_text=_("For example: “Work as a certified nursing assistant”."),
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)
    occupation = forms.CharField(max_length=10, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, STEPS + 1):
            self.fields[f"step_{n}"] = forms.CharField(
                label=_("Step %(n)s") % {"n": n}, max_length=200, required=False
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=_("Step %(n)s due") % {"n": n}, required=False, widget=DATE
            )

    def clean_occupation(self) -> Occupation | None:
        code = self.cleaned_data["occupation"]
        if not code:
            return None
        occupation = Occupation.objects.filter(code=code).first()
        if occupation is None:
            raise forms.ValidationError(_("No occupation has the code %(code)s.") % {"code": code})
        return occupation

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for n in range(1, STEPS + 1):
            if cleaned.get(f"due_{n}") and not cleaned.get(f"step_{n}", "").strip():
                self.add_error(f"step_{n}", _("Say what the step is, or clear its date."))
        return cleaned

    def steps(self) -> list[tuple[str, date | None]]:
        return [
            (self.cleaned_data[f"step_{n}"], self.cleaned_data[f"due_{n}"])
            for n in range(1, STEPS + 1)
            if self.cleaned_data[f"step_{n}"].strip()
        ]

    def step_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"step_{n}"], self[f"due_{n}"]) for n in range(1, STEPS + 1)]


class StepForm(forms.Form):
    description = forms.CharField(label=_("New step"), max_length=200)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CareerGoal.Status.choices)


class MeetingForm(forms.Form):
    met_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("Kind"), choices=CounselingMeeting.Kind.choices)
    topic = forms.CharField(
        label=_("Topic"),
        max_length=200,
        help_text=_("Not confidential: the student and parents see it."),
    )
    note = forms.CharField(
        label=_("Confidential note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only the student's counselors can read it; every read is logged."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New confidential note"), widget=forms.Textarea(attrs={"rows": 5})
    )
