from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from ropdesk.core.uploads import UnsafeZip, check_size, check_zip

if TYPE_CHECKING:
    from ropdesk.catalog.models import Pathway
    from ropdesk.interop.models import Feed


class PackageForm(forms.Form):
    file = forms.FileField(
        label=_("OneRoster package (.zip)"),
        help_text=_("A .zip holding manifest.csv and the data files (OneRoster 1.1 CSV)."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        check_size(upload, "oneroster_zip")
        try:
            check_zip(upload.read())
        except UnsafeZip as unsafe:
            raise forms.ValidationError(str(unsafe)) from unsafe
        except zipfile.BadZipFile:
            pass  # the import reports a package without a manifest, as before
        finally:
            upload.seek(0)
        return upload


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Template"),
        choices=[
            ("students", _("Students")),
            ("sections", _("Sections")),
            ("enrollments", _("Enrollments")),
        ],
    )
    file = forms.FileField(label=_("CSV file (UTF-8)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        check_size(upload, "csv_template")
        return upload


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("What the token is for, e.g. “LMS sync”.")
    )


class ImportOptionsForm(PackageForm):
    """The upload, with the district feed it comes from and how to run it."""

    feed: forms.ModelChoiceField[Feed] = forms.ModelChoiceField(
        label=_("District feed"),
        queryset=None,
        required=False,
        empty_label=_("None: the program's own package"),
        help_text=_("A feed changes only the records it owns and never takes over an account."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: show what would change, write nothing"), required=False
    )
    import_valid_rows = forms.BooleanField(
        label=_("Import what is valid"),
        required=False,
        help_text=_(
            "Rows with a problem of their own (e.g. an enrollment of a user whose role does "
            "not fit) are skipped and listed; problems of a file, a reference or a key still "
            "reject the whole package."
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from ropdesk.interop.models import Feed

        self.fields["feed"].queryset = Feed.objects.filter(active=True)  # type: ignore[attr-defined]


MODE_CHOICES = [
    ("classroom", _("Classroom only")),
    ("community_classroom", _("Community classroom")),
    ("cve", _("Cooperative vocational education")),
]


class CourseSetupForm(forms.Form):
    pathway: forms.ModelChoiceField[Pathway] = forms.ModelChoiceField(
        label=_("CALPADS pathway"), queryset=None
    )
    hours = forms.IntegerField(label=_("Hours"), min_value=1)
    modes = forms.MultipleChoiceField(
        label=_("Approved instruction modes"),
        choices=MODE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from ropdesk.catalog.models import Pathway

        self.fields["pathway"].queryset = Pathway.objects.filter(active=True)  # type: ignore[attr-defined]


class SectionSetupForm(forms.Form):
    mode = forms.ChoiceField(label=_("Instruction mode"), choices=MODE_CHOICES)
    days = forms.CharField(label=_("Meeting days"), help_text=_("e.g. Mon,Wed"), max_length=27)
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))


class StudentSetupForm(forms.Form):
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        help_text=_("For state reports only; leave it blank if the district did not say."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from ropdesk.core.models import Student

        self.fields["sex"].choices = [("", _("Not known")), *Student.Sex.choices]  # type: ignore[attr-defined]
