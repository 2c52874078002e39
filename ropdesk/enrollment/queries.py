"""Reads of enrollments shared by dashboards and reports. Each takes a queryset that already
went through the access policy (core.access), so that no caller can skip it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, TypedDict

from django.conf import settings
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ropdesk.core.access import eighteenth_birthday_cutoff
from ropdesk.core.models import Student
from ropdesk.core.types import StaffActor
from ropdesk.enrollment.eligibility import section_overlaps
from ropdesk.enrollment.models import (
    Application,
    ApplicationChoice,
    EligibilityFinding,
    Enrollment,
)
from ropdesk.scheduling.models import Meeting, SchoolYear, Section

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a label, a count and its share of the largest count."""

    label: str
    value: float  # a count, or a score (an occupation's O*NET interest level)
    percent: int


def bars(rows: Iterable[tuple[str, int]]) -> list[Bar]:
    rows = list(rows)
    top = max((value for _, value in rows), default=0) or 1
    return [Bar(label, value, round(100 * value / top)) for label, value in rows]


def active(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    return enrollments.filter(status__in=Enrollment.SEATED)


class Tally(NamedTuple):
    """How many seated enrollments have one value of a field (a pair, for dict())."""

    label: str
    total: int


def count_by(enrollments: QuerySet[Enrollment], field: str) -> list[Tally]:
    """Seated enrollments counted by one field path (e.g. the student's district name)."""
    rows = active(enrollments).values(field).annotate(n=Count("pk")).order_by("-n", field)
    return [Tally(row[field] or "—", row["n"]) for row in rows]


def schedule_of(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Enrollments with everything a schedule shows, in one query."""
    return enrollments.select_related(
        "student",
        "section__course",
        "section__site",
        "section__instructor",
        "section__term",
        "worksite",
    ).order_by("section__start_time", "section__course__title")


def without_enrollment(students: QuerySet[Student]) -> QuerySet[Student]:
    """The students not enrolled in (nor having completed) any course: the counselor's
    "Not enrolled in a course" figure and the student list's filter of the same name."""
    return students.exclude(
        pk__in=Enrollment.objects.filter(status__in=Enrollment.SEATED).values("student_id")
    )


# --- admissions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    status: str = Application.Status.SUBMITTED
    consent: str = ""  # "waiting" | "given" | ""
    kind: str = ""
    district: str = ""
    course: str = ""
    q: str = ""


def application_queue(
    applications: QuerySet[Application], filters: QueueFilters
) -> QuerySet[Application]:
    """Applications for the counselor's and the office's queue, oldest first, with what each
    row shows, in a fixed number of queries whatever the length of the list."""
    rows = applications.select_related(
        "district_of_residence", "school", "consent", "student"
    ).prefetch_related(
        Prefetch(
            "choices",
            queryset=ApplicationChoice.objects.select_related("course", "section").order_by("rank"),
        ),
        Prefetch(
            "findings",
            queryset=EligibilityFinding.objects.filter(result=EligibilityFinding.Result.BLOCK),
            to_attr="blocking_findings",
        ),
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.district:
        rows = rows.filter(district_of_residence_id=int(filters.district))  # digits (the view)
    if filters.course:
        rows = rows.filter(choices__course_id=filters.course).distinct()
    minor = Q(birth_date__gt=eighteenth_birthday_cutoff(timezone.localdate()))
    if filters.consent == "waiting":
        rows = rows.filter(minor, consent__isnull=True)
    elif filters.consent == "given":
        rows = rows.filter(consent__isnull=False)
    for word in filters.q.split():
        rows = rows.filter(
            Q(legal_first_name__icontains=word)
            | Q(legal_last_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(reference__icontains=word)
            | Q(student__local_id__iexact=word)
        )
    return rows.order_by("submitted_at", "pk")


def application_by_consent_token(token_hash: str) -> Application | None:
    if not token_hash:
        return None
    return (
        Application.objects.filter(consent_token_hash=token_hash, status="submitted")
        .select_related("district_of_residence", "school")
        .prefetch_related("choices__course", "choices__section")
        .first()
    )


class WaitlistPlace(TypedDict):
    waitlist_ahead: int  # how many waitlisted students come first


def with_waitlist_position(
    enrollments: QuerySet[Enrollment],
) -> QuerySet[WithAnnotations[Enrollment, WaitlistPlace]]:
    """Annotate `waitlist_position`: 1 for the next student to get a seat (None if not
    waitlisted). The order is priority, then the time of the request (services.py)."""
    ahead = (
        Enrollment.objects.filter(section=OuterRef("section"), status=Enrollment.Status.WAITLISTED)
        .filter(
            Q(priority__lt=OuterRef("priority"))
            | Q(priority=OuterRef("priority"), requested_at__lt=OuterRef("requested_at"))
            | Q(
                priority=OuterRef("priority"),
                requested_at=OuterRef("requested_at"),
                pk__lt=OuterRef("pk"),
            )
        )
        .order_by()
        .values("section")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return enrollments.annotate(
        waitlist_ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0))
    )


def waitlist_of(section: Section, visible: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """The section's waitlist in order, limited to the rows the viewer may see."""
    return (
        visible.filter(section=section, status=Enrollment.Status.WAITLISTED)
        .select_related("student")
        .order_by("priority", "requested_at", "pk")
    )


def schedule_conflicts(
    enrollments: Iterable[Enrollment], visible: QuerySet[Enrollment]
) -> dict[int, list[Enrollment]]:
    """For each enrollment given, the student's other active enrollments (among those the
    viewer may see) that meet at the same time; one query for all of them."""
    rows = list(enrollments)
    students = {e.student_id for e in rows}
    active_statuses = (*Enrollment.SEATED, Enrollment.Status.ADMITTED, Enrollment.Status.WAITLISTED)
    others: dict[int, list[Enrollment]] = {}
    for other in visible.filter(student__in=students, status__in=active_statuses).select_related(
        "section__term", "section__course"
    ):
        others.setdefault(other.student_id, []).append(other)
    result: dict[int, list[Enrollment]] = {}
    for enrollment in rows:
        clashes = [
            other
            for other in others.get(enrollment.student_id, [])
            if other.pk != enrollment.pk and section_overlaps(enrollment.section, other.section)
        ]
        if clashes:
            result[enrollment.pk] = clashes
    return result


def conflicts_with(
    student: Student | None, section: Section, visible: QuerySet[Enrollment]
) -> list[Enrollment]:
    """The student's active enrollments (that the viewer may see) meeting when `section`
    meets."""
    if student is None:
        return []
    active_statuses = (*Enrollment.SEATED, Enrollment.Status.ADMITTED, Enrollment.Status.WAITLISTED)
    return [
        other
        for other in visible.filter(student=student, status__in=active_statuses)
        .exclude(section=section)
        .select_related("section__term", "section__course")
        if section_overlaps(section, other.section)
    ]


# --- the non-grade-9-12 share (EC 52302.8) ------------------------------------------------------


@dataclass(frozen=True)
class NonHighSchoolShare:
    """Seated enrollments this school year of students not in grades 9-12, against all.

    An enrollment count, not ADA: it approximates the cap on the share of ADA the program may
    claim for such students (10 %, plus 5 % for special populations), which the funding
    reports compute from attendance."""

    total: int
    non_high_school: int
    special: int
    limit: Decimal
    margin: Decimal

    @property
    def share(self) -> Decimal:
        return Decimal(self.non_high_school) / self.total if self.total else Decimal(0)

    @property
    def allowed(self) -> Decimal:
        extra = Decimal(settings.ROPDESK["NON_HS_SPECIAL_EXTRA"])
        special_share = Decimal(self.special) / self.total if self.total else Decimal(0)
        return self.limit + min(special_share, extra)

    @property
    def warn(self) -> bool:
        return self.total > 0 and self.share >= self.allowed - self.margin

    @property
    def over(self) -> bool:
        return self.total > 0 and self.share > self.allowed

    @property
    def share_percent(self) -> Decimal:
        return (self.share * 100).quantize(Decimal("0.1"))

    @property
    def allowed_percent(self) -> Decimal:
        return (self.allowed * 100).quantize(Decimal("0.1"))


def non_high_school_share(day: date) -> NonHighSchoolShare:
    year = (
        SchoolYear.objects.filter(start_date__lte=day, end_date__gte=day).first()
        or SchoolYear.objects.order_by("-start_date").first()
    )
    seated = Enrollment.objects.filter(status__in=Enrollment.SEATED)
    if year is not None:
        seated = seated.filter(section__term__school_year=year)
    # Enrollments made before categories were stored fall back to the student's grade level.
    in_grades = Q(grade_9_12=True) | Q(
        grade_9_12__isnull=True, student__grade_level__in=Student.HIGH_SCHOOL_GRADES
    )
    special = (
        Q(special_population=True)
        | Q(student__calworks=True)
        | Q(student__tap=True)
        | Q(student__job_corps=True)
        | Q(student__wioa_intensive=True)
    )
    figures = seated.aggregate(
        total=Count("pk"),
        non_hs=Count("pk", filter=~in_grades),
        special=Count("pk", filter=~in_grades & special),
    )
    return NonHighSchoolShare(
        total=figures["total"],
        non_high_school=figures["non_hs"],
        special=figures["special"],
        limit=Decimal(settings.ROPDESK["NON_HS_SHARE_LIMIT"]),
        margin=Decimal(settings.ROPDESK["NON_HS_WARNING_MARGIN"]),
    )


# --- The schedule with its head counts (seats are held by enrollments) ---


def with_enrolled_count(sections: QuerySet[Section]) -> QuerySet[Section]:
    return sections.annotate(
        enrolled_count=Count("enrollments", filter=Q(enrollments__status__in=Enrollment.SEATED))
    )


def meetings_of_instructor_on(user: StaffActor, day: date) -> QuerySet[Meeting]:
    """The instructor's meetings on a day, with their sections and head counts."""
    return _instructor_meetings(user, Q(date=day))


def meetings_of_instructor_next(user: StaffActor, after: date) -> QuerySet[Meeting]:
    """The instructor's meetings on their first teaching day after `after` (one query: the
    day is a subquery), as meetings_of_instructor_on gives them."""
    first = (
        Meeting.objects.filter(section__instructor=user, date__gt=after)
        .order_by("date")
        .values("date")[:1]
    )
    return _instructor_meetings(user, Q(date=Subquery(first)))


def _instructor_meetings(user: StaffActor, when: Q) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(when, section__instructor=user)
        .select_related("section__course", "section__site")
        .annotate(
            enrolled_count=Count(
                "section__enrollments",
                filter=Q(section__enrollments__status__in=Enrollment.SEATED),
            )
        )
        .order_by("start_time")
    )


def roster_of(section: Section, visible: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """The section's enrollments the viewer may see, with the students, in one query."""
    return (
        visible.filter(section=section)
        .select_related("student", "student__school_of_attendance", "worksite")
        .order_by("student__legal_last_name", "student__legal_first_name")
    )


STUDENT_MATCHES = 20


def student_lookup(students: QuerySet[Student], text: str) -> tuple[Student | None, list[Student]]:
    """Find a student where an application is entered by what staff see: the ROP student id
    (local id), exactly or in part, or words of the name. One student found: that student;
    else the first matches to choose from (two queries at most)."""
    if not text:
        return None, []
    exact = students.filter(local_id__iexact=text).first()
    if exact is not None:
        return exact, []
    found = students
    for word in text.split():
        found = found.filter(
            Q(local_id__icontains=word)
            | Q(legal_first_name__icontains=word)
            | Q(legal_last_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    matches = list(
        found.select_related("school_of_attendance", "district_of_residence").order_by(
            "legal_last_name", "legal_first_name", "local_id"
        )[: STUDENT_MATCHES + 1]
    )
    if len(matches) == 1:
        return matches[0], []
    return None, matches
