"""Forms of outcomes: the survey (the former student's and the caller's), a new wave, an exit,
the crosswalk row and the file uploads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ropdesk.core.models import Student
from ropdesk.core.uploads import check_size
from ropdesk.outcomes import services
from ropdesk.outcomes.models import (
    Channel,
    Employment,
    FollowUpResponse,
    FollowUpWave,
    Military,
    NontraditionalDesignation,
    Postsecondary,
)

SATISFACTION = [
    ("", _("Prefer not to say")),
    ("5", _("5 — very well")),
    ("4", "4"),
    ("3", "3"),
    ("2", "2"),
    ("1", _("1 — not at all")),
]
RELATED = [("", _("Not working / not sure")), ("yes", _("Yes")), ("no", _("No"))]


class SurveyForm(forms.Form):
    """The follow-up questions. Each group can be answered at once with the others: a student
    may study, work and serve in the Guard in the same quarter."""

    postsecondary = forms.ChoiceField(
        label=_("Are you in school or training now?"),
        choices=Postsecondary.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    apprenticeship = forms.BooleanField(
        label=_("I am in a registered apprenticeship"), required=False
    )
    military = forms.ChoiceField(
        label=_("Are you in the military?"),
        choices=Military.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    national_service = forms.BooleanField(
        label=_("I serve in AmeriCorps, another national service program or the Peace Corps"),
        required=False,
    )
    employment = forms.ChoiceField(
        label=_("Are you working?"),
        choices=Employment.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours a week"), min_value=1, max_value=99, required=False
    )
    related_to_pathway = forms.ChoiceField(
        label=_("Is your job related to what you studied in ROP?"),
        choices=RELATED,
        widget=forms.RadioSelect,
        required=False,
    )
    employer = forms.CharField(label=_("Employer"), max_length=160, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=160, required=False)
    employment_started_on = forms.DateField(
        label=_("When did you start this job?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    seeking_work = forms.BooleanField(label=_("I am looking for work"), required=False)
    not_in_labor_force = forms.BooleanField(
        label=_("I am not working and not looking for work"), required=False
    )
    satisfaction = forms.ChoiceField(
        label=_("How well did ROP prepare you for what you do now?"),
        choices=SATISFACTION,
        widget=forms.RadioSelect,
        required=False,
    )
    consent_later_contact = forms.BooleanField(
        label=_("You may contact me again later"), required=False
    )

    proxy = False

    def answers(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        related = data.get("related_to_pathway")
        data["related_to_pathway"] = {"yes": True, "no": False}.get(related or "")
        data["satisfaction"] = int(data["satisfaction"]) if data.get("satisfaction") else None
        return {name: data.get(name) for name in services.ANSWER_FIELDS}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            for name, message in services.answers_check(self.answers(), proxy=self.proxy).items():
                self.add_error(name if name in self.fields else None, message)
        return cleaned


class PhoneAnswerForm(SurveyForm):
    """What the caller enters: the same questions, and who answered."""

    respondent = forms.ChoiceField(
        label=_("Who answered?"),
        choices=FollowUpResponse.Respondent.choices,
        widget=forms.RadioSelect,
        initial="self",
    )
    proxy_name = forms.CharField(label=_("Proxy's name"), max_length=160, required=False)
    proxy_relationship = forms.CharField(
        label=_("Proxy's relationship (e.g. mother)"), max_length=40, required=False
    )

    field_order = ["respondent", "proxy_name", "proxy_relationship"]

    def full_clean(self) -> None:
        self.proxy = self.data.get(self.add_prefix("respondent")) == "proxy"
        super().full_clean()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("respondent") == "proxy" and not cleaned.get("proxy_relationship"):
            self.add_error("proxy_relationship", _("Say who answered for the former student."))
        return cleaned


class CallNoteForm(forms.Form):
    note = forms.CharField(label=_("What happened"), max_length=200)


class WaveForm(forms.Form):
    exit_year = forms.RegexField(
        label=_("Exit year"), regex=r"^\d{4}-\d{4}$", help_text=_("For example 2025-2026.")
    )
    population = forms.ChoiceField(
        label=_("Who is surveyed"), choices=FollowUpWave.Population.choices
    )
    opens_on = forms.DateField(
        label=_("Opens on"), required=False, help_text=_("Empty: 1 December after the exit year.")
    )
    closes_on = forms.DateField(
        label=_("Closes on"),
        required=False,
        help_text=_("Empty: 31 January, before the district's Fall 2 certification."),
    )
    target_response_rate = forms.IntegerField(
        label=_("Target response rate (%)"), min_value=0, max_value=100, required=False
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=[(c.value, c.label) for c in Channel if c != Channel.IMPORT],
        initial=[Channel.EMAIL, Channel.LETTER, Channel.PHONE],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Text messages go to everyone with a phone number, at the opening and each "
            "reminder; each ends with “Reply STOP to opt out”. None ticked: e-mail, letters "
            "and phone."
        ),
    )


class ExitForm(forms.Form):
    """One student's exit as the district reported it on paper or by phone."""

    student_id = forms.CharField(label=_("Student id or SSID"), max_length=40)
    exit_date = forms.DateField(label=_("Exit date"))
    completion_code = forms.RegexField(
        label=_("School-completion (exit) code"), regex=r"^\d{3}$", help_text=_("For example 100.")
    )
    graduated = forms.BooleanField(label=_("Graduated with a regular diploma"), required=False)
    diploma_date = forms.DateField(label=_("Diploma date"), required=False)
    grade_at_exit = forms.ChoiceField(
        label=_("Grade at exit"), choices=Student.Grade.choices, initial="12"
    )
    graduation_cohort = forms.RegexField(
        label=_("Four-year cohort"),
        regex=r"^\d{4}-\d{4}$",
        required=False,
        help_text=_("Empty: the exit year."),
    )

    def clean_student_id(self) -> Student:
        value = self.cleaned_data["student_id"].strip()
        found = Student.objects.filter(Q(local_id=value) | Q(statewide_id=value)).first()
        if found is None:
            raise forms.ValidationError(_("No student has this id or SSID."))
        return found


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_size(upload, "csv_template")
        return upload


class DesignationForm(forms.ModelForm):
    class Meta:
        model = NontraditionalDesignation
        fields = ["nontraditional_for", "women_percent", "target_percent", "source", "source_year"]
