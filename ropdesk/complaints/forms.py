"""Forms: the public complaint form, the filer's follow-up, and support services' case forms.
Forms parse and re-display; the rules are in services (whose errors land next to the field)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ropdesk.complaints import services
from ropdesk.complaints.models import (
    Appeal,
    Basis,
    Complaint,
    ComplaintKind,
    CoordinatorRole,
    InvestigationItem,
    NoticeKind,
    Report,
)
from ropdesk.core.models import Role, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACCEPT = ",".join(sorted(services.ALLOWED_EXTENSIONS))


def _files_help() -> str:
    return gettext(
        "Up to %(n)s files, %(mb)s MB each: PDF, photos, documents, audio or video. If the form "
        "shows an error, choose your files again."
    ) % {"n": services.MAX_FILES, "mb": services.MAX_UPLOAD_BYTES // (1024 * 1024)}


FILES_HELP = lazy(_files_help, str)()


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        files = [super(MultipleFileField, self).clean(f, initial) for f in files]
        services.check_uploads(files)
        return files


def _language_choices() -> list[tuple[str, Any]]:
    return [(code, name) for code, name in settings.LANGUAGES]


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is your complaint about?"),
        choices=ComplaintKind.choices,
        widget=forms.RadioSelect,
    )
    bases = forms.MultipleChoiceField(
        label=_("Was it because of who you are? Check any that apply."),
        choices=Basis.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 30}),
        help_text=_("In your own words. Any language is fine."),
    )
    people_involved = forms.CharField(
        label=_("Who was involved?"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 30}),
        required=False,
        help_text=_(
            "Names or descriptions and their role (instructor, staff, student), and "
            "anyone who saw it."
        ),
    )
    incident_date = forms.DateField(
        label=_("When did it happen?"),
        widget=DATE,
        help_text=_(
            "Your best guess if you are not sure. If it happened more than once, the last time."
        ),
    )
    knowledge_date = forms.DateField(
        label=_("If you learned about it later: when did you first learn of it?"),
        widget=DATE,
        required=False,
    )
    location = forms.CharField(
        label=_("Where did it happen?"),
        required=False,
        max_length=240,
        help_text=_("School, classroom, job site, online…"),
    )
    # A declared field: Django's form metaclass takes it off the class (self.files stays the
    # uploads), which the stubs cannot see.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Evidence"), required=False, help_text=FILES_HELP
    )
    anonymous = forms.BooleanField(
        label=_("File without giving my name"),
        required=False,
        help_text=_(
            "We still look into it, but we cannot contact you. Keep the private link we "
            "give you: it is the only way to follow your complaint."
        ),
    )
    filer_name = forms.CharField(label=_("Your name"), required=False, max_length=160)
    filer_relationship = forms.ChoiceField(
        label=_("You are"),
        choices=[("", "—"), *Complaint.FilerRelationship.choices],
        required=False,
    )
    filer_email = forms.EmailField(
        label=_("Email"), required=False, help_text=_("We send your receipt here.")
    )
    filer_phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    language = forms.ChoiceField(label=_("Language for our letters to you"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = _language_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("anonymous") and not (data.get("filer_name") or "").strip():
            self.add_error(
                "filer_name", _("Give your name, or choose to file without giving your name.")
            )
        today = timezone.localdate()
        for field in ("incident_date", "knowledge_date"):
            if data.get(field) and data[field] > today:
                self.add_error(field, _("This date is in the future."))
        return data


class FilerInformationForm(forms.Form):
    text = forms.CharField(
        label=_("Add information"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 30}),
        required=False,
    )
    # A declared field, taken off the class by the form metaclass (as above).
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Add files"), required=False, help_text=FILES_HELP
    )


# --- Case forms (support services); each has a prefix so ids stay unique on the case page ---


def case_people(complaint: Complaint) -> Any:
    """Who may be given the case: support services, and people granted access to it."""
    today = timezone.localdate()
    granted = Q(
        complaint_grants__revoked_on__isnull=True,
        complaint_grants__expires_on__gte=today,
    ) & (Q(complaint_grants__complaint=complaint) | Q(complaint_grants__complaint__isnull=True))
    return (
        User.objects.filter(is_active=True)
        .filter(Q(roles__role=Role.SUPPORT_SERVICES) | granted)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class ClassifyForm(forms.Form):
    prefix = "classify"
    kind = forms.ChoiceField(label=_("Kind"), choices=ComplaintKind.choices)
    bases = forms.MultipleChoiceField(
        label=_("Protected bases"),
        choices=Basis.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class AssignForm(forms.Form):
    prefix = "assign"
    investigator = forms.ModelChoiceField(label=_("Investigator"), queryset=User.objects.none())
    decision_maker = forms.ModelChoiceField(
        label=_("Decision-maker"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Title IX: someone other than the investigators and the Title IX coordinator "
            "(34 CFR 106.45(b)(7)(i)). Only they issue the written determination."
        ),
    )
    co_investigators = forms.ModelMultipleChoiceField(
        label=_("Also investigating"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    title_ix_coordinator = forms.ModelChoiceField(
        label=_("Title IX coordinator of this case"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Empty: the program's designated Title IX coordinator."),
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = case_people(complaint)
        for name in ("investigator", "decision_maker", "co_investigators"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]
        if complaint.kind == "title_ix":
            self.fields["title_ix_coordinator"].queryset = people  # type: ignore[attr-defined]
        else:
            del self.fields["title_ix_coordinator"]


class FilingExtensionForm(forms.Form):
    prefix = "filing"
    days = forms.IntegerField(label=_("Days added to the filing window"), min_value=0, max_value=90)
    reason = forms.CharField(
        label=_("Good cause, as the written request states it"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtensionForm(forms.Form):
    prefix = "extension"
    days = forms.IntegerField(label=_("Extra days for the report"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    written_agreement = forms.BooleanField(
        label=_("The complainant agreed in writing"),
        required=False,
        help_text=_(
            "Required by 5 CCR 4631(e). Attach the agreement (a letter, a signed form "
            "or the email)."
        ),
    )
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DATE)
    agreement_text = forms.CharField(
        label=_("The agreement's text (for example the complainant's email)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    agreement_file = forms.FileField(
        label=_("Or the written agreement as a file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class ItemForm(forms.Form):
    prefix = "item"
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (InvestigationItem.Kind.INTERVIEW, InvestigationItem.Kind.INTERVIEW.label),
            (InvestigationItem.Kind.DOCUMENT, InvestigationItem.Kind.DOCUMENT.label),
            (InvestigationItem.Kind.NOTE, InvestigationItem.Kind.NOTE.label),
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    file = forms.FileField(
        label=_("File"), required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )


class MeasureForm(forms.Form):
    prefix = "measure"
    description = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 3}))
    for_whom = forms.CharField(label=_("For whom"), max_length=120)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE, required=False)


class TitleIXStepForm(forms.Form):
    prefix = "tix"
    step = forms.ChoiceField(
        label=_("Step"),
        choices=[
            ("evidence_shared_on", _("Evidence sent to both parties")),
            ("investigative_report_shared_on", _("Investigative report sent to both parties")),
        ],
    )
    on = forms.DateField(label=_("On"), widget=DATE)


class ReportForm(forms.Form):
    prefix = "report"
    findings = forms.CharField(
        label=_("Findings of fact"), widget=forms.Textarea(attrs={"rows": 6})
    )
    conclusions = forms.CharField(
        label=_("Conclusions (one for each allegation)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    remedies = forms.CharField(
        label=_("Corrective actions and remedies"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Report.Outcome.choices)
    issued_on = forms.DateField(label=_("Date of the report"), widget=DATE)
    language = forms.ChoiceField(label=_("Language of the report"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = _language_choices()


class AppealForm(forms.Form):
    prefix = "appeal"
    appellant = forms.ChoiceField(
        label=_("Who appeals"),
        choices=Appeal.Appellant.choices,
        help_text=_("Either party may appeal (34 CFR 106.45(b)(8); 5 CCR 4632)."),
    )
    appellant_name = forms.CharField(label=_("Name of the person appealing"), required=False)
    filed_on = forms.DateField(label=_("Appeal filed on"), widget=DATE)
    grounds = forms.MultipleChoiceField(
        label=_("Grounds (5 CCR 4632(b))"),
        choices=Appeal.Ground.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    grounds_detail = forms.CharField(
        label=_("Grounds in the appellant's words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    cde_notice_on = forms.DateField(
        label=_("CDE notice of appeal received on"), widget=DATE, required=False
    )


class AppealFileForm(forms.Form):
    prefix = "appealfile"
    cde_notice_on = forms.DateField(label=_("CDE notice received on"), widget=DATE, required=False)
    file_sent_on = forms.DateField(label=_("File sent to the CDE on"), widget=DATE, required=False)


class CloseForm(forms.Form):
    prefix = "close"
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)
    note = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Username"),
        queryset=User.objects.filter(is_active=True),
        to_field_name="username",
        widget=forms.TextInput,
    )
    complaint = forms.ModelChoiceField(
        label=_("Case reference code"),
        queryset=Complaint.objects.all(),
        to_field_name="reference",
        widget=forms.TextInput,
        required=False,
        help_text=_("Leave empty to grant every case."),
    )
    reason = forms.CharField(
        label=_("Why this person needs to read it"), widget=forms.Textarea(attrs={"rows": 3})
    )
    expires_on = forms.DateField(label=_("Until"), widget=DATE)


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Plain text; a blank line starts a new paragraph. These are filled in from "
            "the system: {program_name}, {title_ix_coordinator}, "
            "{section_504_coordinator}, {ucp_coordinator}, {complaint_form_url}, "
            "{nondiscrimination_notice_url}."
        ),
    )


class NewNoticeLanguageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Notice"), choices=NoticeKind.choices)
    language = forms.RegexField(
        label=_("Language code"),
        regex=r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$",
        max_length=12,
        help_text=_("For example vi (Vietnamese), ko (Korean), zh-hant (Chinese, traditional)."),
    )


class CoordinatorForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=CoordinatorRole.choices)
    user = forms.ModelChoiceField(
        label=_("Username"),
        queryset=User.objects.filter(is_active=True),
        to_field_name="username",
        widget=forms.TextInput,
    )
    job_title = forms.CharField(label=_("Job title"), required=False, max_length=120)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.EmailField(label=_("Email"), required=False)
    office_address = forms.CharField(label=_("Office address"), required=False, max_length=240)


class CourtHolidayForm(forms.Form):
    prefix = "holiday"
    day = forms.DateField(label=_("Date"), widget=DATE)
    name = forms.CharField(label=_("Name"), max_length=120)
