"""Writes of work-based learning: sites, agreements and signatures, permits, plans, visits,
evaluations and timesheets. Hours are written through attendance.services (ojt_record,
ojt_approve), whose transactions are durable, so a timesheet write is two short steps: the
hours, then this app's detail row (docs/instructor-coordinators.md, "How hours are kept").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ropdesk.attendance import services as attendance
from ropdesk.attendance.models import OnTheJobHours
from ropdesk.attendance.rules import week_start
from ropdesk.catalog.models import InstructionMode
from ropdesk.core import versions
from ropdesk.core.models import Organization, Site
from ropdesk.core.services import audit_record
from ropdesk.core.types import Actor, recorded, signed_in
from ropdesk.enrollment.models import Enrollment
from ropdesk.worksite import access as worksite_access
from ropdesk.worksite import compliance
from ropdesk.worksite.models import (
    AgreementSignature,
    EmployerProfile,
    Evaluation,
    Party,
    PlanCompetency,
    SiteVisit,
    TimesheetEntryDetail,
    TrainingAgreement,
    TrainingPlan,
    TrainingSiteOccupation,
    WorkPermit,
)

OJT_KIND: dict[str, str] = {
    InstructionMode.COMMUNITY_CLASSROOM: OnTheJobHours.Kind.COMMUNITY_CLASSROOM,
    InstructionMode.CVE: OnTheJobHours.Kind.CVE,
}


def ojt_kind_of(enrollment: Enrollment) -> str:
    try:
        return OJT_KIND[enrollment.section.mode]
    except KeyError:
        raise ValidationError(_("This course is not community classroom or CVE.")) from None


# --- Sites -----------------------------------------------------------------------------------


def employer_profile_save(
    *, actor: Actor, organization: Organization, **fields: Any
) -> EmployerProfile:
    if organization.kind != Organization.Kind.EMPLOYER:
        raise ValidationError(_("Only an employer or agency has an employer profile."))
    with transaction.atomic(durable=True):
        profile, _created = EmployerProfile.objects.update_or_create(
            organization=organization, defaults=fields
        )
        audit_record(actor=actor, action="worksite.employer_profile", obj=profile)
        return profile


def site_occupation_add(*, actor: Actor, site: Site, pathway: Any, job_title: str = "") -> Any:
    with transaction.atomic(durable=True):
        occupation, _created = TrainingSiteOccupation.objects.update_or_create(
            site=site, pathway=pathway, defaults={"job_title": job_title}
        )
        audit_record(actor=actor, action="worksite.occupation", obj=occupation)
        return occupation


# Supervisors are invited (core/invitations.py): no one is made a supervisor by username.


# --- Agreements ------------------------------------------------------------------------------


def required_parties(agreement: TrainingAgreement, day: date) -> list[str]:
    """CC joint venture: school and site management (5 CCR 10087(a)). CVE: school, employer,
    student and, if the student is a minor on `day`, a parent (5 CCR 10100(f); 10103)."""
    if not agreement.is_cve:
        return [Party.SCHOOL, Party.EMPLOYER]
    parties: list[str] = [Party.SCHOOL, Party.EMPLOYER, Party.STUDENT]
    assert agreement.enrollment is not None  # a CVE agreement is one trainee's
    if agreement.enrollment.student.is_minor_on(day):  # unknown age: a parent signs too
        parties.append(Party.PARENT)
    return parties


def missing_parties(agreement: TrainingAgreement, day: date, signed: set[str]) -> list[str]:
    return [p for p in required_parties(agreement, day) if p not in signed]


def agreement_for(enrollment: Enrollment) -> TrainingAgreement | None:
    """The agreement that governs a trainee's hours: their CVE agreement, or their site's
    joint venture agreement for the section's term."""
    if enrollment.section.mode == InstructionMode.CVE:
        return TrainingAgreement.objects.filter(kind="cve", enrollment=enrollment).first()
    if enrollment.worksite_id is None:
        return None  # a joint venture agreement is a training site's
    return TrainingAgreement.objects.filter(
        kind="cc_joint_venture", site_id=enrollment.worksite_id, term_id=enrollment.section.term_id
    ).first()


def agreement_create(
    *,
    actor: Actor,
    kind: str,
    site: Site,
    term: Any,
    enrollment: Enrollment | None,
    terms: str,
    starts_on: date,
    ends_on: date,
    attests_no_immediate_benefit: bool = False,
    attests_no_displacement: bool = False,
) -> TrainingAgreement:
    """A new agreement. A community-classroom joint venture needs the site's attestation of
    no immediate benefit and no displacement of workers (5 CCR 10090)."""
    if kind == TrainingAgreement.Kind.CC_JOINT_VENTURE:
        attested = compliance.joint_venture_attested(
            no_immediate_benefit=attests_no_immediate_benefit,
            no_displacement=attests_no_displacement,
        )
        if not attested.ok:
            raise ValidationError(
                _("%(reason)s A community-classroom site must attest both (%(source)s).")
                % {"reason": attested.reason, "source": attested.source}
            )
    if kind == TrainingAgreement.Kind.CVE and enrollment is None:
        raise ValidationError(_("A CVE agreement is for one student: choose the student."))
    if kind == TrainingAgreement.Kind.CC_JOINT_VENTURE:
        enrollment = None
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The agreement must end after it starts.")})
    if not terms.strip():
        raise ValidationError({"terms": _("Write the terms of the agreement.")})
    with transaction.atomic(durable=True):
        duplicate = TrainingAgreement.objects.filter(kind=kind, site=site, term=term)
        duplicate = duplicate.filter(enrollment=enrollment) if enrollment else duplicate
        if duplicate.exists():
            raise ValidationError(_("This agreement already exists."))
        agreement = TrainingAgreement.objects.create(
            kind=kind,
            site=site,
            term=term,
            enrollment=enrollment,
            terms=terms,
            starts_on=starts_on,
            ends_on=ends_on,
            attests_no_immediate_benefit=attests_no_immediate_benefit,
            attests_no_displacement=attests_no_displacement,
            created_by=recorded(actor),
        )
        audit_record(actor=actor, action="worksite.agreement_create", obj=agreement, kind=kind)
        return agreement


def _governed_enrollments(agreement: TrainingAgreement) -> Any:
    if agreement.enrollment_id:
        return Enrollment.objects.filter(pk=agreement.enrollment_id)
    return Enrollment.objects.filter(
        worksite=agreement.site_id,
        section__term=agreement.term_id,
        section__mode=InstructionMode.COMMUNITY_CLASSROOM,
    )


def _apply_to_hours(agreement: TrainingAgreement) -> None:
    """Copy the signing day onto the governed trainees' hours and recount them, so that hours
    logged earlier count only from that day (hours dated before it never count)."""
    for enrollment in _governed_enrollments(agreement).select_related("section"):
        kind = OJT_KIND[enrollment.section.mode]  # governed trainees are CC or CVE
        rows = OnTheJobHours.objects.filter(enrollment=enrollment, kind=kind)
        versions.changed("attendance", "worksite")  # a bulk write sends no ORM signal
        rows.update(agreement_signed_on=agreement.fully_signed_on)
        weeks = {week_start(day) for day in rows.values_list("date", flat=True)}
        attendance.ojt_recount(enrollment=enrollment, kind=kind, weeks=weeks)


def agreement_sign(
    *,
    actor: Actor,
    agreement: TrainingAgreement,
    party: str,
    typed_name: str,
    ip_address: str | None = None,
) -> AgreementSignature:
    """One party signs (typed name, time, who was signed in). The last required signature
    makes the agreement fully signed and lets the trainees' hours count from that day."""
    typed_name = typed_name.strip()
    if not typed_name:
        raise ValidationError({"typed_name": _("Type your full name to sign.")})
    if party not in worksite_access.agreement_parties_of(actor, agreement):
        raise ValidationError(_("You cannot sign for this party."))
    with transaction.atomic(durable=True):
        agreement = TrainingAgreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.signatures.filter(party=party).exists():
            raise ValidationError(_("This party has already signed."))
        if party not in required_parties(agreement, timezone.localdate()):
            raise ValidationError(_("This agreement does not need this party's signature."))
        signature = AgreementSignature.objects.create(
            agreement=agreement,
            party=party,
            typed_name=typed_name,
            signed_at=timezone.now(),
            signed_by=signed_in(actor),
            ip_address=ip_address,
        )
        audit_record(actor=actor, action="worksite.agreement_sign", obj=agreement, party=party)
        today = timezone.localdate()
        signed = set(agreement.signatures.values_list("party", flat=True))
        if agreement.fully_signed_on is None and not missing_parties(agreement, today, signed):
            agreement.fully_signed_on = today
            agreement.save(update_fields=["fully_signed_on"])
            _apply_to_hours(agreement)
            audit_record(actor=actor, action="worksite.agreement_fully_signed", obj=agreement)
        return signature


@dataclass(frozen=True)
class SignedConfirmation:
    """What a party is told after signing: what they signed and when, who still signs."""

    party: Party
    signature: AgreementSignature
    waiting_for: list[Party]  # required parties who have not signed yet, in signing order
    fully_signed_on: date | None


def signature_confirmation(
    agreement: TrainingAgreement, party: str, day: date
) -> SignedConfirmation | None:
    """The confirmation of `party`'s signature of the agreement, or None if it has not signed."""
    signatures = {s.party: s for s in agreement.signatures.all()}
    if party not in signatures:
        return None
    return SignedConfirmation(
        party=Party(party),
        signature=signatures[party],
        waiting_for=[Party(p) for p in missing_parties(agreement, day, set(signatures))],
        fully_signed_on=agreement.fully_signed_on,
    )


# --- Permits, plans, visits, evaluations --------------------------------------------------------


def permit_record(
    *, actor: Actor, student: Any, issued_on: date, expires_on: date, **fields: Any
) -> WorkPermit:
    if expires_on < issued_on:
        raise ValidationError({"expires_on": _("The permit must expire after it was issued.")})
    with transaction.atomic(durable=True):
        permit = WorkPermit.objects.create(
            student=student, issued_on=issued_on, expires_on=expires_on, **fields
        )
        audit_record(actor=actor, action="worksite.permit", obj=permit)
        return permit


def plan_create(*, actor: Actor, enrollment: Enrollment, expected_weeks: int) -> TrainingPlan:
    """A plan with every competency of the course, taught in both places until the instructor
    says otherwise."""
    with transaction.atomic(durable=True):
        plan, created = TrainingPlan.objects.get_or_create(
            enrollment=enrollment,
            defaults={"expected_weeks": expected_weeks, "created_by": signed_in(actor)},
        )
        PlanCompetency.objects.bulk_create(
            [
                PlanCompetency(plan=plan, competency=c)
                for c in enrollment.section.course.competencies.all()
            ],
            ignore_conflicts=True,
        )
        if created:
            audit_record(actor=actor, action="worksite.plan_create", obj=plan)
        return plan


def plan_site_copy_record(*, actor: Actor, plan: TrainingPlan, given_on: date) -> TrainingPlan:
    """Record that the training site has its copy of the plan (5 CCR 10087(b)(4),
    10108(b)(4): "a copy ... shall be kept at the training station")."""
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The date cannot be in the future.")})
    with transaction.atomic(durable=True):
        plan.site_copy_on = given_on
        plan.site_copy_recorded_by = recorded(actor)
        plan.save(update_fields=["site_copy_on", "site_copy_recorded_by"])
        audit_record(
            actor=actor, action="worksite.plan_site_copy", obj=plan, given_on=given_on.isoformat()
        )
        return plan


def plan_competency_update(
    *, actor: Actor, item: PlanCompetency, where_taught: str, expected_hours: int, verified: bool
) -> PlanCompetency:
    """The instructor says where a competency is taught, for how long, and verifies it."""
    with transaction.atomic(durable=True):
        item.where_taught = where_taught
        item.expected_hours = expected_hours
        if verified and item.verified_on is None:
            item.verified_on, item.verified_by = timezone.localdate(), signed_in(actor)
        elif not verified:
            item.verified_on, item.verified_by = None, None
        item.save(update_fields=["where_taught", "expected_hours", "verified_on", "verified_by"])
        audit_record(actor=actor, action="worksite.plan_competency", obj=item, verified=verified)
        return item


def plan_rate(*, actor: Actor, item: PlanCompetency, rating: int) -> PlanCompetency:
    """The site supervisor's rating of a competency (1 beginning ... 4 advanced)."""
    if rating not in (1, 2, 3, 4):
        raise ValidationError(_("Choose a rating from 1 to 4."))
    with transaction.atomic(durable=True):
        item.supervisor_rating, item.rated_on = rating, timezone.localdate()
        item.rated_by = signed_in(actor)
        item.save(update_fields=["supervisor_rating", "rated_on", "rated_by"])
        audit_record(actor=actor, action="worksite.plan_rate", obj=item, rating=rating)
        return item


def visit_log(
    *,
    actor: Actor,
    enrollment: Enrollment,
    visited_on: date,
    observed_working: bool,
    notes: str = "",
    competency_progress: str = "",
) -> SiteVisit:
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit cannot be in the future.")})
    with transaction.atomic(durable=True):
        visit = SiteVisit.objects.create(
            enrollment=enrollment,
            instructor=signed_in(actor),
            visited_on=visited_on,
            observed_working=observed_working,
            notes=notes,
            competency_progress=competency_progress,
        )
        audit_record(actor=actor, action="worksite.visit", obj=visit)
        return visit


def evaluation_record(
    *,
    actor: Actor,
    enrollment: Enrollment,
    point: int,
    work_maturity: dict[str, int],
    comments: str = "",
    evaluated_on: date | None = None,
) -> Evaluation:
    with transaction.atomic(durable=True):
        evaluation, _created = Evaluation.objects.update_or_create(
            enrollment=enrollment,
            point=point,
            defaults={
                "evaluated_on": evaluated_on or timezone.localdate(),
                "supervisor": signed_in(actor),
                "work_maturity": work_maturity,
                "comments": comments,
            },
        )
        audit_record(actor=actor, action="worksite.evaluation", obj=evaluation, point=point)
        return evaluation


# --- Timesheets ------------------------------------------------------------------------------


def _valid_permit(student: Any, day: date) -> WorkPermit | None:
    return WorkPermit.objects.filter(
        student=student, issued_on__lte=day, expires_on__gte=day
    ).first()


@dataclass(frozen=True)
class TimesheetLine:
    """One day's hours that passed timesheet_check: what to write."""

    enrollment: Enrollment
    kind: str
    day: date
    started_at: time
    ended_at: time
    minutes: int
    hourly_wage: Decimal | None
    agreement_signed_on: date | None


def timesheet_check(
    *,
    enrollment: Enrollment,
    day: date,
    started_at: time,
    ended_at: time,
    hourly_wage: Decimal | None = None,
) -> TimesheetLine:
    """The rules of one day's hours, whoever enters them (the student's page, an import):
    today or earlier; a start and an end; for CVE a wage and, for a minor, a valid work permit
    (EC 49112); not over hours the supervisor already approved."""
    kind = ojt_kind_of(enrollment)
    if day > timezone.localdate():
        raise ValidationError({"day": _("Hours can be logged only for today or earlier.")})
    if not hours_are_over(day, ended_at):
        raise ValidationError(
            {"ended_at": _("These hours end later today: log them once they are worked.")}
        )
    if started_at == ended_at:
        raise ValidationError({"ended_at": _("The end must differ from the start.")})
    cve = kind == OnTheJobHours.Kind.CVE
    if cve and hourly_wage is None:
        raise ValidationError({"hourly_wage": _("Give the hourly wage: CVE hours are paid.")})
    if cve and hourly_wage is not None and hourly_wage <= 0:
        # 5 CCR 10100: CVE is paid on-the-job training; a wage below the minimum is flagged on
        # the dashboard (compliance.cve_wage), a wage of nothing is refused here.
        raise ValidationError(
            {"hourly_wage": _("A wage of $0 is not paid employment: CVE hours are paid.")}
        )
    age = enrollment.student.age_on(day)
    if cve:
        permit = _valid_permit(enrollment.student, day)
        check = compliance.work_permit_on_file(
            age=age,
            permit_from=permit.issued_on if permit else None,
            permit_to=permit.expires_on if permit else None,
            day=day,
        )
        if not check.ok:
            raise ValidationError(
                _(
                    "%(reason)s The school must have the permit on file before CVE hours can be "
                    "logged (%(source)s)."
                )
                % {"reason": check.reason, "source": check.source}
            )
    existing = OnTheJobHours.objects.filter(enrollment=enrollment, kind=kind, date=day).first()
    if existing is not None and existing.supervisor_approved:
        raise ValidationError(
            _("These hours are already approved; ask the supervisor to change them.")
        )
    if not attendance.ojt_within_enrollment(enrollment, day):
        raise ValidationError({"day": attendance.ojt_outside_enrollment_message(enrollment, day)})
    agreement = agreement_for(enrollment)
    return TimesheetLine(
        enrollment=enrollment,
        kind=kind,
        day=day,
        started_at=started_at,
        ended_at=ended_at,
        minutes=compliance.shift_minutes(started_at, ended_at),
        hourly_wage=hourly_wage if cve else None,
        agreement_signed_on=agreement.fully_signed_on if agreement else None,
    )


def timesheet_write(*, actor: Actor | None, line: TimesheetLine) -> OnTheJobHours:
    """Write a checked line inside the caller's transaction: the day's hours (waiting for the
    supervisor) and the timesheet detail."""
    entry = attendance.ojt_write(
        actor=actor,
        enrollment=line.enrollment,
        kind=line.kind,
        day=line.day,
        minutes=line.minutes,
        agreement_signed_on=line.agreement_signed_on,
    )
    TimesheetEntryDetail.objects.update_or_create(
        hours=entry,
        defaults={
            "started_at": line.started_at,
            "ended_at": line.ended_at,
            "hourly_wage": line.hourly_wage,
            "status": TimesheetEntryDetail.Status.SUBMITTED,
            "return_comment": "",
            "returned_by": None,
            "returned_at": None,
        },
    )
    return entry


def timesheet_log(
    *,
    actor: Actor,
    enrollment: Enrollment,
    day: date,
    started_at: time,
    ended_at: time,
    hourly_wage: Decimal | None = None,
) -> OnTheJobHours:
    """A student logs one day's hours (date, start, end; for CVE the wage). It waits for the
    supervisor; a minor without a valid work permit cannot log CVE hours (EC 49112)."""
    line = timesheet_check(
        enrollment=enrollment,
        day=day,
        started_at=started_at,
        ended_at=ended_at,
        hourly_wage=hourly_wage,
    )
    with transaction.atomic(durable=True):
        return timesheet_write(actor=actor, line=line)


def hours_are_over(day: date, ended_at: time | None) -> bool:
    """Whether a shift on `day` ending at `ended_at` is already worked: a supervisor signs
    for hours worked, not hours planned (the time card is a record of actual hours)."""
    now = timezone.localtime()
    if day != now.date():
        return day < now.date()
    return ended_at is None or ended_at <= now.time()


def _check_approvable(entry: OnTheJobHours) -> None:
    detail = getattr(entry, "detail", None)
    if not hours_are_over(entry.date, detail.ended_at if detail else None):
        raise ValidationError(
            _("The hours of %(day)s end later today: approve them once they are worked.")
            % {"day": date_format(entry.date, "SHORT_DATE_FORMAT")}
        )


def timesheet_approve(*, actor: Actor, entry: OnTheJobHours) -> OnTheJobHours:
    return timesheet_approve_many(actor=actor, entries=[entry])[0]


def timesheet_approve_many(*, actor: Actor, entries: list[OnTheJobHours]) -> list[OnTheJobHours]:
    """Approve several waiting days at once — all, or none if one cannot be approved."""
    for entry in entries:
        _check_approvable(entry)
    approved = attendance.ojt_approve_many(actor=actor, entries=entries)
    with transaction.atomic(durable=True):
        TimesheetEntryDetail.objects.filter(hours__in=approved).update(
            status=TimesheetEntryDetail.Status.APPROVED, return_comment=""
        )
    return approved


def timesheet_approve_week(
    *, actor: Actor, enrollment: Enrollment, week_of: date
) -> list[OnTheJobHours]:
    """A supervisor approves a trainee's whole week (Monday to Sunday of `week_of`) in one
    action: every day waiting for approval and already worked."""
    monday = week_start(week_of)
    waiting = list(
        OnTheJobHours.objects.filter(
            enrollment=enrollment,
            date__range=(monday, monday + timedelta(days=6)),
            supervisor_approved_at__isnull=True,
            detail__status=TimesheetEntryDetail.Status.SUBMITTED,
        )
        .select_related("detail", "enrollment__section", "enrollment__student")
        .order_by("date")
    )
    ready = [e for e in waiting if hours_are_over(e.date, e.detail.ended_at)]
    if not ready:
        raise ValidationError(_("No hours of this week are waiting for your approval."))
    return timesheet_approve_many(actor=actor, entries=ready)


def timesheet_return(*, actor: Actor, entry: OnTheJobHours, comment: str) -> TimesheetEntryDetail:
    """The supervisor sends a day back to the student with a comment; it does not count."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the student should correct.")})
    if entry.supervisor_approved:
        raise ValidationError(_("These hours are already approved."))
    with transaction.atomic(durable=True):
        detail = TimesheetEntryDetail.objects.select_for_update().get(hours=entry)
        detail.status = TimesheetEntryDetail.Status.RETURNED
        detail.return_comment, detail.returned_by, detail.returned_at = (
            comment,
            signed_in(actor),
            timezone.now(),
        )
        detail.save(update_fields=["status", "return_comment", "returned_by", "returned_at"])
        audit_record(actor=actor, action="worksite.timesheet_return", obj=entry, comment=comment)
        return detail


def weeks_back(today: date, n: int) -> list[date]:
    monday = week_start(today)
    return [monday - timedelta(weeks=k) for k in range(n)]
