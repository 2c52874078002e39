"""What each role's dashboard shows: real figures from the database, scoped by the policy.

One function per role returns the template name and its context. Each runs a fixed number of
queries, whatever the number of students (core/tests/test_dashboards.py holds them to it).
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.attendance import access as attendance_access
from ropdesk.catalog.models import Course
from ropdesk.complaints.caseload import caseload
from ropdesk.core import access
from ropdesk.core.contributions import Attention, app_modules
from ropdesk.core.models import Role, Student
from ropdesk.core.types import StaffActor
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment import queries as enrollment_queries
from ropdesk.enrollment.models import Enrollment
from ropdesk.portal import dashboard_charts
from ropdesk.scheduling.models import Section
from ropdesk.worksite import queries as worksite_queries

Context = dict[str, Any]  # a template's context


class EquityRow(TypedDict):
    """Seated enrollments of one industry sector by sex (support services' dashboard)."""

    sector: str
    female: int
    male: int
    nonbinary: int
    female_percent: int


def administrator(user: StaffActor) -> Context:
    enrollments = enrollment_access.enrollments_visible_to(user)
    context: Context = {
        "student_count": access.students_visible_to(user).count(),
        "section_count": Section.objects.count(),
        # Imported courses and sections the office must complete (interop "needs setup").
        "needs_setup_count": Section.objects.filter(needs_setup=True).count()
        + Course.objects.filter(needs_setup=True).count(),
        "enrollment_count": enrollment_queries.active(enrollments).count(),
        "by_district": enrollment_queries.bars(
            enrollment_queries.count_by(enrollments, "student__district_of_residence__name")
        ),
        "by_mode": _mode_bars(enrollments),
        "by_grade": _grade_bars(enrollments),
    }
    context["district_chart"] = dashboard_charts.enrollment(
        _("Enrollment by district of residence"), context["by_district"], _("District")
    )
    context["mode_chart"] = dashboard_charts.enrollment(
        _("Enrollment by instruction mode"), context["by_mode"], _("Mode")
    )
    context["grade_chart"] = dashboard_charts.enrollment(
        _("Enrollment by grade level"), context["by_grade"], _("Grade")
    )
    context["ada_chart"] = dashboard_charts.ada_by_month(None, timezone.localdate())
    wbl = dashboard_charts.compliance(user, timezone.localdate())
    context["compliance_chart"], context["trainee_count"], context["trainees_green"] = wbl[:3]
    context["compliance_summary"] = wbl[3]
    return context


def support_services(user: StaffActor) -> Context:
    # Figures without names: equity of course choices by sex (gender equity, EC 221.5).
    rows = (
        enrollment_queries.active(Enrollment.objects.all())
        .values("section__course__pathway__sector__name", "student__sex")
        .annotate(n=Count("pk"))
        .order_by("section__course__pathway__sector__name")
    )
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        sector = row["section__course__pathway__sector__name"]
        table.setdefault(sector, {"F": 0, "M": 0, "X": 0})[row["student__sex"]] = row["n"]
    equity: list[EquityRow] = [
        {
            "sector": sector,
            "female": c["F"],
            "male": c["M"],
            "nonbinary": c["X"],
            "female_percent": round(100 * c["F"] / max(1, sum(c.values()))),
        }
        for sector, c in table.items()
    ]
    return {
        "equity": equity,
        "by_mode": _mode_bars(Enrollment.objects.all()),
        # Their daily work: the complaints and the annual notices (complaints/caseload.py).
        "caseload": caseload(user, what="/dashboard/"),
    }


def district_coordinator(user: StaffActor) -> Context:
    enrollments = enrollment_access.enrollments_visible_to(user)
    students = access.students_visible_to(user)
    scope = access.scope_of(user)
    context: Context = {
        "student_count": students.count(),
        "enrollment_count": enrollment_queries.active(enrollments).count(),
        "section_count": Section.objects.filter(site__district__in=scope.district_ids).count(),
        "by_school": enrollment_queries.bars(
            enrollment_queries.count_by(enrollments, "student__school_of_attendance__name")
        ),
        "by_mode": _mode_bars(enrollments),
    }
    context["school_chart"] = dashboard_charts.enrollment(
        _("Enrollment by school of attendance"), context["by_school"], _("School")
    )
    context["mode_chart"] = dashboard_charts.enrollment(
        _("Enrollment by instruction mode"), context["by_mode"], _("Mode")
    )
    return context


def counselor(user: StaffActor) -> Context:
    students = access.students_visible_to(user)
    enrollments = enrollment_access.enrollments_visible_to(user)
    grades = dict(students.values_list("grade_level").annotate(n=Count("pk")).order_by())
    not_enrolled = enrollment_queries.without_enrollment(students)
    return {
        "student_count": students.count(),
        "by_grade": enrollment_queries.bars(
            (str(label), grades.get(code, 0)) for code, label in Student.Grade.choices
        ),
        "not_enrolled_count": not_enrolled.count(),
        "recent": enrollment_queries.schedule_of(enrollments).order_by("-created_at")[:10],
    }


def instructor(user: StaffActor) -> Context:
    today = timezone.localdate()
    meetings = list(enrollment_queries.meetings_of_instructor_on(user, today))
    # No class today: the meetings of the next teaching day, and so the day, in one query.
    next_meetings = (
        [] if meetings else list(enrollment_queries.meetings_of_instructor_next(user, today))
    )
    next_day = next_meetings[0].date if next_meetings else None
    wbl = dashboard_charts.compliance(user, today)
    return {
        "month_charts": dashboard_charts.instructor_months(user, today),
        "compliance_chart": wbl[0],
        "trainee_count": wbl[1],
        "compliance_summary": wbl[3],
        "today": today,
        "meetings": meetings,
        "next_day": next_day,
        "next_meetings": next_meetings,
        "sections": enrollment_queries.with_enrolled_count(
            Section.objects.filter(instructor=user).select_related("course", "site", "term")
        ).order_by("start_time"),
    }


def employer_supervisor(user: StaffActor) -> Context:
    # Only students in training now: an employer sees no applicant, waitlisted, withdrawn or
    # dropped student (worksite.queries.enrolled_trainees_of_supervisor).
    trainees = worksite_queries.enrolled_trainees_of_supervisor(user)
    waiting = worksite_queries.hours_waiting(trainees)
    return {"trainees": trainees, "waiting_weeks": worksite_queries.waiting_weeks(waiting)}


def student(user: StaffActor) -> Context:
    mine = enrollment_access.enrollments_visible_to(user).filter(student__user=user)
    return {
        "schedule": enrollment_queries.schedule_of(mine),
        # Their own record, if one is linked: the link to their attendance and hours.
        "attendance_students": attendance_access.family_students_of(user).filter(user=user),
    }


def parent(user: StaffActor) -> Context:
    children = list(access.students_visible_to(user).filter(guardianships__user=user))
    schedule = enrollment_queries.schedule_of(
        enrollment_access.enrollments_visible_to(user).filter(student__in=children)
    )
    by_child: dict[int, list[Enrollment]] = {child.pk: [] for child in children}
    for enrollment in schedule:
        by_child[enrollment.student_id].append(enrollment)
    return {"children": [(child, by_child[child.pk]) for child in children]}


def needs_attention(user: Any) -> list[Attention]:
    """Every app's work waiting for the user (`ropdesk/<app>/attention.py`), those with a
    count only, nearest deadline first; those without a deadline after."""
    found = [item for module in app_modules("attention") for item in module.items(user)]
    return sorted(
        (item for item in found if item.count),
        key=lambda item: (item.due is None, item.due or date.max, str(item.label)),
    )


def _mode_bars(enrollments: Any) -> list[enrollment_queries.Bar]:
    from ropdesk.catalog.models import InstructionMode

    counts = dict(enrollment_queries.count_by(enrollments, "section__mode"))
    return enrollment_queries.bars(
        (str(label), counts.get(value, 0)) for value, label in InstructionMode.choices
    )


def _grade_bars(enrollments: Any) -> list[enrollment_queries.Bar]:
    counts = dict(enrollment_queries.count_by(enrollments, "student__grade_level"))
    return enrollment_queries.bars(
        (str(label), counts.get(code, 0)) for code, label in Student.Grade.choices
    )


BUILDERS = {
    Role.ADMINISTRATOR: administrator,
    Role.SUPPORT_SERVICES: support_services,
    Role.DISTRICT_COORDINATOR: district_coordinator,
    Role.COUNSELOR: counselor,
    Role.INSTRUCTOR: instructor,
    Role.EMPLOYER_SUPERVISOR: employer_supervisor,
    Role.STUDENT: student,
    Role.PARENT: parent,
}
