"""The REST API: tokens reach exactly their owner's scope; filters and pagination."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.interop.models import ApiToken
from ropdesk.interop.openapi import ENDPOINTS, schema
from ropdesk.interop.services import api_token_create, api_token_revoke, token_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    """Two districts, a student in each, both in one section; a counselor of the first."""
    north, south = f.district("North"), f.district("South")
    near = f.student(district_org=north, last="Near")
    far = f.student(district_org=south, last="Far")
    section = f.section()
    f.enroll(near, section)
    f.enroll(far, section)
    counselor = f.user(role=Role.COUNSELOR, organization=north)
    admin = f.user(role=Role.ADMINISTRATOR)
    return {"near": near, "far": far, "section": section, "counselor": counselor, "admin": admin}


def get(client, path, token=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(path, params, **headers)


def test_a_token_is_shown_once_and_stored_hashed(county):
    token, secret = api_token_create(user=county["counselor"], name="LMS sync")

    stored = ApiToken.objects.get()
    assert stored.hashed_secret == token_hash(secret) != secret
    assert secret.startswith(stored.prefix) and secret not in json.dumps(
        list(ApiToken.objects.values()), default=str
    )


def test_a_counselors_token_reaches_their_district_and_no_further(client, county):
    _token, secret = api_token_create(user=county["counselor"], name="t")

    listed = get(client, "/api/v1/students/", secret).json()
    near = get(client, f"/api/v1/students/{county['near'].pk}/", secret)
    far = get(client, f"/api/v1/students/{county['far'].pk}/", secret)

    assert [s["local_id"] for s in listed["results"]] == [county["near"].local_id]
    assert near.status_code == 200
    assert far.status_code == 404
    enrollments = get(client, "/api/v1/enrollments/", secret).json()
    assert [e["student_id"] for e in enrollments["results"]] == [county["near"].local_id]


def test_a_revoked_or_unknown_token_gets_401(client, county):
    token, secret = api_token_create(user=county["admin"], name="t")
    api_token_revoke(token=token, actor=county["admin"])

    assert get(client, "/api/v1/students/", secret).status_code == 401
    assert get(client, "/api/v1/students/", "rd_nonsense").status_code == 401
    assert client.get("/api/v1/students/").status_code == 401


def test_a_token_of_a_deactivated_user_gets_401(client, county):
    _token, secret = api_token_create(user=county["admin"], name="t")
    county["admin"].is_active = False
    county["admin"].save()

    assert get(client, "/api/v1/students/", secret).status_code == 401


def test_the_session_works_too(client, county):
    client.force_login(county["admin"])

    assert client.get("/api/v1/students/").json()["count"] == 2


def test_filters_and_pagination(client, county):
    _token, secret = api_token_create(user=county["admin"], name="t")

    first = get(client, "/api/v1/students/", secret, page_size=1).json()
    second = get(client, "/api/v1/students/", secret, page_size=1, page=2).json()
    filtered = get(
        client, "/api/v1/students/", secret, district=county["far"].district_of_residence.code
    ).json()

    assert first["count"] == 2 and len(first["results"]) == 1 and first["previous"] is None
    assert "page=2" in first["next"] and second["next"] is None and "page=1" in second["previous"]
    assert [s["local_id"] for s in filtered["results"]] == [county["far"].local_id]
    assert get(client, "/api/v1/students/", secret, page_size=201).status_code == 400
    assert get(client, "/api/v1/attendance/", secret, date_from="tomorrow").status_code == 400
    sections = get(client, "/api/v1/sections/", secret, course=county["section"].course.code).json()
    assert [s["section_id"] for s in sections["results"]] == [county["section"].code]


def test_the_ada_report_is_404_for_a_counselor(client, county):
    _token, secret = api_token_create(user=county["counselor"], name="t")

    assert get(client, "/api/v1/ada-report/", secret).status_code == 404


def test_the_docs_page_lists_every_endpoint(client):
    page = client.get("/api/v1/docs/").content.decode()

    for endpoint in ENDPOINTS:
        if endpoint.kind != "meta":
            assert endpoint.path in page


def _value(param: dict) -> st.SearchStrategy:
    schema = param["schema"]
    noise = st.text(max_size=12)
    if "enum" in schema:
        return st.sampled_from(schema["enum"]) | noise
    if schema.get("type") == "integer":
        return st.integers(min_value=-5, max_value=300).map(str) | noise
    if schema.get("format") == "date":
        return st.dates().map(str) | noise
    if schema.get("format") == "date-time":
        moments = st.datetimes(timezones=st.timezones() | st.just(UTC))
        return moments.map(datetime.isoformat) | st.datetimes().map(str) | noise
    return noise


def _paths(path: str) -> st.SearchStrategy:
    """The path, with ids from 1 to 50 in a detail path."""
    return st.integers(min_value=1, max_value=50).map(lambda n: path.format(id=n))


def _queries() -> st.SearchStrategy:
    options = []
    for path, item in schema()["paths"].items():
        params = [p for p in item["get"]["parameters"] if p["in"] == "query"]
        options.append(
            st.tuples(
                _paths(path),
                st.fixed_dictionaries({}, optional={p["name"]: _value(p) for p in params}),
            )
        )
    return st.one_of(options)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=_queries())
def test_no_query_the_schema_allows_makes_a_server_error(client, county, query):
    path, params = query
    client.force_login(county["admin"])

    response = client.get(path, params)

    assert response.status_code < 500, (path, params, response.content[:300])
