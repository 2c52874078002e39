"""Demo marks and credits: last school year (its terms, a copy of this year's sections, the
students' completed enrollments and their locked final marks) and this year's grading periods
with the first progress period's marks, locked. Grows with the demo's students: every
high-school student with a school takes one course last year (about 9 in 10 do)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from ropdesk.core.models import Student
from ropdesk.enrollment.models import Enrollment
from ropdesk.marks import rules
from ropdesk.marks.models import CourseCredit, GradingPeriod, Mark
from ropdesk.scheduling.models import SchoolYear, Section, Term
from ropdesk.scheduling.services import school_year_build_calendar, section_generate_meetings

MARK_WEIGHTS = {
    "A": 14, "A-": 10, "B+": 10, "B": 14, "B-": 8, "C+": 7, "C": 9, "C-": 5,
    "D+": 2, "D": 3, "F": 3, "P": 8, "NP": 1, "I": 1,
}  # fmt: skip


def _credits_of(hours: int | None) -> Decimal:
    """5 credits for each 90 hours of instruction, at least 5 (a semester course)."""
    return Decimal(max(1, round((hours or 90) / 90)) * 5).quantize(Decimal("0.01"))


def _periods(
    term: Term, *, progress_until: date | None
) -> tuple[GradingPeriod, GradingPeriod | None]:
    final, _ = GradingPeriod.objects.get_or_create(
        term=term,
        name=f"{term.name} final",
        defaults={"starts_on": term.start_date, "ends_on": term.end_date, "is_final": True},
    )
    progress = None
    if progress_until is not None:
        progress, _ = GradingPeriod.objects.get_or_create(
            term=term,
            name=f"{term.name} progress",
            defaults={"starts_on": term.start_date, "ends_on": progress_until},
        )
    return final, progress


def _last_year(current: SchoolYear) -> tuple[SchoolYear, list[Term]]:
    start = current.start_date.year - 1
    year, created = SchoolYear.objects.get_or_create(
        name=f"{start}-{start + 1}",
        defaults={
            "start_date": date(start, 7, 1),
            "end_date": date(start + 1, 6, 30),
            "first_instruction_day": current.first_instruction_day - timedelta(days=364),
            "last_instruction_day": current.last_instruction_day - timedelta(days=364),
        },
    )
    if created:
        school_year_build_calendar(school_year=year)
    terms = []
    for term in current.terms.order_by("start_date"):
        found, _ = Term.objects.get_or_create(
            school_year=year,
            name=term.name,
            defaults={
                "start_date": term.start_date - timedelta(days=364),
                "end_date": term.end_date - timedelta(days=364),
            },
        )
        terms.append(found)
    return year, terms


def _copy_sections(current: SchoolYear, terms: dict[str, Term], suffix: str) -> list[Section]:
    existing = set(Section.objects.filter(term__in=terms.values()).values_list("code", flat=True))
    copies = [
        Section(
            code=f"{s.code}-{suffix}",
            course=s.course,
            term=terms[s.term.name],
            site=s.site,
            instructor=s.instructor,
            mode=s.mode,
            capacity=s.capacity,
            days=s.days,
            start_time=s.start_time,
            end_time=s.end_time,
        )
        for s in Section.objects.filter(term__school_year=current, needs_setup=False)
        .select_related("term")
        .order_by("code")
        if s.term.name in terms and f"{s.code}-{suffix}" not in existing
    ]
    Section.objects.bulk_create(copies, batch_size=1000)
    for section in Section.objects.filter(code__in=[c.code for c in copies]).select_related("term"):
        section_generate_meetings(section=section)
    return list(
        Section.objects.filter(term__in=terms.values()).select_related("course", "site", "term")
    )


def _grade_before(grade: str) -> str:
    """The grade a student in grade 10 to 12 now had a year ago."""
    return f"{int(grade) - 1:02d}"


def _last_year_enrollments(rng: random.Random, sections: list[Section]) -> list[Enrollment]:
    by_district: dict[int | None, list[Section]] = {}
    for s in sections:
        by_district.setdefault(s.site.district_id, []).append(s)
    taken = set(
        Enrollment.objects.filter(section__in=sections).values_list("student_id", flat=True)
    )
    rows = []
    students = (
        Student.objects.filter(
            # A student in grade 9 now was in grade 8 last year: too young for the program.
            school_of_attendance__isnull=False,
            grade_level__in=("10", "11", "12"),
        )
        .exclude(pk__in=taken)
        .order_by("pk")
    )
    for student in students.iterator():
        pool = (
            by_district.get(
                student.school_of_attendance.parent_id
                if False
                else student.district_of_residence_id
            )
            or sections
        )
        if student.pk % 10 == 0:  # one in ten takes no ROP course last year
            continue
        section = rng.choice(pool)
        dropped = rng.random() < 0.04
        rows.append(
            Enrollment(
                student=student,
                section=section,
                status=Enrollment.Status.DROPPED if dropped else Enrollment.Status.COMPLETED,
                enrolled_on=section.term.start_date,
                ended_on=section.term.start_date + timedelta(days=30)
                if dropped
                else section.term.end_date,
                grade_9_12=True,
                concurrent=True,
                worksite=None,
                # The grade the student had last year (returns read it for last year's files).
                grade_level=_grade_before(student.grade_level),
            )
        )
    Enrollment.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return list(
        Enrollment.objects.filter(
            section__in=sections, status=Enrollment.Status.COMPLETED
        ).select_related("section__course__credit", "section__term")
    )


def _marks(
    rng: random.Random,
    enrollments: list[Enrollment],
    periods: dict[int, GradingPeriod],
    when: datetime,
) -> int:
    values, weights = list(MARK_WEIGHTS), list(MARK_WEIGHTS.values())
    have = set(
        Mark.objects.filter(grading_period__in=periods.values()).values_list(
            "enrollment_id", "grading_period_id"
        )
    )
    rows = []
    for e in enrollments:
        period = periods.get(e.section.term_id)
        if period is None or (e.pk, period.pk) in have:
            continue
        value = rng.choices(values, weights)[0]
        worth = rules.credit_value(e.section.course)
        rows.append(
            Mark(
                enrollment=e,
                grading_period=period,
                value=value,
                credits_attempted=worth,
                credits_earned=rules.credits_for(value, worth),
                entered_at=when,
                entered_by=e.section.instructor,
            )
        )
    Mark.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def seed_marks(*, today: date, seed: int) -> int:
    """Build the demo's marks; returns how many were written."""
    rng = random.Random(f"{seed}-marks")  # noqa: S311 - demo realism, not secrecy
    current = (
        SchoolYear.objects.filter(first_instruction_day__lte=today).order_by("-start_date").first()
    )
    if current is None:
        return 0
    for course_id, hours in (
        Section.objects.filter(term__school_year=current)
        .values_list("course_id", "course__hours")
        .distinct()
    ):
        CourseCredit.objects.get_or_create(
            course_id=course_id, defaults={"credits": _credits_of(hours)}
        )
    now = timezone.now()
    # Last year: every term's final marks, locked.
    year, terms = _last_year(current)
    sections = _copy_sections(current, {t.name: t for t in terms}, str(year.start_date.year % 100))
    completed = _last_year_enrollments(rng, sections)
    finals = {t.pk: _periods(t, progress_until=None)[0] for t in terms}
    written = _marks(rng, completed, finals, now - timedelta(days=150))
    GradingPeriod.objects.filter(
        pk__in=[p.pk for p in finals.values()], locked_at__isnull=True
    ).update(locked_at=now - timedelta(days=140))
    # This year: a progress period six weeks into each term; the ones already over are marked
    # and locked.
    progress: dict[int, GradingPeriod] = {}
    for term in current.terms.order_by("start_date"):
        _final, period = _periods(term, progress_until=term.start_date + timedelta(days=48))
        if period is not None and period.ends_on < today:
            progress[term.pk] = period
    seated = list(
        Enrollment.objects.filter(
            section__term__in=progress, status__in=Enrollment.SEATED
        ).select_related("section__course__credit", "section__term", "section__instructor")
    )
    written += _marks(rng, seated, progress, now)
    GradingPeriod.objects.filter(
        pk__in=[p.pk for p in progress.values()], locked_at__isnull=True
    ).update(locked_at=now)
    return written
