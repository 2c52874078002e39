"""Writes for admissions and enrollment. Every entry point (pages, bulk admit, imports) calls
these; each top-level service runs in one durable transaction, records who did what and why,
and sends its e-mail only after the commit (style.md rules 5, 9, 10)."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Competency, Course
from ropdesk.core import access, versions
from ropdesk.core.models import Guardianship, Role, RoleAssignment, Student, User
from ropdesk.core.services import audit_record
from ropdesk.core.stored_text import Said
from ropdesk.core.tokens import token_hash
from ropdesk.core.types import Actor, recorded, signed_in
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment import eligibility, notify, reasons
from ropdesk.enrollment.categories import apply_category, funding_category
from ropdesk.enrollment.models import (
    Application,
    ApplicationChoice,
    Completion,
    EligibilityFinding,
    Enrollment,
    EnrollmentEvent,
    ParentConsent,
)
from ropdesk.scheduling.models import Section

# Crockford's base 32: no I, L, O or U, so a code read aloud or typed is hard to get wrong.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def certificate_code_new() -> str:
    """Ten random characters (50 bits), shown as XXXXX-XXXXX."""
    code = random_code(10)
    return f"{code[:5]}-{code[5:]}"


def certificate_code_normalize(typed: str) -> str:
    """What a person typed, in the stored form: upper case, O→0, I/L→1, one dash."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    return f"{cleaned[:5]}-{cleaned[5:]}" if len(cleaned) == 10 else cleaned


# --- facts for the rules -----------------------------------------------------------------------


def applicant_of(application: Application) -> eligibility.Applicant:
    consent = getattr(application, "consent", None) if application.pk else None
    return eligibility.Applicant(
        birth_date=application.birth_date,
        grade_level=application.grade_level,
        out_of_school=application.kind == Application.Kind.OUT_OF_SCHOOL_YOUTH,
        out_of_school_since=application.out_of_school_since,
        high_school_plan_on_file=application.high_school_plan_on_file,
        plan_courses_enrolled=application.plan_courses_enrolled,
        parent_consent=consent is not None,
        parent_approved_plan=bool(consent and consent.approves_high_school_plan),
        cve_exceptional_needs_by=eligibility.exceptional_needs_of(application),
        transportation_acknowledged=application.transportation_acknowledged,
        special_programs=frozenset(application.special_programs),
    )


def section_for(application: Application) -> Section | None:
    """The section an application is admitted to unless the approver picks another: the first
    choice's preferred section, else that course's first section with a seat left, else its
    first section (the student then waits on its list)."""
    choices = list(application.choices.select_related("section__term", "course"))
    if not choices:
        return None
    first = choices[0]
    if first.section is not None:
        return first.section
    return _open_section_of(first.course)


def _open_section_of(course: Course) -> Section | None:
    from ropdesk.enrollment.queries import with_enrolled_count

    today = timezone.localdate()
    sections = list(
        with_enrolled_count(
            Section.objects.filter(course=course, term__end_date__gte=today).select_related(
                "term", "site"
            )
        ).order_by("term__start_date", "code")
    )
    for section in sections:
        if section.seats_left > 0:
            return section
    return sections[0] if sections else None


def _load_section(section: Section) -> Section:
    return Section.objects.select_related(
        "term", "site__district", "site__organization__parent", "course"
    ).get(pk=section.pk)


# --- applications ------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def application_submit(
    *,
    actor: Actor | None,
    fields: dict[str, Any],
    choices: Sequence[tuple[Course, Section | None]],
    base_url: str,
) -> Application:
    """File an application (from the public form, or entered by a counselor for a student),
    check it against the rules, and ask a minor's parent for consent by e-mail."""
    if not choices:
        raise ValidationError({"choice_1": _("Choose at least one course.")})
    staff = actor is not None and access.can_admit(actor)
    application = Application(
        **fields,
        reference=_unique_reference(),
        submitted_at=timezone.now(),
        entered_by=recorded(actor) if staff else None,
        user=recorded(actor) if not staff else None,
    )
    if application.user is not None and application.student is None:
        application.student = Student.objects.filter(user=application.user).first()
    application.full_clean(exclude=["consent_token_hash"])
    application.save()
    ApplicationChoice.objects.bulk_create(
        ApplicationChoice(application=application, rank=rank, course=course, section=section)
        for rank, (course, section) in enumerate(choices, start=1)
    )
    audit_record(actor=actor, action="application_submit", obj=application)
    application_check(application=application, actor=None)
    if _is_minor(application) and application.guardian_email:
        _request_consent(application, base_url)
    if application.email:
        transaction.on_commit(lambda: notify.application_received(application))
    return application


def _unique_reference() -> str:
    while True:
        reference = f"A-{random_code(6)}"
        if not Application.objects.filter(reference=reference).exists():
            return reference


def _is_minor(application: Application) -> bool:
    return eligibility.age_on(application.birth_date, timezone.localdate()) < 18


def _request_consent(application: Application, base_url: str) -> None:
    token = secrets.token_urlsafe(24)
    application.consent_token_hash = token_hash(token)
    application.consent_requested_at = timezone.now()
    application.save(update_fields=["consent_token_hash", "consent_requested_at", "updated_at"])
    url = f"{base_url.rstrip('/')}/consent/{token}/"
    transaction.on_commit(lambda: notify.consent_requested(application, url))


@transaction.atomic(durable=True)
def application_request_consent(
    *, application: Application, actor: Actor, base_url: str
) -> Application:
    """Send the parent a new consent link (the old one stops working)."""
    if not application.guardian_email:
        raise ValidationError(_("There is no e-mail address for a parent or guardian."))
    if hasattr(application, "consent"):
        raise ValidationError(_("A parent or guardian has already consented."))
    _request_consent(application, base_url)
    audit_record(actor=actor, action="consent_request", obj=application)
    return application


@transaction.atomic(durable=True)
def consent_record(
    *,
    application: Application,
    actor: Actor | None,
    guardian_name: str,
    relationship: str,
    method: str,
    approves_high_school_plan: bool = False,
    notes: str = "",
) -> ParentConsent:
    """Record a parent's consent: online from the link (actor is the parent, if signed in,
    else None), or on paper or by phone (actor is the staff member who took it)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if ParentConsent.objects.filter(application=application).exists():
        raise ValidationError(_("Consent was already recorded for this application."))
    online = method == ParentConsent.Method.ONLINE
    consent = ParentConsent.objects.create(
        application=application,
        guardian_name=guardian_name,
        relationship=relationship,
        user=recorded(actor) if online else None,
        method=method,
        consented_at=timezone.now(),
        recorded_by=None if online else recorded(actor),
        approves_high_school_plan=approves_high_school_plan,
        notes=notes,
    )
    application.consent_token_hash = ""
    application.save(update_fields=["consent_token_hash", "updated_at"])
    audit_record(
        actor=actor, action="consent_record", obj=application, method=method, by=guardian_name
    )
    application_check(application=application, actor=None)
    return consent


def application_check(
    *, application: Application, actor: Actor | None, section: Section | None = None
) -> list[EligibilityFinding]:
    """Run every rule and store what each found; an override stays with its rule while the
    rule still blocks. Runs inside the caller's transaction."""
    section = section or section_for(application)
    if section is not None:
        section = _load_section(section)
    day = eligibility.start_day(section, timezone.localdate()) if section else timezone.localdate()
    application = Application.objects.select_related("consent").get(pk=application.pk)
    findings = eligibility.evaluate(applicant_of(application), section, day)
    now = timezone.now()
    kept = []
    with transaction.atomic():
        existing = {f.rule: f for f in application.findings.all()}
        for finding in findings:
            row = existing.pop(finding.rule, None) or EligibilityFinding(
                application=application, rule=finding.rule
            )
            row.result = finding.result
            row.reason = finding.reason
            row.source = finding.source
            row.checked_at = now
            row.checked_by = recorded(actor)
            if finding.result != eligibility.BLOCK:
                row.override_reason, row.overridden_by, row.overridden_at = "", None, None
            row.save()
            kept.append(row)
        stale = [f.pk for f in existing.values() if f.rule != "approval"]
        EligibilityFinding.objects.filter(pk__in=stale).delete()
    return kept


@transaction.atomic(durable=True)
def eligibility_override(
    *, finding: EligibilityFinding, actor: Actor, reason: str
) -> EligibilityFinding:
    """An authorized person lets an application past a blocking rule, saying why."""
    if not access.can_override_eligibility(actor):
        raise ValidationError(_("Only the office may override an eligibility rule."))
    if finding.rule == "approval":
        raise ValidationError(_("Approval by an authorized person cannot be overridden."))
    if finding.result != EligibilityFinding.Result.BLOCK:
        raise ValidationError(
            _("This rule does not block admission; there is nothing to override.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the rule is overridden.")})
    finding.override_reason = reason.strip()
    finding.overridden_by = signed_in(actor)
    finding.overridden_at = timezone.now()
    finding.save(update_fields=["override_reason", "overridden_by", "overridden_at"])
    audit_record(
        actor=actor,
        action="eligibility_override",
        obj=finding.application,
        rule=finding.rule,
        reason=finding.override_reason,
    )
    return finding


class AdmissionBlocked(ValidationError):
    """Admission refused by one or more rules; the messages say why in plain words."""


@transaction.atomic(durable=True)
def application_admit(
    *,
    application: Application,
    actor: Actor,
    will_benefit: bool,
    base_url: str,
    section: Section | None = None,
) -> Enrollment:
    """Admit an applicant to a section (EC 52314(a)(1)): check every rule, link or create the
    student, and take a seat or a place on the waitlist."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(_("This application was already decided."))
    section = section or section_for(application)
    if section is None:
        raise ValidationError(_("The application names no course with a section to join."))
    section = _load_section(section)
    findings = application_check(application=application, actor=actor, section=section)
    approval = eligibility.approval(
        actor, authorized=_may_admit(actor, application), will_benefit=will_benefit
    )
    blocking = [f.reason for f in findings if f.blocks]
    if approval.blocks:
        blocking.append(approval.reason)
    if blocking:
        raise AdmissionBlocked(blocking)
    EligibilityFinding.objects.update_or_create(
        application=application,
        rule="approval",
        defaults=dict(
            result=approval.result,
            reason=approval.reason,
            source=approval.source,
            checked_at=timezone.now(),
            checked_by=actor,
        ),
    )
    student, account_url = _student_for(application, base_url)
    day = eligibility.start_day(section, timezone.localdate())
    level = eligibility.priority(applicant_of(application), day).priority
    enrollment = _enrollment_admit(application, student, section, actor, level)
    _seat(enrollment, actor, reason="")
    application.status = Application.Status.ADMITTED
    application.decided_at = timezone.now()
    application.decided_by = signed_in(actor)
    application.save(update_fields=["status", "decided_at", "decided_by", "student", "updated_at"])
    audit_record(
        actor=actor,
        action="application_admit",
        obj=application,
        section=section.code,
        enrollment=enrollment.pk,
        status=enrollment.status,
    )
    transaction.on_commit(lambda: notify.admitted(enrollment, account_url))
    return enrollment


def _may_admit(actor: Actor, application: Application) -> bool:
    return access.can_admit(actor) and (
        enrollment_access.applications_visible_to(actor).filter(pk=application.pk).exists()
    )


def _student_for(application: Application, base_url: str) -> tuple[Student, str]:
    """The applicant's student record, created from the application when there is none; and,
    for a new account, the link where the student sets a password."""
    student = application.student
    if student is None:
        student = Student.objects.create(
            local_id=f"ROP-{application.reference}",
            legal_first_name=application.legal_first_name,
            legal_last_name=application.legal_last_name,
            preferred_name=application.preferred_name,
            birth_date=application.birth_date,
            sex=application.sex,
            grade_level=application.grade_level,
            district_of_residence=application.district_of_residence,
            school_of_attendance=application.school,
            has_iep=application.has_iep,
            has_504_plan=application.has_504_plan,
            english_learner=application.english_learner,
            home_language=application.home_language or "English",
            calworks=application.calworks,
            tap=application.tap,
            job_corps=application.job_corps,
            wioa_intensive=application.wioa_intensive,
            email=application.email,
            phone=application.phone,
            address=application.address,
            city=application.city,
        )
        application.student = student
    elif student.birth_date is None or not student.sex:
        # A student a district's file sent without demographics: the application states them.
        student.birth_date = student.birth_date or application.birth_date
        student.sex = student.sex or application.sex
        student.save(update_fields=["birth_date", "sex", "updated_at"])
    if application.guardian_name and _is_minor(application):
        Guardianship.objects.get_or_create(
            student=student,
            name=application.guardian_name,
            defaults=dict(
                relationship=application.guardian_relationship or "Parent",
                email=application.guardian_email,
                phone=application.guardian_phone,
            ),
        )
    account_url = ""
    if student.user_id is None:
        account = application.user or _new_account(application)
        if account is not None:
            student.user = account
            student.save(update_fields=["user", "updated_at"])
            RoleAssignment.objects.get_or_create(user=account, role=Role.STUDENT)
            if not account.has_usable_password():
                account_url = notify.set_password_url(account, base_url)
    return student, account_url


def _new_account(application: Application) -> User | None:
    if not application.email:
        return None
    username = application.email.lower()
    if User.objects.filter(username=username).exists():
        username = f"{username}-{application.reference.lower()}"
    account = User(
        username=username,
        first_name=application.preferred_name or application.legal_first_name,
        last_name=application.legal_last_name,
        email=application.email,
    )
    account.set_unusable_password()
    account.save()
    return account


def _enrollment_admit(
    application: Application, student: Student, section: Section, actor: Actor, level: int | None
) -> Enrollment:
    out_of_school = application.kind == Application.Kind.OUT_OF_SCHOOL_YOUTH
    enrollment = Enrollment.objects.filter(student=student, section=section).first()
    if enrollment is not None and enrollment.status not in Enrollment.ENDED:
        raise ValidationError(_("The student already has a place in this section."))
    if enrollment is None:
        enrollment = Enrollment(student=student, section=section)
    enrollment.status = Enrollment.Status.REQUESTED
    enrollment.application = application
    enrollment.priority = level
    enrollment.requested_at = application.submitted_at
    enrollment.ended_on = None
    apply_category(enrollment, funding_category(student, out_of_school=out_of_school))
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError as taken:
        raise ValidationError(_("The student already has a place in this section.")) from taken
    requester = application.entered_by or application.user
    _event(enrollment, Enrollment.Status.REQUESTED, requester, "", at=application.submitted_at)
    _transition(enrollment, Enrollment.Status.ADMITTED, actor, reasons.ADMITTED.say())
    return enrollment


@transaction.atomic(durable=True)
def application_decline(*, application: Application, actor: Actor, reason: str) -> Application:
    """Decline an application, saying why in plain words."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not _may_admit(actor, application):
        raise ValidationError(_("Only the office or a counselor may decide applications."))
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(_("This application was already decided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the application is not admitted.")})
    application.status = Application.Status.DECLINED
    application.decided_at = timezone.now()
    application.decided_by = signed_in(actor)
    application.decision_reason = reason.strip()
    application.save(
        update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at"]
    )
    audit_record(actor=actor, action="application_decline", obj=application, reason=reason)
    return application


# --- seats -------------------------------------------------------------------------------------


def _event(
    enrollment: Enrollment,
    to: str,
    actor: Actor | None,
    reason: str | Said,
    *,
    at: Any = None,
    before: str = "",
) -> EnrollmentEvent:
    """One history event; a reason ropdesk gives (a Said) is stored as its code and arguments
    and its English words, a person's reason as typed (core/stored_text.py)."""
    said = reason if isinstance(reason, Said) else Said("")
    return EnrollmentEvent.objects.create(
        enrollment=enrollment,
        from_status=before,
        to_status=to,
        at=at or timezone.now(),
        by=recorded(actor),
        reason=reason.english() if isinstance(reason, Said) else reason,
        reason_code=said.code,
        reason_args=said.args,
    )


def _transition(
    enrollment: Enrollment, to: str, actor: Actor | None, reason: str | Said
) -> Enrollment:
    before = enrollment.status
    enrollment.status = to
    enrollment.status_reason = reason.english() if isinstance(reason, Said) else reason
    today = timezone.localdate()
    fields = ["status", "status_reason", "updated_at"]
    if to == Enrollment.Status.ENROLLED:
        enrollment.enrolled_on = today
        fields.append("enrolled_on")
    if to in (*Enrollment.ENDED, Enrollment.Status.COMPLETED):
        enrollment.ended_on = today
        fields.append("ended_on")
    enrollment.save(update_fields=fields)
    _event(enrollment, to, actor, reason, before=before)
    audit_record(
        actor=actor,
        action=f"enrollment_{to}",
        obj=enrollment,
        before=before,
        reason=enrollment.status_reason,
    )
    return enrollment


def _lock_section(section_id: int) -> Section:
    """The section, locked."""
    # Lock the parent row, then count and insert (style.md rule 10). On SQLite the transaction
    # already holds the write lock from BEGIN IMMEDIATE.
    return Section.objects.select_for_update().get(pk=section_id)


def _seats_taken(section: Section) -> int:
    return Enrollment.objects.filter(section=section, status__in=Enrollment.SEATED).count()


def _seat(enrollment: Enrollment, actor: Actor | None, *, reason: str | Said) -> Enrollment:
    """Give an admitted student a seat, or a place on the waitlist when the section is full.
    Runs inside the caller's durable transaction."""
    section = _lock_section(enrollment.section_id)
    if _seats_taken(section) < section.capacity:
        return _transition(enrollment, Enrollment.Status.ENROLLED, actor, reason)
    if enrollment.requested_at is None or enrollment.priority is None:
        student = enrollment.student
        facts = eligibility.Applicant(
            birth_date=student.birth_date, grade_level=student.grade_level
        )
        day = eligibility.start_day(section, timezone.localdate())
        enrollment.priority = enrollment.priority or eligibility.priority(facts, day).priority
        enrollment.requested_at = enrollment.requested_at or timezone.now()
        enrollment.save(update_fields=["priority", "requested_at"])
    return _transition(
        enrollment,
        Enrollment.Status.WAITLISTED,
        actor,
        reason or reasons.WAITLISTED.say(),
    )


@transaction.atomic(durable=True)
def enrollment_enroll(*, enrollment: Enrollment, actor: Actor) -> Enrollment:
    """Seat an admitted student (or put them on the waitlist). Safe when two people take the
    last seat at the same moment: the section row is locked before the seats are counted."""
    enrollment = Enrollment.objects.select_related("section").get(pk=enrollment.pk)
    _lock_section(enrollment.section_id)
    enrollment.refresh_from_db()
    if enrollment.status != Enrollment.Status.ADMITTED:
        raise ValidationError(_("Only an admitted student can be given a seat."))
    return _seat(enrollment, actor, reason="")


@transaction.atomic(durable=True)
def enrollment_end(*, enrollment: Enrollment, actor: Actor, status: str, reason: str) -> Enrollment:
    """Drop or withdraw a student (or take them off the waitlist); a freed seat goes to the
    next eligible student on the waitlist, in the same transaction."""
    if not enrollment_access.enrollments_visible_to(actor).filter(
        pk=enrollment.pk
    ).exists() or not (access.can_manage_enrollments(actor)):
        raise ValidationError(_("Only the office or a counselor may end an enrollment."))
    if status not in Enrollment.ENDED:
        raise ValidationError({"status": _("Choose dropped or withdrawn.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the student leaves the section.")})
    section = _lock_section(enrollment.section_id)
    enrollment = Enrollment.objects.get(pk=enrollment.pk)
    if enrollment.status in (*Enrollment.ENDED, Enrollment.Status.COMPLETED):
        raise ValidationError(_("This enrollment has already ended."))
    was_seated = enrollment.is_seated
    _transition(enrollment, status, actor, reason.strip())
    if was_seated:
        waitlist_promote(section=section)
    return enrollment


def enrollment_roster(
    *, student: Student, section: Section, actor: Actor | None, reason: str
) -> Enrollment:
    """A district's roster (a OneRoster import) places a student in a section. Runs inside the
    caller's transaction (the import's), with the section locked.

    Capacity policy for rostered enrollments: the roster takes a free seat; when the section
    is full the student is put on its waitlist (by priority, then the time of the import) —
    a file never seats more students than the section's capacity."""
    enrollment = Enrollment.objects.filter(student=student, section=section).first()
    if enrollment is None:
        enrollment = Enrollment(student=student, section=section)
    enrollment.status = Enrollment.Status.ADMITTED
    enrollment.requested_at = enrollment.requested_at or timezone.now()
    enrollment.ended_on = None
    apply_category(enrollment, funding_category(student))
    enrollment.save()
    _event(enrollment, Enrollment.Status.ADMITTED, actor, reason)
    return _seat(enrollment, actor, reason=reason)


def enrollment_roster_end(
    *, enrollment: Enrollment, actor: Actor | None, reason: str, delete: bool
) -> str:
    """A district's roster takes a student out of a section: the enrollment is deleted when
    nothing hangs on it (`delete`), else dropped; a freed seat goes to the waitlist. Runs inside
    the caller's transaction. Returns "deleted", "ended" or "unchanged"."""
    section = _lock_section(enrollment.section_id)
    enrollment = Enrollment.objects.get(pk=enrollment.pk)
    was_seated = enrollment.is_seated
    result = "unchanged"
    if delete:
        try:
            with transaction.atomic():
                enrollment.delete()
            result = "deleted"
        except (IntegrityError, ProtectedError):  # attendance or a completion hangs on it
            delete = False
    if not delete and enrollment.status not in (*Enrollment.ENDED, Enrollment.Status.COMPLETED):
        _transition(enrollment, Enrollment.Status.DROPPED, actor, reason)
        result = "ended"
    if was_seated and result != "unchanged" and not section.needs_setup:
        waitlist_promote(section=section)  # a section that needs setup promotes once set up
    return result


def waitlist_promote(*, section: Section) -> list[Enrollment]:
    """Fill open seats from the waitlist: by priority, then the earlier request, skipping
    anyone no longer eligible. Runs inside the caller's transaction, with the section locked."""
    promoted: list[Enrollment] = []
    open_seats = section.capacity - _seats_taken(section)
    if open_seats <= 0:
        return promoted
    section = _load_section(section)
    waiting = (
        Enrollment.objects.filter(section=section, status=Enrollment.Status.WAITLISTED)
        .select_related("student", "application")
        .order_by("priority", "requested_at", "pk")
    )
    for candidate in waiting:
        if len(promoted) >= open_seats:
            break
        if not still_eligible(candidate, section):
            continue
        _transition(
            candidate,
            Enrollment.Status.ENROLLED,
            None,
            reasons.PROMOTED.say(),
        )
        transaction.on_commit(functools.partial(notify.promoted, candidate))
        promoted.append(candidate)
    return promoted


def still_eligible(enrollment: Enrollment, section: Section) -> bool:
    """A waitlisted student may take a seat: the section's rules still pass (or were
    overridden for the application), and the student has no seat in another section of the
    same course and term."""
    elsewhere = Enrollment.objects.filter(
        student=enrollment.student_id,
        status__in=Enrollment.SEATED,
        section__course=section.course_id,
        section__term=section.term_id,
    ).exclude(pk=enrollment.pk)
    if elsewhere.exists():
        return False
    student = enrollment.student
    facts = eligibility.Applicant(
        birth_date=student.birth_date,
        grade_level=student.grade_level,
        out_of_school=enrollment.concurrent is False and student.is_high_school,
        cve_exceptional_needs_by=eligibility.exceptional_needs_of(enrollment.application),
    )
    day = eligibility.start_day(section, timezone.localdate())
    overridden: set[str] = set()
    if enrollment.application is not None:
        overridden = set(
            enrollment.application.findings.filter(overridden_at__isnull=False).values_list(
                "rule", flat=True
            )
        )
    checks = [
        eligibility.work_based_minimum(facts, section, day),
        eligibility.adults_on_campus(facts, section, day),
    ]
    return not any(f.blocks and f.rule not in overridden for f in checks)


# --- completion --------------------------------------------------------------------------------


def earns_certificate(final_grade: str) -> bool:
    # No state rule for certificates (domain-rules.md 3.20): the program's list of grades.
    return final_grade in settings.ROPDESK["CERTIFICATE_GRADES"]


@transaction.atomic(durable=True)
def completion_record(
    *,
    enrollment: Enrollment,
    actor: Actor,
    final_grade: str,
    competencies: Iterable[Competency],
) -> Completion:
    """The instructor records a final grade and the competencies attained; a passing grade
    issues a certificate of completion with a verification code."""
    enrollment = Enrollment.objects.select_related("section").get(pk=enrollment.pk)
    if not enrollment_access.can_record_completion(actor, enrollment.section):
        raise ValidationError(_("Only the section's instructor or the office records completion."))
    if enrollment.status not in Enrollment.SEATED:
        raise ValidationError(_("Only an enrolled student can complete the course."))
    if final_grade not in Completion.Grade.values:
        raise ValidationError({"final_grade": _("Choose a final grade.")})
    competencies = list(competencies)
    foreign = [c for c in competencies if c.course_id != enrollment.section.course_id]
    if foreign:
        raise ValidationError({"competencies": _("A competency is not one of this course's.")})
    now = timezone.now()
    completion, _created = Completion.objects.get_or_create(
        enrollment=enrollment,
        defaults=dict(final_grade=final_grade, recorded_at=now, recorded_by=signed_in(actor)),
    )
    completion.final_grade = final_grade
    completion.recorded_at = now
    completion.recorded_by = signed_in(actor)
    if earns_certificate(final_grade) and completion.certificate_code is None:
        completion.certificate_code = _unique_certificate_code()
        completion.issued_at = now
    elif not earns_certificate(final_grade):
        completion.certificate_code, completion.issued_at = None, None
    completion.save()
    completion.competencies.set(competencies)
    if enrollment.status != Enrollment.Status.COMPLETED:
        _transition(
            enrollment,
            Enrollment.Status.COMPLETED,
            actor,
            reasons.COMPLETED.say(grade=final_grade),
        )
    audit_record(
        actor=actor,
        action="completion_record",
        obj=enrollment,
        grade=final_grade,
        competencies=[c.number for c in competencies],
        certificate=completion.certificate_code,
    )
    return completion


def _unique_certificate_code() -> str:
    while True:
        code = certificate_code_new()
        if not Completion.objects.filter(certificate_code=code).exists():
            return code


def enrollments_derive_funding(enrollments: Any) -> int:
    """Fill in the funding category of enrollments made without one (imports, the demo)."""
    rows = []
    fields: list[str] = []
    now = timezone.now()
    for enrollment in enrollments.select_related("student", "application"):
        out = bool(
            enrollment.application
            and enrollment.application.kind == Application.Kind.OUT_OF_SCHOOL_YOUTH
        )
        fields = apply_category(enrollment, funding_category(enrollment.student, out_of_school=out))
        # bulk_update skips auto_now: without this, an API client's modified_since misses it.
        enrollment.updated_at = now
        rows.append(enrollment)
    if rows:
        versions.changed("attendance", "worksite")  # a bulk write sends no ORM signal
        Enrollment.objects.bulk_update(rows, [*fields, "updated_at"], batch_size=1000)
    return len(rows)
