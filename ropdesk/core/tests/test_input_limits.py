"""Limits on input (issue 12, items 7 and 8): zip archives, upload sizes per kind, a full disk,
birth dates, race codes, names too long for their column."""

from __future__ import annotations

import errno
import html
import io
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from ropdesk.complaints.models import Complaint, InvestigationItem
from ropdesk.complaints.tests.test_views import form_data as complaint_data
from ropdesk.core.models import ImportJob, Role, Student
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today
from ropdesk.core.uploads import UnsafeZip, open_zip_safely
from ropdesk.interop.services import zip_of
from ropdesk.interop.tests.test_oneroster_import import DEMOGRAPHICS, USERS, package, problems_of

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


# --- zip archives --------------------------------------------------------------------------------


def test_a_sound_zip_gives_its_csv_members_by_name():
    data = zipped({"pkg/users.csv": b"a,b\n1,2\n", "readme.txt": b"hi", "pkg/": b""})
    assert open_zip_safely(data, suffix=".csv") == {"users.csv": b"a,b\n1,2\n"}


def test_a_zip_with_too_many_members_is_refused():
    data = zipped({f"f{k}.csv": b"x" for k in range(51)})
    with pytest.raises(UnsafeZip, match="holds 51 files; at most 50"):
        open_zip_safely(data)


def test_a_zip_bomb_is_refused_before_it_is_expanded():
    """The issue's package: a few hundred KB that expanded to 400 MB in memory."""
    data = zipped({"users.csv": b"0" * (40 * MB)})
    assert len(data) < 100 * 1024
    with pytest.raises(UnsafeZip, match="more than 200 times its compressed size"):
        open_zip_safely(data)


def test_members_together_may_not_expand_past_the_total_limit():
    members = {f"f{k}.csv": bytes(range(256)) * 4096 for k in range(3)}  # 1 MB each
    with pytest.raises(UnsafeZip, match="expands to more than 2 MB"):
        open_zip_safely(zipped(members), max_total_bytes=2 * MB)
    assert len(open_zip_safely(zipped(members), max_total_bytes=3 * MB)) == 3


def test_the_oneroster_upload_refuses_a_zip_bomb_with_a_message_and_keeps_nothing(client):
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    bomb = io.BytesIO(zipped({"manifest.csv": b"x", "users.csv": b"0" * (40 * MB)}))
    bomb.name = "roster.zip"
    response = client.post("/interop/", {"file": bomb})
    assert response.status_code == 200
    assert "“users.csv” in the archive expands to more than 200 times" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_importer_reads_packages_through_the_guard(settings):
    from ropdesk.interop.reader import files_of

    settings.ROPDESK = {**settings.ROPDESK, "ZIP_MAX_MEMBERS": 3}
    with pytest.raises(UnsafeZip):
        files_of(zip_of(package()))


# --- upload sizes ----------------------------------------------------------------------------


def test_an_attendance_file_over_its_limit_is_refused_by_name(client, settings):
    settings.ROPDESK = {**settings.ROPDESK, "UPLOAD_MAX_MB": {"attendance_csv": 1}}
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    big = SimpleUploadedFile("marks.csv", b"x" * (MB + 1), content_type="text/csv")
    response = client.post("/attendance/import/", {"file": big})
    assert "“marks.csv” is larger than 1 MB, the limit for this kind of file." in (
        response.content.decode()
    )
    assert not ImportJob.objects.filter(kind="attendance").exists()


def test_request_bodies_are_limited_in_settings(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * MB
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2 * MB


# --- a full disk ---------------------------------------------------------------------------------


class DiskFullAfterOneFile(FileSystemStorage):
    """The outside world: a disk that fills up after the first file."""

    saved = 0

    def _save(self, name: str, content: Any) -> str:
        if DiskFullAfterOneFile.saved >= 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        DiskFullAfterOneFile.saved += 1
        # Storage._save is Django's documented override point; the stubs leave it out.
        return super()._save(name, content)  # type: ignore[misc]


def test_a_full_disk_is_a_clear_message_and_nothing_is_half_saved(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.DiskFullAfterOneFile"},
    }
    DiskFullAfterOneFile.saved = 0
    files = [
        SimpleUploadedFile("one.pdf", b"%PDF-1.4 a", content_type="application/pdf"),
        SimpleUploadedFile("two.pdf", b"%PDF-1.4 b", content_type="application/pdf"),
    ]
    response = client.post("/complaints/file/", {**complaint_data(), "files": files})
    assert response.status_code == 400
    assert "“two.pdf” could not be stored: the server's disk is full. Nothing was saved" in (
        html.unescape(response.content.decode())
    )
    assert not Complaint.objects.exists() and not InvestigationItem.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # one.pdf was removed again


# --- birth dates, race codes, names ---------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (date(1, 1, 1), "A birth date before 1900 is not possible"),
        (date(1899, 12, 31), "A birth date before 1900 is not possible"),
        (date(9999, 12, 31), "A birth date cannot be in the future."),
    ],
)
def test_a_birth_date_outside_1900_to_today_is_refused(born, message):
    student = f.student()
    student.birth_date = born
    with pytest.raises(ValidationError, match=message):
        student.full_clean()


def test_the_first_day_of_1900_and_today_are_accepted_birth_dates():
    student = f.student()
    for born in (date(1900, 1, 1), suite_today()):
        student.birth_date = born
        student.full_clean()


def test_tomorrow_is_refused_as_a_birth_date():
    student = f.student()
    student.birth_date = suite_today() + timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        student.full_clean()


def test_the_database_refuses_a_birth_date_before_1900_from_any_path():
    student = f.student()
    with pytest.raises(IntegrityError), transaction.atomic():
        Student.objects.filter(pk=student.pk).update(birth_date=date(1, 1, 1))


def test_a_oneroster_birth_date_out_of_range_is_reported_by_row_and_column():
    demographics = DEMOGRAPHICS.replace("2010-03-01", "0001-01-01")
    problems = problems_of(package(demographics=demographics))
    assert (
        "demographics.csv",
        2,
        "birthDate",
        "A birth date before 1900 is not possible; check the year.",
    ) in problems


def test_a_oneroster_name_too_long_is_refused_with_the_column_named_not_cut():
    users = USERS.replace(",Ana,Lopez,", f",{'A' * 81},Lopez,")
    problems = problems_of(package(users=users))
    assert (
        "users.csv",
        3,
        "givenName",
        "Legal first name is 81 characters long; at most 80 fit.",
    ) in problems


def test_emptying_the_race_codes_box_in_the_admin_saves_none_reported(admin_client):
    student = f.student(races=["700"])
    url = f"/admin/core/student/{student.pk}/change/"
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "user"}
    data.update(
        {
            "races": "",
            "district_of_residence": student.district_of_residence_id,
            "birth_date": student.birth_date.isoformat(),
            "guardianships-TOTAL_FORMS": "0",
            "guardianships-INITIAL_FORMS": "0",
        }
    )
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    student.refresh_from_db()
    assert student.races == []


def test_an_unknown_race_code_is_refused_by_name():
    student = f.student()
    student.races = ["700", "999"]
    with pytest.raises(ValidationError, match="Unknown race code"):
        student.full_clean()
