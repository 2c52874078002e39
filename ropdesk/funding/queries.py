"""Reads for the ADA reports and the section forecast.

The report is one aggregate query: the credited minutes of classroom attendance and of
counted on-the-job hours (UNION ALL), grouped by the report's dimension and the funding
category, in the period's counted dates. Names are looked up afterwards for the few groups.
All arithmetic is funding.rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypedDict

from django.conf import settings
from django.db import connection, connections
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.attendance.models import AttendanceAdjustment, AttendanceRecord, OnTheJobHours
from ropdesk.attendance.periods import Period
from ropdesk.attendance.rules import (
    RelatedInstructionCheck,
    cve_classroom_minimum_met,
    hours,
    present_minutes,
    week_start,
)
from ropdesk.catalog.models import Course, InstructionMode
from ropdesk.core import replica
from ropdesk.core.models import Organization, Site, Student, User
from ropdesk.enrollment.models import Enrollment, EnrollmentCategoryPeriod
from ropdesk.funding import rules
from ropdesk.funding.rules import Category
from ropdesk.scheduling.calendar import school_days
from ropdesk.scheduling.models import Holiday, Meeting, SchoolMonth, SchoolYear, Section, Term

DIMENSIONS = ("district", "school", "site", "course", "instructor", "category")

# The group column of each dimension: (table alias, column) in the report's outer query,
# where e is the enrollment, s its student and sec its section.
_DIMENSION_COLUMN = {
    "district": ("s", "district_of_residence_id"),
    "school": ("s", "school_of_attendance_id"),
    "site": ("sec", "site_id"),
    "course": ("sec", "course_id"),
    "instructor": ("sec", "instructor_id"),
}


def category_sql(period: str, enrollment: str, student: str) -> tuple[str, list[Any]]:
    """funding.rules.category_code() in SQL (category_of() for the last fallback).

    The category of a day's attendance is the one of the enrollment's category period in
    force that day (aliased `period`, NULL when the enrollment has none), else the one stored
    on the enrollment (`enrollment`), else, for an enrollment made before categories were
    stored and never derived, the student's record (`student`)."""
    q = connection.ops.quote_name
    grades = ", ".join(["%s"] * len(Student.HIGH_SCHOOL_GRADES))
    special = " OR ".join(f"{student}.{q(program)}" for program in rules.SPECIAL_PROGRAMS)
    p, e = period, enrollment
    in_grades = (
        f"({p}.{q('id')} IS NOT NULL AND {p}.{q('grade_9_12')}) "
        f"OR ({p}.{q('id')} IS NULL AND {e}.{q('grade_9_12')}) "
        f"OR ({p}.{q('id')} IS NULL AND {e}.{q('grade_9_12')} IS NULL "
        f"AND {student}.{q('grade_level')} IN ({grades}))"
    )
    special_population = (
        f"({p}.{q('id')} IS NOT NULL AND {p}.{q('special_population')}) "
        f"OR ({p}.{q('id')} IS NULL AND {e}.{q('grade_9_12')} IS NOT NULL "
        f"AND {e}.{q('special_population')}) "
        f"OR ({p}.{q('id')} IS NULL AND {e}.{q('grade_9_12')} IS NULL AND ({special}))"
    )
    sql = f"CASE WHEN {in_grades} THEN %s WHEN {special_population} THEN %s ELSE %s END"
    params = [
        *Student.HIGH_SCHOOL_GRADES,
        Category.GRADES_9_12,
        Category.SPECIAL_POPULATION,
        Category.NON_HIGH_SCHOOL,
    ]
    return sql, params


def _period_in_force(alias: str, owner: str, day: str) -> str:
    """The join condition of the category period (aliased `alias`) in force on `day` for the
    enrollment of the row aliased `owner`."""
    q = connection.ops.quote_name
    return (
        f"{alias}.{q('enrollment_id')} = {owner}.{q('enrollment_id')} "
        f"AND ({alias}.{q('starts_on')} IS NULL OR {alias}.{q('starts_on')} <= {day}) "
        f"AND ({alias}.{q('ends_on')} IS NULL OR {day} < {alias}.{q('ends_on')})"
    )


def per_enrollment_sql(span: rules.CountedSpan) -> tuple[str, list[Any]]:
    """(enrollment, category period, credited minutes) in the counted dates: the classroom
    records of the counted meetings UNION ALL the credited on-the-job hours worked inside the
    enrollment (attendance.rules.on_the_job_day_within_enrollment), each summed per enrollment
    and category period in force on the day."""
    q = connection.ops.quote_name
    table = {
        "record": AttendanceRecord._meta.db_table,
        "meeting": Meeting._meta.db_table,
        "ojt": OnTheJobHours._meta.db_table,
        "period": EnrollmentCategoryPeriod._meta.db_table,
        "enrollment": Enrollment._meta.db_table,
        "section": Section._meta.db_table,
        "term": Term._meta.db_table,
    }
    t = {key: q(name) for key, name in table.items()}
    first = connection.ops.adapt_datefield_value(span.start)
    last = connection.ops.adapt_datefield_value(span.end)
    day, worked = f"m.{q('date')}", f"o.{q('date')}"
    # Only identifiers from model metadata go into the text; the dates are parameters.
    classroom = (
        f"SELECT r.{q('enrollment_id')} AS {q('enrollment_id')}, "  # noqa: S608
        f"cp.{q('id')} AS {q('period_id')}, SUM(r.{q('credited_minutes')}) AS {q('minutes')} "
        f"FROM {t['record']} r JOIN {t['meeting']} m ON m.{q('id')} = r.{q('meeting_id')} "
        f"JOIN {t['section']} ms ON ms.{q('id')} = m.{q('section_id')} "
        f"LEFT JOIN {t['period']} cp ON {_period_in_force('cp', 'r', day)} "
        # A section that needs setup (interop: imported without mode, pattern or course hours)
        # earns no ADA until the office completes it.
        f"WHERE {day} BETWEEN %s AND %s AND ms.{q('needs_setup')} = %s "
        f"GROUP BY r.{q('enrollment_id')}, cp.{q('id')}"
    )
    on_the_job = (
        f"SELECT o.{q('enrollment_id')}, cp.{q('id')}, SUM(o.{q('credited_minutes')}) "  # noqa: S608
        f"FROM {t['ojt']} o "
        f"JOIN {t['enrollment']} oe ON oe.{q('id')} = o.{q('enrollment_id')} "
        f"JOIN {t['section']} os ON os.{q('id')} = oe.{q('section_id')} "
        f"JOIN {t['term']} ot ON ot.{q('id')} = os.{q('term_id')} "
        f"LEFT JOIN {t['period']} cp ON {_period_in_force('cp', 'o', worked)} "
        f"WHERE {worked} BETWEEN %s AND %s AND o.{q('credited_minutes')} > 0 "
        f"AND os.{q('needs_setup')} = %s "
        # attendance.rules.on_the_job_day_within_enrollment (EC 46300(a)), in SQL.
        f"AND {worked} >= COALESCE(oe.{q('enrolled_on')}, ot.{q('start_date')}) "
        f"AND {worked} >= ot.{q('start_date')} AND {worked} <= ot.{q('end_date')} "
        f"AND (oe.{q('ended_on')} IS NULL OR {worked} < oe.{q('ended_on')}) "
        f"GROUP BY o.{q('enrollment_id')}, cp.{q('id')}"
    )
    return f"{classroom} UNION ALL {on_the_job}", [first, last, False, first, last, False]


def category_label(code: str) -> str:
    return {
        Category.GRADES_9_12: _("Grades 9-12"),
        Category.NON_HIGH_SCHOOL: _("Not in grades 9-12"),
        Category.SPECIAL_POPULATION: _("Not in grades 9-12, special population"),
    }[code]


@dataclass
class Row:
    key: str
    minutes: int
    hours: Decimal
    ada: Decimal
    revenue: Decimal


@dataclass
class Adjustment:
    day: date
    section: str
    student: str
    hours_before: Decimal
    hours_after: Decimal
    reason: str
    made_by: str
    made_at: datetime

    @property
    def hours_change(self) -> Decimal:
        return self.hours_after - self.hours_before


@dataclass
class ToDate:
    """A report run before its period ended: the hours counted so far, through `through`,
    and a projection to the end of the period (funding.rules.projected_minutes)."""

    through: date
    meetings_held: int
    meetings_scheduled: int
    projected: Row

    @property
    def method(self) -> str:
        return _(
            "Projection: the credited hours to date per scheduled class meeting held so far "
            "(%(held)s of %(scheduled)s meetings in the counted dates), times every scheduled "
            "meeting of those dates. An estimate, not the period's ADA."
        ) % {"held": self.meetings_held, "scheduled": self.meetings_scheduled}


class Figures(TypedDict):
    hours: Decimal
    ada: Decimal
    revenue: Decimal


class GroupFigures(Figures):
    key: str  # the district, school, site, course, instructor or category


class CapFigures(TypedDict):
    """The non-grade-9-12 cap check (EC 52321), rounded for the report."""

    ada: Decimal
    share: Decimal
    special_population_ada: Decimal
    within_cap: bool
    limit_ada: Decimal
    excess_ada: Decimal


class ToDateFigures(TypedDict):
    through: date
    projected: Figures
    method: str


class AdjustmentRow(TypedDict):
    date: date
    section: str
    student: str
    hours_before: Decimal
    hours_after: Decimal
    reason: str
    made_by: str
    made_at: datetime


class AdaReportData(TypedDict):
    """The report as plain data (AdaReport.as_dict, the JSON download)."""

    school_year: str
    period: str
    by: str
    window: dict[str, date]
    counted: dict[str, Any]
    divisor_hours: int
    revenue_per_ada: Decimal
    totals: Figures
    rows: list[GroupFigures]
    non_high_school: CapFigures
    to_date: ToDateFigures | None
    adjustments: list[AdjustmentRow]


@dataclass
class AdaReport:
    school_year: SchoolYear
    period: str
    by: str
    span: rules.CountedSpan
    divisor_hours: int
    rows: list[Row]
    totals: Row
    cap: rules.CapCheck
    by_category: dict[str, Row]
    adjustments: list[Adjustment] = field(default_factory=list)
    districts: frozenset[int] | None = None
    to_date: ToDate | None = None

    @property
    def period_label(self) -> str:
        return str(Period(self.period).label)

    def as_dict(self) -> AdaReportData:
        """The report as plain data (the JSON output; Decimals stay Decimals here)."""
        places = int(settings.ROPDESK["ADA_DECIMAL_PLACES"])
        return {
            "school_year": self.school_year.name,
            "period": self.period,
            "by": self.by,
            "window": {"start": self.span.window.start, "end": self.span.window.end},
            "counted": {
                "start": self.span.start,
                "end": self.span.end,
                "school_months": list(self.span.months),
            },
            "divisor_hours": self.divisor_hours,
            "revenue_per_ada": Decimal(settings.ROPDESK["REVENUE_PER_ADA"]),
            "totals": _figures(self.totals),
            "rows": [
                {"key": row.key, "hours": row.hours, "ada": row.ada, "revenue": row.revenue}
                for row in self.rows
            ],
            "non_high_school": {
                "ada": _round(self.cap.non_high_school_ada, places),
                "share": self.cap.share,
                "special_population_ada": _round(self.cap.special_population_ada, places),
                "within_cap": self.cap.within_cap,
                "limit_ada": _round(self.cap.limit_ada, places),
                "excess_ada": _round(self.cap.excess_ada, places),
            },
            "to_date": (
                {
                    "through": self.to_date.through,
                    "projected": _figures(self.to_date.projected),
                    "method": self.to_date.method,
                }
                if self.to_date
                else None
            ),
            "adjustments": [
                {
                    "date": a.day,
                    "section": a.section,
                    "student": a.student,
                    "hours_before": a.hours_before,
                    "hours_after": a.hours_after,
                    "reason": a.reason,
                    "made_by": a.made_by,
                    "made_at": a.made_at,
                }
                for a in self.adjustments
            ],
        }


def _figures(row: Row) -> Figures:
    return {"hours": row.hours, "ada": row.ada, "revenue": row.revenue}


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places))


def _row(key: str, minutes: int, period: str) -> Row:
    return Row(
        key, minutes, hours(minutes), rules.ada(minutes, period), rules.revenue(minutes, period)
    )


def school_months_of(school_year: SchoolYear) -> list[rules.SchoolMonthDates]:
    return [
        rules.SchoolMonthDates(m.number, m.start_date, m.end_date, m.school_days)
        for m in school_year.school_months.all()
    ]


def span_of(school_year: SchoolYear, period: str) -> rules.CountedSpan:
    return rules.counted_span(
        school_year.start_date, school_year.end_date, period, school_months_of(school_year)
    )


def minutes_by_group(
    span: rules.CountedSpan, by: str, districts: frozenset[int] | None
) -> list[tuple[Any, str, int]]:
    """(group, category, credited minutes) for the counted dates: the one aggregate query.

    Each enrollment's minutes are summed first, per category period in force on the day
    (per_enrollment_sql); only then is each sum joined to its enrollment, student and section,
    once per enrollment instead of once per record. On a county-size year that is several
    times faster than joining every record (docs/performance.md).
    """
    if span.empty:
        return []
    per_enrollment, params = per_enrollment_sql(span)
    q = connection.ops.quote_name
    category, category_params = category_sql("cp", "e", "s")
    if by == "category":
        group = "0"
    else:
        alias, column = _DIMENSION_COLUMN[by]
        group = f"{alias}.{q(column)}"
    section_join = ""
    if by in ("site", "course", "instructor"):
        section_join = (
            f"JOIN {q(Section._meta.db_table)} sec ON sec.{q('id')} = e.{q('section_id')}"
        )
    where, where_params = "", []
    if districts is not None:
        where = f"WHERE s.{q('district_of_residence_id')} IN ({', '.join(['%s'] * len(districts))})"
        where_params = sorted(districts)
    # Only identifiers from model metadata and the fixed maps above go into the text; every
    # value is a parameter.
    sql = (
        f"SELECT {group}, {category}, SUM(t.{q('minutes')}) "  # noqa: S608
        f"FROM ({per_enrollment}) t "
        f"JOIN {q(Enrollment._meta.db_table)} e ON e.{q('id')} = t.{q('enrollment_id')} "
        f"JOIN {q(Student._meta.db_table)} s ON s.{q('id')} = e.{q('student_id')} "
        f"LEFT JOIN {q(EnrollmentCategoryPeriod._meta.db_table)} cp "
        f"ON cp.{q('id')} = t.{q('period_id')} "
        f"{section_join} {where} GROUP BY 1, 2"
    )
    # The report's one raw statement reads where the ORM would (core/replica.py).
    with connections[replica.reading_alias()].cursor() as cursor:
        cursor.execute(sql, [*category_params, *params, *where_params])
        return [(group_id, cat, int(minutes or 0)) for group_id, cat, minutes in cursor.fetchall()]


def _names(by: str, ids: set[Any]) -> dict[Any, str]:
    ids.discard(None)
    if by in ("district", "school"):
        return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    if by == "site":
        return dict(Site.objects.filter(pk__in=ids).values_list("pk", "name"))
    if by == "course":
        return dict(Course.objects.filter(pk__in=ids).values_list("pk", "title"))
    return {
        pk: f"{first} {last}".strip() or username
        for pk, first, last, username in User.objects.filter(pk__in=ids).values_list(
            "pk", "first_name", "last_name", "username"
        )
    }


def _missing_name(by: str) -> str:
    return {
        "school": _("No high school (adult)"),
        "instructor": _("No instructor"),
    }.get(by, "—")


def ada_report(
    *,
    school_year: SchoolYear,
    period: str,
    by: str = "district",
    districts: frozenset[int] | None = None,
    today: date | None = None,
) -> AdaReport:
    """The ADA report of a period, by a dimension, for the whole county (districts=None) or
    the students living in some districts (a district coordinator's view). Run before the
    period's counted dates end, it counts the hours through `today` (default: today), says
    so, and adds a projection to the end of the period (`to_date`)."""
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}")
    span = span_of(school_year, period)
    today = today or timezone.localdate()
    in_progress = not span.empty and today < span.end  # type: ignore[operator]
    counted = replace(span, end=today) if in_progress else span
    groups: dict[Any, int] = defaultdict(int)
    categories: dict[str, int] = dict.fromkeys(Category.ALL, 0)
    for group, category, minutes in minutes_by_group(counted, by, districts):
        key = category if by == "category" else group
        groups[key] += minutes or 0
        categories[category] += minutes or 0
    if by == "category":
        names = {code: category_label(code) for code in Category.ALL}
    else:
        names = _names(by, set(groups))
    rows = sorted(
        (_row(names.get(k, _missing_name(by)), m, period) for k, m in groups.items()),
        key=lambda row: row.key,
    )
    total = sum(categories.values())
    by_category = {code: _row(category_label(code), m, period) for code, m in categories.items()}
    non_hs = categories[Category.NON_HIGH_SCHOOL] + categories[Category.SPECIAL_POPULATION]
    cap = rules.non_high_school_cap(
        rules.exact_ada(total, period),
        rules.exact_ada(non_hs, period),
        rules.exact_ada(categories[Category.SPECIAL_POPULATION], period),
    )
    to_date = _to_date(span, today, total, period) if in_progress else None
    return AdaReport(
        school_year=school_year,
        period=period,
        by=by,
        span=span,
        to_date=to_date,
        divisor_hours=rules.divisor_hours(period),
        rows=rows,
        totals=_row(_("Total"), total, period),
        cap=cap,
        by_category=by_category,
        adjustments=adjustments_in(school_year, span, districts),
        districts=districts,
    )


def REPORT_READS() -> list[type[Any]]:  # noqa: N802 -- a constant, computed when apps are ready
    """The models whose records the ADA report reads: a change to any of them changes it."""
    from ropdesk.catalog.models import Course as CourseModel
    from ropdesk.scheduling.models import Holiday, SchoolMonth

    return [
        AttendanceRecord,
        OnTheJobHours,
        AttendanceAdjustment,
        Enrollment,
        EnrollmentCategoryPeriod,
        Student,
        Meeting,
        Section,
        Term,
        SchoolYear,
        SchoolMonth,
        Holiday,
        CourseModel,
        Organization,
        Site,
    ]


def _ada_report_key(
    school_year: SchoolYear, period: str, by: str, districts: frozenset[int] | None
) -> str:
    """Everything the result depends on: year, period, dimension, districts, today (a period
    in progress counts through today) and the language of its labels."""
    from django.utils.translation import get_language

    today = timezone.localdate()
    scope = "county" if districts is None else "-".join(str(d) for d in sorted(districts))
    return f"ada:{school_year.pk}:{period}:{by}:{scope}:{today}:{get_language()}"


def ada_report_cached(
    *,
    school_year: SchoolYear,
    period: str,
    by: str = "district",
    districts: frozenset[int] | None = None,
) -> AdaReport:
    """`ada_report`, computed once and shared by the page and its downloads (CSV, XLSX, PDF,
    the API) until attendance, enrollments or what the report reads change
    (core/versions.py: the version moves with every write), or REPORT_CACHE_SECONDS pass.
    The key holds everything the result depends on (`_ada_report_key`)."""
    from ropdesk.core import versions

    today = timezone.localdate()
    key = _ada_report_key(school_year, period, by, districts)

    def build() -> AdaReport:
        with replica.report_reads():  # the replica, when there is one (core/replica.py)
            return ada_report(
                school_year=school_year, period=period, by=by, districts=districts, today=today
            )

    return versions.cached(
        key, "attendance", build, seconds=int(settings.ROPDESK.get("REPORT_CACHE_SECONDS", 600))
    )


def ada_report_if_cached(
    *,
    school_year: SchoolYear,
    period: str,
    by: str = "district",
    districts: frozenset[int] | None = None,
) -> AdaReport | None:
    """The report `ada_report_cached` would return, when it is in the cache and current;
    None when it would have to be computed (the downloads then ask the worker)."""
    from ropdesk.core import versions

    found = versions.cached_only(_ada_report_key(school_year, period, by, districts), "attendance")
    return found if isinstance(found, AdaReport) else None


def _to_date(span: rules.CountedSpan, today: date, minutes: int, period: str) -> ToDate:
    """The schedule of the counted dates (one query) and the projection it gives."""
    meetings = Meeting.objects.filter(date__range=(span.start, span.end)).aggregate(
        scheduled=Count("id"), held=Count("id", filter=Q(date__lte=today))
    )
    projected = rules.projected_minutes(minutes, meetings["held"], meetings["scheduled"])
    return ToDate(
        through=today,
        meetings_held=meetings["held"],
        meetings_scheduled=meetings["scheduled"],
        projected=_row(_("Projected for the period"), projected, period),
    )


def adjustments_in(
    school_year: SchoolYear, span: rules.CountedSpan, districts: frozenset[int] | None
) -> list[Adjustment]:
    """Corrections made to certified records whose meetings the period counts. Adjustments
    are few: they are read by the school year of their certification (a small table) and
    sorted into the period here, never by scanning the attendance of the whole year."""
    if span.empty:
        return []
    found = (
        AttendanceAdjustment.objects.filter(certification__school_year=school_year)
        .select_related("record__meeting__section", "record__enrollment__student", "made_by")
        .order_by("made_at", "pk")
    )
    shown = []
    for a in found:
        student = a.record.enrollment.student
        if not span.start <= a.record.meeting.date <= span.end:  # type: ignore[operator]
            continue
        if districts is not None and student.district_of_residence_id not in districts:
            continue
        shown.append(
            Adjustment(
                day=a.record.meeting.date,
                section=a.record.meeting.section.code,
                student=f"{student.full_name} ({student.local_id})",
                hours_before=hours(a.minutes_before),
                hours_after=hours(a.minutes_after),
                reason=a.reason,
                made_by=str(a.made_by or ""),
                made_at=a.made_at,
            )
        )
    return shown


# --- The section forecast ---------------------------------------------------------------------


@dataclass
class StudentHours:
    enrollment: Enrollment
    minutes: int
    # CVE students, and community-classroom students when CC_RELATED_INSTRUCTION_CHECK is on.
    related_instruction: RelatedInstructionCheck | None = None

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)


@dataclass
class Forecast:
    section: Section
    meetings_total: int
    meetings_held: int
    meetings_left: int
    minutes_to_date: int
    projected_minutes: int
    students: list[StudentHours]
    is_cve: bool
    related_instruction_checked: bool = False

    @property
    def hours_to_date(self) -> Decimal:
        return hours(self.minutes_to_date)

    @property
    def projected_hours(self) -> Decimal:
        return hours(self.projected_minutes)

    @property
    def ada_to_date(self) -> Decimal:
        return rules.ada(self.minutes_to_date, Period.ANNUAL)

    @property
    def revenue_to_date(self) -> Decimal:
        return rules.revenue(self.minutes_to_date, Period.ANNUAL)

    @property
    def projected_ada(self) -> Decimal:
        return rules.ada(self.projected_minutes, Period.ANNUAL)

    @property
    def projected_revenue(self) -> Decimal:
        return rules.revenue(self.projected_minutes, Period.ANNUAL)

    @property
    def flagged(self) -> list[StudentHours]:
        return [s for s in self.students if s.related_instruction and not s.related_instruction.met]


def section_forecast(section: Section, today: date) -> Forecast:
    """Hours to date and, at the attendance so far per meeting held, the section's projected
    hours, annual ADA and revenue by the end of its term. A fixed number of queries."""
    meetings = list(
        section.meetings.annotate(records=Count("attendance")).values_list("date", "records")
    )
    held = sum(1 for day, records in meetings if day <= today and records)
    left = sum(1 for day, records in meetings if day > today or (day == today and not records))
    per_student = dict(
        AttendanceRecord.objects.filter(meeting__section=section, meeting__date__lte=today)
        .values("enrollment_id")
        .annotate(m=Sum("credited_minutes"))
        .values_list("enrollment_id", "m")
        .order_by()
    )
    to_date = sum(per_student.values())
    # At the rate so far: the average credited minutes per meeting held, for each one left.
    projected = to_date + (round(to_date * left / held) if held else 0)
    enrollments = (
        section.enrollments.filter(Q(pk__in=list(per_student)) | Q(status__in=Enrollment.SEATED))
        .select_related("student")
        .order_by("student__legal_last_name", "student__legal_first_name", "student__local_id")
    )
    students = [StudentHours(e, per_student.get(e.pk, 0)) for e in enrollments]
    is_cve = section.mode == InstructionMode.CVE
    checked = related_instruction_checked(section.mode)
    if checked:
        _check_related_instruction(section, students, today)
    return Forecast(
        section, len(meetings), held, left, to_date, projected, students, is_cve, checked
    )


def related_instruction_checked(mode: str) -> bool:
    """Whether a section's students get the related-instruction check: always for CVE
    (5 CCR 10106 [C]); for community classroom as the program chooses, because its rule
    (three periods a week on average, one every week) comes from a county's page citing
    5 CCR 10083, which was not read (domain-rules.md 2.2.3 [S]): CC_RELATED_INSTRUCTION_CHECK."""
    if mode == InstructionMode.CVE:
        return True
    return mode == InstructionMode.COMMUNITY_CLASSROOM and bool(
        settings.ROPDESK["CC_RELATED_INSTRUCTION_CHECK"]
    )


def _check_related_instruction(section: Section, students: list[StudentHours], today: date) -> None:
    """Attach the related-instruction check (5 CCR 10106; for CC see
    related_instruction_checked) to each student, over the
    complete weeks (before this one) with a school day in which the student was enrolled."""
    weeks = _school_weeks(section, today)
    minutes: dict[int, dict[date, int]] = {}
    for student in students:
        enrollment = student.enrollment
        first = week_start(enrollment.enrolled_on) if enrollment.enrolled_on else None
        minutes[enrollment.pk] = {
            week: 0
            for week in weeks
            if (first is None or week >= first)
            and (enrollment.ended_on is None or week < enrollment.ended_on)
        }
    records = AttendanceRecord.objects.filter(
        meeting__section=section, meeting__date__lt=week_start(today), arrived__isnull=False
    ).values_list(
        "enrollment_id",
        "meeting__date",
        "meeting__start_time",
        "meeting__end_time",
        "arrived",
        "departed",
    )
    for enrollment_id, day, start, end, arrived, departed in records:
        weekly = minutes.get(enrollment_id, {})
        if week_start(day) in weekly:
            weekly[week_start(day)] += present_minutes(start, end, arrived, departed)
    for student in students:
        student.related_instruction = cve_classroom_minimum_met(minutes[student.enrollment.pk])


def _school_weeks(section: Section, today: date) -> list[date]:
    first = section.meetings.order_by("date").values_list("date", flat=True).first()
    if first is None:
        return []
    year = section.term.school_year
    last = min(section.term.end_date, week_start(today) - timedelta(days=1))
    holidays = list(year.holidays.values_list("date", flat=True))
    return sorted({week_start(day) for day in school_days(first, last, holidays)})


@dataclass(frozen=True)
class MonthOnCalendar:
    """A school month as the calendar page shows it, with the periods that count it."""

    month: SchoolMonth
    is_full: bool
    instruction_days: int
    holidays: list[Holiday]
    periods: list[str]


def school_calendar(school_year: SchoolYear) -> list[MonthOnCalendar]:
    """The school months of a year with their calendar entries and which of P-1 and P-2
    count them (funding.rules.counted_span), in two queries."""
    months = list(school_year.school_months.all())
    entries = list(school_year.holidays.all())
    dates = [
        rules.SchoolMonthDates(m.number, m.start_date, m.end_date, m.school_days) for m in months
    ]
    counted = {
        period: rules.counted_span(school_year.start_date, school_year.end_date, period, dates)
        for period in (Period.P1, Period.P2)
    }
    full = settings.ROPDESK["SCHOOL_MONTH_DAYS"]
    closed = {e.date for e in entries}
    shown = []
    for m in months:
        inside = [e for e in entries if m.start_date <= e.date <= m.end_date]
        teaching = len(school_days(m.start_date, m.end_date, closed))
        periods = [str(Period(p).label) for p, span in counted.items() if m.number in span.months]
        shown.append(MonthOnCalendar(m, m.school_days >= full, teaching, inside, periods))
    return shown
