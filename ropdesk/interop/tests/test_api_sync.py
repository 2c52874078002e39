"""Issue 13, API sync: modified_since on every list, 400 naming the parameter for every bad
value, and lists paged in a stable order at a constant number of queries."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropdesk.attendance.services import attendance_mark, ojt_approve, ojt_record
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Role, RoleAssignment
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_now
from ropdesk.enrollment.services import enrollment_end
from ropdesk.interop.openapi import ENDPOINTS
from ropdesk.interop.tests.api_world import api_get

pytestmark = pytest.mark.django_db

LISTS = [e for e in ENDPOINTS if e.kind == "list"]


def _change_one_of_each(world) -> dict[str, int]:
    """One record of each resource changed through its usual writer; their API ids."""
    world.ben.preferred_name = "Benji"
    world.ben.save()
    world.nursing.capacity = 12
    world.nursing.save()
    dropped = enrollment_end(
        enrollment=world.enrollments["ben_welding"],
        actor=world.users["admin"],
        status="dropped",
        reason="moved away",
    )
    record = world.attendance["ana_welding"]
    attendance_mark(
        actor=world.terry,
        meeting=record.meeting,
        enrollment=record.enrollment,
        arrived=time(14, 30),
        departed=time(16),
    )
    approved = ojt_approve(actor=world.users["supervisor"], entry=world.hours["cara_nursing"])
    return {
        "students": world.ben.pk,
        "sections": world.nursing.pk,
        "enrollments": dropped.pk,
        "attendance": record.pk,
        "job_site_hours": approved.pk,
    }


def test_modified_since_answers_only_what_changed_at_or_after_it(
    client, world, token_of, _frozen_clock
):
    secret = token_of(world.users["admin"])
    _frozen_clock.shift(timedelta(hours=1))
    since = suite_now().astimezone(UTC) - timedelta(seconds=1)
    changed = _change_one_of_each(world)

    for endpoint in LISTS:
        fresh = api_get(client, endpoint.path, secret, modified_since=since.isoformat()).json()
        everything = api_get(client, endpoint.path, secret).json()

        assert [row["id"] for row in fresh["results"]] == [changed[endpoint.resource]], endpoint
        assert everything["count"] > 1, endpoint


def test_modified_since_takes_the_offset_into_account(client, world, token_of, _frozen_clock):
    secret = token_of(world.users["admin"])
    _frozen_clock.shift(timedelta(hours=1))
    since = suite_now().astimezone(UTC) - timedelta(seconds=1)
    changed = _change_one_of_each(world)
    pacific = since.astimezone(ZoneInfo("America/Los_Angeles")).isoformat()
    ahead = since.replace(tzinfo=None).isoformat() + "+02:00"  # two hours earlier in UTC
    zulu = since.isoformat().replace("+00:00", "Z")

    at_pacific = api_get(client, "/api/v1/students/", secret, modified_since=pacific).json()
    at_z = api_get(client, "/api/v1/students/", secret, modified_since=zulu).json()
    earlier = api_get(client, "/api/v1/students/", secret, modified_since=ahead).json()

    assert [s["id"] for s in at_pacific["results"]] == [changed["students"]]
    assert [s["id"] for s in at_z["results"]] == [changed["students"]]
    assert earlier["count"] == 3


def test_an_updated_at_read_back_as_modified_since_includes_its_record(client, world, token_of):
    """The boundary is inclusive and updated_at keeps its microseconds, so a client that
    passes on the last updated_at it saw never misses a record changed in the same instant."""
    secret = token_of(world.users["admin"])
    rows = api_get(client, "/api/v1/job-site-hours/", secret).json()["results"]
    latest = max(rows, key=lambda row: row["updated_at"])

    again = api_get(client, "/api/v1/job-site-hours/", secret, modified_since=latest["updated_at"])

    assert latest["id"] in [row["id"] for row in again.json()["results"]]


def test_approving_hours_moves_their_updated_at(client, world, token_of, _frozen_clock):
    """The approval saves named fields only; updated_at must be among them, or a sync would
    never learn that the supervisor signed the day."""
    entry = world.hours["ana_nursing"]
    before = entry.updated_at
    _frozen_clock.shift(timedelta(minutes=5))

    approved = ojt_approve(actor=world.users["supervisor"], entry=entry)

    assert approved.updated_at >= before + timedelta(minutes=5)


def test_a_recount_moves_the_updated_at_of_the_hours_it_changes(world, _frozen_clock):
    """CVE hours count up to a weekly cap, filled in date order: approving Monday's hours
    takes credit from Tuesday's, which the recount writes in bulk (no auto_now there)."""
    cve = f.section(instructor=world.nina, mode=InstructionMode.CVE)
    seat = f.enroll(world.cara, cve, worksite=world.bolt)
    signed = date(2026, 10, 1)
    supervisor = world.users["supervisor"]
    tuesday = ojt_record(
        actor=world.nina,
        enrollment=seat,
        kind="cve_ojt",
        day=date(2026, 10, 20),
        minutes=900,
        agreement_signed_on=signed,
    )
    tuesday = ojt_approve(actor=supervisor, entry=tuesday)
    monday = ojt_record(
        actor=world.nina,
        enrollment=seat,
        kind="cve_ojt",
        day=date(2026, 10, 19),
        minutes=600,
        agreement_signed_on=signed,
    )
    before = tuesday.updated_at
    _frozen_clock.shift(timedelta(minutes=5))

    ojt_approve(actor=supervisor, entry=monday)

    tuesday.refresh_from_db()
    assert tuesday.credited_minutes == 300
    assert tuesday.updated_at >= before + timedelta(minutes=5)


def _bad_values(p: dict) -> list[str]:
    schema = p["schema"]
    if "enum" in schema:
        return ["nonsense", schema["enum"][0].upper() + "x"]
    if schema["type"] == "integer":
        return ["0", "-1", "1.5", "abc", "²", str(schema["maximum"] + 1), "9" * 40]
    if schema.get("format") == "date":
        return ["2026-13-01", "tomorrow", "2026-02-30"]
    if schema.get("format") == "date-time":
        return [
            "2026-11-02T10:00:00",  # no offset: ambiguous
            "2026-11-02",
            "2026-11-02T10:00:00 08:00",  # an unencoded + arrives as a space
            "2026-11-02T25:00:00Z",
            "yesterday",
        ]
    return []


def _typed_parameters() -> list[tuple[str, str, str]]:
    from ropdesk.interop.openapi import schema

    cases: list[tuple[str, str, str]] = []
    for path, item in schema()["paths"].items():
        if "{id}" in path:
            continue
        for p in item["get"]["parameters"]:
            cases.extend((path, p["name"], value) for value in _bad_values(p))
    return cases


@pytest.mark.parametrize(("path", "parameter", "value"), _typed_parameters())
def test_an_invalid_value_is_400_naming_the_parameter(
    client, world, token_of, path, parameter, value
):
    response = api_get(client, path, token_of(world.users["admin"]), **{parameter: value})

    assert response.status_code == 400, (path, parameter, value)
    assert response.json()["parameter"] == parameter
    assert parameter in response.json()["error"]


def test_every_parameter_answers_400_when_repeated_and_an_unknown_one_too(client, world, token_of):
    secret = token_of(world.users["admin"])
    for endpoint in ENDPOINTS:
        if endpoint.kind == "meta":
            continue
        record = world.nursing if endpoint.resource == "sections" else world.ana
        path = endpoint.path.replace("{id}", str(record.pk))
        for p in endpoint.params:
            response = client.get(
                f"{path}?{p.name}=1&{p.name}=2", HTTP_AUTHORIZATION=f"Bearer {secret}"
            )
            assert response.status_code == 400, (path, p.name)
            assert response.json()["parameter"] == p.name
        unknown = api_get(client, path, secret, modifed_since="2026-11-02T10:00:00Z")
        assert unknown.status_code == 400, path
        assert unknown.json()["parameter"] == "modifed_since"


def test_the_enum_values_the_schema_lists_are_accepted(client, world, token_of):
    secret = token_of(world.users["admin"])
    for endpoint in ENDPOINTS:
        for p in endpoint.params:
            for value in p.enum:
                response = api_get(client, endpoint.path, secret, **{p.name: value})
                assert response.status_code == 200, (endpoint.path, p.name, value)


def test_pages_follow_a_stable_order_without_gaps_or_repeats(client, world, token_of):
    secret = token_of(world.users["admin"])
    for endpoint in LISTS:
        whole = [r["id"] for r in api_get(client, endpoint.path, secret).json()["results"]]
        paged, page = [], 1
        while True:
            body = api_get(client, endpoint.path, secret, page_size=1, page=page).json()
            paged += [r["id"] for r in body["results"]]
            if body["next"] is None:
                break
            page += 1
        assert paged == whole and len(set(whole)) == len(whole) > 1, endpoint.path


def _grow(world, extra: int) -> None:
    """More students in Welding (with attendance), each also in a community-classroom section
    of their own training at Acme (with hours), and more sections of Terry's, so that every
    list of every persona below gets longer."""
    meeting = world.welding.meetings.filter(date__lt=date(2026, 11, 2)).order_by("date").first()
    for _ in range(extra):
        child = f.student(school_org=world.north_high)
        seat = f.enroll(child, world.welding)
        attendance_mark(
            actor=world.terry, meeting=meeting, enrollment=seat, arrived=time(14), departed=time(16)
        )
        training = f.section(
            instructor=world.nina,
            site_obj=world.nursing.site,
            mode=InstructionMode.COMMUNITY_CLASSROOM,
        )
        trainee = f.enroll(child, training, worksite=world.acme)
        ojt_record(
            actor=world.nina, enrollment=trainee, kind="cc_ojt", day=date(2026, 10, 21), minutes=60
        )
        f.section(instructor=world.terry, site_obj=world.welding.site)


def _queries(client, path: str, secret: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = api_get(client, path, secret)
    assert response.status_code == 200, path
    return len(captured), response.json()["count"]


@pytest.mark.parametrize("persona", ["admin", "supervisor", "terry_supervises_acme"])
def test_every_list_costs_the_same_queries_at_two_sizes(client, world, token_of, persona):
    if persona == "terry_supervises_acme":
        RoleAssignment.objects.create(
            user=world.terry, role=Role.EMPLOYER_SUPERVISOR, site=world.acme
        )
        user = world.terry
    else:
        user = world.users[persona]
    secret = token_of(user)
    # Supervisors get no attendance at all (404): nothing to count.
    paths = [e.path for e in LISTS if not (persona == "supervisor" and e.resource == "attendance")]
    api_get(client, paths[0], secret)  # the token's last-used stamp, written once a minute
    small = {path: _queries(client, path, secret) for path in paths}
    _grow(world, 6)

    large = {path: _queries(client, path, secret) for path in paths}

    for path in paths:
        (queries_small, count_small), (queries_large, count_large) = small[path], large[path]
        assert count_large > count_small, (persona, path)
        assert queries_large == queries_small, (persona, path)


def test_deriving_funding_in_bulk_moves_updated_at_so_a_sync_sees_it(
    client, world, token_of, _frozen_clock
):
    """enrollments_derive_funding writes in bulk (no auto_now there): the enrollments whose
    category it fills in must still come back to a client asking for what changed since."""
    from ropdesk.enrollment.models import Enrollment
    from ropdesk.enrollment.services import enrollments_derive_funding

    seat = world.enrollments["ana_welding"]
    Enrollment.objects.filter(pk=seat.pk).update(grade_9_12=False, special_programs=[])
    _frozen_clock.shift(timedelta(minutes=5))
    since = suite_now()

    enrollments_derive_funding(Enrollment.objects.filter(pk=seat.pk))

    seat.refresh_from_db()
    assert seat.updated_at >= since
    changed = api_get(
        client,
        "/api/v1/enrollments/",
        token_of(world.users["admin"]),
        modified_since=since.isoformat(),
    ).json()["results"]
    assert [row["id"] for row in changed] == [seat.pk]
