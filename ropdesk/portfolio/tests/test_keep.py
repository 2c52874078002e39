"""Keep it after leaving: a former student still signs in to the portfolio and downloads it
whole (PDF, JSON Resume, credentials)."""

from __future__ import annotations

import io
import json
import zipfile

from django.urls import reverse

from ropdesk.core.models import Role
from ropdesk.enrollment.models import Enrollment
from ropdesk.portfolio import services
from ropdesk.portfolio.models import ResumeEntry


def _leave(world):
    Enrollment.objects.filter(student=world.student).update(status=Enrollment.Status.DROPPED)
    world.student_user.roles.filter(role=Role.STUDENT).delete()


def test_a_former_student_still_reaches_the_portfolio(client, world):
    resume = services.resume_create(
        actor=world.student_user, student=world.student, fields={"name": "Clinic", "language": "en"}
    )
    _leave(world)
    client.force_login(world.student_user)

    home = client.get(reverse("portfolio_home"))
    assert home.status_code == 302
    assert client.get(home["Location"]).status_code == 200
    assert client.get(reverse("portfolio_resume_pdf", args=[resume.pk])).status_code == 200


def test_the_whole_portfolio_downloads_as_one_zip(client, world):
    services.resume_create(
        actor=world.student_user, student=world.student, fields={"name": "Clinic", "language": "en"}
    )
    services.verified_entries_sync(student=world.student)
    entry = ResumeEntry.objects.get(student=world.student, basis="certificate")
    credential = services.credential_issue(actor=world.student_user, entry=entry)
    _leave(world)
    client.force_login(world.student_user)

    response = client.get(reverse("portfolio_download", args=[world.student.pk]))

    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(bundle.namelist())
    assert names == [
        "README.txt",
        f"credentials/{credential.uuid}.json",
        f"credentials/{credential.uuid}.jwt",
        "resume-reyes-clinic.json",
        "resume-reyes-clinic.pdf",
    ]
    assert bundle.read(f"credentials/{credential.uuid}.jwt").decode() == credential.token
    assert json.loads(bundle.read("resume-reyes-clinic.json"))["basics"]["name"] == "Cora Reyes"
    assert bundle.read("resume-reyes-clinic.pdf").startswith(b"%PDF")


def test_staff_do_not_download_the_students_bundle(client, world):
    client.force_login(world.counselor)
    assert client.get(reverse("portfolio_download", args=[world.student.pk])).status_code == 404
