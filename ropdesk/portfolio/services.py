"""Writes of the portfolio. Keyword-only, one durable transaction each, audited.

Verified entries are written only by `verified_entries_sync`, from the records; every other
service that changes an entry refuses a verified one (the student may hide it on a resume).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openbadgeslib.ob3 import (
    Achievement,
    Alignment,
    Evidence,
    IdentityObject,
    Issuer,
    OpenBadgeCredential,
    Result,
    status_entry,
)

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.core.models import DisclosureLog, Student
from ropdesk.core.services import audit_record
from ropdesk.core.signals import job_hired
from ropdesk.core.tokens import token_hash, token_new
from ropdesk.enrollment.models import Completion, Enrollment
from ropdesk.portfolio import access, credentials, readiness
from ropdesk.portfolio.models import (
    Credential,
    InterviewPractice,
    JobApplication,
    NetworkContact,
    Resume,
    ResumeComment,
    ResumeEntry,
    ResumeSection,
    ShareLink,
    WorkReadinessRating,
)
from ropdesk.worksite.models import PlanCompetency

Basis = ResumeEntry.Basis

RESUME_FIELDS = ("name", "language", "label", "email", "phone", "url", "city", "summary")
ENTRY_FIELDS = (
    "section",
    "title",
    "organization",
    "starts_on",
    "ends_on",
    "summary",
    "highlights",
    "level",
    "url",
    "position",
)


def _refuse(ok: bool, message: str) -> None:
    if not ok:
        raise ValidationError(message)


# --- resumes and entries -----------------------------------------------------------------------


@transaction.atomic(durable=True)
def resume_create(*, actor: Any, student: Student, fields: dict[str, Any]) -> Resume:
    _refuse(access.can_edit_portfolio(actor, student), _("Only the student writes their resume."))
    resume = Resume(student=student, **_pick(fields, RESUME_FIELDS))
    resume.full_clean()
    resume.save()
    audit_record(actor=actor, action="resume_create", obj=resume, name=resume.name)
    return resume


@transaction.atomic(durable=True)
def resume_update(*, actor: Any, resume: Resume, fields: dict[str, Any]) -> Resume:
    _refuse(access.can_edit_portfolio(actor, resume.student), _("Only the student writes it."))
    changed = _pick(fields, RESUME_FIELDS)
    for name, value in changed.items():
        setattr(resume, name, value)
    resume.full_clean()
    resume.save(update_fields=[*changed, "updated_at"])
    audit_record(actor=actor, action="resume_update", obj=resume, fields=sorted(changed))
    return resume


@transaction.atomic(durable=True)
def resume_delete(*, actor: Any, resume: Resume) -> None:
    _refuse(access.can_edit_portfolio(actor, resume.student), _("Only the student deletes it."))
    audit_record(actor=actor, action="resume_delete", obj=resume, name=resume.name)
    resume.delete()


def _pick(fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if k in allowed}


def _own_entry_fields(fields: dict[str, Any]) -> dict[str, Any]:
    picked = _pick(fields, ENTRY_FIELDS)
    if "highlights" in picked:
        picked["highlights"] = [str(h).strip() for h in picked["highlights"] if str(h).strip()]
    return picked


@transaction.atomic(durable=True)
def entry_create(*, actor: Any, student: Student, fields: dict[str, Any]) -> ResumeEntry:
    _refuse(access.can_edit_portfolio(actor, student), _("Only the student writes their resume."))
    entry = ResumeEntry(
        student=student, source=ResumeEntry.Source.SELF, **_own_entry_fields(fields)
    )
    _check_dates(entry)
    entry.full_clean()
    entry.save()
    audit_record(actor=actor, action="resume_entry_create", obj=entry, section=entry.section)
    return entry


@transaction.atomic(durable=True)
def entry_update(*, actor: Any, entry: ResumeEntry, fields: dict[str, Any]) -> ResumeEntry:
    entry = ResumeEntry.objects.select_for_update().get(pk=entry.pk)
    _refuse(access.can_edit_portfolio(actor, entry.student), _("Only the student writes it."))
    _refuse(not entry.verified, _("A verified entry comes from the records and cannot be edited."))
    changed = _own_entry_fields(fields)
    for name, value in changed.items():
        setattr(entry, name, value)
    _check_dates(entry)
    entry.full_clean()
    entry.save(update_fields=[*changed, "updated_at"])
    audit_record(actor=actor, action="resume_entry_update", obj=entry, fields=sorted(changed))
    return entry


@transaction.atomic(durable=True)
def entry_delete(*, actor: Any, entry: ResumeEntry) -> None:
    _refuse(access.can_edit_portfolio(actor, entry.student), _("Only the student deletes it."))
    _refuse(not entry.verified, _("A verified entry cannot be deleted; hide it instead."))
    audit_record(actor=actor, action="resume_entry_delete", obj=entry, title=entry.title)
    entry.delete()


def _check_dates(entry: ResumeEntry) -> None:
    if entry.starts_on and entry.ends_on and entry.ends_on < entry.starts_on:
        raise ValidationError({"ends_on": _("The end comes before the start.")})


@transaction.atomic(durable=True)
def entry_hide(*, actor: Any, resume: Resume, entry: ResumeEntry, hidden: bool) -> None:
    """Hide an entry on one resume (or show it again). Verified entries too: hiding is the
    one thing a student may do with them."""
    _refuse(access.can_edit_portfolio(actor, resume.student), _("Only the student does this."))
    _refuse(entry.student_id == resume.student_id, _("That entry is not on this resume."))
    if hidden:
        resume.hidden_entries.add(entry)
    else:
        resume.hidden_entries.remove(entry)
    audit_record(actor=actor, action="resume_entry_hide", obj=resume, entry=entry.pk, hidden=hidden)


@transaction.atomic(durable=True)
def resume_comment_add(*, actor: Any, resume: Resume, body: str) -> ResumeComment:
    _refuse(
        access.can_comment(actor, resume.student),
        _("Only the student's counselor or instructor comments."),
    )
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the comment.")})
    comment = ResumeComment.objects.create(resume=resume, author=actor, body=body)
    audit_record(actor=actor, action="resume_comment_add", obj=resume, comment=comment.pk)
    return comment


@transaction.atomic(durable=True)
def resume_import(*, actor: Any, student: Student, document: dict[str, Any], name: str) -> Resume:
    """A new resume from a JSON Resume document (already validated: resume_json.parse).
    Its entries become the student's own; nothing in a file becomes a verified entry."""
    from ropdesk.portfolio import resume_json

    _refuse(access.can_edit_portfolio(actor, student), _("Only the student imports a resume."))
    basics, entries = resume_json.to_fields(document)
    resume = Resume(student=student, name=name[:120], **basics)
    resume.full_clean()
    resume.save()
    for fields in entries:
        entry = ResumeEntry(student=student, source=ResumeEntry.Source.SELF, **fields)
        entry.full_clean()
        entry.save()
    audit_record(actor=actor, action="resume_import", obj=resume, entries=len(entries))
    return resume


# --- verified entries, from the records --------------------------------------------------------


def _office() -> str:
    return credentials.issuer_name()


def _desired_entries(student: Student) -> list[dict[str, Any]]:
    """What the records say about the student, as verified entries (one per record)."""
    wanted: list[dict[str, Any]] = []
    completions = (
        Completion.objects.filter(enrollment__student=student, certificate_code__isnull=False)
        .select_related("enrollment__section__course")
        .prefetch_related("competencies")
    )
    for completion in completions:
        course = completion.enrollment.section.course
        wanted.append(
            dict(
                basis=Basis.CERTIFICATE,
                completion=completion,
                section=ResumeSection.CERTIFICATES,
                title=course.title,
                organization=_office(),
                ends_on=timezone.localtime(completion.issued_at).date(),
                facts={
                    "code": completion.certificate_code,
                    "grade": completion.final_grade,
                    "competencies": [c.description for c in completion.competencies.all()],
                },
            )
        )
    hours = (
        OnTheJobHours.objects.filter(
            enrollment__student=student, supervisor_approved_at__isnull=False
        )
        .values("enrollment")
        .annotate(minutes=Sum("minutes"), first=Min("date"), last=Max("date"))
    )
    enrollments = {
        e.pk: e
        for e in Enrollment.objects.filter(student=student).select_related(
            "section__course", "worksite__organization"
        )
    }
    for row in hours:
        enrollment = enrollments[row["enrollment"]]
        wanted.append(
            dict(
                basis=Basis.JOB_SITE_HOURS,
                enrollment=enrollment,
                section=ResumeSection.WORK,
                title=enrollment.section.course.title,
                organization=_site_name(enrollment),
                starts_on=row["first"],
                ends_on=row["last"],
                facts={
                    "hours": str((Decimal(row["minutes"]) / 60).quantize(Decimal("0.1"))),
                    "mode": enrollment.section.mode,
                },
            )
        )
    verified = (
        PlanCompetency.objects.filter(plan__enrollment__student=student, verified_on__isnull=False)
        .select_related("competency", "plan")
        .order_by("plan__enrollment", "competency__number")
    )
    by_enrollment: dict[int, list[PlanCompetency]] = {}
    for item in verified:
        by_enrollment.setdefault(item.plan.enrollment_id, []).append(item)
    for enrollment_id, items in by_enrollment.items():
        enrollment = enrollments[enrollment_id]
        wanted.append(
            dict(
                basis=Basis.COMPETENCY,
                enrollment=enrollment,
                section=ResumeSection.SKILLS,
                title=enrollment.section.course.title,
                organization=_site_name(enrollment),
                ends_on=max(i.verified_on for i in items if i.verified_on),
                facts={"competencies": [i.competency.description for i in items]},
            )
        )
    latest: dict[int, WorkReadinessRating] = {}
    for rating in WorkReadinessRating.objects.filter(enrollment__student=student).select_related(
        "site"
    ):
        current = latest.get(rating.enrollment_id)
        if current is None or (rating.rated_on, rating.pk) > (current.rated_on, current.pk):
            latest[rating.enrollment_id] = rating
    for rating in latest.values():
        wanted.append(
            dict(
                basis=Basis.WORK_READINESS,
                rating=rating,
                section=ResumeSection.WORK_SKILLS,
                title=rating.site.name,
                organization=rating.site.name,
                ends_on=rating.rated_on,
                facts={
                    "level": readiness.overall_level(rating.scores),
                    "average": str(readiness.average_level(rating.scores)),
                    "strengths": [
                        k
                        for k in readiness.ITEM_KEYS
                        if int(rating.scores.get(k) or 0) >= readiness.PROFICIENT
                    ],
                    "practices": readiness.practices_shown(rating.scores),
                },
            )
        )
    return wanted


def _site_name(enrollment: Enrollment) -> str:
    site = enrollment.worksite
    if site is None:
        return ""
    return site.organization.name if site.organization_id else site.name


def _record_key(fields: dict[str, Any]) -> tuple[str, int | None, int | None, int | None]:
    def pk(name: str) -> int | None:
        value = fields.get(name)
        return value.pk if value is not None else None

    return (fields["basis"], pk("completion"), pk("enrollment"), pk("rating"))


@transaction.atomic
def verified_entries_sync(*, student: Student) -> list[ResumeEntry]:
    """Make the student's verified entries match the records: add new ones, refresh the
    facts of existing ones, drop those whose record no longer qualifies. Idempotent."""
    existing = {
        (e.basis, e.completion_id, e.enrollment_id, e.rating_id): e
        for e in ResumeEntry.objects.select_for_update().filter(
            student=student, source=ResumeEntry.Source.VERIFIED
        )
    }
    kept: list[ResumeEntry] = []
    for fields in _desired_entries(student):
        key = _record_key(fields)
        entry = existing.pop(key, None)
        facts = fields.pop("facts")
        if entry is None:
            entry = ResumeEntry.objects.create(
                student=student, source=ResumeEntry.Source.VERIFIED, facts=facts, **fields
            )
        else:
            changed = [n for n, v in fields.items() if getattr(entry, n) != v]
            if entry.facts != facts:
                changed.append("facts")
            for name in changed:
                setattr(entry, name, facts if name == "facts" else fields[name])
            if changed:
                entry.save(update_fields=[*changed, "updated_at"])
        kept.append(entry)
    for stale in existing.values():
        stale.delete()
    return kept


# --- credentials -------------------------------------------------------------------------------

CREDENTIAL_KIND = {
    Basis.CERTIFICATE: Credential.Kind.CERTIFICATE,
    Basis.JOB_SITE_HOURS: Credential.Kind.FIELDWORK,
    Basis.COMPETENCY: Credential.Kind.COMPETENCY,
    Basis.WORK_READINESS: Credential.Kind.WORK_READINESS,
}
ACHIEVEMENT_TYPE: dict[str, str] = {
    Credential.Kind.CERTIFICATE: "CertificateOfCompletion",
    Credential.Kind.FIELDWORK: "Fieldwork",
    Credential.Kind.COMPETENCY: "Competency",
    Credential.Kind.WORK_READINESS: "Competency",
}
ACHIEVEMENT_NAMESPACE = uuid.UUID("5b0d2a4e-0c1f-4f7e-9d55-6b1b3c6a7f10")


def _achievement(entry: ResumeEntry, kind: str) -> Achievement:
    """The achievement: one per course, per course's work-based learning, per work-readiness
    level, so every credential for the same thing names the same achievement id."""
    from ropdesk.portfolio import present

    text = present.entry_text(entry, language="en")
    course = None
    if entry.completion is not None:
        course = entry.completion.enrollment.section.course
    elif entry.enrollment is not None:
        course = entry.enrollment.section.course
    subject = f"{kind}:{course.code if course else ''}:{entry.facts.get('level', '')}"
    alignments = []
    if course is not None and course.pathway is not None:
        alignments.append(
            Alignment(
                target_name=course.pathway.name,
                target_url="https://www.cde.ca.gov/ci/ct/sf/ctepathcodes.asp",
                target_framework="California CTE pathway codes",
                target_code=course.pathway.code,
            )
        )
    for number in entry.facts.get("practices", []):
        alignments.append(
            Alignment(
                target_name=str(readiness.CAREER_READY_PRACTICES[number]),
                target_url="https://www.cde.ca.gov/ci/ct/sf/",
                target_framework="California Standards for Career Ready Practice",
                target_code=str(number),
            )
        )
    return Achievement(
        id=f"urn:uuid:{uuid.uuid5(ACHIEVEMENT_NAMESPACE, subject)}",
        name=text.heading,
        description=text.summary or text.heading,
        criteria_narrative=str(ResumeEntry.Basis(entry.basis).label),
        achievement_type=ACHIEVEMENT_TYPE[kind],
        alignments=alignments,
    )


def _credential_document(
    entry: ResumeEntry, kind: str, credential_id: uuid.UUID, index: int, now: datetime
) -> OpenBadgeCredential:
    student = entry.student
    years = int(settings.ROPDESK["CREDENTIAL_VALID_YEARS"].get(kind, 0))
    until = now + timedelta(days=365 * years) if years else None
    list_number, bit = divmod(index, credentials.STATUS_LIST_SIZE)
    check_url = credentials.public_url(reverse("portfolio_entry_check", args=[entry.check_code]))
    results = []
    if entry.basis == Basis.JOB_SITE_HOURS:
        results.append(Result(value=f"{entry.facts['hours']} hours", status="Completed"))
    if entry.basis == Basis.WORK_READINESS:
        results.append(Result(value=str(readiness.LEVELS[int(entry.facts["level"])])))
    return OpenBadgeCredential(
        id=f"urn:uuid:{credential_id}",
        issuer=Issuer(id=credentials.issuer_did(), name=_office(), url=credentials.public_url()),
        recipient_id=None,
        identifiers=[
            IdentityObject(
                identity_hash=f"{student.legal_first_name} {student.legal_last_name}",
                identity_type="name",
                hashed=False,
            ),
            IdentityObject.create(
                student.local_id, salt=uuid.uuid4().hex, identity_type="sisSourcedId"
            ),
        ],
        achievement=_achievement(entry, kind),
        issuance_date=now,
        expiration_date=until,
        evidence=[
            Evidence(
                id=check_url,
                name=str(ResumeEntry.Basis(entry.basis).label),
                genre=str(ResumeEntry.Basis(entry.basis).label),
                narrative=_evidence_narrative(entry),
            )
        ],
        credential_status=[
            status_entry(credentials.status_list_url(list_number), "revocation", bit)
        ],
        results=results,
    )


def _evidence_narrative(entry: ResumeEntry) -> str:
    if entry.basis == Basis.CERTIFICATE:
        facts = entry.facts
        return f"Certificate of completion {facts.get('code')}, final grade {facts.get('grade')}."
    if entry.basis == Basis.JOB_SITE_HOURS:
        return f"{entry.facts.get('hours')} on-the-job hours approved by the site supervisor."
    if entry.basis == Basis.COMPETENCY:
        return "Competencies verified by the instructor against the training plan."
    return "Rated by the site supervisor on the US DOL Work Readiness Tool's four-level scale."


def _next_status_index() -> int:
    """The next free bit; after a key rotation, the first bit of a new list, since a list
    holds one key's credentials and is signed by that key (credentials.status_list_key)."""
    top = Credential.objects.order_by("-status_index").values("status_index", "key_id").first()
    if top is None:
        return 0
    if top["key_id"] != credentials.signing_key().key_id:
        size = credentials.STATUS_LIST_SIZE
        return (int(top["status_index"]) // size + 1) * size
    return int(top["status_index"]) + 1


@transaction.atomic(durable=True)
def credential_issue(*, actor: Any, entry: ResumeEntry) -> Credential:
    """Issue (or return the live) OB 3.0 credential of a verified entry."""
    return credential_make(actor=actor, entry=entry)


def credential_make(*, actor: Any, entry: ResumeEntry) -> Credential:
    """credential_issue's body, inside the caller's transaction (the demo seed's)."""
    entry = ResumeEntry.objects.select_related(
        "student",
        "completion__enrollment__section__course__pathway",
        "enrollment__section__course__pathway",
    ).get(pk=entry.pk)
    _refuse(entry.verified, _("Only a verified entry can become a credential."))
    _refuse(
        access.owns(actor, entry.student) or access.can_revoke_credentials(actor),
        _("Only the student or the office asks for a credential."),
    )
    live = entry.credentials.filter(revoked_at__isnull=True).first()
    if live is not None:
        return live
    kind = CREDENTIAL_KIND[ResumeEntry.Basis(entry.basis)]
    now = timezone.now().replace(microsecond=0)
    for _attempt in range(5):
        credential_id, index = uuid.uuid4(), _next_status_index()
        document = _credential_document(entry, kind, credential_id, index, now)
        token, key_id = credentials.sign(document)
        try:
            with transaction.atomic():
                credential = Credential.objects.create(
                    student=entry.student,
                    entry=entry,
                    kind=kind,
                    name=document.achievement.name,
                    uuid=credential_id,
                    status_index=index,
                    token=token,
                    key_id=key_id,
                    valid_from=now,
                    valid_until=document.expiration_date,
                    issued_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:
            continue  # another issue took the index; take the next
        audit_record(actor=actor, action="credential_issue", obj=credential, index=index)
        return credential
    raise ValidationError(_("The credential could not be issued; try again."))


@transaction.atomic(durable=True)
def credential_revoke(*, actor: Any, credential: Credential, reason: str) -> Credential:
    _refuse(access.can_revoke_credentials(actor), _("Only the office revokes a credential."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the credential is revoked.")})
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is None:
        credential.revoked_at = timezone.now()
        credential.revoked_reason = reason.strip()
        credential.save(update_fields=["revoked_at", "revoked_reason"])
        audit_record(actor=actor, action="credential_revoke", obj=credential, reason=reason)
    return credential


def credential_downloaded(*, credential: Credential) -> None:
    Credential.objects.filter(pk=credential.pk).update(downloaded_at=timezone.now())


# --- share links -------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def share_link_create(
    *, actor: Any, student: Student, resume: Resume | None, audience: str, expires_on: date
) -> tuple[ShareLink, str]:
    """A new link and its token (shown once; only its hash is kept)."""
    _refuse(access.can_share(actor, student), _("You may not share this portfolio."))
    _refuse(resume is None or resume.student_id == student.pk, _("That resume is not theirs."))
    audience = audience.strip()
    if not audience:
        raise ValidationError({"audience": _("Say who the link is for.")})
    today = timezone.localdate()
    longest = int(settings.ROPDESK["SHARE_LINK_MAX_DAYS"])
    if expires_on <= today:
        raise ValidationError({"expires_on": _("Choose a day after today.")})
    if expires_on > today + timedelta(days=longest):
        raise ValidationError(
            {"expires_on": _("A link stays open at most %(days)s days.") % {"days": longest}}
        )
    token = token_new()
    # Open through the end of the chosen day, in the program's time zone.
    ends = timezone.make_aware(datetime.combine(expires_on + timedelta(days=1), time.min))
    link = ShareLink.objects.create(
        student=student,
        resume=resume,
        token_hash=token_hash(token),
        audience=audience[:160],
        expires_at=ends,
        created_by=actor,
    )
    audit_record(actor=actor, action="share_link_create", obj=link, audience=link.audience)
    return link, token


@transaction.atomic(durable=True)
def share_link_revoke(*, actor: Any, link: ShareLink) -> ShareLink:
    _refuse(access.can_share(actor, link.student), _("You may not change this link."))
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="share_link_revoke", obj=link)
    return link


def share_link_live(token: str) -> ShareLink | None:
    now = timezone.now()
    return (
        ShareLink.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .filter(expires_at__gt=now)
        .select_related("student", "resume")
        .first()
    )


SHARE_LEGAL_BASIS = (
    "34 CFR 99.30: written consent — a share link the student or parent made for this audience"
)


@transaction.atomic(durable=True)
def share_link_view(*, link: ShareLink, page: str) -> ShareLink:
    """Count a view of a shared link and log it as a disclosure to the link's audience."""
    from django.db.models import F

    ShareLink.objects.filter(pk=link.pk).update(
        view_count=F("view_count") + 1, last_viewed_at=timezone.now()
    )
    from ropdesk.core.services import disclosure_record

    disclosure_record(
        students=[link.student],
        party=None,
        records=_("resume") if link.resume_id else _("career portfolio"),
        legal_basis=SHARE_LEGAL_BASIS,
        party_description=_("Share link: %(audience)s") % {"audience": link.audience},
        page=page,
    )
    link.refresh_from_db(fields=["view_count", "last_viewed_at"])
    return link


def share_link_disclosures(link: ShareLink) -> Any:
    return DisclosureLog.objects.filter(
        student=link.student, party__isnull=True, party_description__endswith=link.audience
    )


# --- work readiness ----------------------------------------------------------------------------


@transaction.atomic(durable=True)
def work_readiness_rate(
    *, actor: Any, enrollment: Enrollment, scores: dict[str, int], comment: str
) -> WorkReadinessRating:
    """The site supervisor rates a trainee at their site (readiness.py's items, 1-4)."""
    from ropdesk.core.access import scope_of

    _refuse(
        enrollment.worksite_id is not None and enrollment.worksite_id in scope_of(actor).site_ids,
        _("Only the supervisor at the student's training site rates work readiness."),
    )
    clean = {}
    for key, value in scores.items():
        if key not in readiness.ITEM_KEYS:
            raise ValidationError(_("Unknown item: %(item)s") % {"item": key})
        if value in (None, ""):
            continue
        if int(value) not in readiness.LEVELS:
            raise ValidationError({key: _("Choose a level from 1 to 4.")})
        clean[key] = int(value)
    if not clean:
        raise ValidationError(_("Rate at least one item."))
    assert enrollment.worksite is not None  # refused above otherwise
    rating = WorkReadinessRating.objects.create(
        enrollment=enrollment,
        site=enrollment.worksite,
        rater=actor,
        rated_on=timezone.localdate(),
        scores=clean,
        comment=comment.strip(),
    )
    audit_record(actor=actor, action="work_readiness_rate", obj=rating, scores=clean)
    return rating


# --- job search --------------------------------------------------------------------------------

APPLICATION_FIELDS = (
    "employer_name",
    "position",
    "posting_url",
    "source",
    "status",
    "applied_on",
    "interview_on",
    "decided_on",
    "follow_up_on",
    "resume",
    "contacts",
    "notes",
    "unpaid",
    "permit_step",
    "related_to_pathway",
)
DECIDED = {
    JobApplication.Status.HIRED,
    JobApplication.Status.REJECTED,
    JobApplication.Status.WITHDRAWN,
}


@transaction.atomic(durable=True)
def job_application_save(
    *,
    actor: Any,
    student: Student,
    fields: dict[str, Any],
    application: JobApplication | None = None,
) -> JobApplication:
    _refuse(access.can_edit_portfolio(actor, student), _("Only the student keeps this list."))
    application = application or JobApplication(student=student)
    _refuse(application.student_id == student.pk, _("Not this student's application."))
    was_hired = (
        application.pk is not None
        and (
            JobApplication.objects.filter(pk=application.pk, status=JobApplication.Status.HIRED)
        ).exists()
    )
    for name, value in _pick(fields, APPLICATION_FIELDS).items():
        setattr(application, name, value)
    if application.resume is not None and application.resume.student_id != student.pk:
        raise ValidationError({"resume": _("Choose one of your resumes.")})
    today = timezone.localdate()
    if application.status == JobApplication.Status.APPLIED and not application.applied_on:
        application.applied_on = today
    if application.status in DECIDED and not application.decided_on:
        application.decided_on = today
    if application.status in DECIDED:
        application.follow_up_on = None  # nothing left to follow up
    if (
        application.permit_step == JobApplication.PermitStep.B1_6_AUTHORIZED
        and not application.unpaid
    ):
        raise ValidationError({"permit_step": _("B1-6 is for volunteers and unpaid trainees.")})
    application.full_clean()
    application.save()
    audit_record(
        actor=actor, action="job_application_save", obj=application, status=application.status
    )
    if application.status == JobApplication.Status.HIRED and not was_hired:
        # The follow-up survey (ropdesk/outcomes) pre-fills the job: core/signals.py.
        job_hired.send(
            sender=JobApplication,
            student=student,
            employer=application.employer_name,
            job_title=application.position,
            started_on=application.decided_on,
            reference=f"portfolio.jobapplication:{application.pk}",
            actor=actor,
        )
    return application


def permit_steps_for(student: Student, application: JobApplication) -> list[tuple[str, bool]]:
    """The work-permit steps a minor's job needs and whether each is done (CDE work permits:
    B1-1 then B1-4; B1-6 alone for an unpaid trainee). An adult needs none."""
    if not access.is_minor(student):
        return []
    step = application.permit_step
    if application.unpaid:
        return [("B1-6", step == JobApplication.PermitStep.B1_6_AUTHORIZED)]
    return [
        (
            "B1-1",
            step
            in (JobApplication.PermitStep.B1_1_SUBMITTED, JobApplication.PermitStep.B1_4_ISSUED),
        ),
        ("B1-4", step == JobApplication.PermitStep.B1_4_ISSUED),
    ]


@transaction.atomic(durable=True)
def interview_record(*, actor: Any, student: Student, fields: dict[str, Any]) -> InterviewPractice:
    """A counselor or instructor records a mock interview (rubric 1-4 per item)."""
    _refuse(
        access.can_hold_interview(actor, student),
        _("Only the student's counselor or instructor records this."),
    )
    keys = {k for k, _label in InterviewPractice.RUBRIC}
    scores = {k: int(v) for k, v in (fields.get("scores") or {}).items() if v not in (None, "")}
    if set(scores) - keys or any(v not in range(1, 5) for v in scores.values()):
        raise ValidationError({"scores": _("Each rubric item is rated from 1 to 4.")})
    interview = InterviewPractice(
        student=student,
        kind=fields["kind"],
        interviewer=actor,
        interviewer_name=fields.get("interviewer_name") or str(actor),
        held_on=fields.get("held_on") or timezone.localdate(),
        scores=scores,
        feedback=(fields.get("feedback") or "").strip(),
    )
    interview.full_clean()
    interview.save()
    audit_record(actor=actor, action="interview_record", obj=interview)
    return interview


CONTACT_FIELDS = (
    "name",
    "organization",
    "met_at",
    "met_on",
    "email",
    "phone",
    "last_contact_on",
    "notes",
)


@transaction.atomic(durable=True)
def contact_save(
    *, actor: Any, student: Student, fields: dict[str, Any], contact: NetworkContact | None = None
) -> NetworkContact:
    _refuse(access.can_edit_portfolio(actor, student), _("Only the student keeps this list."))
    contact = contact or NetworkContact(student=student)
    _refuse(contact.student_id == student.pk, _("Not this student's contact."))
    for name, value in _pick(fields, CONTACT_FIELDS).items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    audit_record(actor=actor, action="contact_save", obj=contact)
    return contact


def applications_due(today: date) -> Any:
    return (
        JobApplication.objects.filter(follow_up_on=today)
        .exclude(status__in=DECIDED)
        .select_related("student__user")
    )
