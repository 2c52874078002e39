"""The OpenAPI 3.0 description of /api/v1/, built from one table of endpoints and their
parameters that the API itself filters and validates with (interop.api) and the docs page
renders, and from the typed fields of interop.api_fields. The committed copy is
ropdesk/interop/openapi.json (a test fails when they differ, and another when the served URLs
and the table drift apart)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.attendance.periods import Period
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Student
from ropdesk.enrollment.models import Enrollment
from ropdesk.funding.queries import DIMENSIONS
from ropdesk.interop.api_fields import RESOURCES

MAX_PAGE_SIZE = 200
COMMITTED = Path(__file__).with_name("openapi.json")


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    kind: str = "string"  # string | integer | date | date-time
    example: str = ""
    enum: tuple[str, ...] = ()
    # The ORM lookup the API filters with; "" when the view applies the parameter itself.
    lookup: str = ""
    # The field ("resource.field") that filtering by this parameter would disclose: a caller
    # whose view lacks it gets 400, so a filter cannot reveal what the rows hide.
    reveals: str = ""
    maximum: int = 0  # integers: the largest value accepted


@dataclass(frozen=True)
class Endpoint:
    name: str  # URL name without the api_ prefix
    path: str  # as OpenAPI writes it: /api/v1/students/{id}/
    summary: str
    params: tuple[Param, ...] = ()
    resource: str = ""  # the interop.api_fields resource its rows are
    kind: str = "list"  # list | detail | report | meta
    media_type: str = "application/json"


PAGING = (
    Param("page", "Page number, from 1.", "integer", "1", maximum=10**9),
    Param(
        "page_size",
        f"Results per page, 1 to {MAX_PAGE_SIZE} (default 50).",
        "integer",
        "50",
        maximum=MAX_PAGE_SIZE,
    ),
)


def _modified_since(field: str) -> Param:
    return Param(
        "modified_since",
        "Only records changed at or after this moment: ISO 8601 with a UTC offset "
        "(2026-11-02T10:00:00-08:00 or …Z; write + as %2B in a URL).",
        "date-time",
        "2026-11-02T18:00:00Z",
        lookup=f"{field}__gte",
    )


def _dates(field: str) -> tuple[Param, ...]:
    return (
        Param("date_from", "On or after this day.", "date", "2026-09-01", lookup=f"{field}__gte"),
        Param("date_to", "On or before this day.", "date", "2026-09-30", lookup=f"{field}__lte"),
    )


def _by_enrollment(prefix: str) -> tuple[Param, ...]:
    """Filters of rows that belong to an enrollment; prefix leads from the row to it."""
    return (
        Param(
            "section",
            "Section id (Section.code, the OneRoster class sourcedId).",
            example="ROP-198-F2",
            lookup=f"{prefix}section__code",
        ),
        Param(
            "student",
            "Student id (Student.local_id, the OneRoster user sourcedId).",
            example="ROP000123",
            lookup=f"{prefix}student__local_id",
            reveals="students.local_id",
        ),
        Param(
            "school_year",
            "School year name.",
            example="2026-2027",
            lookup=f"{prefix}section__term__school_year__name",
        ),
        Param(
            "district",
            "District code of the student's residence.",
            example="D01",
            lookup=f"{prefix}student__district_of_residence__code",
            reveals="students.district",
        ),
    )


def _detail(name: str, path: str, summary: str, resource: str) -> Endpoint:
    return Endpoint(name, path, summary, resource=resource, kind="detail")


ENDPOINTS = (
    Endpoint(
        "students",
        "/api/v1/students/",
        "Students the caller may see.",
        (
            Param(
                "district",
                "District code of residence.",
                example="D01",
                lookup="district_of_residence__code",
                reveals="students.district",
            ),
            Param(
                "school",
                "School code.",
                example="D01S1",
                lookup="school_of_attendance__code",
                reveals="students.school",
            ),
            Param(
                "grade_level",
                "Grade level.",
                enum=tuple(Student.Grade.values),
                lookup="grade_level",
                reveals="students.grade_level",
            ),
            Param(
                "local_id",
                "Student id.",
                example="ROP000123",
                lookup="local_id",
                reveals="students.local_id",
            ),
            Param(
                "section",
                "Enrolled in this section (of the enrollments you see).",
                example="ROP-198-F2",
            ),
            _modified_since("updated_at"),
            *PAGING,
        ),
        resource="students",
    ),
    _detail("student_detail", "/api/v1/students/{id}/", "One student.", "students"),
    Endpoint(
        "sections",
        "/api/v1/sections/",
        "Sections the caller may open.",
        (
            Param(
                "school_year",
                "School year name.",
                example="2026-2027",
                lookup="term__school_year__name",
            ),
            Param("term", "Term name.", example="Fall", lookup="term__name"),
            Param("course", "Course code.", example="ROP-198", lookup="course__code"),
            Param("site", "Site code.", example="C01", lookup="site__code"),
            Param(
                "district",
                "District code of the site.",
                example="D01",
                lookup="site__district__code",
            ),
            Param(
                "instructor",
                "Instructor's username.",
                example="instructor01",
                lookup="instructor__username",
            ),
            Param("mode", "Instruction mode.", enum=tuple(InstructionMode.values), lookup="mode"),
            _modified_since("updated_at"),
            *PAGING,
        ),
        resource="sections",
    ),
    _detail("section_detail", "/api/v1/sections/{id}/", "One section.", "sections"),
    Endpoint(
        "enrollments",
        "/api/v1/enrollments/",
        "Enrollments the caller may see.",
        (
            *_by_enrollment(""),
            Param(
                "status",
                "Enrollment status.",
                enum=tuple(Enrollment.Status.values),
                lookup="status",
            ),
            _modified_since("updated_at"),
            *PAGING,
        ),
        resource="enrollments",
    ),
    Endpoint(
        "attendance",
        "/api/v1/attendance/",
        "Attendance records (one per student per meeting) of visible enrollments.",
        (
            *_by_enrollment("enrollment__"),
            *_dates("meeting__date"),
            _modified_since("recorded_at"),
            *PAGING,
        ),
        resource="attendance",
    ),
    Endpoint(
        "job_site_hours",
        "/api/v1/job-site-hours/",
        "On-the-job hours of community-classroom and CVE students.",
        (
            *_by_enrollment("enrollment__"),
            Param("kind", "Kind of hours.", enum=tuple(OnTheJobHours.Kind.values), lookup="kind"),
            *_dates("date"),
            _modified_since("updated_at"),
            *PAGING,
        ),
        resource="job_site_hours",
    ),
    Endpoint(
        "ada_report",
        "/api/v1/ada-report/",
        "The ADA report of a period: the county for the office, a district for its coordinator.",
        (
            Param("school_year", "School year name (default: the latest).", example="2026-2027"),
            Param("period", "Reporting period.", enum=tuple(Period.values)),
            Param("by", "Row dimension.", enum=DIMENSIONS),
        ),
        kind="report",
    ),
    Endpoint("root", "/api/v1/", "Links to the list endpoints.", kind="meta"),
    Endpoint("openapi", "/api/v1/openapi.json", "This schema.", kind="meta"),
    Endpoint(
        "docs",
        "/api/v1/docs/",
        "The API's documentation page.",
        kind="meta",
        media_type="text/html",
    ),
)

ENDPOINTS_BY_NAME = {e.name: e for e in ENDPOINTS}

_PARAM_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer", "minimum": 1},
    "date": {"type": "string", "format": "date"},
    "date-time": {"type": "string", "format": "date-time"},
}
_FIELD_TYPES: dict[str, dict[str, Any]] = {
    "integer": {"type": "integer"},
    "string": {"type": "string"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "date-time": {"type": "string", "format": "date-time"},
    "time": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
    "decimal": {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$"},
    "string-list": {"type": "array", "items": {"type": "string"}},
}
_ADA_REPORT = {
    "school_year": {"type": "string"},
    "period": {"type": "string", "enum": list(Period.values)},
    "by": {"type": "string", "enum": list(DIMENSIONS)},
    "window": {"type": "object"},
    "counted": {"type": "object"},
    "divisor_hours": {"type": "number"},
    "revenue_per_ada": {"type": "number"},
    "totals": {"type": "object"},
    "rows": {"type": "array", "items": {"type": "object"}},
    "non_high_school": {"type": "object"},
    "to_date": {
        "type": "object",
        "nullable": True,
        "description": "A period still running: the hours are counted through `through` (the "
        "last counted day) and `projected` estimates the whole period (`method` says how). "
        "null once the period is over.",
        "required": ["through", "projected", "method"],
        "properties": {
            "through": {"type": "string", "format": "date"},
            "projected": {
                "type": "object",
                "required": ["hours", "ada", "revenue"],
                "properties": {
                    "hours": {"type": "number"},
                    "ada": {"type": "number"},
                    "revenue": {"type": "number"},
                },
                "additionalProperties": False,
            },
            "method": {"type": "string"},
        },
        "additionalProperties": False,
    },
    "adjustments": {"type": "array", "items": {"type": "object"}},
}


def _param(p: Param) -> dict[str, Any]:
    schema = dict(_PARAM_TYPES[p.kind])
    if p.enum:
        schema["enum"] = list(p.enum)
    if p.maximum:
        schema["maximum"] = p.maximum
    out: dict[str, Any] = {
        "name": p.name,
        "in": "query",
        "required": False,
        "description": p.description,
        "schema": schema,
    }
    if p.example:
        out["example"] = p.example
    return out


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _schema_name(resource: str) -> str:
    return "".join(word.capitalize() for word in resource.split("_"))


def _row_schema(resource: str) -> dict[str, Any]:
    properties = {}
    for field in RESOURCES[resource]:
        prop = {**_FIELD_TYPES[field.type], "description": field.description}
        if field.enum:
            prop["enum"] = list(field.enum)
        if field.nullable:
            prop["nullable"] = True
        properties[field.name] = prop
    return {
        "type": "object",
        "description": "The fields present are those the caller's role sees (docs/api.md, "
        '"Who sees which fields"); id and updated_at always are.',
        "required": ["id", "updated_at"],
        "properties": properties,
        "additionalProperties": False,
    }


def _body(e: Endpoint) -> dict[str, Any]:
    if e.kind == "list":
        return {
            "allOf": [
                _ref("Page"),
                {
                    "type": "object",
                    "properties": {
                        "results": {"type": "array", "items": _ref(_schema_name(e.resource))}
                    },
                },
            ]
        }
    if e.kind == "detail":
        return _ref(_schema_name(e.resource))
    if e.kind == "report":
        return {"type": "object", "properties": _ADA_REPORT}
    if e.media_type == "text/html":
        return {"type": "string"}
    return {"type": "object"}


def _operation(e: Endpoint) -> dict[str, Any]:
    parameters = [_param(p) for p in e.params]
    if "{id}" in e.path:
        parameters.insert(
            0,
            {
                "name": "id",
                "in": "path",
                "required": True,
                "description": "The record's API id.",
                "schema": {"type": "integer", "minimum": 1},
            },
        )
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": {e.media_type: {"schema": _body(e)}}}
    }
    operation: dict[str, Any] = {
        "operationId": e.name,
        "summary": e.summary,
        "parameters": parameters,
        "responses": responses,
    }
    if e.kind == "meta":
        operation["security"] = []
        return operation
    error = {"content": {"application/json": {"schema": _ref("Error")}}}
    responses["400"] = {"description": "A parameter is unknown or invalid.", **error}
    responses["401"] = {"description": "No valid token or session.", **error}
    responses["403"] = {
        "description": "A browser session of a user who is not staff (they need a token).",
        **error,
    }
    responses["404"] = {"description": "Not found, or not yours to see.", **error}
    return operation


def schema() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "ropdesk API",
            "version": "1",
            "description": "Read-only access to what the caller may see, with the fields the "
            "caller's role sees (docs/api.md).",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerToken": []}, {"session": []}],
        "paths": {e.path: {"get": _operation(e)} for e in ENDPOINTS},
        "components": {
            "securitySchemes": {
                "bearerToken": {"type": "http", "scheme": "bearer"},
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "sessionid",
                    "description": "A signed-in browser; staff roles only.",
                },
            },
            "schemas": {
                "Page": {
                    "type": "object",
                    "required": ["count", "next", "previous", "results"],
                    "properties": {
                        "count": {"type": "integer"},
                        "next": {"type": "string", "nullable": True},
                        "previous": {"type": "string", "nullable": True},
                        "results": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}},
                },
                **{_schema_name(r): _row_schema(r) for r in RESOURCES},
            },
        },
    }


def as_text() -> str:
    """The schema as committed: `ropdesk shell -c "from ropdesk.interop import openapi;
    openapi.write()"` rewrites the file after a change."""
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


def write() -> None:
    COMMITTED.write_text(as_text(), encoding="utf-8")
