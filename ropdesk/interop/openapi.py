"""The OpenAPI 3.0 description of /api/v1/, built from one table that the docs page also
renders. The committed copy is ropdesk/interop/openapi.json (a test fails when they differ)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    kind: str = "string"  # string | integer | date
    example: str = ""
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Endpoint:
    name: str  # URL name without the api_ prefix
    path: str
    summary: str
    params: tuple[Param, ...]
    paginated: bool = True
    fields: tuple[str, ...] = field(default=())


PAGING = (
    Param("page", "Page number, from 1.", "integer", "1"),
    Param("page_size", "Results per page, 1 to 200 (default 50).", "integer", "50"),
)
DATES = (
    Param("date_from", "On or after this day.", "date", "2026-09-01"),
    Param("date_to", "On or before this day.", "date", "2026-09-30"),
)
BY_ENROLLMENT = (
    Param(
        "section", "Section id (Section.code, the OneRoster class sourcedId).", example="ROP-198-F2"
    ),
    Param(
        "student",
        "Student id (Student.local_id, the OneRoster user sourcedId).",
        example="ROP000123",
    ),
    Param("school_year", "School year name.", example="2026-2027"),
    Param("district", "District code of the student's residence.", example="D01"),
)
ENROLLMENT_STATUSES = (
    "requested",
    "admitted",
    "waitlisted",
    "enrolled",
    "completed",
    "dropped",
    "withdrawn",
)

ENDPOINTS = (
    Endpoint(
        "students",
        "/api/v1/students/",
        "Students the caller may see.",
        (
            Param("district", "District code of residence.", example="D01"),
            Param("school", "School code.", example="D01S1"),
            Param("grade_level", "Grade level.", enum=("09", "10", "11", "12", "AD")),
            Param("local_id", "Student id.", example="ROP000123"),
            Param("section", "Enrolled in this section.", example="ROP-198-F2"),
            *PAGING,
        ),
        fields=(
            "id",
            "local_id",
            "statewide_id",
            "first_name",
            "last_name",
            "preferred_name",
            "grade_level",
            "high_school",
            "district",
            "school",
        ),
    ),
    Endpoint(
        "sections",
        "/api/v1/sections/",
        "Sections the caller may open.",
        (
            Param("school_year", "School year name.", example="2026-2027"),
            Param("term", "Term name.", example="Fall"),
            Param("course", "Course code.", example="ROP-198"),
            Param("site", "Site code.", example="C01"),
            Param("district", "District code of the site.", example="D01"),
            Param("instructor", "Instructor's username.", example="instructor01"),
            Param("mode", "Instruction mode.", enum=("classroom", "community_classroom", "cve")),
            *PAGING,
        ),
        fields=(
            "id",
            "section_id",
            "course",
            "course_title",
            "school_year",
            "term",
            "site",
            "district",
            "instructor",
            "mode",
            "capacity",
            "days",
            "start_time",
            "end_time",
        ),
    ),
    Endpoint(
        "enrollments",
        "/api/v1/enrollments/",
        "Enrollments the caller may see.",
        (*BY_ENROLLMENT, Param("status", "Enrollment status.", enum=ENROLLMENT_STATUSES), *PAGING),
        fields=(
            "id",
            "student_id",
            "section_id",
            "status",
            "enrolled_on",
            "ended_on",
            "grade_9_12",
        ),
    ),
    Endpoint(
        "attendance",
        "/api/v1/attendance/",
        "Attendance records (one per student per meeting) of visible enrollments.",
        (*BY_ENROLLMENT, *DATES, *PAGING),
        fields=(
            "id",
            "student_id",
            "section_id",
            "date",
            "arrived",
            "departed",
            "present",
            "credited_hours",
        ),
    ),
    Endpoint(
        "job_site_hours",
        "/api/v1/job-site-hours/",
        "On-the-job hours of community-classroom and CVE students.",
        (
            *BY_ENROLLMENT,
            Param("kind", "Kind of hours.", enum=("cc_ojt", "cve_ojt")),
            *DATES,
            *PAGING,
        ),
        fields=(
            "id",
            "student_id",
            "section_id",
            "kind",
            "date",
            "minutes",
            "credited_minutes",
            "supervisor_approved",
        ),
    ),
    Endpoint(
        "ada_report",
        "/api/v1/ada-report/",
        "The ADA report of a period: the county for the office, a district for its coordinator.",
        (
            Param("school_year", "School year name (default: the latest).", example="2026-2027"),
            Param("period", "Reporting period.", enum=("P1", "P2", "annual")),
            Param(
                "by",
                "Row dimension.",
                enum=("district", "school", "site", "course", "instructor", "category"),
            ),
        ),
        paginated=False,
    ),
)

_TYPES = {
    "string": {"type": "string"},
    "integer": {"type": "integer", "minimum": 1},
    "date": {"type": "string", "format": "date"},
}


def _param(p: Param) -> dict[str, Any]:
    schema = dict(_TYPES[p.kind])
    if p.enum:
        schema["enum"] = list(p.enum)
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


def _responses(e: Endpoint) -> dict[str, Any]:
    if e.paginated:
        item = {"type": "object", "properties": {f: {} for f in e.fields}}
        body = (
            {"$ref": "#/components/schemas/Page"}
            if not e.fields
            else {
                "allOf": [
                    {"$ref": "#/components/schemas/Page"},
                    {"type": "object", "properties": {"results": {"type": "array", "items": item}}},
                ]
            }
        )
    else:
        body = {"type": "object"}
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "200": {"description": "OK", "content": {"application/json": {"schema": body}}},
        "400": {"description": "A parameter is invalid.", **error},
        "401": {"description": "No valid token or session.", **error},
        "404": {"description": "Not found, or not yours to see.", **error},
    }


def schema() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "ropdesk API",
            "version": "1",
            "description": "Read-only access to what the caller may see (docs/api.md).",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerToken": []}, {"session": []}],
        "paths": {
            e.path: {
                "get": {
                    "operationId": e.name,
                    "summary": e.summary,
                    "parameters": [_param(p) for p in e.params],
                    "responses": _responses(e),
                }
            }
            for e in ENDPOINTS
        },
        "components": {
            "securitySchemes": {
                "bearerToken": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
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
                    "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}},
                },
            },
        },
    }
