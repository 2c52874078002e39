"""Forms for admissions and completion. Each re-displays what was typed, with the error next
to the field (style.md rule 15); services still validate, so no form is the only guard."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from ropdesk.catalog.models import Competency, Course
from ropdesk.core.models import Organization, Student
from ropdesk.enrollment import eligibility
from ropdesk.enrollment.models import (
    Application,
    Completion,
    Enrollment,
    ExceptionalNeedsDetermination,
    ParentConsent,
)
from ropdesk.scheduling.models import Section

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CHOICE_RANKS = (1, 2, 3)


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Section) -> str:
        return (
            f"{obj.course.title} — {obj.code}: {obj.days_display()}, "
            f"{obj.start_time:%H:%M}–{obj.end_time:%H:%M}, {obj.site}"
        )


class CourseSectionChoiceField(SectionChoiceField):
    """A section of the course already chosen: the label leaves out the course's title."""

    def label_from_instance(self, obj: Section) -> str:
        return f"{obj.code}: {obj.days_display()}, {_times(obj)}, {obj.site}"


def _times(section: Section) -> str:
    if section.start_time is None or section.end_time is None:
        return "—"  # a section imported without its meeting pattern yet
    return f"{time_format(section.start_time)}–{time_format(section.end_time)}"


def open_sections() -> Any:
    return (
        Section.objects.filter(
            term__end_date__gte=timezone.localdate(), course__active=True, needs_setup=False
        )
        .select_related("course", "site", "term")
        .order_by("course__title", "term__start_date", "code")
    )


def sections_of_course(course_id: int | None) -> Any:
    """The open sections of one course, for the apply form's section menus."""
    if course_id is None:
        return Section.objects.none()
    return open_sections().filter(course_id=course_id)


class ApplicationForm(forms.ModelForm):
    """The public application, also used by counselors to enter one for a student."""

    # After each, the page offers "Show this course's sections" (the form without JavaScript).
    course_fields = ("choice_1", "choice_2", "choice_3")

    class Meta:
        model = Application
        fields = [
            "kind",
            "legal_first_name",
            "legal_last_name",
            "preferred_name",
            "birth_date",
            "sex",
            "email",
            "phone",
            "address",
            "city",
            "grade_level",
            "district_of_residence",
            "school",
            "home_language",
            "english_learner",
            "out_of_school_since",
            "calworks",
            "tap",
            "job_corps",
            "wioa_intensive",
            "has_iep",
            "has_504_plan",
            "other_needs",
            "transportation",
            "transportation_acknowledged",
            "guardian_name",
            "guardian_relationship",
            "guardian_email",
            "guardian_phone",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "out_of_school_since": forms.DateInput(attrs={"type": "date"}),
            "other_needs": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "transportation": forms.RadioSelect,
        }
        help_texts = {
            "sex": _("For state reports only. It never affects admission."),
            "english_learner": _(
                "We offer help in Spanish and other languages. English is never "
                "a requirement to apply."
            ),
            "out_of_school_since": _("Only if you are 15 to 18 and not attending school."),
            "other_needs": _("Anything that would help you take part in class."),
            "guardian_email": _(
                "If you are under 18, we e-mail your parent or guardian a link to give consent."
            ),
            "school": _("Leave empty if you are not in high school."),
        }

    staff_entry = False
    GROUPS = [
        (
            _("About you"),
            [
                "student",
                "kind",
                "legal_first_name",
                "legal_last_name",
                "preferred_name",
                "birth_date",
                "sex",
                "email",
                "phone",
                "address",
                "city",
            ],
        ),
        (
            _("School"),
            [
                "grade_level",
                "district_of_residence",
                "school",
                "out_of_school_since",
                "high_school_plan_on_file",
                "plan_courses_enrolled",
            ],
        ),
        (
            _("Courses, in order of preference"),
            ["choice_1", "section_1", "choice_2", "section_2", "choice_3", "section_3"],
        ),
        (
            _("Language and support in class"),
            ["home_language", "english_learner", "has_iep", "has_504_plan", "other_needs"],
        ),
        (
            _("Programs you take part in (adults)"),
            ["calworks", "tap", "job_corps", "wioa_intensive"],
        ),
        (_("Getting to class"), ["transportation", "transportation_acknowledged"]),
        (
            _("Parent or guardian (if you are under 18)"),
            ["guardian_name", "guardian_relationship", "guardian_email", "guardian_phone"],
        ),
    ]

    def grouped(self) -> list[tuple[StrOrPromise, list[Any]]]:
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.GROUPS
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = Organization.objects.filter(kind=Organization.Kind.DISTRICT).order_by("name")
        schools = (
            Organization.objects.filter(kind=Organization.Kind.SCHOOL)
            .select_related("parent")
            .order_by("name")
        )
        cast(forms.ModelChoiceField, self.fields["district_of_residence"]).queryset = districts
        cast(forms.ModelChoiceField, self.fields["school"]).queryset = schools
        # Radio buttons offer only the real choices (no empty "---------" one).
        cast(forms.ChoiceField, self.fields["kind"]).choices = Application.Kind.choices
        transportation = cast(forms.ChoiceField, self.fields["transportation"])
        transportation.choices = Application.Transportation.choices
        self.fields["transportation_acknowledged"].required = True
        self.fields["transportation_acknowledged"].error_messages["required"] = _(
            "Please confirm that you will provide your own transportation."
        )
        self.fields["email"].required = not self.staff_entry
        courses = Course.objects.filter(active=True).order_by("title")
        for rank in CHOICE_RANKS:
            self.fields[f"choice_{rank}"] = forms.ModelChoiceField(
                queryset=courses,
                required=rank == 1,
                label=_("Course, choice %(n)d") % {"n": rank},
            )
            # Only the sections of the course chosen in this place (none before a course is
            # chosen): another course's section is not a valid choice at all.
            chosen = self.chosen_course(rank)
            self.fields[f"section_{rank}"] = CourseSectionChoiceField(
                queryset=sections_of_course(chosen),
                required=False,
                label=_("Preferred section for choice %(n)d") % {"n": rank},
                empty_label=_("Any section") if chosen else _("Choose the course first"),
                error_messages={
                    "invalid_choice": _("This section is not a section of the course chosen.")
                },
            )

    def chosen_course(self, rank: int) -> int | None:
        """The course id chosen for this place so far: in the data sent, else the initial."""
        name = f"choice_{rank}"
        value = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        if isinstance(value, Course):
            return value.pk
        text = str(value or "")
        return int(text) if text.isdigit() else None

    def clean_birth_date(self) -> date:
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if born >= today:
            raise forms.ValidationError(_("The birth date must be in the past."))
        if eligibility.age_on(born, today) > 120:
            raise forms.ValidationError(_("Please check the year of birth."))
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        grade = data.get("grade_level")
        born = data.get("birth_date")
        if kind == Application.Kind.HIGH_SCHOOL:
            if grade and grade not in Student.HIGH_SCHOOL_GRADES:
                self.add_error("grade_level", _("A high-school student is in grades 9 to 12."))
            if not data.get("school"):
                self.add_error("school", _("Choose the high school you attend."))
        if kind == Application.Kind.ADULT and grade and grade != Student.Grade.ADULT:
            self.add_error("grade_level", _("Choose “Adult” as the grade level."))
        if kind == Application.Kind.OUT_OF_SCHOOL_YOUTH and not data.get("out_of_school_since"):
            self.add_error(
                "out_of_school_since", _("Tell us since when you have not attended school.")
            )
        school, district = data.get("school"), data.get("district_of_residence")
        if school and district and school.parent_id != district.pk and kind != "adult":
            self.add_error("school", _("This school is not in the district you chose."))
        if born and eligibility.age_on(born, timezone.localdate()) < 18:
            for name in ("guardian_name", "guardian_relationship"):
                if not data.get(name):
                    self.add_error(
                        name, _("A parent or guardian is needed for applicants under 18.")
                    )
            if not self.staff_entry and not data.get("guardian_email"):
                self.add_error(
                    "guardian_email",
                    _("We need a parent's or guardian's e-mail to ask for consent."),
                )
        self._clean_choices(data)
        return data

    def _clean_choices(self, data: dict[str, Any]) -> None:
        seen: set[int] = set()
        for rank in CHOICE_RANKS:
            course, section = data.get(f"choice_{rank}"), data.get(f"section_{rank}")
            if section is not None and course is None:
                self.add_error(f"choice_{rank}", _("Choose the course of this section."))
            if course is None:
                continue
            if course.pk in seen:
                self.add_error(f"choice_{rank}", _("You chose this course already."))
            seen.add(course.pk)

    def choices(self) -> list[tuple[Course, Section | None]]:
        return [
            (self.cleaned_data[f"choice_{rank}"], self.cleaned_data.get(f"section_{rank}"))
            for rank in CHOICE_RANKS
            if self.cleaned_data.get(f"choice_{rank}")
        ]

    def application_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StaffApplicationForm(ApplicationForm):
    """A counselor enters an application, optionally for a student already on record."""

    staff_entry = True

    class Meta(ApplicationForm.Meta):
        fields = [*ApplicationForm.Meta.fields, "high_school_plan_on_file", "plan_courses_enrolled"]

    def __init__(self, *args: Any, students: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Chosen by the "fill in" search above the form, so a caseload of thousands is not
        # a list of thousands.
        self.fields["student"] = forms.ModelChoiceField(
            queryset=students if students is not None else Student.objects.none(),
            to_field_name="local_id",  # the ROP student id staff see, not the database's
            required=False,
            widget=forms.HiddenInput,
            label=_("Student already on record"),
        )

    def application_fields(self) -> dict[str, Any]:
        fields = super().application_fields()
        fields["student"] = self.cleaned_data.get("student")
        return fields


class ConsentForm(forms.Form):
    """A parent's consent, online from the e-mailed link."""

    guardian_name = forms.CharField(label=_("Your full name"), max_length=160)
    relationship = forms.CharField(label=_("Your relationship to the student"), max_length=40)
    consent = forms.BooleanField(
        label=_("I consent to this student's enrollment in the courses listed."),
        error_messages={"required": _("Check this box to give your consent.")},
    )
    transportation = forms.BooleanField(
        label=_("I understand that students provide their own transportation to class."),
        error_messages={"required": _("Please confirm that you understand this.")},
    )
    approves_high_school_plan = forms.BooleanField(
        label=_("I approve, in writing, the high-school plan written with the district."),
        required=False,
    )

    def __init__(self, *args: Any, out_of_school: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not out_of_school:
            del self.fields["approves_high_school_plan"]


class StaffConsentForm(forms.Form):
    """Consent given on paper or by phone, recorded by staff."""

    guardian_name = forms.CharField(label=_("Name of the parent or guardian"), max_length=160)
    relationship = forms.CharField(label=_("Relationship to the student"), max_length=40)
    method = forms.ChoiceField(
        label=_("How consent was given"),
        choices=[
            (ParentConsent.Method.PAPER, ParentConsent.Method.PAPER.label),
            (ParentConsent.Method.PHONE, ParentConsent.Method.PHONE.label),
        ],
    )
    approves_high_school_plan = forms.BooleanField(
        label=_("The parent approved the high-school plan in writing"), required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 2}))


class AdmitForm(forms.Form):
    section = SectionChoiceField(queryset=Section.objects.none(), label=_("Section"))
    will_benefit = forms.BooleanField(
        label=_("I have determined that the applicant will benefit from the course."),
        error_messages={"required": _("Admission needs this finding (EC 52314(a)(1)).")},
    )

    def __init__(self, *args: Any, sections: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["section"]).queryset = sections


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the application is not admitted"), widget=forms.Textarea({"rows": 2})
    )


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the override"), widget=forms.Textarea({"rows": 2}), max_length=1000
    )


class ExceptionalNeedsForm(forms.Form):
    """The principal's or local educational director's determination (5 CCR 10103(a))."""

    determined_by_name = forms.CharField(label=_("Determined by (name)"), max_length=160)
    determined_by_role = forms.ChoiceField(
        label=_("In the capacity of"), choices=ExceptionalNeedsDetermination.Role.choices
    )
    determined_on = forms.DateField(
        label=_("Determined on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    basis = forms.CharField(
        label=_("Basis: the student's exceptional needs"),
        widget=forms.Textarea({"rows": 2}),
        max_length=2000,
    )


class BulkAdmitForm(forms.Form):
    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one application.")},
    )
    will_benefit = forms.BooleanField(
        label=_("I have determined that each applicant selected will benefit from the course."),
        error_messages={"required": _("Admission needs this finding (EC 52314(a)(1)).")},
    )

    def __init__(self, *args: Any, applications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["applications"]).queryset = applications


class EndEnrollmentForm(forms.Form):
    status = forms.ChoiceField(
        label=_("The student"),
        choices=[
            (Enrollment.Status.DROPPED, _("Dropped the course")),
            (Enrollment.Status.WITHDRAWN, _("Withdrew from the course")),
        ],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 2}))


class CompletionRowForm(forms.Form):
    """One student's row on the completion page: a final grade and competencies attained."""

    final_grade = forms.ChoiceField(
        label=_("Final grade"),
        choices=[("", "—"), *Completion.Grade.choices],
        required=False,
    )
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies attained"),
        queryset=Competency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, competencies: Any, enrollment: Enrollment, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.enrollment = enrollment
        field = cast(forms.ModelChoiceField, self.fields["competencies"])
        field.queryset = competencies
        # Render from the view's evaluated queryset, so that a roster of any size costs one
        # query for the competencies rather than one per row.
        field.widget.choices = [(c.pk, field.label_from_instance(c)) for c in competencies]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("competencies") and not data.get("final_grade"):
            self.add_error("final_grade", _("Give a final grade with the competencies."))
        return data


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=20,
        help_text=_("The code printed on the certificate, such as 7KQ2M-9TXCD."),
    )
