"""A OneRoster 1.2 package as an SIS writes it (users.csv without roles, roles.csv,
userProfiles.csv, primaryOrgSourcedId, preferred names), and 1.2-only rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ropdesk.core.models import Guardianship, ImportJob, Student, User
from ropdesk.enrollment.models import Enrollment
from ropdesk.interop.importer import Rejected, oneroster_import
from ropdesk.interop.models import Feed
from ropdesk.interop.reader import files_of
from ropdesk.scheduling.models import Section

pytestmark = pytest.mark.django_db
PACKAGE = Path(__file__).parent / "packages" / "sis_bulk_1_2"


def run(files: dict[str, bytes], **options: Any):
    job = ImportJob.objects.create(kind="oneroster", file_name="p.zip", content=b"", sha256="-")
    return oneroster_import(files=files, actor=None, audit_obj=job, **options)


def test_a_1_2_package_imports_with_its_roles_file():
    feed = Feed.objects.create(code="seaside", name="Seaside Unified")

    run(files_of(PACKAGE), feed=feed)

    student = Student.objects.get(statewide_id="5012345678")
    assert (student.preferred_name, student.grade_level) == ("Alex", "11")
    assert (student.school_of_attendance.name, student.district_of_residence.name) == (
        "Seaside High",
        "Seaside Unified",
    )
    section = Section.objects.get(code="cls-911-1")
    assert section.instructor == User.objects.get(username="kpatel")
    assert section.needs_setup is True  # no ropdesk extension columns
    assert Guardianship.objects.get(student=student).name == "Maria Ramirez"
    assert Enrollment.objects.get(student=student).status == "enrolled"


def test_a_1_2_user_without_a_role_is_refused_with_its_row():
    files = files_of(PACKAGE)
    files["roles.csv"] = b"\n".join(files["roles.csv"].splitlines()[:-1]) + b"\n"  # no parent role

    with pytest.raises(Rejected) as rejected:
        run(files)

    assert [(p.file, p.row, p.column) for p in rejected.value.problems] == [
        ("users.csv", 4, "sourcedId")
    ]


def test_a_1_1_header_in_a_1_2_package_names_the_column():
    files = files_of(PACKAGE)
    files["manifest.csv"] = files["manifest.csv"].replace(b"1.2", b"1.1")

    with pytest.raises(Rejected) as rejected:
        run(files)

    assert (rejected.value.problems[0].file, rejected.value.problems[0].column) == (
        "users.csv",
        "orgSourcedIds",
    )
