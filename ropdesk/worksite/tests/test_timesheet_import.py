"""Importing job-site hours kept elsewhere: every row under the timesheet's own rules, the
whole file or nothing, errors by row and column, run by the worker, idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.core.models import AuditEvent, ImportJob, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.worksite import timesheet_import
from ropdesk.worksite.models import TimesheetEntryDetail

pytestmark = pytest.mark.django_db

HEADER = "student_id,section_id,date,start,end,hourly_wage\n"


def csv_of(*rows: str) -> bytes:
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


def day(days_ago: int) -> str:
    return (suite_today() - timedelta(days=days_ago)).isoformat()


def cc_row(world, days_ago: int = 1, start: str = "15:00", end: str = "18:00") -> str:
    return f"{world.cc.student.local_id},{world.cc.section.code},{day(days_ago)},{start},{end},"


def run(data: bytes, actor=None) -> ImportJob:
    with committed_then_worked():
        job = timesheet_import.timesheet_import_start(actor=actor, file_name="hours.csv", data=data)
    job.refresh_from_db()
    return job


def test_a_clean_file_is_saved_by_the_worker_and_waits_for_the_supervisor(world):
    office = f.user("office", role=Role.ADMINISTRATOR)
    job = run(csv_of(cc_row(world, 1), cc_row(world, 2, "16:00", "17:30")), actor=office)

    assert (job.status, job.result) == ("done", {"created": 2, "updated": 0, "unchanged": 0})
    entries = OnTheJobHours.objects.filter(enrollment=world.cc).order_by("date")
    assert [(e.minutes, e.supervisor_approved_at) for e in entries] == [(90, None), (180, None)]
    assert set(TimesheetEntryDetail.objects.values_list("status", flat=True)) == {"submitted"}
    assert AuditEvent.objects.filter(action="ojt.import", actor=office).count() == 1


def test_the_same_file_again_changes_nothing(world):
    data = csv_of(cc_row(world, 1))
    run(data)
    again = run(data)
    assert again.result == {"created": 0, "updated": 0, "unchanged": 1}
    assert OnTheJobHours.objects.count() == 1


def test_one_bad_row_rejects_the_whole_file_naming_row_and_column(world):
    data = csv_of(
        cc_row(world, 1),
        cc_row(world, 2, "25:00"),
        f"NOBODY,{world.cc.section.code},{day(3)},15:00,16:00,",
        cc_row(world, 1),
        f"{world.cve.student.local_id},{world.cve.section.code},{day(1)},15:00,18:00,",
    )
    job = run(data)

    assert job.status == "rejected"
    assert not OnTheJobHours.objects.exists()
    errors = [(e["row"], e["column"]) for e in job.errors]
    assert errors == [(3, "start"), (4, "section_id"), (5, "date"), (6, "hourly_wage")]
    assert "25:00" in job.errors[0]["reason"]
    assert "Row 2 already" in job.errors[2]["reason"]


def test_the_timesheet_rules_hold_for_imported_rows(world):
    """A future day, a minor's CVE hours without a work permit (EC 49112), a day outside the
    enrollment (EC 46300)."""
    world.cc.ended_on = suite_today() - timedelta(days=5)
    world.cc.save(update_fields=["ended_on"])
    cve = f"{world.cve.student.local_id},{world.cve.section.code},{day(1)},15:00,18:00,16.50"
    job = run(csv_of(cc_row(world, -1), cve, cc_row(world, 6), cc_row(world, 2)))

    assert job.status == "rejected"
    reasons = {(e["row"], e["column"]): e["reason"] for e in job.errors}
    assert sorted(reasons) == [(2, "date"), (3, ""), (5, "date")]
    assert "today or earlier" in reasons[(2, "date")]
    assert "permit" in reasons[(3, "")]
    assert "The enrollment" in reasons[(5, "date")] or "enroll" in reasons[(5, "date")]
    assert not OnTheJobHours.objects.exists()


def test_approved_hours_are_not_overwritten(world):
    from ropdesk.attendance import services as attendance

    run(csv_of(cc_row(world, 1)))
    attendance.ojt_approve(actor=world.supervisor, entry=OnTheJobHours.objects.get())
    job = run(csv_of(cc_row(world, 1, "15:00", "19:00")))
    assert job.status == "rejected"
    assert "already approved" in job.errors[0]["reason"]
    assert OnTheJobHours.objects.get().minutes == 180


def test_a_file_that_is_not_utf8_is_refused_on_upload(world, client):
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    upload = pytest.importorskip("django.core.files.uploadedfile").SimpleUploadedFile(
        "hours.csv", "student_id;é".encode("latin-1")
    )
    response = client.post(reverse("worksite_hours_import"), {"file": upload})
    assert response.status_code == 200
    assert "not UTF-8" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_office_uploads_and_follows_the_job(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    page = client.get(reverse("worksite_hours_import"))
    assert page.status_code == 200 and "Import job-site hours" in page.content.decode()
    with committed_then_worked():
        response = client.post(
            reverse("worksite_hours_import"),
            {"file": SimpleUploadedFile("hours.csv", csv_of(cc_row(world, 1)))},
        )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert "Imported" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("persona", ["instructor", "supervisor", "cc_student_user", "parent"])
def test_only_the_office_imports_hours(world, client, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("worksite_hours_import")).status_code == 404
