"""Demo admissions for the demo county (ropdesk/demo/seed.py): pending applications in the
Downey counselor's queue (one from a minor whose parent has not consented yet, one an adult
whom a rule blocks), a full spring section with a waitlist, and a few completions with
certificates.

Every row has a natural key (an application reference, a student and section, an enrollment),
so a second run adds nothing. The seed runs in one transaction, so this writes rows directly
rather than through the durable services, and says so in each event's reason.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, Q, When
from django.utils import timezone

from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Organization, Site, Student, User
from ropdesk.enrollment import eligibility, reasons, services
from ropdesk.enrollment.categories import apply_category, funding_category
from ropdesk.enrollment.models import (
    Application,
    ApplicationChoice,
    Completion,
    Enrollment,
    EnrollmentEvent,
    ParentConsent,
)
from ropdesk.scheduling.models import Section

DEMO_CONSENT_TOKEN = "demo-consent-A-DEMO01"  # noqa: S105 -- the demo's printed consent link
DEMO_REASON = "Demo county"


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_admissions(*, today: date) -> dict[str, int]:
    downey = Organization.objects.get(code="D09")
    derived = services.enrollments_derive_funding(
        Enrollment.objects.filter(grade_9_12__isnull=True)
    )
    added = _applications(today, downey)
    waiting = _waitlist(today, downey)
    completed = _completions(today)
    return {
        "derived": derived,
        "applications": added,
        "waitlisted": waiting,
        "completed": completed,
    }


def _fall_sections(downey: Organization) -> list[Section]:
    return list(
        Section.objects.filter(term__name="Fall", site__district=downey)
        .select_related("course", "term", "site__district", "site__organization")
        .order_by("code")
    )


def _applications(today: date, downey: Organization) -> int:
    sections = _fall_sections(downey)
    classroom = [s for s in sections if s.mode == InstructionMode.CLASSROOM]
    # A daytime section on a high-school campus in a district that keeps adults off campus
    # then (EC 52314(a)(2)): the adult applying for it is blocked, with the reason shown.
    campus_day = (
        Section.objects.filter(
            term__name="Fall",
            mode=InstructionMode.CLASSROOM,
            site__kind=Site.Kind.SCHOOL,
            site__district__allows_adults_on_campus=False,
            start_time__lt=time(15, 0),
        )
        .select_related("course", "term", "site__district")
        .order_by("code")
        .first()
    ) or classroom[0]
    evening = next(
        (s for s in sections if s.start_time and s.start_time >= time(17, 0)), sections[-1]
    )
    school = Organization.objects.filter(parent=downey).order_by("code").first()
    start = today.year if today.month >= 7 else today.year - 1
    people = [
        # reference, first, last, birth, kind, grade, school, section, guardian, consent
        (
            "A-DEMO01",
            "Mateo",
            "Flores",
            date(start - 16, 12, 3),
            "high_school",
            "11",
            school,
            classroom[0],
            ("Rosa Flores", "Mother", "rosa.flores@example.org"),
            None,
        ),
        (
            "A-DEMO02",
            "Denise",
            "Walker",
            date(start - 34, 4, 20),
            "adult",
            "AD",
            None,
            evening,
            None,
            None,
        ),
        (
            "A-DEMO03",
            "Kevin",
            "Tran",
            date(start - 17, 8, 9),
            "high_school",
            "12",
            school,
            classroom[-1],
            ("Linh Tran", "Father", "linh.tran@example.org"),
            "paper",
        ),
        (
            "A-DEMO04",
            "Gloria",
            "Mendez",
            date(start - 41, 2, 14),
            "adult",
            "AD",
            None,
            campus_day,
            None,
            None,
        ),
    ]
    added = 0
    for number, (ref, first, last, born, kind, grade, sch, section, guardian, consent) in enumerate(
        people, start=1
    ):
        if Application.objects.filter(reference=ref).exists():
            continue
        application = Application.objects.create(
            reference=ref,
            kind=kind,
            legal_first_name=first,
            legal_last_name=last,
            birth_date=born,
            sex="M" if first in ("Mateo", "Kevin") else "F",
            email=f"{first.lower()}.{last.lower()}@example.org",
            city="Downey",
            grade_level=grade,
            district_of_residence=downey,
            school=sch,
            home_language="Spanish" if last in ("Flores", "Mendez") else "English",
            english_learner=last == "Mendez",
            calworks=ref == "A-DEMO02",
            has_504_plan=ref == "A-DEMO03",
            other_needs="Seat near the front (hearing)" if ref == "A-DEMO03" else "",
            transportation=Application.Transportation.TRANSIT,
            transportation_acknowledged=True,
            guardian_name=guardian[0] if guardian else "",
            guardian_relationship=guardian[1] if guardian else "",
            guardian_email=guardian[2] if guardian else "",
            consent_token_hash=services.token_hash(DEMO_CONSENT_TOKEN)
            if consent is None and guardian
            else "",
            consent_requested_at=_at(today - timedelta(days=number), 10) if guardian else None,
            submitted_at=_at(today - timedelta(days=10 - number), 9 + number),
        )
        ApplicationChoice.objects.create(
            application=application, rank=1, course=section.course, section=section
        )
        if consent and guardian:
            ParentConsent.objects.create(
                application=application,
                guardian_name=guardian[0],
                relationship=guardian[1],
                method=consent,
                consented_at=_at(today - timedelta(days=2), 15),
                notes=DEMO_REASON,
            )
        services.application_check(application=application, actor=None)
        added += 1
    return added


def _waitlist(today: date, downey: Organization) -> int:
    """A spring classroom section (Downey's, if it has one) with the fewest open seats, filled
    to capacity, with two students waiting. Spring has not begun on the demo's day, so no
    attendance is owed for the students added here."""
    seated = Count("enrollments", filter=Q(enrollments__status__in=Enrollment.SEATED))
    section = (
        Section.objects.filter(
            term__name="Spring",
            term__start_date__gt=today,
            mode=InstructionMode.CLASSROOM,
        )
        .annotate(
            seated=seated,
            downey=Case(When(site__district=downey, then=0), default=1),
        )
        .select_related("term", "site")
        .order_by("downey", "-seated", "code")
        .first()
    )
    if section is None:
        return 0
    already = Enrollment.objects.filter(section=section).values("student_id")
    candidates = Student.objects.exclude(pk__in=already).exclude(local_id="ROP-DEMO-1")
    candidates = candidates.filter(grade_level__in=Student.HIGH_SCHOOL_GRADES)
    chosen = list(candidates.order_by("local_id")[: section.capacity + 2])
    open_seats = section.capacity - section.seated
    waiting = section.enrollments.filter(status=Enrollment.Status.WAITLISTED).count()
    added = 0
    for student in chosen:
        if open_seats > 0:
            status, open_seats = Enrollment.Status.ENROLLED, open_seats - 1
        elif waiting < 2:
            status, waiting = Enrollment.Status.WAITLISTED, waiting + 1
        else:
            break
        asked = _at(today - timedelta(days=20 - added), 8 + added % 9)
        enrollment = Enrollment(
            student=student,
            section=section,
            status=status,
            enrolled_on=today if status == Enrollment.Status.ENROLLED else None,
            requested_at=asked,
            priority=eligibility.priority(
                eligibility.Applicant(student.birth_date, student.grade_level), today
            ).priority,
            status_reason=DEMO_REASON,
        )
        apply_category(enrollment, funding_category(student))
        enrollment.save()
        EnrollmentEvent.objects.create(
            enrollment=enrollment, to_status=status, at=asked, reason=DEMO_REASON
        )
        added += 1
    return added


def _completions(today: date) -> int:
    """Three students of the demo instructor who finished early (open-entry, open-exit)."""
    instructor = User.objects.filter(username="instructor").first()
    if instructor is None:
        return 0
    seated = Count("enrollments", filter=Q(enrollments__status__in=Enrollment.SEATED))
    section = (
        Section.objects.filter(instructor=instructor, term__name="Fall")
        .exclude(enrollments__student__local_id="ROP-DEMO-1")
        .annotate(seated=seated)
        .order_by("-seated", "code")
        .first()
    )
    if section is None:
        return 0
    competencies = list(section.course.competencies.order_by("number"))
    rows = (
        Enrollment.objects.filter(section=section, status__in=Enrollment.SEATED)
        .select_related("student")
        .order_by("student__local_id")[:3]
    )
    made = 0
    for number, enrollment in enumerate(rows):
        if Completion.objects.filter(enrollment=enrollment).exists():
            continue
        issued = _at(today - timedelta(days=3), 16)
        grade = "ABP"[number]
        completion = Completion.objects.create(
            enrollment=enrollment,
            final_grade=grade,
            certificate_code=services.certificate_code_new(),
            issued_at=issued,
            recorded_at=issued,
            recorded_by=instructor,
        )
        completion.competencies.set(competencies[: len(competencies) - number])
        EnrollmentEvent.objects.create(
            enrollment=enrollment,
            from_status=enrollment.status,
            to_status=Enrollment.Status.COMPLETED,
            at=issued,
            by=instructor,
            reason=reasons.COMPLETED.say(grade=grade).english(),
            reason_code=reasons.COMPLETED.code,
            reason_args={"grade": grade},
        )
        enrollment.status = Enrollment.Status.COMPLETED
        enrollment.ended_on = issued.date()
        enrollment.save(update_fields=["status", "ended_on", "updated_at"])
        made += 1
    return made
