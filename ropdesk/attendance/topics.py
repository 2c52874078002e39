"""The cache versions (core/versions.py) that attendance writes move: every write moves the
"attendance" topic (the ADA report reads every record); a write of records of one section
moves only its instructor's part of it ("attendance:<instructor id>": their month charts,
portal/dashboard_charts.py), any other write every part ("attendance:*")."""

from __future__ import annotations

from typing import Any

from ropdesk.attendance.models import AttendanceRecord, OnTheJobHours
from ropdesk.core import versions
from ropdesk.scheduling.models import Section


def records_changed(instructor_id: int | None) -> None:
    """Records of a section of this instructor changed (None: of no one, or unknown)."""
    if instructor_id is None:
        versions.changed("attendance")
    else:
        versions.part_changed("attendance", instructor_id)


def instructor_of(model: Any, instance: Any) -> int | None:
    """The instructor of the section of an attendance record or of on-the-job hours: None for
    any other record, or when it cannot be told. From the relations the writer holds when it
    has them (the mark loaded the meeting with its section a moment before: a section given
    to another instructor meanwhile moves every part itself), else one query."""
    if model is AttendanceRecord:
        name, lookup = "meeting", "meetings"
    elif model is OnTheJobHours:
        name, lookup = "enrollment", "enrollments"
    else:
        return None
    related = instance._state.fields_cache.get(name)
    section = related._state.fields_cache.get("section") if related is not None else None
    if isinstance(section, Section):
        return section.instructor_id
    found: int | None = (
        Section.objects.filter(**{lookup: getattr(instance, f"{name}_id")})
        .values_list("instructor_id", flat=True)
        .first()
    )
    return found
