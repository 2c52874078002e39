"""What each role sees of each API resource: the fields (with their JSON types, which the
OpenAPI schema states) and the field-level policy, role → fields, which the serializers in
interop.api apply to every row.

The policy follows the pages (docs/api.md, "Who sees which fields"). Staff who serve a student
(FERPA's school officials with a legitimate educational interest, 34 CFR 99.31(a)(1)) see the
records their pages show in full. An employer supervisor is an outside party and sees what the
trainee page shows: the trainee's name, course and training site, and the hours they approve;
never the SSID, grade, school, district or classroom attendance (each view of a trainee is a
disclosure to an outside party, logged under 34 CFR 99.32 and EC 49064, so it holds only what
the placement needs). Students and parents see what their own pages show: the student's
record, the schedule and the on-the-job hours, not the attendance rows no page shows them.
Support services see figures without names, so no resource at all. A resource a role has no
fields for answers 404 to that role, as a page it may not open does.

A user with several roles sees each record with the fields of the roles that reach it
(core.access.acting_as): a supervisor who also teaches sees their own students in full and a
trainee of their site as a supervisor does.
"""

from __future__ import annotations

from dataclasses import dataclass

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Role, Student
from ropdesk.enrollment.models import Enrollment


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # integer | string | boolean | date | date-time | time | decimal | string-list
    description: str
    nullable: bool = False
    enum: tuple[str, ...] = ()


ID = Field("id", "integer", "The record's API id (the {id} of its detail URL).")
UPDATED = Field(
    "updated_at", "date-time", "When the record last changed (what modified_since compares)."
)
STUDENT = Field("student", "integer", "The student's API id (/api/v1/students/{id}/).")
STUDENT_ID = Field("student_id", "string", "The student's local id (the OneRoster user sourcedId).")
SECTION_ID = Field("section_id", "string", "The section's code (the OneRoster class sourcedId).")

RESOURCES: dict[str, tuple[Field, ...]] = {
    "students": (
        ID,
        UPDATED,
        Field(
            "name", "string", "The name the student goes by: preferred (or legal first) and last."
        ),
        Field("local_id", "string", "Local student id (the OneRoster user sourcedId)."),
        Field("statewide_id", "string", "CALPADS statewide student id (SSID).", nullable=True),
        Field("first_name", "string", "Legal first name."),
        Field("last_name", "string", "Legal last name."),
        Field("preferred_name", "string", "Preferred name, empty when none."),
        Field("grade_level", "string", "Grade level.", enum=tuple(Student.Grade.values)),
        Field("high_school", "boolean", "Whether the student is in grades 9-12."),
        Field("district", "string", "Code of the district of residence."),
        Field("school", "string", "Code of the school of attendance.", nullable=True),
    ),
    "sections": (
        ID,
        UPDATED,
        Field("section_id", "string", "Section code (the OneRoster class sourcedId)."),
        Field("course", "string", "Course code."),
        Field("course_title", "string", "Course title."),
        Field("school_year", "string", "School year name, such as 2026-2027."),
        Field("term", "string", "Term name."),
        Field("site", "string", "Code of the site where the section meets."),
        Field("district", "string", "Code of the site's district.", nullable=True),
        Field("instructor", "string", "The instructor's username.", nullable=True),
        Field("mode", "string", "Instruction mode.", enum=tuple(InstructionMode.values)),
        Field("capacity", "integer", "Seats."),
        Field("days", "string-list", "Meeting days (Mon … Sun)."),
        Field("start_time", "time", "Start time, HH:MM."),
        Field("end_time", "time", "End time, HH:MM."),
    ),
    "enrollments": (
        ID,
        UPDATED,
        STUDENT,
        STUDENT_ID,
        SECTION_ID,
        Field("status", "string", "Enrollment status.", enum=tuple(Enrollment.Status.values)),
        Field("enrolled_on", "date", "Day the student was seated.", nullable=True),
        Field("ended_on", "date", "Day the enrollment ended.", nullable=True),
        Field("grade_9_12", "boolean", "Funding category: grades 9-12.", nullable=True),
    ),
    "attendance": (
        ID,
        UPDATED,
        STUDENT,
        STUDENT_ID,
        SECTION_ID,
        Field("date", "date", "Day of the meeting."),
        Field("arrived", "time", "Arrival, HH:MM; null when absent.", nullable=True),
        Field("departed", "time", "Departure, HH:MM; null when absent.", nullable=True),
        Field("present", "boolean", "Whether the student attended."),
        Field("credited_hours", "decimal", "Hours credited for ADA, as a decimal string."),
    ),
    "job_site_hours": (
        ID,
        UPDATED,
        STUDENT,
        STUDENT_ID,
        SECTION_ID,
        Field("kind", "string", "Kind of hours.", enum=tuple(OnTheJobHours.Kind.values)),
        Field("date", "date", "Day worked."),
        Field("minutes", "integer", "Minutes worked."),
        Field("credited_minutes", "integer", "Minutes that count."),
        Field("supervisor_approved", "boolean", "Whether the site supervisor approved them."),
    ),
}


def _all(resource: str) -> tuple[str, ...]:
    return tuple(f.name for f in RESOURCES[resource])


def _without(resource: str, *hidden: str) -> tuple[str, ...]:
    return tuple(name for name in _all(resource) if name not in hidden)


STAFF_VIEW = {resource: _all(resource) for resource in RESOURCES}
# What the trainee page, the section page and the hours table show a supervisor.
SUPERVISOR_VIEW = {
    "students": ("id", "updated_at", "name"),
    "sections": _all("sections"),  # the schedule is public in the catalog
    "enrollments": ("id", "updated_at", "student", "section_id", "status"),
    "job_site_hours": _without("job_site_hours", "student_id"),
}
# What a student's (and their parent's) record page, schedule and trainee page show.
OWN_RECORD_VIEW = {
    "students": _all("students"),
    "sections": _all("sections"),
    "enrollments": ("id", "updated_at", "student", "student_id", "section_id", "status"),
    "job_site_hours": _all("job_site_hours"),
}

# resource → role → the fields that role sees (no entry: the resource is 404 to the role).
POLICY: dict[str, dict[str, tuple[str, ...]]] = {
    resource: {
        role: fields
        for role, view in (
            (Role.ADMINISTRATOR, STAFF_VIEW),
            (Role.DISTRICT_COORDINATOR, STAFF_VIEW),
            (Role.COUNSELOR, STAFF_VIEW),
            (Role.INSTRUCTOR, STAFF_VIEW),
            (Role.EMPLOYER_SUPERVISOR, SUPERVISOR_VIEW),
            (Role.STUDENT, OWN_RECORD_VIEW),
            (Role.PARENT, OWN_RECORD_VIEW),
        )
        if (fields := view.get(resource))
    }
    for resource in RESOURCES
}


def fields_of(resource: str, role: str) -> tuple[str, ...]:
    """The fields of a resource one role sees, in the resource's order; () for none."""
    allowed = set(POLICY[resource].get(role, ()))
    return tuple(name for name in _all(resource) if name in allowed)


ROLE_ORDER = (
    Role.ADMINISTRATOR,
    Role.DISTRICT_COORDINATOR,
    Role.COUNSELOR,
    Role.INSTRUCTOR,
    Role.EMPLOYER_SUPERVISOR,
    Role.STUDENT,
    Role.PARENT,
    Role.SUPPORT_SERVICES,
)


def policy_table() -> str:
    """The policy as the Markdown table of docs/api.md (a test keeps the page true)."""
    roles = " | ".join(str(role) for role in ROLE_ORDER)
    lines = [f"| Resource | Field | {roles} |", "|---|---|" + "---|" * len(ROLE_ORDER)]
    for resource, fields in RESOURCES.items():
        for field in fields:
            marks = " | ".join(
                "✓" if field.name in fields_of(resource, role) else "" for role in ROLE_ORDER
            )
            lines.append(f"| `{resource}` | `{field.name}` | {marks} |")
    return "\n".join(lines) + "\n"
