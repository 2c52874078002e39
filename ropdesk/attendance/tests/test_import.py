"""Importing attendance: all rows checked first, any error rejects the whole file with row,
column and reason; a clean file is saved in one go; the same file again changes nothing."""

from __future__ import annotations

import tempfile
from datetime import date, time, timedelta
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from ropdesk.attendance import imports, services
from ropdesk.attendance.models import AttendanceRecord
from ropdesk.core.jobs import import_job_progress
from ropdesk.core.models import AuditEvent, ImportJob, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.core.worker import tasks_run_pending
from ropdesk.funding.tests import handworked

pytestmark = pytest.mark.django_db

HEADER = "student_id,section_id,date,arrived,departed\n"


@pytest.fixture
def county():
    w = handworked.build()
    w.office = f.user("office", role=Role.ADMINISTRATOR)
    AttendanceRecord.objects.all().delete()  # the district keeps attendance elsewhere
    return w


def csv_of(w, *rows):
    ids = {"ana": w.ana.local_id, "ben": w.ben.local_id, "cal": w.cal.local_id}
    return HEADER + "".join(
        f"{ids.get(who, who)},{section},{day},{arrived},{departed}\n"
        for who, section, day, arrived, departed in rows
    )


def good_rows():
    return [
        ("ana", "WELD-1", "2025-09-03", "13:00", "16:00"),
        ("ben", "WELD-1", "2025-09-03", "14:10", "14:40"),
        ("cal", "NURSE-1", "2025-10-01", "", ""),
    ]


def run(w, text, name="attendance.csv"):
    """Upload the file and let the worker import it."""
    with committed_then_worked():
        job = imports.attendance_import_start(actor=w.office, file_name=name, data=text.encode())
    job.refresh_from_db()
    return job


def test_a_clean_file_is_imported_with_credited_hours(county):
    job = run(county, csv_of(county, *good_rows()))
    assert job.status == ImportJob.Status.DONE
    assert tuple(job.result.values()) == (3, 0, 0)
    credited = sorted(
        AttendanceRecord.objects.values_list(
            "enrollment__student__legal_first_name", "credited_minutes"
        )
    )
    assert credited == [("Ana", 180), ("Ben", 60), ("Cal", 0)]
    assert set(AttendanceRecord.objects.values_list("source", flat=True)) == {"import"}


def test_importing_the_same_file_again_changes_nothing(county):
    text = csv_of(county, *good_rows())
    run(county, text)
    before = list(AttendanceRecord.objects.order_by("pk").values())
    events = AuditEvent.objects.filter(action="attendance.correct").count()
    again = run(county, text)
    assert tuple(again.result.values()) == (0, 0, 3)
    assert list(AttendanceRecord.objects.order_by("pk").values()) == before
    assert AuditEvent.objects.filter(action="attendance.correct").count() == events


def test_a_changed_row_updates_its_record_and_is_audited(county):
    run(county, csv_of(county, *good_rows()))
    rows = good_rows()
    rows[1] = ("ben", "WELD-1", "2025-09-03", "13:00", "16:00")
    job = run(county, csv_of(county, *rows))
    assert tuple(job.result.values()) == (0, 1, 2)
    ben = AttendanceRecord.objects.get(enrollment__student=county.ben)
    assert ben.credited_minutes == 180
    event = AuditEvent.objects.get(action="attendance.correct")
    assert event.details["before"] == ["14:10", "14:40"]


def test_one_bad_row_rejects_the_whole_file_and_every_error_is_listed(county):
    future = (suite_today() + timedelta(days=400)).isoformat()
    rows = [
        *good_rows(),  # rows 2-4 are fine
        ("nobody", "WELD-1", "2025-09-03", "13:00", "16:00"),  # 5
        ("ana", "NOPE-9", "2025-09-03", "13:00", "16:00"),  # 6
        ("cal", "WELD-1", "2025-09-03", "13:00", "16:00"),  # 7: Cal is not in Welding
        ("ana", "WELD-1", "2025-09-04", "13:00", "16:00"),  # 8: a Thursday
        ("ana", "WELD-1", "2025-09-10", "1pm", "16:00"),  # 9
        ("ana", "WELD-1", "2025-09-17", "13:00", ""),  # 10
        ("ana", "WELD-1", "2025-09-24", "16:00", "13:00"),  # 11
        ("ana", "WELD-1", "2025-09-03", "", ""),  # 12: repeats row 2
        ("ana", "WELD-1", "03/09/2025", "13:00", "16:00"),  # 13
        ("ana", "WELD-1", future, "13:00", "16:00"),  # 14
    ]
    job = run(county, csv_of(county, *rows))
    assert job.status == ImportJob.Status.REJECTED
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (5, "student_id"),
        (6, "section_id"),
        (7, "student_id"),
        (8, "date"),
        (9, "arrived"),
        (10, "departed"),
        (11, "departed"),
        (12, "date"),
        (13, "date"),
        (14, "date"),
    ]
    reasons = {e["row"]: e["reason"] for e in job.errors}
    assert reasons[5] == "No student has this id."
    assert reasons[7] == "The student is not in this section."
    assert reasons[8] == "The section does not meet on this date."
    assert reasons[12] == "Row 2 already gives this student, section and date."
    assert not AttendanceRecord.objects.exists()


def test_a_file_without_the_columns_is_rejected(county):
    job = run(county, "student,section,date\nx,y,z\n")
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (1, "student_id"),
        (1, "section_id"),
        (1, "arrived"),
        (1, "departed"),
    ]


def test_a_row_that_would_change_certified_attendance_is_an_error(county):
    run(county, csv_of(county, *good_rows()))
    services.attendance_certify(
        actor=county.office, section=county.welding, school_year=county.year, period="P1"
    )
    unchanged = run(county, csv_of(county, *good_rows()))
    assert unchanged.status == ImportJob.Status.DONE  # the same values are fine
    rows = good_rows()
    rows[0] = ("ana", "WELD-1", "2025-09-03", "", "")
    changed = run(county, csv_of(county, *rows))
    assert changed.status == ImportJob.Status.REJECTED
    assert [(e["row"], e["column"]) for e in changed.errors] == [(2, "date")]
    assert "certified through" in changed.errors[0]["reason"]
    assert AttendanceRecord.objects.get(enrollment__student=county.ana).arrived == time(13)


def test_the_command_imports_and_reports(county, tmp_path):
    path = tmp_path / "district.csv"
    path.write_text(csv_of(county, *good_rows()))
    out = StringIO()
    call_command("import_attendance", str(path), "--user", "office", stdout=out)
    assert "district.csv: 3 added, 0 changed, 0 unchanged." in out.getvalue()
    out = StringIO()
    call_command("import_attendance", str(path), stdout=out)
    assert "0 added, 0 changed, 3 unchanged." in out.getvalue()


def test_the_command_lists_errors_and_fails(county, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(csv_of(county, ("ana", "WELD-1", "2025-09-03", "13:00", "")))
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_attendance", str(path), stderr=err)
    assert "row 2, column departed: Give both times" in err.getvalue()
    assert not AttendanceRecord.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(county, client):
    client.force_login(county.office)
    upload = SimpleUploadedFile("a.csv", HEADER.encode() + b"\xff\xfe,x\n", "text/csv")
    response = client.post("/attendance/import/", {"file": upload})
    assert response.status_code == 200
    assert "not UTF-8" in response.content.decode()


def test_the_upload_page_imports_and_shows_the_result(county, client):
    client.force_login(county.office)
    upload = SimpleUploadedFile("sept.csv", csv_of(county, *good_rows()).encode(), "text/csv")
    with committed_then_worked():
        response = client.post("/attendance/import/", {"file": upload})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Records added" in page and ">3<" in page
    progress = client.get(f"/jobs/{job.pk}/progress/")
    assert progress["X-Job-Finished"] == "true"
    assert "Imported" in progress.content.decode()


def test_the_upload_page_lists_the_errors(county, client):
    client.force_login(county.office)
    bad = csv_of(county, ("ana", "WELD-1", "2025-09-03", "25:00", "16:00"))
    with committed_then_worked():
        client.post("/attendance/import/", {"file": SimpleUploadedFile("bad.csv", bad.encode())})
    job = ImportJob.objects.get()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "1 problem: nothing was imported" in page
    assert "“25:00” is not a time HH:MM (24-hour)." in page


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.DISTRICT_COORDINATOR, Role.STUDENT])
def test_only_the_office_imports(county, client, role):
    organization = county.north if role == Role.DISTRICT_COORDINATOR else None
    client.force_login(f.user(role=role, organization=organization))
    upload = SimpleUploadedFile("x.csv", csv_of(county, *good_rows()).encode())
    assert client.post("/attendance/import/", {"file": upload}).status_code == 404
    assert client.get("/attendance/import/").status_code == 404
    assert not ImportJob.objects.exists()


def year_of_rows(w, students=25):
    days = [m.date for m in w.welding.meetings.filter(date__lt=date(2026, 6, 1))]
    enrolled = [f.student(district_org=w.north) for _k in range(students)]
    for student in enrolled:
        f.enroll(student, w.welding)
    return [(s.local_id, "WELD-1", d.isoformat(), "13:00", "16:00") for s in enrolled for d in days]


def test_progress_covers_checking_and_saving_with_the_rate_and_the_time_left(county, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK", 500)
    monkeypatch.setattr(imports, "BATCH", 400)
    monkeypatch.setattr(imports, "REPORT_EVERY", 0)  # every step, however fast
    rows = year_of_rows(county)
    assert len(rows) > 2 * imports.CHUNK
    job = imports.attendance_import_create(
        actor=county.office, file_name="year.csv", data=csv_of(county, *rows).encode()
    )
    seen = []

    def watch(line):
        seen.append((ImportJob.objects.get(pk=job.pk).percent, line))

    imports.attendance_import_run(
        job=job, actor=county.office, progress=import_job_progress(job), echo=watch
    )
    chunks = -(-len(rows) // imports.CHUNK)
    batches = -(-len(rows) // imports.save_batch_size())
    # the start, each chunk checked, the start of saving, each batch saved
    assert len(seen) == 1 + chunks + 1 + batches
    percents = [percent for percent, _line in seen]
    assert percents == sorted(percents) and percents[chunks] == 50 and percents[-1] == 99
    assert seen[1][1].startswith(f"Checking: {imports.CHUNK} of {len(rows)} rows, ")
    assert seen[chunks + 1][1].startswith(f"Saving: 0 of {len(rows)} rows, ")
    assert seen[-1][1].startswith(f"Saving: {len(rows)} of {len(rows)} rows, ")
    assert all(" rows a second, about " in line and line.endswith(" s left") for _p, line in seen)
    job.refresh_from_db()
    assert job.percent == 100 and job.result["created"] == len(rows)


def test_many_bad_rows_keep_the_first_thousand_errors_and_count_the_rest(county):
    rows = [("nobody", "WELD-1", "2025-09-03", "13:00", "16:00")] * 1500
    job = run(county, csv_of(county, *rows))
    assert job.status == ImportJob.Status.REJECTED
    assert len(job.errors) == imports.MAX_ERRORS_KEPT + 1
    assert job.errors[0] == {"row": 2, "column": "student_id", "reason": "No student has this id."}
    assert job.errors[-1]["reason"] == "… and 500 more errors."


def test_a_repeat_is_named_even_far_apart_in_the_file(county):
    rows = year_of_rows(county, students=3)
    rows.append(rows[0])
    job = run(county, csv_of(county, *rows))
    assert [e["reason"] for e in job.errors] == [
        "Row 2 already gives this student, section and date."
    ]
    assert job.errors[0]["row"] == len(rows) + 1
    assert not AttendanceRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_imported_by_the_worker(client):
    w = handworked.build()
    AttendanceRecord.objects.all().delete()
    rows = year_of_rows(w, students=5)
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    upload = SimpleUploadedFile("year.csv", csv_of(w, *rows).encode())
    response = client.post("/attendance/import/", {"file": upload})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert "Waiting for the worker" in client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert tasks_run_pending() == 1
    job.refresh_from_db()
    assert (job.status, job.percent, job.attempts) == ("done", 100, 1)
    assert AttendanceRecord.objects.count() == len(rows)


def test_a_nul_character_in_a_cell_is_refused_naming_its_row_and_column(county, client):
    """Issue 12: on PostgreSQL, which cannot store NUL, this file was a server error."""
    client.force_login(county.office)
    text = csv_of(county, *good_rows()).replace("14:10", "14:\x0010")
    upload = SimpleUploadedFile("nul.csv", text.encode(), "text/csv")
    response = client.post("/attendance/import/", {"file": upload})
    assert response.status_code == 200
    assert (
        "Row 3, column “arrived”: the cell contains a NUL character, which is not allowed."
        in response.content.decode()
    )
    assert not ImportJob.objects.exists()


def test_a_nul_character_reaching_the_checks_is_named_too(county):
    rows, errors = imports.parse(HEADER + "A1,WELD-1,2025-09-03,13:00,16:00\x00\n")
    assert rows == []
    assert [e.as_dict() for e in errors] == [
        {
            "row": 2,
            "column": "departed",
            "reason": "This cell contains a NUL character, which is not allowed.",
        }
    ]


def test_the_upload_page_names_its_size_limit_and_refuses_a_larger_file(county, client, settings):
    limits = {**settings.ROPDESK["UPLOAD_MAX_MB"], "attendance_csv": 1}
    settings.ROPDESK = {**settings.ROPDESK, "UPLOAD_MAX_MB": limits}
    client.force_login(county.office)
    page = client.get("/attendance/import/").content.decode()
    assert "At most 1 MB (about 15,000 rows); split a larger file." in page
    rows = good_rows() * (1024 * 1024 // 60)  # past 1 MB
    data = csv_of(county, *rows).encode()
    assert len(data) > 1024 * 1024
    upload = SimpleUploadedFile("big.csv", data, "text/csv")
    response = client.post("/attendance/import/", {"file": upload})
    assert response.status_code == 200
    assert "“big.csv” is larger than 1 MB, the limit for this kind of file." in (
        response.content.decode()
    )
    assert not ImportJob.objects.exists()


def test_a_record_written_after_the_check_stops_the_saving_to_try_again(county):
    """The writer reads back only the records of sections that had attendance when the file
    was checked; a record someone wrote since is not overwritten: the batch stops."""
    run(county, csv_of(county, *good_rows()))
    record = AttendanceRecord.objects.select_related("meeting").get(enrollment__student=county.ana)
    meeting = record.meeting
    checked = (
        2,
        record.enrollment_id,
        meeting.pk,
        meeting.section_id,
        meeting.date,
        time(13),
        time(15),
        120,
    )
    writer = imports.BatchWriter(
        actor=None, outcome=imports.Outcome(), locked={}, recorded_sections=set()
    )
    with pytest.raises(imports.AttendanceChanged), transaction.atomic():
        writer.write([checked])
    assert AttendanceRecord.objects.get(pk=record.pk).departed == time(16)


def test_the_checks_read_each_section_once_whatever_the_rows(county, django_assert_max_num_queries):
    """The checking pass costs a few queries per new section, not per row or chunk."""
    rows = year_of_rows(county, students=4)
    job = imports.attendance_import_create(
        actor=county.office, file_name="year.csv", data=csv_of(county, *rows).encode()
    )
    checker = imports.Checker(imports.ErrorList(), BytesIO())
    with tempfile.TemporaryFile() as copy:
        imports.copy_out(job, copy)
        with django_assert_max_num_queries(4), imports.text_of(copy) as text:
            list(checker.check(text))  # the section, its meetings, its roster, its records
    assert not checker.errors.count and checker.section_ids == {county.welding.pk}
