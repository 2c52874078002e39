"""A district's return files in one zip, built by the worker (returns/bundle.py): the zip
holds each valid file exactly as its own download; downloading it is the hand-off (log,
audit, disclosures), building it is not; another district's coordinator gets nothing; a
zip asked for by someone who lost the role fails, saying so."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ropdesk.core.models import AuditEvent, DisclosureLog, ImportJob
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.returns.models import HandOff
from ropdesk.returns.tests import world

pytestmark = pytest.mark.django_db
EXPECTED = Path(__file__).parent / "expected" / "north"


@pytest.fixture
def county():
    return world.build()


def ask(client, county, file_format: str = "txt") -> ImportJob:
    with committed_then_worked():
        response = client.post(
            f"/district-returns/{county.north.pk}/2026-2027/bundle/{file_format}/"
        )
    job = ImportJob.objects.get(kind="report_returns")
    assert response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    return job


def test_the_zip_holds_every_valid_file_and_its_download_is_the_hand_off(client, county):
    client.force_login(county.north_coordinator)
    job = ask(client, county)
    assert job.status == "done"
    assert HandOff.objects.count() == 0 and DisclosureLog.objects.count() == 0  # not yet
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f"Download {job.output_name}" in page and "Back to the report" in page

    response = client.get(f"/jobs/{job.pk}/download/")

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read("SCSC_1964733_2026-2027.txt") == (EXPECTED / "SCSC.txt").read_bytes()
    handed = HandOff.objects.filter(via="bundle")
    assert sorted(h.file_type for h in handed) == sorted(
        n.split("_")[0] for n in archive.namelist()
    )
    scsc = handed.get(file_type="SCSC")
    assert (scsc.rows, scsc.students, scsc.handed_by) == (3, 2, county.north_coordinator)
    assert DisclosureLog.objects.filter(records="CALPADS SCSC 2026-2027 (txt)").count() == 2
    assert AuditEvent.objects.filter(action="returns.hand_off").count() == handed.count()


def test_another_districts_coordinator_gets_neither_the_job_nor_its_zip(client, county):
    client.force_login(county.north_coordinator)
    job = ask(client, county)
    client.force_login(county.south_coordinator)
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
    post = client.post(f"/district-returns/{county.north.pk}/2026-2027/bundle/txt/")
    assert post.status_code == 404
    assert HandOff.objects.count() == 0


def test_a_zip_asked_for_by_someone_who_lost_the_role_fails_visibly(client, county):
    from ropdesk.core.models import RoleAssignment
    from ropdesk.core.tests.test_jobs import TestCaseCommit
    from ropdesk.core.tests.work import work

    client.force_login(county.north_coordinator)
    with TestCaseCommit():
        client.post(f"/district-returns/{county.north.pk}/2026-2027/bundle/csv/")
    RoleAssignment.objects.filter(user=county.north_coordinator).delete()
    work()
    job = ImportJob.objects.get(kind="report_returns")
    assert (job.status, job.output_name) == ("failed", "")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "The report could not be built." in page
    assert "may no longer have this district" in page
    assert job.failure.endswith("may no longer have this district's return files.")
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert HandOff.objects.count() == 0
