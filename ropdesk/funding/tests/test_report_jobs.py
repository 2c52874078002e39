"""The ADA report's downloads when the report is not in the cache: the worker computes it
and builds the file (core/jobs.py report jobs); the job's page offers it; the download
is the report's own policy's (a district coordinator's file is not the county's); a report
that cannot be built says why; a warm cache needs no job."""

from __future__ import annotations

import pytest

from ropdesk.core.models import ImportJob, Role, RoleAssignment
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.test_jobs import TestCaseCommit
from ropdesk.core.tests.work import committed_then_worked, work
from ropdesk.funding.queries import ada_report_if_cached
from ropdesk.funding.tests import handworked

pytestmark = pytest.mark.django_db

QUERY = {"school_year": "2025-2026", "period": "annual", "by": "district"}


@pytest.fixture
def county():
    return handworked.build()


def ask(client, download: str = "csv") -> ImportJob:
    with committed_then_worked():
        response = client.get("/funding/ada/", {**QUERY, "format": download})
    job = ImportJob.objects.get(kind="report_ada")
    assert response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    return job


def test_a_cold_download_is_built_by_the_worker_and_warms_the_page(county, client):
    office = f.user("office", role=Role.ADMINISTRATOR)
    client.force_login(office)
    job = ask(client)
    assert (job.status, job.output_name) == ("done", "ada-2025-2026-annual-district.csv")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Download ada-2025-2026-annual-district.csv" in page
    assert "/funding/ada/?school_year=2025-2026" in page  # back to the report
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Type"].startswith("text/csv")
    assert "North Unified,15.50,0.03,62.00" in download.content.decode()
    assert ada_report_if_cached(school_year=county.year, period="annual", by="district")
    # The report is in the cache now: the next download is at once, with no job.
    again = client.get("/funding/ada/", {**QUERY, "format": "xlsx"})
    assert again.content[:2] == b"PK"
    assert ImportJob.objects.filter(kind="report_ada").count() == 1


def test_a_pdf_built_by_the_worker_is_a_pdf(county, client):
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    job = ask(client, "pdf")
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")


def test_asking_twice_while_it_is_built_is_one_job(county, client):
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    with TestCaseCommit():
        client.get("/funding/ada/", {**QUERY, "format": "csv"})
        client.get("/funding/ada/", {**QUERY, "format": "csv"})
    assert ImportJob.objects.filter(kind="report_ada").count() == 1


def test_a_coordinators_file_is_theirs_and_the_countys_is_not_theirs(county, client):
    south = f.user("south", role=Role.DISTRICT_COORDINATOR, organization=county.south)
    client.force_login(south)
    theirs = ask(client)
    body = client.get(f"/jobs/{theirs.pk}/download/").content.decode()
    assert "South Unified" in body and "North Unified" not in body

    office = f.user("office", role=Role.ADMINISTRATOR)
    client.force_login(office)
    ImportJob.objects.filter(pk=theirs.pk).delete()
    countys = ask(client)
    for other in (
        south,
        f.user("north", role=Role.DISTRICT_COORDINATOR, organization=county.north),
        f.user(role=Role.INSTRUCTOR),
    ):
        client.force_login(other)
        assert client.get(f"/jobs/{countys.pk}/download/").status_code == 404
        assert client.get(f"/jobs/{countys.pk}/").status_code == 404


def test_a_coordinator_moved_to_another_district_no_longer_downloads_the_old_file(county, client):
    coordinator = f.user("coord", role=Role.DISTRICT_COORDINATOR, organization=county.south)
    client.force_login(coordinator)
    job = ask(client)
    RoleAssignment.objects.filter(user=coordinator).update(organization=county.north)
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_a_report_asked_for_by_someone_who_lost_the_role_fails_visibly(county, client):
    coordinator = f.user("coord", role=Role.DISTRICT_COORDINATOR, organization=county.south)
    client.force_login(coordinator)
    with TestCaseCommit():
        client.get("/funding/ada/", {**QUERY, "format": "csv"})
    RoleAssignment.objects.filter(user=coordinator).delete()
    work()
    job = ImportJob.objects.get(kind="report_ada")
    assert (job.status, job.output_name) == ("failed", "")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "The report could not be built." in page and "may no longer see" in page
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_the_built_file_is_removed_after_the_hours_it_is_kept(county, client, _frozen_clock):
    from datetime import timedelta

    from ropdesk.core.jobs import report_outputs_remove_old

    office = f.user("office", role=Role.ADMINISTRATOR)
    client.force_login(office)
    job = ask(client)
    _frozen_clock.shift(timedelta(hours=23))
    assert report_outputs_remove_old() == 0
    _frozen_clock.shift(timedelta(hours=2))
    assert report_outputs_remove_old() == 1
    job.refresh_from_db()
    assert (job.status, job.output_name, bytes(job.output)) == ("done", "", b"")
    client.force_login(office)  # a day later: a new session
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "The file was removed 24 hours after it was built." in page
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
