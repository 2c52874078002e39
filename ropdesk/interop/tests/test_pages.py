"""The data exchange pages, the CSV templates and validator, and the token pages."""

from __future__ import annotations

import io
import zipfile

import pytest

from ropdesk.core.models import ImportJob, Role, Student
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.interop.models import ApiToken
from ropdesk.interop.services import zip_of
from ropdesk.interop.templates_csv import template_csv
from ropdesk.interop.tests.test_oneroster_import import package

pytestmark = pytest.mark.django_db


def test_the_office_uploads_a_package_and_sees_what_changed(client):
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    upload = io.BytesIO(zip_of(package()))
    upload.name = "harbor.zip"

    with committed_then_worked():
        response = client.post("/interop/", {"file": upload})
    response = client.get(response["Location"])

    job = ImportJob.objects.get()
    assert job.status == "done"
    assert "users.csv" in response.content.decode()
    assert Student.objects.count() == 2


def test_a_rejected_upload_lists_the_problems(client):
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    upload = io.BytesIO(zip_of(package(orgs=None)))
    upload.name = "broken.zip"

    with committed_then_worked():
        response = client.post("/interop/", {"file": upload})
    response = client.get(response["Location"])

    assert ImportJob.objects.get().status == "rejected"
    assert "orgs.csv (bulk) but the package has no such file" in response.content.decode()


def test_a_counselors_export_holds_only_their_students(client):
    north = f.district()
    mine = f.student(district_org=north)
    other = f.student()
    counselor = f.user(role=Role.COUNSELOR, organization=north)
    client.force_login(counselor)

    response = client.get("/interop/export/")

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    users = archive.read("users.csv").decode()
    assert mine.local_id in users and other.local_id not in users
    assert "attendance.csv" not in archive.namelist()


def test_the_import_pages_are_the_offices(client):
    client.force_login(f.user(role=Role.COUNSELOR, organization=f.district()))

    assert client.get("/interop/templates/").status_code == 404
    assert client.post("/interop/", {}).status_code == 404


def test_the_validator_lists_problems_and_writes_nothing(client):
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    district = f.district()
    text = template_csv("students").replace("D01S1", "").replace("D01", district.code)
    text = text.replace("2010-03-01", "2010-13-01")
    upload = io.BytesIO(text.encode())
    upload.name = "students.csv"

    response = client.post(
        "/interop/templates/", {"kind": "students", "file": upload, "check": "1"}
    )

    page = response.content.decode()
    assert "birth_date" in page and "is not a date YYYY-MM-DD" in page
    assert Student.objects.count() == 0


def test_a_valid_template_is_imported(client):
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    district = f.district()
    text = template_csv("students").replace("D01S1", "").replace("D01", district.code)
    upload = io.BytesIO(text.encode())
    upload.name = "students.csv"

    with committed_then_worked():
        client.post("/interop/templates/", {"kind": "students", "file": upload, "apply": "1"})

    assert sorted(Student.objects.values_list("local_id", "grade_level")) == [
        ("ROP000901", "11"),
        ("ROP000902", "AD"),
    ]


def test_a_user_creates_lists_and_revokes_their_tokens(client):
    owner = f.user(role=Role.INSTRUCTOR)
    client.force_login(owner)

    created = client.post("/api/tokens/", {"name": "LMS"}).content.decode()
    token = ApiToken.objects.get(user=owner)
    listed = client.get("/api/tokens/").content.decode()
    client.post(f"/api/tokens/{token.pk}/revoke/")

    assert "rd_" in created and token.prefix in listed
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_anothers_token(client):
    owner = f.user(role=Role.INSTRUCTOR)
    client.post("/api/tokens/", {"name": "x"})
    client.force_login(owner)
    client.post("/api/tokens/", {"name": "LMS"})
    token = ApiToken.objects.get()
    client.force_login(f.user(role=Role.ADMINISTRATOR))

    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
