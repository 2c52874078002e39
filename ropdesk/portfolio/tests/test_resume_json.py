"""JSON Resume v1 export and import; a bad file is refused whole, naming the bad field."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ropdesk.portfolio import services
from ropdesk.portfolio.models import Resume, ResumeEntry

GOOD: dict[str, Any] = {
    "basics": {
        "name": "Cora Reyes",
        "label": "Medical assistant",
        "email": "cora@example.org",
        "location": {"city": "Downey"},
    },
    "work": [
        {
            "name": "Corner Market",
            "position": "Cashier",
            "startDate": "2025-06",
            "endDate": "2026-01-15",
            "highlights": ["Opened the store"],
        }
    ],
    "education": [{"institution": "Downey High", "area": "Health", "studyType": "Diploma"}],
    "skills": [{"name": "Vital signs", "level": "Intermediate", "keywords": ["BP", "pulse"]}],
    "languages": [{"language": "Spanish", "fluency": "Native speaker"}],
}


def _upload(client, world, document, name="resume.json"):
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post(
        reverse("portfolio_resume_import", args=[world.student.pk]),
        {"file": SimpleUploadedFile(name, raw), "name": "Imported"},
        follow=True,
    )


def test_a_json_resume_file_becomes_a_resume_of_own_entries(client, world):
    client.force_login(world.student_user)
    response = _upload(client, world, GOOD)

    assert "Resume imported." in response.content.decode()
    resume = Resume.objects.get(name="Imported")
    assert (resume.label, resume.city) == ("Medical assistant", "Downey")
    entries = ResumeEntry.objects.filter(student=world.student, source="self")
    assert sorted((e.section, e.title) for e in entries) == [
        ("education", "Diploma Health"),
        ("languages", "Spanish"),
        ("skills", "Vital signs"),
        ("work", "Cashier"),
    ]
    cashier = entries.get(title="Cashier")
    assert (str(cashier.starts_on), str(cashier.ends_on)) == ("2025-06-01", "2026-01-15")


def test_a_bad_date_is_refused_with_the_path_of_the_field_and_nothing_saved(client, world):
    client.force_login(world.student_user)
    bad = {**GOOD, "work": [GOOD["work"][0], {"name": "X", "startDate": "June 2025"}]}

    response = _upload(client, world, bad, name="mine.json")

    text = response.content.decode()
    assert "mine.json was not imported: work[1].startDate: not a date (write YYYY-MM-DD)" in text
    assert not Resume.objects.filter(name="Imported").exists()
    assert not ResumeEntry.objects.filter(student=world.student, source="self").exists()


def test_a_wrong_type_and_a_file_that_is_not_json_are_named(client, world):
    client.force_login(world.student_user)
    wrong = _upload(client, world, {"skills": [{"name": "X", "keywords": "BP"}]})
    assert "skills[0].keywords: should be array" in wrong.content.decode()
    garbage = _upload(client, world, b"{not json")
    assert "The file is not JSON (line 1)." in garbage.content.decode()


def test_a_file_cannot_make_a_verified_entry(client, world):
    client.force_login(world.student_user)
    sneaky = {**GOOD, "meta": {"x-ropdesk-verified": [{"title": "CEO", "check": "x"}]}}
    _upload(client, world, sneaky)
    assert (
        not ResumeEntry.objects.filter(student=world.student, source="verified")
        .exclude(basis__in=["certificate", "hours"])
        .exists()
    )
    assert not ResumeEntry.objects.filter(title="CEO").exists()


def test_export_has_the_standard_sections_and_the_verified_marks(client, world):
    resume = services.resume_create(
        actor=world.student_user, student=world.student, fields={"name": "Clinic", "language": "en"}
    )
    services.verified_entries_sync(student=world.student)
    client.force_login(world.student_user)

    document = client.get(reverse("portfolio_resume_json", args=[resume.pk])).json()

    assert document["basics"]["name"] == "Cora Reyes"
    assert document["certificates"][0]["name"] == "Certificate of Completion: Medical Terminology"
    assert document["work"][0]["summary"].startswith("6.0 hours of on-the-job training")
    assert [
        v["check"].startswith("http://testserver/portfolio/check/")
        for v in document["meta"]["x-ropdesk-verified"]
    ] == [True, True]


def test_an_exported_file_imports_again(client, world):
    resume = services.resume_create(
        actor=world.student_user, student=world.student, fields={"name": "Clinic", "language": "es"}
    )
    services.entry_create(
        actor=world.student_user,
        student=world.student,
        fields={"section": "projects", "title": "Health fair booth"},
    )
    client.force_login(world.student_user)
    exported = client.get(reverse("portfolio_resume_json", args=[resume.pk])).content

    response = _upload(client, world, exported)

    assert "Resume imported." in response.content.decode()
    assert Resume.objects.get(name="Imported").language == "es"
