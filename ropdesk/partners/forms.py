"""Forms of the partners pages; each re-displays what was typed with the error by the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ropdesk.catalog.models import Course
from ropdesk.core.models import Organization, Site
from ropdesk.core.uploads import check_size
from ropdesk.partners.models import (
    Activity,
    Change,
    Committee,
    Contact,
    Element,
    ElementFinding,
    Evidence,
    ItemCategory,
    LaborMarketSnapshot,
    Meeting,
    MemberRole,
    Membership,
    Partner,
    Recommendation,
    StakeholderCategory,
)
from ropdesk.scheduling.models import Section

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Organization name"), max_length=200, required=False)
    organization = forms.ModelChoiceField(
        label=_("Or an employer work-based learning already has"),
        queryset=Organization.objects.filter(kind=Organization.Kind.EMPLOYER, partner__isnull=True),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Partner.Kind.choices)
    naics = forms.CharField(label=_("NAICS code"), max_length=6, required=False)
    size = forms.ChoiceField(label=_("Size"), choices=Partner.Size.choices, required=False)
    city = forms.CharField(label=_("City"), max_length=80, required=False)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    title = forms.CharField(label=_("Job title"), max_length=160, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Contact.Role.choices)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=300)
    value = forms.DecimalField(label=_("Value (dollars)"), required=False, min_value=0)


class CommitteeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    scope = forms.ChoiceField(label=_("Scope"), choices=Committee.Scope.choices)
    courses = forms.ModelMultipleChoiceField(
        label=_("Courses"), queryset=Course.objects.filter(active=True), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District (steering committee)"),
        queryset=Organization.objects.filter(kind=Organization.Kind.DISTRICT),
        required=False,
    )
    created_by_action = forms.CharField(
        label=_("Created by (board resolution and date, or statute)"),
        max_length=200,
        required=False,
    )


class MemberForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.select_related("partner__organization")
    )
    role = forms.ChoiceField(label=_("Sits for"), choices=MemberRole.choices)
    term_starts_on = forms.DateField(label=_("Term starts on"), widget=DATE)
    term_ends_on = forms.DateField(
        label=_("Term ends on (blank: three years)"), widget=DATE, required=False
    )
    officer = forms.ChoiceField(
        label=_("Officer"), choices=Membership.Officer.choices, required=False
    )


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    place = forms.CharField(label=_("Place or link"), max_length=300)


FILE_HELP = _("PDF or Word (.docx). With a file, the text is an optional summary.")


class AgendaForm(forms.Form):
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    agenda_file = forms.FileField(
        label=_("PDF or Word file"),
        required=False,
        help_text=FILE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=pgettext_lazy("meeting record", "Minutes"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    minutes_file = forms.FileField(
        label=_("PDF or Word file"),
        required=False,
        help_text=FILE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    items_reviewed = forms.MultipleChoiceField(
        label=_("Items reviewed"),
        choices=ItemCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Members present"),
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    guests = forms.CharField(
        label=_("Guests (one a line: name, affiliation)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = meeting.committee.memberships.select_related("contact")
        self.fields["present"].queryset = members  # type: ignore[attr-defined]

    def guest_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.cleaned_data["guests"].splitlines():
            name, _sep, affiliation = line.partition(",")
            if name.strip():
                pairs.append((name.strip(), affiliation.strip()))
        return pairs


class CommentForm(forms.Form):
    speaker = forms.CharField(label=_("Speaker (optional)"), max_length=160, required=False)
    summary = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class SectionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.term.name} · {obj.site.name}"


class RecommendationForm(forms.Form):
    """The section picker works without JavaScript: choose the course, press *List the
    course's sections* (the view shows the form again), then choose one of its sections."""

    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label=_("Category"), choices=ItemCategory.choices)
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.filter(active=True), required=False
    )
    section = SectionChoice(
        label=_("Section"),
        queryset=Section.objects.none(),
        required=False,
        help_text=_("Choose the course, then list its sections."),
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.all(), required=False)
    equipment = forms.CharField(label=_("Equipment"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.data if self.is_bound else self.initial
        course = str(source.get("course") or "")
        if course.isdigit():
            field = self.fields["section"]
            field.queryset = (  # type: ignore[attr-defined]
                Section.objects.filter(course_id=int(course))
                .select_related("term", "site")
                .order_by("-term__start_date", "code")
            )
            field.help_text = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        section, course = data.get("section"), data.get("course")
        if section is not None and course is not None and section.course_id != course.pk:
            self.add_error("section", _("The section is not one of the course's."))
        if section is not None and course is None:
            data["course"] = section.course
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            c for c in Recommendation.Status.choices if c[0] != Recommendation.Status.IMPLEMENTED
        ],
    )
    reason = forms.CharField(
        label=_("Reason (when declined)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ImplementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of change"), choices=Change.Kind.choices)
    summary = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(
        label=_("New course description (course revision)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    hours = forms.IntegerField(
        label=_("New course hours (course revision)"), min_value=1, required=False
    )
    amount = forms.DecimalField(label=_("Purchase amount"), min_value=0, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("EDD projections CSV"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_size(upload, "evidence")
        return upload


class SnapshotForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    soc_codes = forms.CharField(label=_("SOC codes (separated by spaces or commas)"))
    area = forms.CharField(label=_("Area"), max_length=200, required=False)

    def codes(self) -> list[str]:
        return [c for c in self.cleaned_data["soc_codes"].replace(",", " ").split() if c]


class CourseOccupationsForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.filter(active=True))
    soc_codes = forms.CharField(
        label=_("Occupations it prepares for: SOC codes (separated by spaces or commas)"),
        required=False,
    )

    def codes(self) -> list[str]:
        return [c for c in self.cleaned_data["soc_codes"].replace(",", " ").split() if c]


class AttachSnapshotForm(forms.Form):
    snapshot = forms.ModelChoiceField(
        label=_("Labor-market snapshot"), queryset=LaborMarketSnapshot.objects.all(), required=False
    )


class AssessmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)


class FindingForm(forms.Form):
    finding = forms.ModelChoiceField(
        queryset=ElementFinding.objects.all(), widget=forms.HiddenInput
    )
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=ElementFinding.Status.choices)


class EvidenceForm(forms.Form):
    element = forms.TypedChoiceField(label=_("Element"), choices=Element.choices, coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=Evidence.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    snapshot = forms.ModelChoiceField(
        label=_("Labor-market snapshot"), queryset=LaborMarketSnapshot.objects.all(), required=False
    )


class ConsultationForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    category = forms.ChoiceField(label=_("Stakeholders"), choices=StakeholderCategory.choices)
    participants = forms.CharField(
        label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    elements = forms.TypedMultipleChoiceField(
        label=_("Elements discussed"),
        choices=Element.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class MemberInviteForm(forms.Form):
    """The office invites one of the committee's members to sign in."""

    contact = forms.ModelChoiceField(label=_("Member"), queryset=Contact.objects.none())
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("Empty: the contact's own address.")
    )

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = (  # type: ignore[attr-defined]
            Contact.objects.filter(memberships__committee=committee, user__isnull=True)
            .distinct()
            .order_by("name")
        )
