from __future__ import annotations

import zipfile

from django import forms
from django.utils.translation import gettext_lazy as _

from ropdesk.core.uploads import UnsafeZip, check_size, check_zip


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
