"""Forms of the work-based-learning pages; each re-displays what was typed with its errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ropdesk.catalog.models import Pathway
from ropdesk.worksite.models import Evaluation, PlanCompetency, TrainingAgreement


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class HoursForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput)
    started_at = forms.TimeField(label=_("Start"), widget=TimeInput)
    ended_at = forms.TimeField(label=_("End"), widget=TimeInput)
    hourly_wage = forms.DecimalField(
        label=_("Hourly wage ($)"), required=False, min_value=0, max_digits=6, decimal_places=2
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Comment for the student"), max_length=500)


class EmployerProfileForm(forms.Form):
    contact_name = forms.CharField(label=_("Contact name"), required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False)
    workers_comp_carrier = forms.CharField(label=_("Workers' comp carrier"), required=False)
    workers_comp_policy = forms.CharField(label=_("Workers' comp policy number"), required=False)
    workers_comp_expires_on = forms.DateField(
        label=_("Workers' comp expires on"), required=False, widget=DateInput
    )


class OccupationForm(forms.Form):
    pathway = forms.ModelChoiceField(
        label=_("Occupation (pathway)"), queryset=Pathway.objects.all()
    )
    job_title = forms.CharField(label=_("Job title"), required=False)


class SupervisorForm(forms.Form):
    """Invite a site supervisor: they accept from their e-mail and choose their own password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"))


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingAgreement.Kind.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    terms = forms.CharField(label=_("Terms"), widget=forms.Textarea(attrs={"rows": 6}))
    # Community classroom joint venture: the site's attestation (5 CCR 10090).
    attests_no_immediate_benefit = forms.BooleanField(
        label=_(
            "Community classroom: the site attests that the student's unpaid training gives it "
            "no immediate benefit"
        ),
        required=False,
    )
    attests_no_displacement = forms.BooleanField(
        label=_(
            "Community classroom: the site attests that the student replaces no employee, cuts "
            "no employee's hours and prevents no hiring"
        ),
        required=False,
    )


class SignForm(forms.Form):
    party = forms.CharField(widget=forms.HiddenInput)
    typed_name = forms.CharField(label=_("Type your full name to sign"), max_length=160)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput)
    observed_working = forms.BooleanField(label=_("I observed the student working"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    competency_progress = forms.CharField(
        label=_("Competency progress"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PermitForm(forms.Form):
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput)
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput)


class PlanCreateForm(forms.Form):
    expected_weeks = forms.IntegerField(
        label=_("Expected duration (weeks)"), min_value=1, max_value=60, initial=18
    )


class PlanItemForm(forms.Form):
    where_taught = forms.ChoiceField(label=_("Where taught"), choices=PlanCompetency.Where.choices)
    expected_hours = forms.IntegerField(label=_("Expected hours"), min_value=0, max_value=999)
    verified = forms.BooleanField(label=_("Verified"), required=False)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=PlanCompetency.Rating.choices
    )


RATING_CHOICES = [(str(n), str(n)) for n in (1, 2, 3, 4)]


class EvaluationForm(forms.Form):
    point = forms.IntegerField(label=_("Evaluation point"), min_value=1, max_value=20)
    comments = forms.CharField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in Evaluation.WORK_MATURITY:
            self.fields[f"wm_{key}"] = forms.TypedChoiceField(
                label=label, coerce=int, choices=RATING_CHOICES, initial="3"
            )

    def work_maturity(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"wm_{key}"] for key, _label in Evaluation.WORK_MATURITY}
