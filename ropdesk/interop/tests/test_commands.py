"""ropdesk export-oneroster and import-oneroster (a .zip or a folder)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from ropdesk.core.models import Student
from ropdesk.interop.tests.test_oneroster_import import package

pytestmark = pytest.mark.django_db


def test_a_folder_is_imported_and_exported(tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    for name, data in package().items():
        (folder / name).write_bytes(data)

    call_command("import_oneroster", str(folder))
    call_command("export_oneroster", str(tmp_path / "out.zip"))
    call_command("import_oneroster", str(tmp_path / "out.zip"))

    assert Student.objects.count() == 2


def test_a_rejected_package_fails_the_command(tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    for name, data in package(orgs=None).items():
        (folder / name).write_bytes(data)

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_oneroster", str(folder))
    assert Student.objects.count() == 0
