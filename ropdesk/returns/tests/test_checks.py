"""A district's return files page hands the check of its files to the worker (returns/checks.py):
the page shows the check's progress, then each file's rows and problems as the worker found
them; two people opening it share one check; another district's coordinator follows nothing."""

from __future__ import annotations

import pytest
from django.test import TestCase

from ropdesk.core.models import ImportJob
from ropdesk.core.tests.work import work
from ropdesk.returns import checks
from ropdesk.returns.tests import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return world.build()


def url(county):
    return f"/district-returns/{county.north.pk}/2026-2027/"


def opened(client, county, data=None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.get(url(county), data or {})


def test_the_page_shows_the_checks_progress_then_its_result(client, county):
    client.force_login(county.north_coordinator)
    first = opened(client, county)
    job = ImportJob.objects.get(kind=checks.KIND)
    page = first.content.decode()
    assert first.context["files"] is None and "Checking the files" in page
    assert f'data-done-url="?check={job.pk}"' in page
    assert f'<noscript><meta http-equiv="refresh" content="3;url=?check={job.pk}">' in page
    progress = f"{url(county)}check/{job.pk}/"
    assert f'data-progress-url="{progress}"' in page
    assert "✓ valid" not in page
    assert "X-Job-Finished" not in client.get(progress)

    assert work() == 1
    done = client.get(progress)
    assert (done["X-Job-Finished"], done["X-Job-Status"]) == ("true", "done")
    shown = client.get(url(county), {"check": job.pk})
    page = shown.content.decode()
    assert "✓ valid" in page and "Checked at" in page and "Checking the files" not in page
    scsc = next(f for f in shown.context["files"] if f.file_type == "SCSC")
    assert (scsc.rows, scsc.problems, scsc.valid) == (3, 0, True)
    assert ImportJob.objects.filter(kind=checks.KIND).count() == 1
    # The job's own page points back to the result.
    assert f"?check={job.pk}" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_a_problem_found_by_the_check_is_named(client, county):
    county.ben.statewide_id = None
    county.ben.save(update_fields=["statewide_id"])
    client.force_login(county.office)
    opened(client, county)
    work()
    job = ImportJob.objects.get(kind=checks.KIND)
    page = client.get(url(county), {"check": job.pk}).content.decode()
    assert "N0002 Brown, Ben" in page and "Problems in SCSE" in page
    assert "fix the problems first" in page


def test_two_people_share_one_check_and_another_district_follows_none(client, county):
    client.force_login(county.north_coordinator)
    opened(client, county)
    client.force_login(county.office)
    joined = opened(client, county).context["job"]
    job = ImportJob.objects.get(kind=checks.KIND)
    assert joined == job and job.started_by == county.north_coordinator
    assert client.get(f"{url(county)}check/{job.pk}/").status_code == 200

    client.force_login(county.south_coordinator)
    assert client.get(f"{url(county)}check/{job.pk}/").status_code == 404
    south = f"/district-returns/{county.south.pk}/2026-2027/"
    assert client.get(f"{south}check/{job.pk}/").status_code == 404  # not South's check
    work()
    assert client.get(url(county), {"check": job.pk}).status_code == 404


def test_an_old_check_is_not_shown_the_page_checks_again(client, county, _frozen_clock):
    from datetime import timedelta

    client.force_login(county.north_coordinator)
    opened(client, county)
    work()
    job = ImportJob.objects.get(kind=checks.KIND)
    assert client.get(url(county), {"check": job.pk}).context["job"] == job
    _frozen_clock.shift(timedelta(minutes=checks.CHECK_SHOWN_MINUTES + 1))
    again = opened(client, county, {"check": job.pk})
    assert again.context["job"] != job and again.context["files"] is None
