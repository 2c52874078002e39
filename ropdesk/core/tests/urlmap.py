"""Every URL of the URL map, filled in with the small county's objects (core/tests/county.py).

A parameter with no object of the county gets a value that names nothing (the page then
answers 404 for everyone, which the sweep still checks is not a server error)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ropdesk.core.tests.county import County

MISSING = "999999"


@dataclass(frozen=True)
class Page:
    name: str  # the URL name, with its namespace ("admin:core_student_change")
    url: str


def patterns() -> Iterator[tuple[str, Any]]:
    """(name, pattern) of every named URL, walking includes and namespaces."""

    def walk(items: list[Any], namespace: str) -> Iterator[tuple[str, Any]]:
        for item in items:
            if isinstance(item, URLResolver):
                inner = f"{namespace}{item.namespace}:" if item.namespace else namespace
                yield from walk(item.url_patterns, inner)
            elif isinstance(item, URLPattern) and item.name:
                yield f"{namespace}{item.name}", item.pattern

    yield from walk(get_resolver().url_patterns, "")


def _objects(county: County) -> dict[str, Any]:
    """URL name -> the county's object its pk names."""
    t, s = county.trainee, county.section
    by_trainee = [
        "enrollment_detail",
        "certificate_pdf",
        "worksite_trainee",
        "worksite_hours_log",
        "worksite_visit_log",
        "worksite_evaluation",
        "worksite_permit",
        "worksite_agreement_new",
        "worksite_plan",
        "worksite_plan_print",
        "worksite_hours_approve_week",
    ]
    by_section = [
        "section_detail",
        "completion_entry",
        "attendance_section",
        "section_forecast",
        "api_section_detail",
        "marks_entry",
    ]
    by_student = [
        "student_detail",
        "api_student_detail",
        "careers_student",
        "careers_student_matches",
        "careers_goal_new",
        "careers_meeting_new",
        "careers_notes",
        "marks_student",
        "marks_transcript",
        "attendance_student",
    ]
    objects: dict[str, Any] = {name: t for name in by_trainee}
    objects.update({name: s for name in by_section})
    objects.update({name: t.student for name in by_student})
    objects.update(
        {
            "course_detail": s.course,
            "attendance_meeting": county.meeting,
            "attendance_mark": county.meeting,
            "attendance_rest_present": county.meeting,
            "attendance_adjust": county.meeting,
            "worksite_site": county.site,
            "worksite_hours_approve": county.hours,
            "worksite_hours_return": county.hours,
            "worksite_agreement": county.agreement,
            "worksite_agreement_pdf": county.agreement,
            "job_detail": county.job,
            "job_progress": county.job,
            "job_download": county.job,
            "interop_import_skipped_csv": county.job,
            "section_roster_pdf": s,
            "section_signin_pdf": s,
            "office_section_edit": s,
            "office_course_edit": s.course,
            "office_course_competencies": s.course,
            "office_calendar": s.term.school_year,
        }
    )
    return objects


VALUES = {
    "reference": "NOPE-0",
    "token": "no-such-token",
    "code": "NOPE",
    "object_id": MISSING,
    "app_label": "core",
    "content_type_id": "1",
    "uidb64": "MQ",
    "party": "school",
    "language": "en",
    "action": "nope",
}
BY_NAME = {
    "notice_edit": {"kind": "nondiscrimination", "language": "en"},
    "interop_template_csv": {"kind": "students"},
}


def pages(county: County) -> list[Page]:
    objects = _objects(county)
    found = []
    for name, pattern in patterns():
        keys = list(pattern.regex.groupindex)
        kwargs: dict[str, Any] = {}
        for key in keys:
            if key in BY_NAME.get(name, {}):
                kwargs[key] = BY_NAME[name][key]
            elif key == "meeting_pk":  # a meeting of the section the URL names
                kwargs[key] = county.meeting.pk
            elif key in ("pk", "id"):  # the API's detail endpoints name it id
                kwargs[key] = county.extra.get(
                    f"{name}.pk", getattr(objects.get(name), "pk", MISSING)
                )
            else:
                kwargs[key] = county.extra.get(f"{name}.{key}", VALUES.get(key, MISSING))
        if name == "invitation_accept" and "invitation_token" in county.extra:
            kwargs["token"] = county.extra["invitation_token"]
        found.append(Page(name, reverse(name, kwargs=kwargs)))
    return found
