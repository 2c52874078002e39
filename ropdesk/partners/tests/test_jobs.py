"""The partners work the worker does (core/jobs.py): the EDD projections upload (all rows or
none, each problem by row and column, a job whose worker was killed failed visibly with
nothing saved) and the needs-assessment packet built as a PDF, for the office only."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ropdesk.core.models import AuditEvent, ImportJob, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.test_jobs import TestCaseCommit, claimed_by_a_worker_that_died
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.partners import projections_import, services
from ropdesk.partners.models import Projection

pytestmark = pytest.mark.django_db

HEADER = (
    "area,soc_code,title,base_year,projected_year,base_employment,projected_employment,"
    "annual_openings,median_annual_wage\n"
)
GOOD = "California,47-2111,Electricians,2020,2030,70300,83100,9141,73405\n"


def upload(client, text: str) -> ImportJob:
    with committed_then_worked():
        response = client.post(
            reverse("partners_projections_import"),
            {"file": SimpleUploadedFile("edd.csv", text.encode())},
        )
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None and response["Location"] == reverse("job_detail", args=[job.pk])
    return job


def test_projections_uploaded_on_the_page_are_saved_by_the_worker(client, office):
    client.force_login(office)
    assert "Check and import" in client.get(reverse("partners_projections_import")).content.decode()
    job = upload(client, HEADER + GOOD)
    assert (job.kind, job.status) == ("edd_projections", "done")
    assert job.result == {"created": 1, "updated": 0, "unchanged": 0}
    assert Projection.objects.get().base_employment == 70300
    assert AuditEvent.objects.filter(action="projections_import", actor=office).count() == 1
    again = upload(client, HEADER + GOOD.replace("70300", "70400"))
    assert again.result == {"created": 0, "updated": 1, "unchanged": 0}
    page = client.get(reverse("job_detail", args=[again.pk])).content.decode()
    assert "Records changed" in page and "Import another file" in page


def test_one_bad_row_refuses_the_file_naming_row_and_column(client, office):
    client.force_login(office)
    job = upload(client, HEADER + GOOD + "California,47-21X1,Plumbers,2020,2030,lots,1,2,3\n")
    assert job.status == "rejected"
    assert [(e["row"], e["column"], e["reason"]) for e in job.errors] == [
        (3, "soc_code", "“47-21X1” is not a SOC code like 29-1141"),
        (3, "base_employment", "“lots” is not a whole number of jobs"),
    ]
    assert not Projection.objects.exists()


def test_a_file_without_a_required_column_is_refused_naming_the_header(client, office):
    client.force_login(office)
    job = upload(client, "area,soc_code,title\nCalifornia,47-2111,Electricians\n")
    assert job.status == "rejected"
    assert {(e["row"], e["column"]) for e in job.errors} >= {(1, "base_employment")}


def test_a_projections_job_whose_worker_was_killed_fails_visibly_and_saves_nothing(client, office):
    with TestCaseCommit():
        job = projections_import.projections_import_start(
            actor=office, file_name="edd.csv", data=(HEADER + GOOD).encode()
        )
    claimed_by_a_worker_that_died(job, minutes_ago=5)
    client.force_login(office)
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and "The worker running this import stopped" in page
    assert not Projection.objects.exists()


def test_only_the_office_uploads_projections(client):
    client.force_login(f.user(role=Role.INSTRUCTOR))
    assert client.get(reverse("partners_projections_import")).status_code == 404


def test_the_packet_is_downloaded_only_by_the_office(client, office):
    assessment = services.assessment_start(
        actor=None, title="CLNA 2026", starts_on=date(2026, 7, 1)
    )
    client.force_login(office)
    with committed_then_worked():
        client.post(reverse("partners_assessment_pdf", args=[assessment.pk]))
    job = ImportJob.objects.get(kind="report_clna_packet")
    assert job.status == "done"
    client.force_login(f.user(role=Role.DISTRICT_COORDINATOR, organization=f.district()))
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404
    assert client.post(reverse("partners_assessment_pdf", args=[assessment.pk])).status_code == 404
