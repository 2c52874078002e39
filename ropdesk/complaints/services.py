"""Writes for complaints: filing, assignment, the investigation file, extensions, the report,
appeals, grants and notices. Views, the demo and the reminder command all call these.

Each service validates, writes in one transaction, records an AuditEvent on the complaint
(never a name or the complaint's text in it) and sends mail only once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.complaints import access as complaints_access
from ropdesk.complaints import deadlines
from ropdesk.complaints.court_days import ccp_135_holidays
from ropdesk.complaints.models import (
    Appeal,
    Basis,
    CaseAccessLog,
    Complaint,
    ComplaintAccessGrant,
    ComplaintKind,
    ComplianceCoordinator,
    CoordinatorRole,
    CourtHoliday,
    Extension,
    InvestigationItem,
    Notice,
    NoticeKind,
    Report,
    SupportiveMeasure,
    hash_token,
    new_access_token,
    new_reference,
    office_day_rule,
)
from ropdesk.core import access
from ropdesk.core.formatting import day_text
from ropdesk.core.mail import Compose, message_queue
from ropdesk.core.models import Role, User
from ropdesk.core.services import audit_record
from ropdesk.core.types import Actor, StaffActor, recorded, signed_in
from ropdesk.core.uploads import store_upload

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ALLOWED_EXTENSIONS = frozenset(
    ".pdf .jpg .jpeg .png .gif .heic .webp .txt .rtf .doc .docx .odt .mp3 .m4a .mp4 .mov".split()
)
TITLE_IX_MINIMUM_RETENTION_YEARS = 7  # 34 CFR 106.45(b)(10)


def weekend_rule() -> deadlines.DayRule:
    """The office's deadline rule: CCP 12a with its court holidays (models.office_day_rule)."""
    return office_day_rule()


def check_upload(upload: Any) -> None:
    """Uploads are limited in size and type; the message says which file and why."""
    name = PurePath(upload.name or "").name
    if PurePath(name).suffix.lower() not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _(
                "“%(name)s” is not a file type we accept. Send PDF, photos, documents, audio "
                "or video."
            )
            % {"name": name}
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB. Send a smaller file, or ask us for help.")
            % {"name": name, "mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )


def check_uploads(uploads: Sequence[Any]) -> None:
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("Send at most %(n)s files at a time.") % {"n": MAX_FILES})
    for upload in uploads:
        check_upload(upload)


def retention_until(complaint: Complaint, last_activity: date) -> date:
    """Keep the file this long after its last step: the local policy's years, and at least
    seven when the case is sex-based (34 CFR 106.45(b)(10); domain-rules.md 7.1.11)."""
    years = int(settings.ROPDESK.get("COMPLAINT_RETENTION_YEARS", 7))
    if complaint.is_sex_based:
        years = max(years, TITLE_IX_MINIMUM_RETENTION_YEARS)
    return deadlines.add_months(last_activity, 12 * years)


def _require_handler(actor: Actor) -> None:
    if not access.can_handle_complaints(actor):
        raise PermissionDenied("Only support services change complaints.")


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def support_emails() -> list[str]:
    users = User.objects.filter(
        is_active=True, roles__role=Role.SUPPORT_SERVICES, email__gt=""
    ).distinct()
    return sorted(users.values_list("email", flat=True))


_mail_quiet: ContextVar[bool] = ContextVar("complaint_mail_quiet", default=False)


@contextmanager
def quiet_mail() -> Iterator[None]:
    """Send no mail from the services inside this block (the demo's made-up cases)."""
    token = _mail_quiet.set(True)
    try:
        yield
    finally:
        _mail_quiet.reset(token)


def _mail_later(
    compose: Compose, recipients: Iterable[str], *, kind: str, language: str | None = None
) -> None:
    """Queue the message for each recipient, in their language; sent after the commit."""
    if not _mail_quiet.get():
        message_queue(kind=f"complaint.{kind}", to=recipients, compose=compose, language=language)


def _add_file_item(
    complaint: Complaint,
    *,
    kind: str,
    title: str,
    upload: Any,
    actor: Actor | None = None,
    body: str = "",
) -> InvestigationItem:
    name = PurePath(upload.name or "file").name
    item = InvestigationItem(
        complaint=complaint,
        kind=kind,
        title=title,
        body=body,
        original_name=name[:255],
        added_by=recorded(actor),
    )
    store_upload(item.file, name, upload if isinstance(upload, File) else File(upload))
    item.save()
    return item


# --- Filing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filed:
    complaint: Complaint
    token: str  # shown once on the receipt and mailed to the filer; only its hash is kept

    @property
    def status_path(self) -> str:
        return reverse("complaint_status", args=[self.complaint.reference, self.token])


def _validate_filing(
    kind: str, bases: Sequence[str], description: str, incident: date, known: date | None, on: date
) -> None:
    errors: dict[str, str] = {}
    if kind not in ComplaintKind.values:
        errors["kind"] = _("Choose what the complaint is about.")
    if set(bases) - set(Basis.values):
        errors["bases"] = _("Unknown protected characteristic.")
    if not description.strip():
        errors["description"] = _("Tell us what happened.")
    if incident > on:
        errors["incident_date"] = _("This date is in the future.")
    if known and (known > on or known < incident):
        errors["knowledge_date"] = _(
            "This date must be on or after the day it happened, and not in the future."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def complaint_file(
    *,
    kind: str,
    description: str,
    incident_date: date,
    bases: Sequence[str] = (),
    anonymous: bool = False,
    knowledge_date: date | None = None,
    location: str = "",
    people_involved: str = "",
    filer_name: str = "",
    filer_email: str = "",
    filer_phone: str = "",
    filer_relationship: str = "",
    language: str = "en",
    files: Sequence[Any] = (),
    filed_by: Any = None,
    received_on: date | None = None,
    token: str | None = None,
    base_url: str = "",
) -> Filed:
    """Receive a complaint from anyone, signed in or not, named or anonymous.

    A complaint filed after its window is accepted and flagged (queries.filing_status_of
    explains it); it is never refused here."""
    received_on = received_on or timezone.localdate()
    _validate_filing(kind, bases, description, incident_date, knowledge_date, received_on)
    check_uploads(files)
    if anonymous:
        filer_name = filer_email = filer_phone = ""
        filed_by = None
    reference = new_reference()
    while Complaint.objects.filter(reference=reference).exists():
        reference = new_reference()
    token = token or new_access_token()
    complaint = Complaint(
        reference=reference,
        token_hash=hash_token(token),
        kind=kind,
        bases=sorted(set(bases)),
        anonymous=anonymous,
        filed_by=filed_by if getattr(filed_by, "pk", None) else None,
        filer_name=filer_name.strip(),
        filer_email=filer_email.strip(),
        filer_phone=filer_phone.strip(),
        filer_relationship=filer_relationship,
        language=language or "en",
        people_involved=people_involved.strip(),
        description=description.strip(),
        location=location.strip(),
        incident_date=incident_date,
        knowledge_date=knowledge_date,
        received_on=received_on,
    )
    complaint.retention_until = retention_until(complaint, received_on)
    complaint.save()
    for upload in files:
        _add_file_item(
            complaint,
            kind=InvestigationItem.Kind.FROM_FILER,
            title=_("File sent with the complaint"),
            upload=upload,
        )
    filing = deadlines.filing_status(
        kind, incident_date, received_on, knowledge_date, rule=weekend_rule()
    )
    audit_record(
        actor=complaint.filed_by,
        action="complaint.file",
        obj=complaint,
        kind=kind,
        anonymous=anonymous,
        files=len(files),
        days_late=filing.days_late,
    )
    filed = Filed(complaint, token)
    _mail_receipt(filed, base_url)
    _mail_later(
        lambda: (
            _("New complaint %(reference)s") % {"reference": reference},
            _(
                "A complaint was received on %(received)s (%(kind)s). Its report is due on "
                "%(due)s. Open the case list to assign it."
            )
            % {
                "received": received_on.isoformat(),
                "kind": complaint.get_kind_display(),
                "due": deadlines.report_due(received_on, rule=weekend_rule()).isoformat(),
            },
        ),
        support_emails(),
        kind="new",
    )
    return filed


def _mail_receipt(filed: Filed, base_url: str) -> None:
    complaint = filed.complaint
    if not complaint.filer_email:
        return

    def compose() -> tuple[str, str]:
        subject = _("We received your complaint %(reference)s") % {"reference": complaint.reference}
        body = _(
            "Thank you. We received your complaint on %(received)s.\n\n"
            "Your reference code: %(reference)s\n"
            "Your private status link (keep it; anyone with it can see the status):\n"
            "%(link)s\n\n"
            "We will send you a written report by %(due)s. You can add information or files "
            "through the link at any time."
        ) % {
            "received": complaint.received_on.isoformat(),
            "reference": complaint.reference,
            "link": f"{base_url.rstrip('/')}{filed.status_path}",
            "due": deadlines.report_due(complaint.received_on, rule=weekend_rule()).isoformat(),
        }
        return subject, body

    _mail_later(compose, [complaint.filer_email], kind="receipt", language=complaint.language)


@transaction.atomic
def filer_information_add(*, complaint: Complaint, text: str, files: Sequence[Any] = ()) -> int:
    """The filer adds information through the private status link. Returns items added."""
    text = text.strip()
    if not text and not files:
        raise ValidationError({"text": _("Write something or choose a file to send.")})
    check_uploads(files)
    complaint = _locked(complaint)
    if not complaint.is_open:
        raise ValidationError(_("This case is closed. Contact the coordinator instead."))
    added = 0
    if text:
        InvestigationItem.objects.create(
            complaint=complaint,
            kind=InvestigationItem.Kind.FROM_FILER,
            title=_("Information added by the filer"),
            body=text,
            occurred_on=timezone.localdate(),
        )
        added += 1
    for upload in files:
        _add_file_item(
            complaint,
            kind=InvestigationItem.Kind.FROM_FILER,
            title=_("File added by the filer"),
            upload=upload,
        )
        added += 1
    audit_record(actor=None, action="complaint.filer_add", obj=complaint, items=added)
    _mail_later(
        lambda: (
            _("New information on complaint %(reference)s") % {"reference": complaint.reference},
            _("The filer added information to the case. Open the case to read it."),
        ),
        [complaint.investigator.email if complaint.investigator else "", *support_emails()],
        kind="filer_added",
    )
    return added


# --- Case handling (support services) -------------------------------------------------------


@transaction.atomic
def complaint_classify(
    *, actor: Actor, complaint: Complaint, kind: str, bases: Sequence[str]
) -> Complaint:
    _require_handler(actor)
    if kind not in ComplaintKind.values:
        raise ValidationError({"kind": _("Choose a kind of complaint.")})
    if set(bases) - set(Basis.values):
        raise ValidationError({"bases": _("Unknown protected characteristic.")})
    complaint = _locked(complaint)
    complaint.kind, complaint.bases = kind, sorted(set(bases))
    complaint.retention_until = max(
        complaint.retention_until, retention_until(complaint, complaint.received_on)
    )
    complaint.save(update_fields=["kind", "bases", "retention_until", "updated_at"])
    audit_record(actor=actor, action="complaint.classify", obj=complaint, kind=kind, bases=bases)
    return complaint


def _can_see(user: Actor, complaint: Complaint) -> bool:
    return complaints_access.complaints_visible_to(user).filter(pk=complaint.pk).exists()


def title_ix_role_conflict(
    *, coordinator: Any, investigators: Sequence[Any], decision_maker: Any
) -> str | None:  # 34 CFR 106.45(b)(7)(i)
    """Why this decision-maker may not decide the case, or None: "The decision-maker(s), who
    cannot be the same person(s) as the Title IX Coordinator or the investigator(s), must
    issue the written determination regarding responsibility."
    """
    if decision_maker is None:
        return None
    if any(person is not None and person.pk == decision_maker.pk for person in investigators):
        return _(
            "In Title IX the decision-maker cannot be an investigator of the case "
            "(34 CFR 106.45(b)(7)(i)). Choose someone else to decide."
        )
    if coordinator is not None and coordinator.pk == decision_maker.pk:
        return _(
            "In Title IX the decision-maker cannot be the Title IX coordinator "
            "(34 CFR 106.45(b)(7)(i)). Choose someone else to decide."
        )
    return None


def _designated_title_ix_coordinator() -> User | None:
    designated = ComplianceCoordinator.objects.filter(role=CoordinatorRole.TITLE_IX).first()
    return designated.user if designated else None


@transaction.atomic
def complaint_assign(
    *,
    actor: Actor,
    complaint: Complaint,
    investigator: Any,
    decision_maker: Any = None,
    co_investigators: Sequence[Any] = (),
    title_ix_coordinator: Any = None,
) -> Complaint:
    """Give the case an investigator (and others), a decision-maker and, in Title IX, its
    coordinator (by default the program's designated Title IX coordinator). In Title IX the
    decision-maker may be neither an investigator nor the coordinator (34 CFR 106.45(b)(7)(i))."""
    _require_handler(actor)
    complaint = _locked(complaint)
    errors: dict[str, str] = {}
    title_ix = complaint.kind == ComplaintKind.TITLE_IX
    if title_ix and title_ix_coordinator is None:
        title_ix_coordinator = complaint.title_ix_coordinator or _designated_title_ix_coordinator()
    co_investigators = [p for p in co_investigators if p is not None and p != investigator]
    for field, person in (
        ("investigator", investigator),
        ("decision_maker", decision_maker),
        *(("co_investigators", p) for p in co_investigators),
    ):
        if person is not None and not (person.is_active and _can_see(person, complaint)):
            errors[field] = _(
                "Choose someone in support services, or grant them access to this case first."
            )
    if title_ix:
        conflict = title_ix_role_conflict(
            coordinator=title_ix_coordinator,
            investigators=[investigator, *co_investigators],
            decision_maker=decision_maker,
        )
        if conflict:
            errors["decision_maker"] = conflict
        elif decision_maker is not None and not access.can_handle_complaints(decision_maker):
            errors["decision_maker"] = _(
                "The decision-maker issues the written determination in ropdesk, so choose "
                "someone in support services (a grant of access only lets a person read)."
            )
    if errors:
        raise ValidationError(errors)
    complaint.title_ix_coordinator = title_ix_coordinator if title_ix else None
    complaint.investigator, complaint.decision_maker = investigator, decision_maker
    if complaint.status == Complaint.Status.RECEIVED:
        complaint.status = Complaint.Status.INVESTIGATING
    complaint.save(
        update_fields=[
            "investigator",
            "decision_maker",
            "title_ix_coordinator",
            "status",
            "updated_at",
        ]
    )
    complaint.co_investigators.set(co_investigators)
    audit_record(
        actor=actor,
        action="complaint.assign",
        obj=complaint,
        investigator=investigator.pk,
        co_investigators=sorted(p.pk for p in co_investigators),
        decision_maker=decision_maker.pk if decision_maker else None,
        title_ix_coordinator=complaint.title_ix_coordinator_id,
    )
    due = deadlines.report_due(
        complaint.received_on, complaint.extensions.values_list("days", flat=True), weekend_rule()
    ).isoformat()
    _mail_later(
        lambda: (
            _("Complaint %(reference)s is assigned to you") % {"reference": complaint.reference},
            _("You are the investigator of complaint %(reference)s. Its report is due on %(due)s.")
            % {"reference": complaint.reference, "due": due},
        ),
        [investigator.email],
        kind="assigned",
    )
    return complaint


@transaction.atomic
def filing_extension_grant(
    *, actor: Actor, complaint: Complaint, days: int, reason: str
) -> Complaint:
    """Extend the filing window for good cause on a written request (5 CCR 4630(b))."""
    _require_handler(actor)
    if not 0 <= days <= deadlines.FILING_EXTENSION_MAX_DAYS:
        raise ValidationError({"days": _("A filing extension is 0 to 90 days (5 CCR 4630(b)).")})
    if days and not reason.strip():
        raise ValidationError({"reason": _("Say what the good cause is.")})
    complaint = _locked(complaint)
    complaint.filing_extension_days, complaint.filing_extension_reason = days, reason.strip()
    complaint.save(update_fields=["filing_extension_days", "filing_extension_reason", "updated_at"])
    audit_record(actor=actor, action="complaint.filing_extension", obj=complaint, days=days)
    return complaint


@transaction.atomic
def extension_add(
    *,
    actor: Actor,
    complaint: Complaint,
    days: int,
    reason: str,
    written_agreement: bool,
    agreed_on: date,
    agreement_file: Any = None,
    agreement_text: str = "",
) -> Extension:
    """More time for the report, only with the complainant's written agreement, which goes
    into the investigation file (5 CCR 4631(e)): a file (a signed letter or form), or the
    text of the agreement (an email, pasted)."""
    _require_handler(actor)
    errors: dict[str, str] = {}
    if not written_agreement:
        errors["written_agreement"] = _(
            "The report deadline can be extended only with the complainant's written "
            "agreement (5 CCR 4631(e))."
        )
    if agreement_file is None and not agreement_text.strip():
        errors["agreement_file"] = _(
            "Attach the complainant's written agreement, or paste its text."
        )
    if not days or days < 1:
        errors["days"] = _("An extension is at least one day.")
    if not reason.strip():
        errors["reason"] = _("Say why more time is needed.")
    if errors:
        raise ValidationError(errors)
    complaint = _locked(complaint)
    if Report.objects.filter(complaint=complaint).exists():
        raise ValidationError(_("The report is already issued."))
    title = _("Written agreement to extend the report deadline")
    if agreement_file is not None:
        check_upload(agreement_file)
        item = _add_file_item(
            complaint,
            kind=InvestigationItem.Kind.DOCUMENT,
            title=title,
            upload=agreement_file,
            actor=actor,
            body=agreement_text.strip(),
        )
        item.occurred_on = agreed_on
        item.save(update_fields=["occurred_on"])
    else:
        item = InvestigationItem.objects.create(
            complaint=complaint,
            kind=InvestigationItem.Kind.DOCUMENT,
            title=title,
            body=agreement_text.strip(),
            occurred_on=agreed_on,
            added_by=signed_in(actor),
        )
    extension = Extension.objects.create(
        complaint=complaint,
        days=days,
        reason=reason.strip(),
        written_agreement=True,
        agreed_on=agreed_on,
        agreement=item,
        added_by=signed_in(actor),
    )
    audit_record(actor=actor, action="complaint.extension_add", obj=complaint, days=days)
    return extension


@transaction.atomic
def investigation_item_add(
    *,
    actor: Actor,
    complaint: Complaint,
    kind: str,
    title: str,
    body: str = "",
    occurred_on: date | None = None,
    file: Any = None,
) -> InvestigationItem:
    _require_handler(actor)
    if kind not in (
        InvestigationItem.Kind.INTERVIEW,
        InvestigationItem.Kind.DOCUMENT,
        InvestigationItem.Kind.NOTE,
    ):
        raise ValidationError({"kind": _("Choose interview, document or note.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the item a title.")})
    if file is None and not body.strip():
        raise ValidationError({"body": _("Write the text or attach a file.")})
    complaint = _locked(complaint)
    if file is not None:
        check_upload(file)
        item = _add_file_item(
            complaint, kind=kind, title=title.strip(), upload=file, actor=actor, body=body.strip()
        )
        item.occurred_on = occurred_on
        item.save(update_fields=["occurred_on"])
    else:
        item = InvestigationItem.objects.create(
            complaint=complaint,
            kind=kind,
            title=title.strip(),
            body=body.strip(),
            occurred_on=occurred_on,
            added_by=signed_in(actor),
        )
    audit_record(actor=actor, action="complaint.item_add", obj=complaint, item=item.pk, kind=kind)
    return item


@transaction.atomic
def supportive_measure_add(
    *,
    actor: Actor,
    complaint: Complaint,
    description: str,
    for_whom: str,
    starts_on: date,
    ends_on: date | None = None,
) -> SupportiveMeasure:
    _require_handler(actor)
    if not description.strip():
        raise ValidationError({"description": _("Describe the measure.")})
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The measure must end after it starts.")})
    complaint = _locked(complaint)
    measure = SupportiveMeasure.objects.create(
        complaint=complaint,
        description=description.strip(),
        for_whom=for_whom.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        added_by=signed_in(actor),
    )
    audit_record(actor=actor, action="complaint.measure_add", obj=complaint, measure=measure.pk)
    return measure


TITLE_IX_STEPS = ("evidence_shared_on", "investigative_report_shared_on")


@transaction.atomic
def title_ix_step_record(*, actor: Actor, complaint: Complaint, step: str, on: date) -> Complaint:
    """The day the evidence, then the investigative report, went to both parties: each starts
    a 10-day period (34 CFR 106.45(b)(5)(vi),(vii))."""
    _require_handler(actor)
    complaint = _locked(complaint)
    if complaint.kind != ComplaintKind.TITLE_IX or step not in TITLE_IX_STEPS:
        raise ValidationError(_("Only Title IX cases have these steps."))
    if step == "investigative_report_shared_on":
        if not complaint.evidence_shared_on:
            raise ValidationError(_("Send the evidence to the parties first."))
        rule = weekend_rule()
        ready = deadlines.investigative_report_earliest(complaint.evidence_shared_on, rule)
        if on < ready:
            raise ValidationError(
                _(
                    "The parties have until %(last)s to answer the evidence in writing; the "
                    "investigative report may go to them from %(day)s "
                    "(34 CFR 106.45(b)(5)(vi))."
                )
                % {
                    "last": day_text(
                        deadlines.evidence_review_ends(complaint.evidence_shared_on, rule)
                    ),
                    "day": day_text(ready),
                }
            )
    setattr(complaint, step, on)
    complaint.save(update_fields=[step, "updated_at"])
    audit_record(actor=actor, action="complaint.title_ix_step", obj=complaint, step=step)
    return complaint


def _check_report_allowed(complaint: Complaint, issued_on: date, actor: Actor) -> None:
    if Report.objects.filter(complaint=complaint).exists():
        raise ValidationError(_("This case already has a report."))
    if not complaint.is_open:
        raise ValidationError(_("This case is closed."))
    if complaint.investigator_id is None:
        raise ValidationError(_("Assign an investigator before issuing the report."))
    if issued_on < complaint.received_on:
        raise ValidationError({"issued_on": _("The report cannot predate the complaint.")})
    if complaint.kind != ComplaintKind.TITLE_IX:
        return
    if complaint.decision_maker_id is None:
        raise ValidationError(_("A Title IX determination needs a decision-maker."))
    if complaint.decision_maker_id != getattr(actor, "pk", None):
        raise ValidationError(
            _(
                "In Title IX only the decision-maker of the case, %(name)s, issues the written "
                "determination (34 CFR 106.45(b)(7)(i))."
            )
            % {"name": complaint.decision_maker}  # their full name, else their username
        )
    if not complaint.investigative_report_shared_on:
        raise ValidationError(_("Send the investigative report to the parties first."))
    rule = weekend_rule()
    first_day = deadlines.determination_earliest(complaint.investigative_report_shared_on, rule)
    if issued_on < first_day:
        last = deadlines.report_review_ends(complaint.investigative_report_shared_on, rule)
        raise ValidationError(
            {
                "issued_on": _(
                    "The parties review the investigative report until %(last)s; the "
                    "determination may be issued from %(day)s (34 CFR 106.45(b)(5)(vii))."
                )
                % {"last": day_text(last), "day": day_text(first_day)}
            }
        )


@transaction.atomic
def report_issue(
    *,
    actor: Actor,
    complaint: Complaint,
    findings: str,
    conclusions: str,
    remedies: str,
    outcome: str,
    issued_on: date,
    language: str | None = None,
) -> Report:
    """Issue the written investigation report (5 CCR 4631(e)); its PDF carries the appeal
    rights and the appeal deadline (5 CCR 4632)."""
    _require_handler(actor)
    if not findings.strip() or not conclusions.strip():
        raise ValidationError(_("Write the findings of fact and a conclusion for each allegation."))
    if outcome not in Report.Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    complaint = _locked(complaint)
    _check_report_allowed(complaint, issued_on, actor)
    languages = {code for code, _name in settings.LANGUAGES}
    language = language or (complaint.language if complaint.language in languages else "en")
    report = Report.objects.create(
        complaint=complaint,
        findings=findings.strip(),
        conclusions=conclusions.strip(),
        remedies=remedies.strip(),
        outcome=outcome,
        issued_on=issued_on,
        language=language,
        issued_by=signed_in(actor),
    )
    complaint.status = Complaint.Status.REPORT_ISSUED
    complaint.retention_until = max(
        complaint.retention_until, retention_until(complaint, issued_on)
    )
    complaint.save(update_fields=["status", "retention_until", "updated_at"])
    audit_record(actor=actor, action="complaint.report_issue", obj=complaint, outcome=outcome)
    if complaint.filer_email:
        deadline = deadlines.appeal_deadline(issued_on, weekend_rule())
        _mail_later(
            lambda: (
                _("The report on your complaint %(reference)s")
                % {"reference": complaint.reference},
                _(
                    "The written report on your complaint is ready. Open your private status "
                    "link to read it. You may appeal to the California Department of Education "
                    "until %(deadline)s."
                )
                % {"deadline": day_text(deadline)},  # in the filer's language
            ),
            [complaint.filer_email],
            kind="report",
            language=complaint.language,
        )
    return report


@transaction.atomic
def appeal_record(
    *,
    actor: Actor,
    complaint: Complaint,
    appellant: str,
    filed_on: date,
    grounds: Sequence[str],
    grounds_detail: str = "",
    cde_notice_on: date | None = None,
    appellant_name: str = "",
) -> Appeal:
    """Record an appeal of the report by either party, the complainant or the respondent
    (34 CFR 106.45(b)(8): "both parties"; 5 CCR 4632), and who signed it. Each party may
    appeal the same report. A late appeal is recorded all the same: the CDE decides whether
    to hear it."""
    _require_handler(actor)
    errors: dict[str, str] = {}
    if appellant not in Appeal.Appellant.values:
        errors["appellant"] = _("Say who appeals.")
    if not grounds or set(grounds) - set(Appeal.Ground.values):
        errors["grounds"] = _("An appeal states at least one ground (5 CCR 4632(b)).")
    if errors:
        raise ValidationError(errors)
    complaint = _locked(complaint)
    report = Report.objects.filter(complaint=complaint).first()
    if report is None:
        raise ValidationError(_("There is no report to appeal yet."))
    if filed_on < report.issued_on or (cde_notice_on and cde_notice_on < filed_on):
        raise ValidationError(
            {"filed_on": _("An appeal comes after the report, and the CDE's notice after it.")}
        )
    appeal = Appeal.objects.create(
        complaint=complaint,
        appellant=appellant,
        appellant_name=appellant_name.strip(),
        filed_on=filed_on,
        grounds=list(grounds),
        grounds_detail=grounds_detail.strip(),
        cde_notice_on=cde_notice_on,
        recorded_by=signed_in(actor),
    )
    complaint.status = Complaint.Status.APPEALED
    complaint.retention_until = max(complaint.retention_until, retention_until(complaint, filed_on))
    complaint.save(update_fields=["status", "retention_until", "updated_at"])
    late = (filed_on - deadlines.appeal_deadline(report.issued_on, weekend_rule())).days
    audit_record(
        actor=actor,
        action="complaint.appeal",
        obj=complaint,
        appeal=appeal.pk,
        appellant=appellant,
        days_late=late,
    )
    return appeal


@transaction.atomic
def appeal_file_sent(
    *,
    actor: Actor,
    appeal: Appeal,
    cde_notice_on: date | None = None,
    file_sent_on: date | None = None,
) -> Appeal:
    """Record the CDE's notice of appeal, and the day the complaint, report and whole
    investigation file went to the CDE (due 10 days after the notice: 5 CCR 4633)."""
    _require_handler(actor)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    notice = cde_notice_on or appeal.cde_notice_on
    if file_sent_on and not notice:
        raise ValidationError({"cde_notice_on": _("Enter the day the CDE's notice came.")})
    if notice and notice < appeal.filed_on:
        raise ValidationError({"cde_notice_on": _("The CDE's notice comes after the appeal.")})
    appeal.cde_notice_on = notice
    appeal.file_sent_on = file_sent_on or appeal.file_sent_on
    appeal.save(update_fields=["cde_notice_on", "file_sent_on"])
    audit_record(
        actor=actor, action="complaint.appeal_file", obj=appeal.complaint, appeal=appeal.pk
    )
    return appeal


@transaction.atomic
def complaint_close(*, actor: Actor, complaint: Complaint, closed_on: date, note: str) -> Complaint:
    _require_handler(actor)
    if not note.strip():
        raise ValidationError({"note": _("Say why the case is closed.")})
    complaint = _locked(complaint)
    if closed_on < complaint.received_on:
        raise ValidationError({"closed_on": _("A case closes after it is received.")})
    complaint.status, complaint.closed_on, complaint.closing_note = (
        Complaint.Status.CLOSED,
        closed_on,
        note.strip(),
    )
    complaint.retention_until = max(
        complaint.retention_until, retention_until(complaint, closed_on)
    )
    complaint.save(
        update_fields=["status", "closed_on", "closing_note", "retention_until", "updated_at"]
    )
    audit_record(actor=actor, action="complaint.close", obj=complaint)
    return complaint


# --- Access: grants and the read log ---------------------------------------------------------


@transaction.atomic
def grant_add(
    *,
    actor: Actor,
    user: StaffActor,
    reason: str,
    expires_on: date,
    complaint: Complaint | None = None,
) -> ComplaintAccessGrant:
    """Let someone outside support services read one case (or all) until a date."""
    _require_handler(actor)
    today = timezone.localdate()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this person needs to see the case.")})
    if expires_on < today:
        raise ValidationError({"expires_on": _("The access must end today or later.")})
    grant = ComplaintAccessGrant.objects.create(
        user=user,
        complaint=complaint,
        reason=reason.strip(),
        granted_by=signed_in(actor),
        granted_on=today,
        expires_on=expires_on,
    )
    audit_record(
        actor=actor,
        action="complaint.grant",
        obj=complaint or grant,
        grantee=user.pk,
        grant=grant.pk,
        until=expires_on.isoformat(),
    )
    return grant


@transaction.atomic
def grant_revoke(*, actor: Actor, grant: ComplaintAccessGrant) -> ComplaintAccessGrant:
    _require_handler(actor)
    grant.revoked_on = timezone.localdate()
    grant.save(update_fields=["revoked_on"])
    audit_record(actor=actor, action="complaint.grant_revoke", obj=grant.complaint or grant)
    return grant


def case_access_record(
    *, actor: Actor, action: str, complaint: Complaint | None = None, what: str = ""
) -> CaseAccessLog:
    """Log one read: a case page, a file, the report PDF, the list, the filer's status page."""
    return CaseAccessLog.objects.create(
        actor=recorded(actor),
        complaint=complaint,
        action=action,
        what=what[:200],
    )


# --- Notices and coordinators (the office) ---------------------------------------------------


@transaction.atomic
def notice_update(*, actor: Actor, kind: str, language: str, title: str, body: str) -> Notice:
    if not access.can_edit_notices(actor):
        raise PermissionDenied("Only the office edits notices.")
    if kind not in NoticeKind.values:
        raise ValidationError({"kind": _("Unknown notice.")})
    if not title.strip() or not body.strip():
        raise ValidationError(_("A notice needs a title and a text."))
    notice, _created = Notice.objects.update_or_create(
        kind=kind,
        language=language.strip().lower(),
        defaults={"title": title.strip(), "body": body.strip(), "updated_by": signed_in(actor)},
    )
    audit_record(actor=actor, action="notice.update", obj=notice, kind=kind, language=language)
    return notice


@transaction.atomic
def coordinator_set(
    *,
    actor: Actor,
    role: str,
    user: StaffActor,
    job_title: str = "",
    phone: str = "",
    email: str = "",
    office_address: str = "",
) -> ComplianceCoordinator:
    if not access.can_edit_notices(actor):
        raise PermissionDenied("Only the office names coordinators.")
    if role not in CoordinatorRole.values:
        raise ValidationError({"role": _("Unknown coordinator role.")})
    coordinator, _created = ComplianceCoordinator.objects.update_or_create(
        role=role,
        defaults={
            "user": user,
            "job_title": job_title.strip(),
            "phone": phone.strip(),
            "email": email.strip(),
            "office_address": office_address.strip(),
        },
    )
    audit_record(actor=actor, action="coordinator.set", obj=coordinator, role=role, user=user.pk)
    return coordinator


# --- Court holidays (CCP 12a, 135) -------------------------------------------------------------


@transaction.atomic(durable=True)
def court_holidays_seed(*, actor: Actor, year: int) -> list[CourtHoliday]:
    """Fill a year with the judicial holidays of CCP 135 as the rules compute them
    (court_days.ccp_135_holidays); days the office already has are kept as they are."""
    _require_handler(actor)
    if not 2000 <= year <= 2200:
        raise ValidationError({"year": _("Choose a year between 2000 and 2200.")})
    added = []
    for holiday in ccp_135_holidays(year):
        row, created = CourtHoliday.objects.get_or_create(
            day=holiday.day, defaults={"name": holiday.name, "observed": holiday.observed}
        )
        if created:
            added.append(row)
            audit_record(actor=actor, action="court_holiday.seed", obj=row, year=year)
    return added


@transaction.atomic(durable=True)
def court_holiday_add(*, actor: Actor, day: date, name: str) -> CourtHoliday:
    """A day the courts are closed that the rules do not know (a holiday the President
    appoints, a new state holiday): CCP 135."""
    _require_handler(actor)
    if not name.strip():
        raise ValidationError({"name": _("Name the holiday.")})
    if CourtHoliday.objects.filter(day=day).exists():
        raise ValidationError({"day": _("%(day)s is already a holiday.") % {"day": day}})
    holiday = CourtHoliday.objects.create(day=day, name=name.strip())
    audit_record(actor=actor, action="court_holiday.add", obj=holiday, day=day.isoformat())
    return holiday


@transaction.atomic(durable=True)
def court_holiday_remove(*, actor: Actor, holiday: CourtHoliday) -> None:
    """Take a day off the list (the Judicial Council kept the courts open, an observed day
    the office does not count). A year left with no day at all uses the computed list."""
    _require_handler(actor)
    audit_record(
        actor=actor, action="court_holiday.remove", obj=holiday, day=holiday.day.isoformat()
    )
    holiday.delete()
