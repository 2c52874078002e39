"""Work-based learning for the demo county (ropdesk/demo/seed.py): for the community
classroom and CVE trainees of the current terms, agreements in every state (fully signed,
partly signed, none), plans, work permits (one minor CVE student without one), three weeks of
hours (approved, waiting, returned), visits (one overdue) and evaluations. Dated from the
demo's `today`; natural keys and "ignore on conflict" make a second run add nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.attendance.rules import week_start
from ropdesk.attendance.services import ojt_recount
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Organization, Role, RoleAssignment
from ropdesk.enrollment.models import Enrollment
from ropdesk.worksite.models import (
    AgreementSignature,
    EmployerProfile,
    Evaluation,
    PlanCompetency,
    SiteVisit,
    TimesheetEntryDetail,
    TrainingAgreement,
    TrainingPlan,
    TrainingSiteOccupation,
    WorkPermit,
)
from ropdesk.worksite.services import OJT_KIND, required_parties

TERMS = (
    "The training site provides supervised training in the competencies of the training plan, "
    "keeps accurate records of the student's hours and consults with the instructor. The "
    "program provides related classroom instruction and visits the site."
)
MAX_TRAINEES = 48  # enough for every state, few enough to stay fast


def _aware(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def seed_worksite(*, today: date) -> int:
    trainees = list(
        Enrollment.objects.filter(
            section__mode__in=[InstructionMode.COMMUNITY_CLASSROOM, InstructionMode.CVE],
            worksite__isnull=False,
            status=Enrollment.Status.ENROLLED,
            section__term__start_date__lte=today,
            section__term__end_date__gte=today,
        )
        .select_related(
            "student__user", "section__term", "section__course", "section__instructor", "worksite"
        )
        .order_by("pk")
    )
    demo = [e for e in trainees if e.student.local_id == "ROP-DEMO-1"]
    trainees = demo + [e for e in trainees if e not in demo][: MAX_TRAINEES - len(demo)]
    if not trainees:
        return 0
    _profiles(trainees, today)
    agreements = _agreements(trainees, today)
    _plans(trainees)
    _permits(trainees, today)
    _hours(trainees, agreements, today)
    _visits(trainees, today)
    _evaluations(trainees, today)
    return len(trainees)


def _profiles(trainees: list[Enrollment], today: date) -> None:
    employers = Organization.objects.filter(kind=Organization.Kind.EMPLOYER).order_by("code")
    rows = [
        EmployerProfile(
            organization=org,
            contact_name=f"{org.name} HR",
            contact_email=f"hr{k}@employer.example.org",
            workers_comp_carrier="State Compensation Insurance Fund",
            workers_comp_policy=f"WC-{1000 + k}",
            # One employer's policy lapsed last week; one runs out within the fortnight.
            workers_comp_expires_on=today + timedelta(days=-7 if k == 2 else 10 if k == 3 else 300),
        )
        for k, org in enumerate(employers)
    ]
    EmployerProfile.objects.bulk_create(rows, ignore_conflicts=True)


def _state_of(k: int, e: Enrollment) -> str:
    if e.student.local_id == "ROP-DEMO-1":
        return "signed"
    return ("signed", "signed", "signed", "partly", "none")[k % 5]


def _agreements(trainees: list[Enrollment], today: date) -> dict[int, TrainingAgreement]:
    supervisors = {
        a.site_id: a.user
        for a in RoleAssignment.objects.filter(role=Role.EMPLOYER_SUPERVISOR).select_related("user")
    }
    wanted: dict[tuple, tuple[TrainingAgreement, str, Enrollment]] = {}
    for k, e in enumerate(trainees):
        state = _state_of(k, e)
        cve = e.section.mode == InstructionMode.CVE
        key = ("cve", e.pk) if cve else ("cc", e.worksite_id, e.section.term_id)
        if state == "none" or key in wanted:
            continue
        starts = max(e.section.term.start_date, today - timedelta(days=60))
        wanted[key] = (
            TrainingAgreement(
                kind="cve" if cve else "cc_joint_venture",
                site=e.worksite,
                term=e.section.term,
                enrollment=e if cve else None,
                terms=TERMS,
                starts_on=starts,
                ends_on=e.section.term.end_date,
                fully_signed_on=starts if state == "signed" else None,
                # The joint venture's attestation (5 CCR 10090); CVE agreements need none.
                attests_no_immediate_benefit=not cve,
                attests_no_displacement=not cve,
                created_by=e.section.instructor,
            ),
            state,
            e,
        )
    TrainingAgreement.objects.bulk_create(
        [a for a, _s, _e in wanted.values()], ignore_conflicts=True
    )
    found: dict[tuple[Any, ...], TrainingAgreement] = {
        (("cve", a.enrollment_id) if a.is_cve else ("cc", a.site_id, a.term_id)): a
        for a in TrainingAgreement.objects.filter(term__in={e.section.term_id for e in trainees})
    }
    signatures = []
    for key, (_a, state, e) in wanted.items():
        agreement = found[key]
        agreement.enrollment = e if agreement.is_cve else None
        parties = required_parties(agreement, agreement.starts_on)
        if state == "partly":
            parties = parties[:1]
        people = {
            "school": e.section.instructor,
            "employer": supervisors.get(e.worksite_id),
            "student": e.student.user,
            "parent": None,
        }
        for party in parties:
            signer = people[party]
            signatures.append(
                AgreementSignature(
                    agreement=agreement,
                    party=party,
                    typed_name=str(signer) if signer else f"{party.title()} of {e.student}",
                    signed_at=_aware(agreement.starts_on, time(9, 0)),
                    signed_by=signer,
                )
            )
    AgreementSignature.objects.bulk_create(signatures, ignore_conflicts=True)
    by_enrollment = {}
    for e in trainees:
        cve = e.section.mode == InstructionMode.CVE
        key = ("cve", e.pk) if cve else ("cc", e.worksite_id, e.section.term_id)
        if key in found:
            by_enrollment[e.pk] = found[key]
    return by_enrollment


def _plans(trainees: list[Enrollment]) -> None:
    with_plan = [e for k, e in enumerate(trainees) if k % 7 != 6]  # a few without a plan
    TrainingPlan.objects.bulk_create(
        [
            TrainingPlan(
                enrollment=e,
                expected_weeks=18,
                created_by=e.section.instructor,
                # Most sites have their copy on record (5 CCR 10087(b)(4)); every fifth not.
                site_copy_on=None if k % 5 == 4 else e.section.term.start_date,
                site_copy_recorded_by=None if k % 5 == 4 else e.section.instructor,
            )
            for k, e in enumerate(with_plan)
        ],
        ignore_conflicts=True,
    )
    # The sites train for their trainees' occupations (5 CCR 10107(b)).
    TrainingSiteOccupation.objects.bulk_create(
        [
            TrainingSiteOccupation(site=e.worksite, pathway_id=e.section.course.pathway_id)
            for e in trainees
            if e.section.course.pathway_id is not None
        ],
        ignore_conflicts=True,
    )
    plans = TrainingPlan.objects.filter(enrollment__in=with_plan).select_related(
        "enrollment__section"
    )
    items = []
    for plan in plans:
        for n, competency in enumerate(plan.enrollment.section.course.competencies.all()[:8]):
            items.append(
                PlanCompetency(
                    plan=plan,
                    competency=competency,
                    where_taught=("classroom", "site", "both")[n % 3],
                    expected_hours=10 + 5 * (n % 3),
                    verified_on=plan.created_at.date() if n < 2 else None,
                    verified_by=plan.enrollment.section.instructor if n < 2 else None,
                    supervisor_rating=(3, 2, 4)[n % 3] if n < 3 else None,
                )
            )
    PlanCompetency.objects.bulk_create(items, ignore_conflicts=True)


def _permits(trainees: list[Enrollment], today: date) -> None:
    minors = [
        e
        for e in trainees
        if e.section.mode == InstructionMode.CVE and e.student.is_minor_on(today)
    ]
    have = set(
        WorkPermit.objects.filter(student__in=[e.student for e in minors]).values_list(
            "student_id", flat=True
        )
    )
    rows = [
        WorkPermit(
            student=e.student,
            employer=e.worksite.organization,
            issued_on=today - timedelta(days=60),
            # The first minor has none; the second's runs out within the fortnight.
            expires_on=today + timedelta(days=9 if k == 1 else 200),
        )
        for k, e in enumerate(minors)
        if k != 0 and e.student_id not in have and e.worksite is not None
    ]
    WorkPermit.objects.bulk_create(rows)


def _hours(trainees: list[Enrollment], agreements: dict, today: date) -> None:
    monday = week_start(today)
    days = [monday - timedelta(weeks=w) + timedelta(days=d) for w in (2, 1, 0) for d in (0, 1, 3)]
    rows, plan = [], []
    for k, e in enumerate(trainees):
        agreement = agreements.get(e.pk)
        cve = e.section.mode == InstructionMode.CVE
        signed_on = agreement.fully_signed_on if agreement else None
        for n, day in enumerate(d for d in days if d <= today):
            # CVE: 3 x 3 h = 9 paid hours a week; every fourth trainee only 2.5 h a shift (7.5).
            minutes = 180 if not cve or k % 4 else 150
            this_week = day >= monday
            status = "submitted" if this_week else "approved"
            if n == 3 and k % 3 == 0:
                status = "returned"
            rows.append(
                OnTheJobHours(
                    enrollment=e,
                    kind=OJT_KIND[e.section.mode],
                    date=day,
                    minutes=minutes,
                    agreement_signed_on=signed_on,
                    supervisor_approved_at=_aware(day + timedelta(days=1), time(9))
                    if status == "approved"
                    else None,
                )
            )
            plan.append((e.pk, day, minutes, status, cve))
    OnTheJobHours.objects.bulk_create(rows, ignore_conflicts=True)
    hours = {
        (h.enrollment_id, h.date): h
        for h in OnTheJobHours.objects.filter(enrollment__in=trainees, date__in=days)
    }
    details = [
        TimesheetEntryDetail(
            hours=hours[(pk, day)],
            started_at=time(15, 0),
            ended_at=(datetime.combine(day, time(15, 0)) + timedelta(minutes=minutes)).time(),
            hourly_wage=Decimal("17.28") if cve else None,
            status=status,
            return_comment="Please check your end time with me." if status == "returned" else "",
        )
        for pk, day, minutes, status, cve in plan
    ]
    TimesheetEntryDetail.objects.bulk_create(details, ignore_conflicts=True)
    for e in trainees:
        ojt_recount(
            enrollment=e, kind=OJT_KIND[e.section.mode], weeks={week_start(d) for d in days}
        )


def _visits(trainees: list[Enrollment], today: date) -> None:
    visited = set(
        SiteVisit.objects.filter(enrollment__in=trainees).values_list("enrollment_id", flat=True)
    )
    rows = []
    for k, e in enumerate(trainees):
        if e.pk in visited:
            continue
        # The first CC trainee after the demo student is overdue (last visit 30 days ago).
        ago = 30 if k == 1 else 4 + (k * 3) % 15
        rows.append(
            SiteVisit(
                enrollment=e,
                instructor=e.section.instructor,
                visited_on=today - timedelta(days=ago),
                observed_working=True,
                notes="Met the supervisor; observed the student at work.",
                competency_progress="On track with the plan's first competencies.",
            )
        )
    SiteVisit.objects.bulk_create(rows)


def _evaluations(trainees: list[Enrollment], today: date) -> None:
    rows = [
        Evaluation(
            enrollment=e,
            point=1,
            evaluated_on=today - timedelta(days=5),
            work_maturity={
                "attendance": 3,
                "appearance": 4,
                "initiative": 3,
                "quality": 3,
                "communication": 3,
                "teamwork": 4,
            },
            comments="Reliable and eager to learn.",
        )
        for k, e in enumerate(trainees)
        if k % 2 == 0
    ]
    Evaluation.objects.bulk_create(rows, ignore_conflicts=True)
