"""The OpenAPI schema: it lists exactly the URLs served under /api/v1/, the committed copy is
the generated one and a valid OpenAPI 3.0 document, the answers match it, and docs/api.md
shows the field-level policy the serializers apply."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from ropdesk.core.models import Role, RoleAssignment
from ropdesk.interop import openapi
from ropdesk.interop.api import GETTERS
from ropdesk.interop.api_fields import RESOURCES, policy_table
from ropdesk.interop.tests.api_world import api_get

API_PREFIX = "/api/v1/"
DOCS = Path(__file__).parents[3] / "docs" / "api.md"


def _served(patterns: list, prefix: str = "/") -> set[str]:
    """Every URL the resolver serves, as OpenAPI writes paths (<int:id> becomes {id})."""
    paths: set[str] = set()
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            paths |= _served(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            paths.add(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return paths


def test_the_schema_lists_exactly_the_urls_served_under_the_api_prefix():
    served = {path for path in _served(get_resolver().url_patterns) if path.startswith(API_PREFIX)}
    described = set(openapi.schema()["paths"])

    assert served - described == set(), "served but not in the schema"
    assert described - served == set(), "in the schema but not served"


def test_every_endpoint_of_the_table_is_the_url_of_its_name():
    for endpoint in openapi.ENDPOINTS:
        kwargs = {"id": 7} if "{id}" in endpoint.path else {}
        assert reverse(f"api_{endpoint.name}", kwargs=kwargs) == endpoint.path.format(id=7)


def test_the_committed_schema_is_the_generated_one():
    """After a change: ropdesk shell -c "from ropdesk.interop import openapi; openapi.write()"."""
    assert openapi.COMMITTED.read_text(encoding="utf-8") == openapi.as_text()


@pytest.mark.django_db
def test_the_served_schema_is_the_committed_one(client):
    assert client.get("/api/v1/openapi.json").json() == json.loads(openapi.COMMITTED.read_text())


def test_the_committed_schema_is_a_valid_openapi_document():
    validate(json.loads(openapi.COMMITTED.read_text()))


def test_every_row_property_is_typed_and_served():
    rows = openapi.schema()["components"]["schemas"]
    for resource, fields in RESOURCES.items():
        properties = rows[openapi._schema_name(resource)]["properties"]
        assert list(properties) == [f.name for f in fields] == list(GETTERS[resource])
        assert all("type" in prop for prop in properties.values()), resource


def test_every_query_parameter_is_typed():
    for path, item in openapi.schema()["paths"].items():
        for p in item["get"]["parameters"]:
            assert p["schema"]["type"] in ("string", "integer"), (path, p["name"])


def test_docs_api_md_shows_the_policy_the_serializers_apply():
    assert policy_table() in DOCS.read_text(encoding="utf-8")


def _check(body, path: str) -> None:
    spec = openapi.schema()
    response = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    OAS30Validator({**response["schema"], "components": spec["components"]}).validate(body)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin", "supervisor", "student", "terry_and_bolt"])
def test_every_answer_matches_the_schema(client, world, token_of, persona):
    if persona == "terry_and_bolt":
        RoleAssignment.objects.create(
            user=world.terry, role=Role.EMPLOYER_SUPERVISOR, site=world.bolt
        )
    user = world.terry if persona == "terry_and_bolt" else world.users[persona]
    secret = token_of(user)
    checked = 0
    for endpoint in openapi.ENDPOINTS:
        if endpoint.kind == "meta" and endpoint.media_type != "application/json":
            continue
        record = world.nursing if endpoint.resource == "sections" else world.ana
        path = endpoint.path.replace("{id}", str(record.pk))
        response = api_get(client, path, secret)
        if response.status_code == 404:
            continue
        assert response.status_code == 200, path
        _check(response.json(), endpoint.path)
        checked += 1
    assert checked >= 5


@pytest.mark.django_db
def test_the_ada_report_has_the_properties_the_schema_names(client, world, token_of):
    body = api_get(client, "/api/v1/ada-report/", token_of(world.users["admin"])).json()
    properties = openapi.schema()["paths"]["/api/v1/ada-report/"]["get"]["responses"]["200"]

    assert set(body) == set(properties["content"]["application/json"]["schema"]["properties"])
