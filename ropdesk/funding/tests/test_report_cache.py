"""The ADA report is computed once and shared by its page and downloads until attendance or
enrollments change (funding.queries.ada_report_cached, core/versions.py; issue 16)."""

from __future__ import annotations

from datetime import time

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from ropdesk.attendance.models import AttendanceRecord
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import get_after_work, work
from ropdesk.funding.queries import ada_report_cached
from ropdesk.funding.tests import handworked

pytestmark = pytest.mark.django_db

QUERY = {"school_year": "2025-2026", "period": "annual", "by": "district"}


@pytest.fixture
def county():
    return handworked.build()


def _queries(call):
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, len(captured)


def test_the_second_report_comes_from_the_cache_in_one_query(county):
    def report():
        return ada_report_cached(school_year=county.year, period="annual", by="district")

    first, computed = _queries(report)
    second, cached = _queries(report)
    assert computed >= 4 and cached <= 1  # at most one read: the version and the report together
    assert second.totals == first.totals and second.rows == first.rows


def test_a_download_after_the_page_runs_far_fewer_queries(county, client):
    """The page's worker computes the report; the download then reads it from the cache."""
    client.force_login(f.user("office", role=Role.ADMINISTRATOR))
    get_after_work(client, "/funding/ada/", QUERY)  # the session and the menu's caches warm up
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.get("/funding/ada/", {**QUERY, "by": "site"})
    ran, page_queries = _queries(work)
    assert ran == 1
    download, download_queries = _queries(
        lambda: client.get("/funding/ada/", {**QUERY, "by": "site", "format": "csv"})
    )
    assert download.status_code == 200
    assert download_queries <= page_queries - 5


def test_a_change_to_attendance_is_in_the_next_report(county):
    before = ada_report_cached(school_year=county.year, period="annual", by="district")
    record = AttendanceRecord.objects.filter(arrived__isnull=False).order_by("pk").first()
    record.credited_minutes += 30
    record.save(update_fields=["credited_minutes"])
    after = ada_report_cached(school_year=county.year, period="annual", by="district")
    assert after.totals.minutes == before.totals.minutes + 30


def test_a_change_through_the_import_s_bulk_writes_is_in_the_next_report_too(county):
    from ropdesk.attendance.imports import BatchWriter, Outcome

    before = ada_report_cached(school_year=county.year, period="annual", by="district")
    record = (
        AttendanceRecord.objects.filter(arrived__isnull=False, departed__lt=time(16))
        .select_related("meeting")
        .order_by("pk")
        .first()
    )
    longer = time(16)
    checked = (
        2,
        record.enrollment_id,
        record.meeting_id,
        record.meeting.section_id,
        record.meeting.date,
        record.arrived,
        longer,
        record.credited_minutes + 30,
    )
    BatchWriter(actor=None, outcome=Outcome(), locked={}).write([checked])
    after = ada_report_cached(school_year=county.year, period="annual", by="district")
    assert after.totals.minutes == before.totals.minutes + 30


def test_a_write_moves_its_topic_at_once_and_its_transaction_once_more_at_commit(
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache
    from django.db import transaction

    from ropdesk.core import versions

    key = "ropdesk:version:attendance"
    with django_capture_on_commit_callbacks() as waiting:
        with transaction.atomic():
            versions.changed("attendance")
            first = cache.get(key)
            for _k in range(100):
                versions.changed("attendance", "worksite")
            assert cache.get(key) == first  # nothing read it since: the first bump holds
            assert versions.cached("k", "attendance", lambda: "built", seconds=60) == "built"
            versions.changed("attendance")  # a result was kept at that version: move again
            assert cache.get(key) != first
            assert versions.cached("k", "attendance", lambda: "again", seconds=60) == "again"
    # one bump per topic waits for the commit, however many writes the transaction made (and
    # one for every part of the attendance: portal/dashboard_charts.py keeps results per part)
    assert sorted(callback.ropdesk_topic for callback in waiting) == [
        "attendance",
        "attendance:*",
        "worksite",
    ]
    before = cache.get(key)
    for callback in waiting:
        callback()
    assert cache.get(key) != before


def test_a_rolled_back_savepoint_takes_its_bump_at_commit_with_it(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    from ropdesk.core import versions

    with django_capture_on_commit_callbacks() as waiting:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    versions.changed("attendance")
                    raise RuntimeError("rolled back")
            except RuntimeError:
                pass
            versions.changed("attendance")  # registered again: the first one is gone
    assert [callback.ropdesk_topic for callback in waiting] == ["attendance", "attendance:*"]


def test_an_entry_kept_before_its_version_was_culled_is_not_taken_as_current():
    # The database cache drops keys when it is full, whatever their expiry: the version key
    # of a topic can go while entries kept at it stay. A version that went missing is
    # replaced by a new one, so an old entry is never read as current.
    from django.core.cache import cache

    from ropdesk.core import versions

    assert versions.cached("k", "attendance", lambda: "first", seconds=60) == "first"
    assert versions.cached("k", "attendance", lambda: "second", seconds=60) == "first"
    cache.delete("ropdesk:version:attendance")  # culled
    assert versions.cached_only("k", "attendance") is None
    assert versions.cached("k", "attendance", lambda: "second", seconds=60) == "second"
    assert versions.cached("k", "attendance", lambda: "third", seconds=60) == "second"
    cache.delete("ropdesk:version:attendance")
    cache.set("k", ("", "stale"), 60)  # an entry kept with no version at all
    assert versions.cached("k", "attendance", lambda: "fresh", seconds=60) == "fresh"


def test_a_result_kept_per_part_moves_with_its_part_and_with_every_other_write():
    """One instructor's record moves their part ("attendance:<id>") and the topic; any other
    write moves the topic and "attendance:*"; a result kept for a part reads both of its own."""
    from ropdesk.core import versions

    def kept(part, value):
        return versions.cached(f"k{part}", "attendance", lambda: value, seconds=60, part=part)

    def report(value):
        return versions.cached("report", "attendance", lambda: value, seconds=60)

    assert (kept(1, "one"), kept(2, "two"), report("all")) == ("one", "two", "all")
    versions.part_changed("attendance", 1)
    assert (kept(1, "one again"), kept(2, "two again")) == ("one again", "two")
    assert report("all again") == "all again"  # the whole topic moved with the part
    versions.changed("attendance")
    assert (kept(1, "x"), kept(2, "y"), report("z")) == ("x", "y", "z")
