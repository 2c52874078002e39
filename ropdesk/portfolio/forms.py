"""Forms of the portfolio. None of them has a field for a verified entry: the entry form
lists only the student's own sections' fields and its view loads only the student's own
entries (views.py), so no form reaches a verified entry's words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ropdesk.portfolio import readiness
from ropdesk.portfolio.models import (
    InterviewPractice,
    JobApplication,
    NetworkContact,
    Resume,
    ResumeEntry,
    ResumeSection,
)

DATE = forms.DateInput(attrs={"type": "date"})


class ResumeForm(forms.ModelForm):
    url = forms.URLField(label=_("Web page"), required=False, assume_scheme="https")

    class Meta:
        model = Resume
        fields = ["name", "language", "label", "email", "phone", "url", "city", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"name": _("For example, the job you are after: “Medical assistant”.")}


# A student writes these sections; work readiness comes only from a supervisor's rating and
# goals from the career plan.
OWN_SECTIONS = [
    (k, label)
    for k, label in ResumeSection.choices
    if k not in (ResumeSection.WORK_SKILLS, ResumeSection.GOALS)
]


class EntryForm(forms.ModelForm):
    section = forms.ChoiceField(label=_("Section"), choices=OWN_SECTIONS)
    highlights_text = forms.CharField(
        label=_("Highlights (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    position = forms.IntegerField(label=_("Order in its section"), required=False, min_value=0)

    class Meta:
        model = ResumeEntry
        fields = [
            "section",
            "title",
            "organization",
            "starts_on",
            "ends_on",
            "summary",
            "level",
            "url",
            "position",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["highlights_text"].initial = "\n".join(self.instance.highlights)

    def entry_fields(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["highlights"] = self.cleaned_data["highlights_text"].splitlines()
        data["position"] = data["position"] or 0
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("JSON Resume file (.json)"))
    name = forms.CharField(label=_("Name of the new resume"), max_length=120)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ResumeChoiceField(forms.ModelChoiceField):
    """A resume by its name (the student's own list)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ShareForm(forms.Form):
    resume = ResumeChoiceField(
        label=_("What to share"),
        queryset=Resume.objects.none(),
        required=False,
        empty_label=_("The whole portfolio"),
    )
    audience = forms.CharField(
        label=_("Who it is for"),
        max_length=160,
        help_text=_("For example, “Gateway Regional Medical Center HR”."),
    )
    expires_on = forms.DateField(label=_("Open until"), widget=DATE)

    def __init__(self, *args: Any, student: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ResumeChoiceField, self.fields["resume"]).queryset = Resume.objects.filter(
            student=student
        )
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=30)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))


class WorkReadinessForm(forms.Form):
    """The DOL Work Readiness items, each on the four-level scale (readiness.py)."""

    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            ("", _("Not observed")),
            *[(str(k), f"{k} — {v}") for k, v in readiness.LEVELS.items()],
        ]
        for key, label, _standards in readiness.ITEMS:
            self.fields[key] = forms.ChoiceField(label=label, choices=choices, required=False)
        self.order_fields([*readiness.ITEM_KEYS, "comment"])

    def scores(self) -> dict[str, int]:
        return {
            k: int(self.cleaned_data[k]) for k in readiness.ITEM_KEYS if self.cleaned_data.get(k)
        }


class JobApplicationForm(forms.ModelForm):
    posting_url = forms.URLField(label=_("Posting"), required=False, assume_scheme="https")
    resume = ResumeChoiceField(
        label=_("Resume sent"), queryset=Resume.objects.none(), required=False
    )

    class Meta:
        model = JobApplication
        fields = [
            "employer_name",
            "position",
            "posting_url",
            "source",
            "status",
            "applied_on",
            "interview_on",
            "follow_up_on",
            "resume",
            "contacts",
            "notes",
            "unpaid",
            "permit_step",
            "related_to_pathway",
        ]
        widgets = {
            "applied_on": DATE,
            "interview_on": DATE,
            "follow_up_on": DATE,
            "contacts": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, student: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ResumeChoiceField, self.fields["resume"]).queryset = Resume.objects.filter(
            student=student
        )


class InterviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InterviewPractice.Kind.choices)
    interviewer_name = forms.CharField(label=_("Interviewer"), max_length=160, required=False)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    feedback = forms.CharField(
        label=_("Feedback for the student"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        choices = [("", "—"), *[(str(k), str(k)) for k in range(1, 5)]]
        for key, label in InterviewPractice.RUBRIC:
            self.fields[f"score_{key}"] = forms.ChoiceField(
                label=label, choices=choices, required=False, help_text=_("1 to 4")
            )

    def interview_fields(self) -> dict[str, Any]:
        data = {
            k: self.cleaned_data[k] for k in ("kind", "interviewer_name", "held_on", "feedback")
        }
        data["scores"] = {
            key: self.cleaned_data[f"score_{key}"] for key, _label in InterviewPractice.RUBRIC
        }
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = NetworkContact
        fields = [
            "name",
            "organization",
            "met_at",
            "met_on",
            "email",
            "phone",
            "last_contact_on",
            "notes",
        ]
        widgets = {
            "met_on": DATE,
            "last_contact_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
