"""The read-only REST API under /api/v1/ (docs/api.md).

Plain Django views returning JSON. Each request is authenticated by a personal token
(`Authorization: Bearer …`) or the session; every query starts from core.access for that
user, so a token reaches exactly what its owner sees. Forbidden looks like missing (404).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt

from ropdesk.attendance.periods import Period
from ropdesk.core import access
from ropdesk.interop.services import api_token_user

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class BadRequest(Exception):
    def __init__(self, parameter: str, reason: str) -> None:
        super().__init__(reason)
        self.parameter, self.reason = parameter, reason


def _error(status: int, message: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def api_view(view: Callable[[HttpRequest], dict[str, Any]]) -> Callable[..., HttpResponse]:
    @csrf_exempt
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return _error(405, "Only GET is allowed.")
        header = request.headers.get("Authorization", "")
        if header:
            kind, _sep, secret = header.partition(" ")
            user = api_token_user(secret.strip()) if kind.lower() == "bearer" else None
            if user is None:
                return _error(401, "The token is unknown, revoked or malformed.")
            request.user = user
        elif not request.user.is_authenticated:
            return _error(401, "Sign in, or send Authorization: Bearer <token>.")
        try:
            return JsonResponse(view(request, *args, **kwargs), json_dumps_params={"default": str})
        except BadRequest as bad:
            return _error(400, bad.reason, parameter=bad.parameter)
        except Http404:
            return _error(404, "Not found.")

    wrapped.__name__ = view.__name__
    return wrapped


# --- parameters --------------------------------------------------------------------------------


def _int(request: HttpRequest, name: str, default: int, maximum: int) -> int:
    text = request.GET.get(name, "")
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= maximum:
        raise BadRequest(name, f"{name} must be a whole number from 1 to {maximum}.")
    return int(text)


def _date(request: HttpRequest, name: str) -> date | None:
    text = request.GET.get(name, "")
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as bad:
        raise BadRequest(name, f"{name} must be a date YYYY-MM-DD.") from bad


def _filter(qs: QuerySet[Any], request: HttpRequest, filters: dict[str, str]) -> QuerySet[Any]:
    for parameter, lookup in filters.items():
        value = request.GET.get(parameter, "")
        if value:
            qs = qs.filter(**{lookup: value})
    return qs


def _page(
    request: HttpRequest, qs: QuerySet[Any], row: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    size = _int(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    number = _int(request, "page", 1, 10**9)
    count = qs.count()
    start = (number - 1) * size
    results = (
        [row(obj) for obj in qs[start : start + size]] if start < count or number == 1 else None
    )
    if results is None:
        raise Http404
    query = request.GET.copy()

    def link(n: int) -> str:
        query["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")

    return {
        "count": count,
        "next": link(number + 1) if start + size < count else None,
        "previous": link(number - 1) if number > 1 else None,
        "results": results,
    }


# --- endpoints ---------------------------------------------------------------------------------


def _student(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "local_id": s.local_id,
        "statewide_id": s.statewide_id,
        "first_name": s.legal_first_name,
        "last_name": s.legal_last_name,
        "preferred_name": s.preferred_name,
        "grade_level": s.grade_level,
        "high_school": s.is_high_school,
        "district": s.district_of_residence.code,
        "school": s.school_of_attendance.code if s.school_of_attendance else None,
    }


@api_view
def students(request: HttpRequest) -> dict[str, Any]:
    qs = access.students_visible_to(request.user).select_related(
        "district_of_residence", "school_of_attendance"
    )
    qs = _filter(
        qs,
        request,
        {
            "district": "district_of_residence__code",
            "school": "school_of_attendance__code",
            "grade_level": "grade_level",
            "local_id": "local_id",
        },
    )
    if request.GET.get("section"):
        qs = qs.filter(enrollments__section__code=request.GET["section"]).distinct()
    return _page(request, qs.order_by("local_id"), _student)


@api_view
def student_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _student(access.get_student_for(request.user, pk))


def _section(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "section_id": s.code,
        "course": s.course.code,
        "course_title": s.course.title,
        "school_year": s.term.school_year.name,
        "term": s.term.name,
        "site": s.site.code,
        "district": s.site.district.code if s.site.district else None,
        "instructor": s.instructor.username if s.instructor else None,
        "mode": s.mode,
        "capacity": s.capacity,
        "days": s.day_list,
        "start_time": s.start_time.strftime("%H:%M"),
        "end_time": s.end_time.strftime("%H:%M"),
    }


@api_view
def sections(request: HttpRequest) -> dict[str, Any]:
    qs = access.sections_visible_to(request.user).select_related(
        "course", "term__school_year", "site__district", "instructor"
    )
    qs = _filter(
        qs,
        request,
        {
            "school_year": "term__school_year__name",
            "term": "term__name",
            "course": "course__code",
            "site": "site__code",
            "district": "site__district__code",
            "instructor": "instructor__username",
            "mode": "mode",
        },
    )
    return _page(request, qs.order_by("code"), _section)


@api_view
def section_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _section(access.get_section_for(request.user, pk))


def _enrollment(e: Any) -> dict[str, Any]:
    return {
        "id": e.pk,
        "student_id": e.student.local_id,
        "section_id": e.section.code,
        "status": e.status,
        "enrolled_on": e.enrolled_on,
        "ended_on": e.ended_on,
        "grade_9_12": e.grade_9_12,
    }


ENROLLMENT_FILTERS = {
    "section": "section__code",
    "student": "student__local_id",
    "status": "status",
    "school_year": "section__term__school_year__name",
    "district": "student__district_of_residence__code",
}


@api_view
def enrollments(request: HttpRequest) -> dict[str, Any]:
    qs = access.enrollments_visible_to(request.user).select_related("student", "section")
    qs = _filter(qs, request, ENROLLMENT_FILTERS)
    return _page(request, qs.order_by("section__code", "student__local_id"), _enrollment)


def _dated(qs: QuerySet[Any], request: HttpRequest, field: str) -> QuerySet[Any]:
    start, end = _date(request, "date_from"), _date(request, "date_to")
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


def _by_enrollment(prefix: str) -> dict[str, str]:
    return {k: f"{prefix}{v}" for k, v in ENROLLMENT_FILTERS.items() if k != "status"}


@api_view
def attendance(request: HttpRequest) -> dict[str, Any]:
    qs = access.attendance_visible_to(request.user).select_related(
        "enrollment__student", "meeting__section"
    )
    qs = _dated(_filter(qs, request, _by_enrollment("enrollment__")), request, "meeting__date")

    def row(r: Any) -> dict[str, Any]:
        return {
            "id": r.pk,
            "student_id": r.enrollment.student.local_id,
            "section_id": r.meeting.section.code,
            "date": r.meeting.date,
            "arrived": r.arrived.strftime("%H:%M") if r.arrived else None,
            "departed": r.departed.strftime("%H:%M") if r.departed else None,
            "present": r.present,
            "credited_hours": str(r.credited_hours),
        }

    return _page(request, qs.order_by("meeting__date", "meeting__section__code", "pk"), row)


@api_view
def job_site_hours(request: HttpRequest) -> dict[str, Any]:
    qs = access.job_site_hours_visible_to(request.user).select_related(
        "enrollment__student", "enrollment__section"
    )
    qs = _dated(_filter(qs, request, _by_enrollment("enrollment__")), request, "date")
    if request.GET.get("kind"):
        qs = qs.filter(kind=request.GET["kind"])

    def row(h: Any) -> dict[str, Any]:
        return {
            "id": h.pk,
            "student_id": h.enrollment.student.local_id,
            "section_id": h.enrollment.section.code,
            "kind": h.kind,
            "date": h.date,
            "minutes": h.minutes,
            "credited_minutes": h.credited_minutes,
            "supervisor_approved": h.supervisor_approved,
        }

    return _page(request, qs.order_by("date", "pk"), row)


@api_view
def ada_report(request: HttpRequest) -> dict[str, Any]:
    from ropdesk.funding.exports import as_json
    from ropdesk.funding.queries import DIMENSIONS
    from ropdesk.funding.queries import ada_report as build
    from ropdesk.scheduling.models import SchoolYear

    districts = access.ada_report_districts(request.user)
    period = request.GET.get("period", "annual")
    if period not in Period.values:
        raise BadRequest("period", f"period must be one of {', '.join(Period.values)}.")
    by = request.GET.get("by", "district")
    if by not in DIMENSIONS:
        raise BadRequest("by", f"by must be one of {', '.join(DIMENSIONS)}.")
    years = SchoolYear.objects.all()
    name = request.GET.get("school_year", "")
    year = years.filter(name=name).first() if name else years.first()
    if year is None:
        raise Http404
    return json.loads(as_json(build(school_year=year, period=period, by=by, districts=districts)))


def api_root(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {name: request.build_absolute_uri(reverse(f"api_{name}")) for name in ENDPOINT_NAMES}
    )


ENDPOINT_NAMES = [
    "students",
    "sections",
    "enrollments",
    "attendance",
    "job_site_hours",
    "ada_report",
]
