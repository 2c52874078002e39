"""The ADA report's page with a cold cache: the worker computes the figures (a job that only
fills the cache, funding/report_jobs.py) while the page shows its progress; once done, the page
shows the figures. A warm cache shows them at once, with no job. The cache and the jobs are
per scope: nobody gets another district's figures, nor follows another scope's job."""

from __future__ import annotations

import pytest
from django.test import TestCase

from ropdesk.core.models import ImportJob, Role, RoleAssignment
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked, work
from ropdesk.funding.tests import handworked

pytestmark = pytest.mark.django_db

QUERY = {"school_year": "2025-2026", "period": "annual", "by": "district"}
KIND = "report_ada_page"


@pytest.fixture
def county():
    return handworked.build()


def cold_page(client, query=QUERY):
    """The page asked for while nothing is computed: its job is queued, not run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.get("/funding/ada/", query)


def test_a_cold_page_shows_the_progress_then_the_figures(county, client):
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    response = cold_page(client)
    job = ImportJob.objects.get(kind=KIND)
    assert response.context["report"] is None and response.context["job"] == job
    page = response.content.decode()
    assert "Computing the figures" in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert f'data-progress-url="/funding/ada/progress/{job.pk}/"' in page
    assert 'data-reload-when-done="true"' in page
    assert "The page shows the figures as soon as they are ready." in page
    assert "North Unified" not in page

    waiting = client.get(f"/funding/ada/progress/{job.pk}/")
    assert "X-Job-Finished" not in waiting and "<progress" in waiting.content.decode()

    assert work() == 1
    job.refresh_from_db()
    assert (job.status, job.result, job.output_name) == ("done", {"rows": 2}, "")
    done = client.get(f"/funding/ada/progress/{job.pk}/")
    assert (done["X-Job-Finished"], done["X-Job-Status"]) == ("true", "done")
    assert "The figures are ready." in done.content.decode()

    shown = client.get("/funding/ada/", QUERY)
    page = shown.content.decode()
    assert shown.context["job"] is None and "Computing the figures" not in page
    assert "North Unified" in page and "South Unified" in page and "$92.00" in page
    assert ImportJob.objects.filter(kind=KIND).count() == 1


def test_the_job_page_of_a_page_job_offers_the_report_not_a_file(county, client):
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    with committed_then_worked():
        client.get("/funding/ada/", QUERY)
    job = ImportJob.objects.get(kind=KIND)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "The figures are ready." in page and "Show the ADA report" in page
    assert "/funding/ada/?school_year=2025-2026&amp;period=annual&amp;by=district" in page
    assert "Download" not in page and "removed" not in page
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_a_warm_page_needs_no_job(county, client, django_assert_max_num_queries):
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    with committed_then_worked():
        client.get("/funding/ada/", QUERY)
    with django_assert_max_num_queries(12):
        page = client.get("/funding/ada/", QUERY)
    assert page.context["report"] is not None and page.context["job"] is None
    assert ImportJob.objects.filter(kind=KIND).count() == 1


def test_two_people_of_the_same_scope_share_one_job(county, client):
    first = f.user("office", role=Role.ADMINISTRATOR)
    second = f.user("registrar", role=Role.ADMINISTRATOR)
    client.force_login(first)
    cold_page(client)
    client.force_login(second)
    joined = cold_page(client).context["job"]
    job = ImportJob.objects.get(kind=KIND)
    assert joined == job and job.started_by == first
    assert client.get(f"/funding/ada/progress/{job.pk}/").status_code == 200


def test_another_scope_gets_neither_the_cached_figures_nor_the_job(county, client):
    south = f.user("south", role=Role.DISTRICT_COORDINATOR, organization=county.south)
    north = f.user("north", role=Role.DISTRICT_COORDINATOR, organization=county.north)
    office = f.user("office", role=Role.ADMINISTRATOR)
    client.force_login(south)
    with committed_then_worked():
        client.get("/funding/ada/", QUERY)
    souths = ImportJob.objects.get(kind=KIND)
    assert souths.options["districts"] == [county.south.pk]
    theirs = client.get("/funding/ada/", QUERY)
    assert [r.key for r in theirs.context["report"].rows] == ["South Unified"]

    # South's figures are in the cache: North's page does not get them, it gets its own job.
    for other, districts in ((north, [county.north.pk]), (office, None)):
        client.force_login(other)
        response = cold_page(client)
        assert response.context["report"] is None
        job = response.context["job"]
        assert job != souths and job.options["districts"] == districts
        assert "South Unified" not in response.content.decode()
        # nor may they follow South's job
        assert client.get(f"/funding/ada/progress/{souths.pk}/").status_code == 404
    client.force_login(south)
    assert client.get(f"/funding/ada/progress/{souths.pk}/").status_code == 200
    for job in ImportJob.objects.filter(kind=KIND).exclude(pk=souths.pk):
        assert client.get(f"/funding/ada/progress/{job.pk}/").status_code == 404

    work()
    client.force_login(north)
    page = client.get("/funding/ada/", QUERY)
    assert [r.key for r in page.context["report"].rows] == ["North Unified"]
    client.force_login(f.user(role=Role.INSTRUCTOR))
    assert client.get(f"/funding/ada/progress/{souths.pk}/").status_code == 404


def test_a_failed_job_says_why_and_is_started_again_only_when_asked(county, client):
    coordinator = f.user("coord", role=Role.DISTRICT_COORDINATOR, organization=county.south)
    client.force_login(coordinator)
    cold_page(client)
    job = ImportJob.objects.get(kind=KIND)
    # The starter lost the role before the worker ran: the job fails and says why.
    role = RoleAssignment.objects.get(user=coordinator)
    role.delete()
    work()
    job.refresh_from_db()
    assert job.status == "failed"
    RoleAssignment.objects.create(
        user=coordinator, role=Role.DISTRICT_COORDINATOR, organization=county.south
    )
    failed = client.get(f"/funding/ada/progress/{job.pk}/")
    assert failed["X-Job-Status"] == "failed"  # the page does not reload for figures
    again = cold_page(client)
    page = again.content.decode()
    assert again.context["job"] == job  # shown as it is, not started with every reload
    assert "The report could not be built." in page and "may no longer see" in page
    assert "Compute the figures again" in page and "<noscript>" not in page
    retried = cold_page(client, {**QUERY, "again": "1"}).context["job"]
    assert retried != job and retried.status == "waiting"
    work()
    assert client.get("/funding/ada/", QUERY).context["report"] is not None
