"""The demo county's portfolios.

Sofia Ramirez (ROP-DEMO-1, the demo student) finished her classroom course early with a
certificate, has supervisor-approved hours and a work-readiness rating at Gateway Regional
Medical Center, a resume in English and one in Spanish, a credential, a tracked application
with its work-permit step, a mock interview and a contact. The demo employer link
/shared/demo-employer-link/ shows her English resume to "Gateway Regional Medical Center HR".

Around her, one student in ten of those enrolled (so it grows with --students) has a resume
with a job application, and every trainee the worksite demo rated has a work-readiness rating.
A second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from ropdesk.core.models import Student, User
from ropdesk.core.tokens import token_hash
from ropdesk.enrollment import reasons
from ropdesk.enrollment.models import Completion, Enrollment, EnrollmentEvent
from ropdesk.enrollment.services import certificate_code_new
from ropdesk.portfolio import credentials, readiness, services
from ropdesk.portfolio.models import (
    InterviewPractice,
    JobApplication,
    NetworkContact,
    Resume,
    ResumeEntry,
    ShareLink,
    WorkReadinessRating,
)
from ropdesk.worksite.models import Evaluation

DEMO_LINK_TOKEN = "demo-employer-link"  # noqa: S105 - a public demo address, not a secret
EMPLOYERS = ["Corner Market", "Downey Public Library", "Sunrise Senior Living", "City Parks"]


def seed_portfolio(*, today: date, seed: int = 2026) -> int:
    """Portfolios for the demo county; returns how many students have one."""
    if not credentials.issuer_keys():
        credentials.issuer_key_new()
    rng = random.Random(f"{seed}:portfolio")  # noqa: S311 - demo data, not security
    _ratings(today)
    made = _demo_student(today)
    made += _others(rng, today)
    return made


def _ratings(today: date) -> None:
    """A work-readiness rating for each trainee the worksite demo evaluated."""
    rated = set(WorkReadinessRating.objects.values_list("enrollment", flat=True))
    rows = []
    for evaluation in Evaluation.objects.select_related("enrollment", "supervisor"):
        enrollment = evaluation.enrollment
        if enrollment.pk in rated or enrollment.worksite_id is None:
            continue
        base = evaluation.work_maturity
        scores = {
            "attendance": base.get("attendance", 3),
            "punctuality": base.get("attendance", 3),
            "appearance": base.get("appearance", 3),
            "initiative": base.get("initiative", 3),
            "quality": base.get("quality", 3),
            "communication": base.get("communication", 3),
            "teamwork": base.get("teamwork", 3),
            "supervision": 3,
            "reliability": 3,
        }
        rows.append(
            WorkReadinessRating(
                enrollment=enrollment,
                site_id=enrollment.worksite_id,
                rater=evaluation.supervisor,
                rated_on=min(evaluation.evaluated_on + timedelta(days=1), today),
                scores={k: v for k, v in scores.items() if k in readiness.ITEM_KEYS},
                comment="Shows up ready to learn.",
            )
        )
    WorkReadinessRating.objects.bulk_create(rows)


def _demo_student(today: date) -> int:
    student = Student.objects.filter(local_id="ROP-DEMO-1").select_related("user").first()
    if student is None or student.user is None:
        return 0
    user = student.user
    classroom = (
        Enrollment.objects.filter(student=student, worksite__isnull=True)
        .select_related("section__instructor")
        .first()
    )
    if classroom is not None and not Completion.objects.filter(enrollment=classroom).exists():
        _complete(classroom, today)
    trainee = Enrollment.objects.filter(student=student, worksite__isnull=False).first()
    supervisor = User.objects.filter(username="supervisor").first()
    if (
        trainee is not None
        and trainee.worksite is not None
        and not WorkReadinessRating.objects.filter(enrollment=trainee).exists()
    ):
        WorkReadinessRating.objects.create(
            enrollment=trainee,
            site=trainee.worksite,
            rater=supervisor,
            rated_on=today - timedelta(days=2),
            scores={k: 3 for k in readiness.ITEM_KEYS} | {"attendance": 4, "teamwork": 4},
            comment="Patients ask for her by name.",
        )
    services.verified_entries_sync(student=student)
    if Resume.objects.filter(student=student).exists():
        return 1
    english = Resume.objects.create(
        student=student,
        name="Medical assistant",
        language="en",
        label="Medical assistant trainee",
        email=student.email,
        city=student.city,
        summary="Bilingual (English and Spanish) medical assisting student who takes vital "
        "signs, greets patients and keeps the front desk moving.",
    )
    Resume.objects.create(
        student=student,
        name="Asistente médico",
        language="es",
        label="Aprendiz de asistente médico",
        email=student.email,
        city=student.city,
        summary="Estudiante bilingüe de asistencia médica que toma signos vitales, recibe a "
        "los pacientes y mantiene en orden la recepción.",
    )
    ResumeEntry.objects.bulk_create(
        ResumeEntry(student=student, **fields)
        for fields in (
            {
                "section": "education",
                "title": "High school diploma (expected 2028)",
                "organization": "Downey High School",
            },
            {"section": "languages", "title": "Spanish", "level": "Native speaker"},
            {"section": "languages", "title": "English", "level": "Fluent"},
            {
                "section": "volunteer",
                "title": "Health fair volunteer",
                "organization": "City of Downey",
                "starts_on": date(2026, 4, 11),
                "ends_on": date(2026, 4, 11),
                "summary": "Helped run the blood-pressure booth.",
            },
        )
    )
    certificate = ResumeEntry.objects.filter(student=student, basis="certificate").first()
    if certificate is not None:
        services.credential_make(actor=user, entry=certificate)
    JobApplication.objects.create(
        student=student,
        employer_name="Gateway Regional Medical Center",
        position="Medical office assistant (part-time)",
        source=JobApplication.Source.JOB_SITE,
        status=JobApplication.Status.INTERVIEW,
        applied_on=today - timedelta(days=9),
        interview_on=today + timedelta(days=3),
        follow_up_on=today + timedelta(days=4),
        resume=english,
        contacts="Monique Harris, clinic supervisor",
        permit_step=JobApplication.PermitStep.B1_1_SUBMITTED,
        related_to_pathway=True,
    )
    counselor = User.objects.filter(username="counselor").first()
    InterviewPractice.objects.create(
        student=student,
        kind=InterviewPractice.Kind.COUNSELOR,
        interviewer=counselor,
        interviewer_name=str(counselor) if counselor else "Grace Kim",
        held_on=today - timedelta(days=6),
        scores={"first_impression": 4, "answers": 3, "questions_asked": 2, "follow_up": 3},
        feedback="Strong start. Prepare two questions to ask about the team.",
    )
    NetworkContact.objects.create(
        student=student,
        name="Dr. Paul Nguyen",
        organization="Gateway Regional Medical Center",
        met_at=NetworkContact.Met.JOB_SITE,
        met_on=today - timedelta(days=20),
    )
    ShareLink.objects.get_or_create(
        token_hash=token_hash(DEMO_LINK_TOKEN),
        defaults=dict(
            student=student,
            resume=english,
            audience="Gateway Regional Medical Center HR",
            expires_at=timezone.now() + timedelta(days=60),
            created_by=user,
        ),
    )
    return 1


def _complete(enrollment: Enrollment, today: date) -> None:
    """Finished early with a certificate (as enrollment/demo.py's completions are made)."""
    issued = timezone.make_aware(datetime.combine(today - timedelta(days=4), time(15, 0)))
    instructor = enrollment.section.instructor
    completion = Completion.objects.create(
        enrollment=enrollment,
        final_grade="A",
        certificate_code=certificate_code_new(),
        issued_at=issued,
        recorded_at=issued,
        recorded_by=instructor,
    )
    completion.competencies.set(enrollment.section.course.competencies.all())
    EnrollmentEvent.objects.create(
        enrollment=enrollment,
        from_status=enrollment.status,
        to_status=Enrollment.Status.COMPLETED,
        at=issued,
        by=instructor,
        reason=reasons.COMPLETED.say(grade="A").english(),
        reason_code=reasons.COMPLETED.code,
        reason_args={"grade": "A"},
    )
    enrollment.status = Enrollment.Status.COMPLETED
    enrollment.ended_on = issued.date()
    enrollment.save(update_fields=["status", "ended_on", "updated_at"])


def _others(rng: random.Random, today: date) -> int:
    """One enrolled student in ten gets a resume and an application (the county's scale)."""
    enrolled = (
        Student.objects.filter(enrollments__status__in=Enrollment.SEATED)
        .exclude(local_id="ROP-DEMO-1")
        .exclude(resumes__isnull=False)
        .distinct()
        .order_by("pk")
    )
    chosen = [s for s in enrolled if s.pk % 10 == 3]
    resumes = Resume.objects.bulk_create(
        Resume(
            student=s,
            name="First job",
            language="es" if rng.random() < 0.3 else "en",
            city=s.city,
            summary="ROP student looking for a first job in the field.",
        )
        for s in chosen
    )
    entries: list[Any] = []
    applications = []
    for resume in resumes:
        student = resume.student
        entries.append(
            ResumeEntry(
                student=student,
                section="education",
                title="High school",
                organization=str(student.school_of_attendance or ""),
            )
        )
        status = rng.choice(list(JobApplication.Status.values))
        applications.append(
            JobApplication(
                student=student,
                employer_name=rng.choice(EMPLOYERS),
                position=rng.choice(["Clerk", "Aide", "Helper", "Assistant"]),
                source=rng.choice(list(JobApplication.Source.values)),
                status=status,
                applied_on=None
                if status == "saved"
                else today - timedelta(days=rng.randint(3, 40)),
                resume=resume,
            )
        )
    ResumeEntry.objects.bulk_create(entries)
    JobApplication.objects.bulk_create(applications)
    return len(resumes)
