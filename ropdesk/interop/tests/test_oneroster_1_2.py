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


def _with_roles(*rows: str, agents: str = "usr-s-1") -> dict[str, bytes]:
    """The SIS package, with Kiran Patel (usr-t-1) also holding the roles.csv rows given and
    naming `agents` as the students they are a guardian of."""
    files = files_of(PACKAGE)
    files["roles.csv"] = files["roles.csv"] + "".join(f"{row}\n" for row in rows).encode()
    files["users.csv"] = files["users.csv"].replace(
        b"kpatel@seaside.example,,,,", b"kpatel@seaside.example,,," + agents.encode() + b","
    )
    return files


def test_a_1_2_user_who_teaches_and_is_a_parent_keeps_both_roles():
    """OneRoster 1.2 gives a user a role per roles.csv row: a teacher who is also a student's
    parent teaches the class and is the student's guardian; a staff role beside them is not
    granted from a file, and says so."""
    from ropdesk.core.models import RoleAssignment

    files = _with_roles(
        "r-t-2,,,usr-t-1,secondary,parent,,,org-s-78,",
        "r-t-3,,,usr-t-1,secondary,districtAdministrator,,,org-s-78,",
    )

    outcome = run(files, feed=Feed.objects.create(code="seaside", name="Seaside Unified"))

    kiran = User.objects.get(username="kpatel")
    assert Section.objects.get(code="cls-911-1").instructor == kiran
    student = Student.objects.get(statewide_id="5012345678")
    assert sorted(
        Guardianship.objects.filter(student=student).values_list("name", "relationship", "user")
    ) == [("Kiran Patel", "Parent", None), ("Maria Ramirez", "Parent", None)]
    assert list(RoleAssignment.objects.filter(user=kiran).values_list("role", flat=True)) == [
        "instructor"
    ]
    assert [(w.file, w.row, w.column) for w in outcome.warnings] == [("roles.csv", 6, "role")]
    assert "grants no staff role from a file" in outcome.warnings[0].reason


def test_a_1_2_parent_whose_secondary_role_is_teacher_teaches_the_class():
    files = files_of(PACKAGE)
    roles = files["roles.csv"].replace(
        b"r-t-1,,,usr-t-1,primary,teacher", b"r-t-1,,,usr-t-1,secondary,teacher"
    )
    files["roles.csv"] = roles + b"r-t-0,,,usr-t-1,primary,guardian,,,org-s-78,\n"

    run(files)

    assert Section.objects.get(code="cls-911-1").instructor.username == "kpatel"
    assert not Guardianship.objects.filter(name="Kiran Patel").exists()  # guardian of nobody
