"""The read-only REST API under /api/v1/ (docs/api.md).

Plain Django views returning JSON. A request is authenticated by a personal token
(`Authorization: Bearer …`) or by the browser session of a staff user; the session of an
outside party (an employer supervisor, a student, a parent) gets 403, so that a signed-in
browser cannot read more through the API than its pages show. Every query starts from
core.access for that user, and every row carries only the fields that the roles reaching it
see (interop.api_fields). Forbidden looks like missing (404). Parameters come from the one
table in interop.openapi; an unknown or invalid one answers 400 naming it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from ropdesk.attendance import access as attendance_access
from ropdesk.core import access
from ropdesk.core.models import Role
from ropdesk.core.types import Actor, signed_in
from ropdesk.enrollment import access as enrollment_access
from ropdesk.interop.api_fields import RESOURCES, fields_of
from ropdesk.interop.openapi import ENDPOINTS, ENDPOINTS_BY_NAME, Endpoint, Param
from ropdesk.interop.services import api_token_user

DEFAULT_PAGE_SIZE = 50


class BadRequest(Exception):
    def __init__(self, parameter: str, reason: str) -> None:
        super().__init__(reason)
        self.parameter, self.reason = parameter, reason


def _error(status: int, message: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _authenticate(request: HttpRequest) -> JsonResponse | None:
    """Set request.user from the token, or keep a staff user's session; an error otherwise."""
    header = request.headers.get("Authorization", "")
    if header:
        kind, _sep, secret = header.partition(" ")
        user = api_token_user(secret.strip()) if kind.lower() == "bearer" else None
        if user is None:
            return _error(401, "The token is unknown, revoked or malformed.")
        request.user = user
        return None
    if not request.user.is_authenticated:
        return _error(401, "Sign in, or send Authorization: Bearer <token>.")
    if not access.can_hold_api_token(request.user):
        # An outside party's browser: its pages show less than the records (docs/api.md).
        return _error(403, "The API answers the browser sessions of staff only.")
    return None


def api_view(view: Callable[..., dict[str, Any]]) -> Callable[..., HttpResponse]:
    @csrf_exempt
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return _error(405, "Only GET is allowed.")
        refused = _authenticate(request)
        if refused is not None:
            return refused
        try:
            return JsonResponse(view(request, *args, **kwargs))
        except BadRequest as bad:
            return _error(400, bad.reason, parameter=bad.parameter)
        except Http404:
            return _error(404, "Not found.")

    wrapped.__name__ = view.__name__
    return wrapped


# --- parameters --------------------------------------------------------------------------------


def _parse(p: Param, text: str) -> Any:
    if p.enum:
        if text not in p.enum:
            raise BadRequest(p.name, f"{p.name} must be one of {', '.join(p.enum)}.")
        return text
    if p.kind == "integer":
        number = int(text) if text.isascii() and text.isdigit() and len(text) < 12 else 0
        if not 1 <= number <= p.maximum:
            raise BadRequest(p.name, f"{p.name} must be a whole number from 1 to {p.maximum}.")
        return number
    if p.kind == "date":
        try:
            return date.fromisoformat(text)
        except ValueError as bad:
            raise BadRequest(p.name, f"{p.name} must be a date YYYY-MM-DD.") from bad
    if p.kind == "date-time":
        return _moment(p.name, text)
    return text


def _moment(name: str, text: str) -> datetime:
    """An ISO 8601 date and time with its UTC offset (a moment without one is ambiguous)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise BadRequest(
            name,
            f"{name} must be an ISO 8601 date and time with a UTC offset, such as "
            "2026-11-02T10:00:00-08:00 or 2026-11-02T18:00:00Z (write + as %2B in a URL).",
        )
    return moment


def _params(request: HttpRequest, endpoint: Endpoint) -> dict[str, Any]:
    """The endpoint's parameters that were given, parsed; 400 for an unknown, repeated or
    invalid one, and for a filter on a field the caller does not see."""
    known = {p.name: p for p in endpoint.params}
    values: dict[str, Any] = {}
    for name in request.GET:
        p = known.get(name)
        if p is None:
            raise BadRequest(name, f"{name} is not a parameter of {endpoint.path}.")
        texts = request.GET.getlist(name)
        if len(texts) > 1:
            raise BadRequest(name, f"Give {name} once.")
        if not texts[0]:
            continue
        if p.reveals and not _sees_field(request.user, p.reveals):
            raise BadRequest(name, f"{name} filters by a field you do not see.")
        values[name] = _parse(p, texts[0])
    return values


def _filtered(qs: QuerySet[Any], endpoint: Endpoint, values: dict[str, Any]) -> QuerySet[Any]:
    for p in endpoint.params:
        if p.lookup and p.name in values:
            qs = qs.filter(**{p.lookup: values[p.name]})
    return qs


# --- who sees which fields ---------------------------------------------------------------------


@dataclass(frozen=True)
class FieldView:
    """The fields a user sees of one resource: `uniform` when every record they reach shows
    the same fields; otherwise `by_role`, and each record shows the fields of the roles that
    reach it (marked on the row as `via_<role>`)."""

    by_role: dict[str, tuple[str, ...]]
    uniform: tuple[str, ...] | None


def _field_view(user: Actor, resource: str) -> FieldView:
    """404 when none of the user's roles sees the resource."""
    scope = access.scope_of(user)
    if scope.county_wide:
        return FieldView({}, fields_of(resource, Role.ADMINISTRATOR))
    by_role = {role: fields_of(resource, role) for role in sorted(scope.roles)}
    seeing = {role: fields for role, fields in by_role.items() if fields}
    if not seeing:
        raise Http404
    kinds = set(by_role.values())
    return FieldView(seeing, kinds.pop() if len(kinds) == 1 else None)


def _sees_field(user: Actor, reference: str) -> bool:
    resource, name = reference.split(".")
    try:
        view = _field_view(user, resource)
    except Http404:
        return False
    if view.uniform is not None:
        return name in view.uniform
    return all(name in fields for fields in view.by_role.values())


def _reached(
    qs: QuerySet[Any], user: Actor, view: FieldView, visible: Callable[[Any], QuerySet[Any]]
) -> QuerySet[Any]:
    """With per-record views, mark each row with the roles that reach it and keep only the
    rows that a role seeing this resource reaches (a supervisor who teaches reaches their
    trainees' attendance through the site, which supervisors do not see)."""
    if view.uniform is not None:
        return qs
    staff = signed_in(user)  # the request was authenticated (_authenticate)
    user_as = {role: access.acting_as(staff, role) for role in view.by_role}
    marks = {
        f"via_{role}": Exists(visible(actor).filter(pk=OuterRef("pk")))
        for role, actor in user_as.items()
    }
    return qs.annotate(**marks).filter(reduce(or_, (Q(**{mark: True}) for mark in marks)))


def _row_fields(obj: Any, resource: str, view: FieldView) -> tuple[str, ...]:
    if view.uniform is not None:
        return view.uniform
    seen: set[str] = set()
    for role, fields in view.by_role.items():
        if getattr(obj, f"via_{role}"):
            seen.update(fields)
    return tuple(f.name for f in RESOURCES[resource] if f.name in seen)


# --- serializers: every field of every resource; the view picks ---------------------------------


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _clock(moment: time | None) -> str | None:
    return moment.strftime("%H:%M") if moment else None


Getter = Callable[[Any], Any]

_BY_ENROLLMENT: dict[str, Getter] = {
    "student": lambda r: r.enrollment.student_id,
    "student_id": lambda r: r.enrollment.student.local_id,
}

GETTERS: dict[str, dict[str, Getter]] = {
    "students": {
        "id": lambda s: s.pk,
        "updated_at": lambda s: _utc(s.updated_at),
        "name": lambda s: s.full_name,
        "local_id": lambda s: s.local_id,
        "statewide_id": lambda s: s.statewide_id,
        "first_name": lambda s: s.legal_first_name,
        "last_name": lambda s: s.legal_last_name,
        "preferred_name": lambda s: s.preferred_name,
        "grade_level": lambda s: s.grade_level,
        "high_school": lambda s: s.is_high_school,
        "district": lambda s: s.district_of_residence.code,
        "school": lambda s: s.school_of_attendance.code if s.school_of_attendance else None,
    },
    "sections": {
        "id": lambda s: s.pk,
        "updated_at": lambda s: _utc(s.updated_at),
        "section_id": lambda s: s.code,
        "course": lambda s: s.course.code,
        "course_title": lambda s: s.course.title,
        "school_year": lambda s: s.term.school_year.name,
        "term": lambda s: s.term.name,
        "site": lambda s: s.site.code,
        "district": lambda s: s.site.district.code if s.site.district else None,
        "instructor": lambda s: s.instructor.username if s.instructor else None,
        "mode": lambda s: s.mode,
        "capacity": lambda s: s.capacity,
        "days": lambda s: s.day_list,
        "start_time": lambda s: _clock(s.start_time),
        "end_time": lambda s: _clock(s.end_time),
    },
    "enrollments": {
        "id": lambda e: e.pk,
        "updated_at": lambda e: _utc(e.updated_at),
        "student": lambda e: e.student_id,
        "student_id": lambda e: e.student.local_id,
        "section_id": lambda e: e.section.code,
        "status": lambda e: e.status,
        "enrolled_on": lambda e: _day(e.enrolled_on),
        "ended_on": lambda e: _day(e.ended_on),
        "grade_9_12": lambda e: e.grade_9_12,
    },
    "attendance": {
        "id": lambda r: r.pk,
        "updated_at": lambda r: _utc(r.recorded_at),
        **_BY_ENROLLMENT,
        "section_id": lambda r: r.meeting.section.code,
        "date": lambda r: _day(r.meeting.date),
        "arrived": lambda r: _clock(r.arrived),
        "departed": lambda r: _clock(r.departed),
        "present": lambda r: r.present,
        "credited_hours": lambda r: str(r.credited_hours),
    },
    "job_site_hours": {
        "id": lambda h: h.pk,
        "updated_at": lambda h: _utc(h.updated_at),
        **_BY_ENROLLMENT,
        "section_id": lambda h: h.enrollment.section.code,
        "kind": lambda h: h.kind,
        "date": lambda h: _day(h.date),
        "minutes": lambda h: h.minutes,
        "credited_minutes": lambda h: h.credited_minutes,
        "supervisor_approved": lambda h: h.supervisor_approved,
    },
}


@dataclass(frozen=True)
class Source:
    """Where a resource's rows come from: the access policy's list, what each row needs
    joined (so that a page costs the same queries whatever its length) and a stable order."""

    visible: Callable[[Any], QuerySet[Any]]
    related: tuple[str, ...]
    order: tuple[str, ...]


SOURCES = {
    "students": Source(
        access.students_visible_to,
        ("district_of_residence", "school_of_attendance"),
        ("local_id", "pk"),
    ),
    "sections": Source(
        enrollment_access.sections_visible_to,
        ("course", "term__school_year", "site__district", "instructor"),
        ("code", "pk"),
    ),
    "enrollments": Source(
        enrollment_access.enrollments_visible_to,
        ("student", "section"),
        ("section__code", "student__local_id", "pk"),
    ),
    "attendance": Source(
        attendance_access.attendance_visible_to,
        ("enrollment__student", "meeting__section"),
        ("meeting__date", "meeting__section__code", "pk"),
    ),
    "job_site_hours": Source(
        attendance_access.job_site_hours_visible_to,
        ("enrollment__student", "enrollment__section"),
        ("date", "pk"),
    ),
}


def _row(obj: Any, resource: str, fields: tuple[str, ...]) -> dict[str, Any]:
    getters = GETTERS[resource]
    return {name: getters[name](obj) for name in fields}


# --- lists and details -------------------------------------------------------------------------


def _page(
    request: HttpRequest, values: dict[str, Any], qs: QuerySet[Any], row: Callable[[Any], Any]
) -> dict[str, Any]:
    size = values.get("page_size", DEFAULT_PAGE_SIZE)
    number = values.get("page", 1)
    count = qs.count()
    start = (number - 1) * size
    if start >= count and number > 1:
        raise Http404
    results = [row(obj) for obj in qs[start : start + size]]
    query = request.GET.copy()

    def link(n: int) -> str:
        query["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": count,
        "next": link(number + 1) if start + size < count else None,
        "previous": link(number - 1) if number > 1 else None,
        "results": results,
    }


def _list(
    request: HttpRequest,
    name: str,
    narrow: Callable[[QuerySet[Any], dict[str, Any]], QuerySet[Any]] | None = None,
) -> dict[str, Any]:
    endpoint = ENDPOINTS_BY_NAME[name]
    resource, source = endpoint.resource, SOURCES[endpoint.resource]
    view = _field_view(request.user, resource)
    values = _params(request, endpoint)
    qs = _filtered(source.visible(request.user).select_related(*source.related), endpoint, values)
    if narrow is not None:
        qs = narrow(qs, values)
    qs = _reached(qs, request.user, view, source.visible).order_by(*source.order)
    return _page(
        request, values, qs, lambda obj: _row(obj, resource, _row_fields(obj, resource, view))
    )


def _detail(request: HttpRequest, name: str, find: Callable[[], Any]) -> dict[str, Any]:
    """One record, found by the access policy's get_*_for, with the fields of the roles that
    reach it."""
    endpoint = ENDPOINTS_BY_NAME[name]
    resource, source = endpoint.resource, SOURCES[endpoint.resource]
    view = _field_view(request.user, resource)
    _params(request, endpoint)
    obj = find()
    if view.uniform is None:
        qs = source.visible(request.user).select_related(*source.related).filter(pk=obj.pk)
        obj = _reached(qs, request.user, view, source.visible).first()
        if obj is None:
            raise Http404
    return _row(obj, resource, _row_fields(obj, resource, view))


@api_view
def students(request: HttpRequest) -> dict[str, Any]:
    def in_section(qs: QuerySet[Any], values: dict[str, Any]) -> QuerySet[Any]:
        # Only the enrollments the caller sees: a supervisor learns nothing of the classes
        # their trainees take elsewhere.
        if "section" not in values:
            return qs
        enrolled = enrollment_access.enrollments_visible_to(request.user).filter(
            section__code=values["section"]
        )
        return qs.filter(pk__in=enrolled.values("student_id"))

    return _list(request, "students", in_section)


@api_view
def student_detail(request: HttpRequest, id: int) -> dict[str, Any]:
    return _detail(request, "student_detail", lambda: access.get_student_for(request.user, id))


@api_view
def sections(request: HttpRequest) -> dict[str, Any]:
    return _list(request, "sections")


@api_view
def section_detail(request: HttpRequest, id: int) -> dict[str, Any]:
    return _detail(
        request, "section_detail", lambda: enrollment_access.get_section_for(request.user, id)
    )


@api_view
def enrollments(request: HttpRequest) -> dict[str, Any]:
    return _list(request, "enrollments")


@api_view
def attendance(request: HttpRequest) -> dict[str, Any]:
    return _list(request, "attendance")


@api_view
def job_site_hours(request: HttpRequest) -> dict[str, Any]:
    return _list(request, "job_site_hours")


@api_view
def ada_report(request: HttpRequest) -> dict[str, Any]:
    from ropdesk.funding.exports import as_json
    from ropdesk.funding.queries import ada_report as build
    from ropdesk.scheduling.models import SchoolYear

    districts = access.ada_report_districts(request.user)
    values = _params(request, ENDPOINTS_BY_NAME["ada_report"])
    years = SchoolYear.objects.all()
    name = values.get("school_year")
    year = years.filter(name=name).first() if name else years.first()
    if year is None:
        raise Http404
    report = build(
        school_year=year,
        period=values.get("period", "annual"),
        by=values.get("by", "district"),
        districts=districts,
    )
    return json.loads(as_json(report))


LINKED = [e.name for e in ENDPOINTS if e.kind in ("list", "report")]


def api_root(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {name: request.build_absolute_uri(reverse(f"api_{name}")) for name in LINKED}
    )
