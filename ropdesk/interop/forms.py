from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 200 * 1024 * 1024


class PackageForm(forms.Form):
    file = forms.FileField(
        label=_("OneRoster package (.zip)"),
        help_text=_("A .zip holding manifest.csv and the data files (OneRoster 1.1 CSV)."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
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


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("What the token is for, e.g. “LMS sync”.")
    )
