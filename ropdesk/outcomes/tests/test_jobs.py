"""The outcomes work the worker does (core/jobs.py): the district exit file and follow-up
answers uploaded on the outcomes pages (all rows or none, each problem by row and column, a
job whose worker was killed failed visibly with nothing saved) and the exit year's figures
as a CSV (built, failed visibly, downloaded only by who may see those figures)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ropdesk.core.models import AuditEvent, ImportJob, Role, RoleAssignment
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today
from ropdesk.core.tests.test_jobs import TestCaseCommit, claimed_by_a_worker_that_died
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.outcomes import import_jobs
from ropdesk.outcomes.models import Exit, FollowUpResponse
from ropdesk.outcomes.tests.test_indicators_and_report import cohort  # noqa: F401 -- a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    admin = f.user("office", role=Role.ADMINISTRATOR)
    client.force_login(admin)
    return admin


def upload(client, url_name: str, text: str) -> ImportJob:
    with committed_then_worked():
        response = client.post(
            reverse(url_name), {"file": SimpleUploadedFile("file.csv", text.encode())}
        )
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None and response["Location"] == reverse("job_detail", args=[job.pk])
    return job


def answers(cohort, *, satisfaction: str = "4") -> str:  # noqa: F811 -- the fixture's value
    today = suite_today().isoformat()
    return (
        "exit_year,student_id,answered_on,respondent,proxy_relationship,employment,satisfaction\n"
        f"2025-2026,{cohort['dan'].local_id},{today},self,,part_time,{satisfaction}\n"
    )


# --- the follow-up answers ----------------------------------------------------------------


def test_followup_answers_uploaded_on_the_page_are_saved_by_the_worker(
    cohort,  # noqa: F811
    client,
    office,
):
    page = client.get(reverse("outcomes_followup_import")).content.decode()
    assert "Import follow-up answers" in page and "Check and import" in page
    job = upload(client, "outcomes_followup_import", answers(cohort))
    assert (job.kind, job.status, job.result) == ("followup_answers", "done", {"saved": 1})
    answer = FollowUpResponse.objects.get(invitation__student=cohort["dan"])
    assert (answer.channel, answer.respondent, answer.employment, answer.satisfaction) == (
        "import",
        "self",
        "part_time",
        4,
    )
    assert AuditEvent.objects.filter(action="followup_import", actor=office).count() == 1
    assert "Rows saved" in client.get(reverse("job_detail", args=[job.pk])).content.decode()


def test_a_bad_answer_row_refuses_the_whole_file_naming_row_and_column(
    cohort,  # noqa: F811
    client,
    office,
):
    before = FollowUpResponse.objects.count()
    text = answers(cohort, satisfaction="9") + "2025-2026,NOBODY,2026-01-05,self,,,\n"
    job = upload(client, "outcomes_followup_import", text)
    assert job.status == "rejected"
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "satisfaction"),
        (3, "student_id"),
    ]
    assert job.errors[0]["reason"] == "'9' is not a whole number from 1 to 5"
    assert FollowUpResponse.objects.count() == before
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "2 problems: nothing was imported" in page


def test_an_answers_job_whose_worker_was_killed_fails_visibly_and_saves_nothing(
    cohort,  # noqa: F811
    client,
    office,
):
    before = FollowUpResponse.objects.count()
    with TestCaseCommit():
        job = import_jobs.followup_import_start(
            actor=office, file_name="answers.csv", data=answers(cohort).encode()
        )
    claimed_by_a_worker_that_died(job, minutes_ago=5)
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == "failed"
    assert "The worker running this import stopped" in page
    assert FollowUpResponse.objects.count() == before


# --- the district exit file -----------------------------------------------------------------

EXITS = "student_id,exit_date,completion_code,graduated\n"


def test_an_exit_job_whose_worker_was_killed_fails_visibly_and_saves_nothing(client, office):
    one = f.student(grade="12")
    data = f"{EXITS}{one.local_id},2026-06-10,100,Y\n".encode()
    with TestCaseCommit():
        job = import_jobs.exits_import_start(actor=office, file_name="exits.csv", data=data)
    claimed_by_a_worker_that_died(job, minutes_ago=5)
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert (job.kind, job.status) == ("outcome_exits", "failed")
    assert "Nothing was saved" in page
    assert not Exit.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_on_upload(client, office):
    response = client.post(
        reverse("outcomes_exits_import"),
        {"file": SimpleUploadedFile("exits.csv", "student_id;é".encode("latin-1"))},
    )
    assert response.status_code == 200 and "not UTF-8" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("url_name", ["outcomes_exits_import", "outcomes_followup_import"])
def test_only_the_office_imports(client, url_name):
    client.force_login(f.user(role=Role.DISTRICT_COORDINATOR, organization=f.district()))
    assert client.get(reverse(url_name)).status_code == 404


# --- the figures as a CSV -----------------------------------------------------------------


def ask_for_figures(client) -> ImportJob:
    with committed_then_worked():
        response = client.post(reverse("outcomes_report_export"), {"year": "2025-2026"})
    job = ImportJob.objects.get(kind="report_outcomes")
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    job.refresh_from_db()
    return job


def test_the_figures_are_built_by_the_worker_and_downloaded_from_the_jobs_page(
    cohort,  # noqa: F811
    client,
    office,
):
    job = ask_for_figures(client)
    assert (job.status, job.output_name) == ("done", "outcomes-2025-2026.csv")
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Download outcomes-2025-2026.csv" in page and "Back to the report" in page
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download["Content-Type"].startswith("text/csv")
    assert download["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert ["Completers", "3"] in rows and ["Graduated", "2"] in rows
    assert {row[0] for row in rows if row} >= {"1S1", "3S1", "4S1", "5S1", "5S3"}


def test_another_role_cannot_download_the_figures_someone_asked_for(
    cohort,  # noqa: F811
    client,
    office,
):
    job = ask_for_figures(client)
    north = f.district("North Unified")
    for other in (
        f.user(role=Role.DISTRICT_COORDINATOR, organization=north),
        f.user(role=Role.INSTRUCTOR),
        f.user(role=Role.SUPPORT_SERVICES),  # sees the county's figures, but not this job
    ):
        client.force_login(other)
        assert client.get(reverse("job_download", args=[job.pk])).status_code == 404
        assert client.get(reverse("job_detail", args=[job.pk])).status_code == 404


def test_figures_asked_for_by_someone_who_lost_the_role_fail_visibly(
    cohort,  # noqa: F811
    client,
):
    coordinator = f.user(role=Role.DISTRICT_COORDINATOR, organization=f.district())
    client.force_login(coordinator)
    with TestCaseCommit():
        response = client.post(reverse("outcomes_report_export"), {"year": "2025-2026"})
    assert response.status_code == 302
    RoleAssignment.objects.filter(user=coordinator).delete()
    from ropdesk.core.tests.work import work

    work()
    job = ImportJob.objects.get(kind="report_outcomes")
    assert (job.status, job.output_name) == ("failed", "")
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "The report could not be built." in page
    assert "may no longer see these figures" in page
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404
