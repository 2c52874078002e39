"""Writes of the partners app: keyword-only, one durable transaction, audited (style.md 5, 9)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Course
from ropdesk.catalog.services import course_save
from ropdesk.core.models import Organization, Site
from ropdesk.core.services import audit_record
from ropdesk.core.tokens import token_hash, token_new
from ropdesk.core.uploads import check_size, store_upload
from ropdesk.partners import rules
from ropdesk.partners.models import (
    Activity,
    Attendance,
    Change,
    Committee,
    Consultation,
    Contact,
    Element,
    ElementFinding,
    Evidence,
    ItemCategory,
    LaborMarketSnapshot,
    Meeting,
    MemberInvitation,
    Membership,
    NeedsAssessment,
    Partner,
    Projection,
    PublicComment,
    Recommendation,
)
from ropdesk.scheduling.models import Section

# --- partners ------------------------------------------------------------------------------------


def partner_add(
    *,
    actor: Any,
    kind: str,
    name: str = "",
    organization: Organization | None = None,
    naics: str = "",
    size: str = "",
    address: str = "",
    city: str = "",
    phone: str = "",
    website: str = "",
) -> Partner:
    """A partner. An employer that work-based learning already knows is linked (`organization`),
    never copied: its training sites and employer profile stay on the same record."""
    with transaction.atomic(durable=True):
        if organization is None:
            if not name.strip():
                raise ValidationError({"name": _("Give the organization's name.")})
            organization = Organization.objects.create(
                kind=Organization.Kind.EMPLOYER,
                name=name.strip(),
                code=_free_code(name),
                address=address,
                city=city,
                phone=phone,
            )
        elif Partner.objects.filter(organization=organization).exists():
            raise ValidationError(
                {"organization": _("%s is already a partner.") % organization.name}
            )
        partner = Partner.objects.create(
            organization=organization, kind=kind, naics=naics, size=size, website=website
        )
        audit_record(actor=actor, action="partner_add", obj=partner, kind=kind)
    return partner


def _free_code(name: str) -> str:
    base = "partner-" + (slugify(name)[:24] or "org")
    code, n = base, 1
    while Organization.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def contact_add(
    *,
    actor: Any,
    name: str,
    partner: Partner | None = None,
    user: Any = None,
    title: str = "",
    role: str = Contact.Role.PRIMARY,
    email: str = "",
    phone: str = "",
) -> Contact:
    with transaction.atomic(durable=True):
        contact = Contact.objects.create(
            partner=partner, user=user, name=name, title=title, role=role, email=email, phone=phone
        )
        audit_record(actor=actor, action="partner_contact_add", obj=contact)
    return contact


def activity_record(
    *,
    actor: Any,
    partner: Partner,
    kind: str,
    on: date,
    description: str,
    course: Course | None = None,
    value: Decimal | None = None,
) -> Activity:
    with transaction.atomic(durable=True):
        activity = Activity.objects.create(
            partner=partner,
            kind=kind,
            on=on,
            description=description,
            course=course,
            value=value,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(actor=actor, action="partner_activity_record", obj=activity, kind=kind)
    return activity


# --- committees ----------------------------------------------------------------------------------


def committee_create(
    *,
    actor: Any,
    name: str,
    scope: str,
    courses: Iterable[Course] = (),
    pathway: Any = None,
    sector: Any = None,
    site: Site | None = None,
    district: Organization | None = None,
    created_by_action: str = "",
    brown_act: bool = True,
) -> Committee:
    steering = scope == Committee.Scope.DISTRICT_STEERING
    if steering and district is None:
        raise ValidationError({"district": _("A steering committee belongs to a district.")})
    with transaction.atomic(durable=True):
        if steering and Committee.objects.filter(scope=scope, district=district).exists():
            raise ValidationError(
                {"district": _("%s already has a steering committee.") % district}
            )
        committee = Committee.objects.create(
            name=name,
            scope=scope,
            pathway=pathway,
            sector=sector,
            site=site,
            district=district,
            created_by_action=created_by_action,
            brown_act=brown_act,
        )
        committee.courses.set(list(courses))
        audit_record(actor=actor, action="committee_create", obj=committee, scope=scope)
    return committee


def member_appoint(
    *,
    actor: Any,
    committee: Committee,
    contact: Contact,
    role: str,
    term_starts_on: date,
    term_ends_on: date | None = None,
    officer: str = "",
) -> Membership:
    ends = term_ends_on or rules.term_default_end(term_starts_on)
    if ends <= term_starts_on:
        raise ValidationError({"term_ends_on": _("A term ends after it starts.")})
    with transaction.atomic(durable=True):
        membership = Membership.objects.create(
            committee=committee,
            contact=contact,
            role=role,
            term_starts_on=term_starts_on,
            term_ends_on=ends,
            officer=officer,
        )
        audit_record(actor=actor, action="committee_member_appoint", obj=membership, role=role)
    return membership


# --- meetings ------------------------------------------------------------------------------------


def meeting_schedule(
    *,
    actor: Any,
    committee: Committee,
    starts_at: datetime,
    place: str,
    kind: str = Meeting.Kind.REGULAR,
    ends_at: datetime | None = None,
    agenda: str = "",
) -> Meeting:
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A meeting ends after it starts.")})
    with transaction.atomic(durable=True):
        meeting = Meeting.objects.create(
            committee=committee,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            agenda=agenda,
        )
        audit_record(actor=actor, action="meeting_schedule", obj=meeting)
    return meeting


@dataclass(frozen=True)
class Posted:
    meeting: Meeting
    late: bool  # posted less than the lead time before the meeting


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEETING_FILE_TYPES = {".pdf": "application/pdf", ".docx": DOCX}


def meeting_file_check(upload: Any) -> str:
    """Refuse an agenda or minutes file that is not a PDF or a Word (.docx) document, by its
    content as well as its name, or that is larger than ROPDESK["UPLOAD_MAX_MB"]["evidence"].
    Returns the file's own name."""
    name = PurePath(upload.name or "file").name
    check_size(upload, "evidence")
    suffix = PurePath(name).suffix.lower()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    ok = False
    if suffix == ".pdf":
        ok = head.startswith(b"%PDF-")
    elif suffix == ".docx" and head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                ok = "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile:
            ok = False
        upload.seek(0)
    if not ok:
        raise ValidationError(
            _("“%(name)s” is not a PDF or Word (.docx) file.") % {"name": name},
            code="file_type",
        )
    return name[:200]


def _store_meeting_file(meeting: Meeting, kind: str, upload: Any) -> None:
    name = meeting_file_check(upload)
    store_upload(getattr(meeting, f"{kind}_file"), name, File(upload))
    setattr(meeting, f"{kind}_file_name", name)


def agenda_post(
    *,
    actor: Any,
    meeting: Meeting,
    agenda: str,
    posted_at: datetime | None = None,
    agenda_file: Any = None,
) -> Posted:
    """Post (publish) the agenda: its text, its file (PDF or DOCX) or both; with a file, the
    text is an optional summary. Posting late is recorded, not refused: the office must know,
    and the public page shows when it went up (Gov. Code 54954.2, 54956)."""
    if not agenda.strip() and not agenda_file and not meeting.agenda_file:
        raise ValidationError({"agenda": _("Write the agenda or attach its file before posting.")})
    posted_at = posted_at or timezone.now()
    with transaction.atomic(durable=True):
        meeting.agenda = agenda
        meeting.agenda_posted_at = posted_at
        fields = ["agenda", "agenda_posted_at"]
        if agenda_file:
            _store_meeting_file(meeting, "agenda", agenda_file)
            fields += ["agenda_file", "agenda_file_name"]
        meeting.save(update_fields=fields)
        late = rules.posted_late(
            kind=meeting.kind, posted_at=posted_at, starts_at=meeting.starts_at
        )
        audit_record(actor=actor, action="meeting_agenda_post", obj=meeting, late=late)
    return Posted(meeting, late)


def attendance_record(
    *,
    actor: Any,
    meeting: Meeting,
    memberships: Iterable[Membership],
    guests: Iterable[tuple[str, str]] = (),
) -> list[Attendance]:
    """Replace the meeting's attendance: the members present, and guests (name, affiliation)."""
    chosen = list(memberships)
    if any(m.committee_id != meeting.committee_id for m in chosen):
        raise ValidationError(_("Only the committee's own members can be marked present."))
    with transaction.atomic(durable=True):
        meeting.attendance.all().delete()
        rows = [Attendance(meeting=meeting, membership=m) for m in chosen]
        rows += [
            Attendance(meeting=meeting, guest_name=name, guest_affiliation=affiliation)
            for name, affiliation in guests
            if name.strip()
        ]
        Attendance.objects.bulk_create(rows)
        audit_record(actor=actor, action="meeting_attendance_record", obj=meeting, count=len(rows))
    return rows


def public_comment_add(
    *, actor: Any, meeting: Meeting, summary: str, speaker: str = ""
) -> PublicComment:
    with transaction.atomic(durable=True):
        comment = PublicComment.objects.create(meeting=meeting, summary=summary, speaker=speaker)
        audit_record(actor=actor, action="meeting_public_comment_add", obj=comment)
    return comment


def minutes_record(
    *,
    actor: Any,
    meeting: Meeting,
    minutes: str,
    items_reviewed: Iterable[str],
    minutes_file: Any = None,
) -> Meeting:
    """Record the minutes: their text, their file (PDF or DOCX) or both."""
    items = list(dict.fromkeys(items_reviewed))
    unknown = [i for i in items if i not in ItemCategory.values]
    if unknown:
        raise ValidationError({"items_reviewed": _("Unknown item: %s.") % ", ".join(unknown)})
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Minutes are recorded after the meeting has begun."))
    if meeting.minutes_approved:
        raise ValidationError(_("These minutes are approved; they can no longer be changed."))
    if not minutes.strip() and not minutes_file and not meeting.minutes_file:
        raise ValidationError({"minutes": _("Write the minutes or attach their file.")})
    with transaction.atomic(durable=True):
        meeting.minutes = minutes
        meeting.items_reviewed = items
        meeting.minutes_recorded_at = timezone.now()
        fields = ["minutes", "items_reviewed", "minutes_recorded_at"]
        if minutes_file:
            _store_meeting_file(meeting, "minutes", minutes_file)
            fields += ["minutes_file", "minutes_file_name"]
        meeting.save(update_fields=fields)
        audit_record(actor=actor, action="meeting_minutes_record", obj=meeting)
    return meeting


def next_meeting_of(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(committee_id=meeting.committee_id, starts_at__gt=meeting.starts_at)
        .order_by("starts_at", "pk")
        .first()
    )


def minutes_approve(*, actor: Any, meeting: Meeting, at_meeting: Meeting) -> Meeting:
    """Approve `meeting`'s minutes at `at_meeting`, which must be the committee's next meeting
    and must have begun. Approved minutes become public."""
    if not meeting.minutes.strip() and not meeting.minutes_file:
        raise ValidationError(_("There are no minutes to approve."))
    following = next_meeting_of(meeting)
    if following is None or following.pk != at_meeting.pk:
        raise ValidationError(_("Minutes are approved at the committee's next meeting."))
    if at_meeting.starts_at > timezone.now():
        raise ValidationError(_("The next meeting has not begun yet."))
    with transaction.atomic(durable=True):
        meeting.minutes_approved_at = at_meeting
        meeting.save(update_fields=["minutes_approved_at"])
        audit_record(actor=actor, action="meeting_minutes_approve", obj=meeting, at=at_meeting.pk)
    return meeting


def packet_link_new(*, actor: Any, meeting: Meeting) -> str:
    """A new link for the members to open the meeting's packet; the old one stops working.
    Only its hash is kept, so the token is shown once."""
    token = token_new()
    with transaction.atomic(durable=True):
        meeting.packet_token_hash = token_hash(token)
        meeting.save(update_fields=["packet_token_hash"])
        audit_record(actor=actor, action="meeting_packet_link_new", obj=meeting)
    return token


def snapshot_attach(*, actor: Any, meeting: Meeting, snapshot: LaborMarketSnapshot | None) -> None:
    with transaction.atomic(durable=True):
        meeting.lmi_snapshot = snapshot
        meeting.save(update_fields=["lmi_snapshot"])
        audit_record(
            actor=actor,
            action="meeting_snapshot_attach",
            obj=meeting,
            snapshot=snapshot.pk if snapshot else None,
        )


# --- recommendations -----------------------------------------------------------------------------


def recommendation_record(
    *,
    actor: Any,
    meeting: Meeting,
    text: str,
    category: str,
    course: Course | None = None,
    section: Section | None = None,
    site: Site | None = None,
    equipment: str = "",
    owner: Any = None,
    due_on: date | None = None,
) -> Recommendation:
    if not text.strip():
        raise ValidationError({"text": _("Write the recommendation.")})
    with transaction.atomic(durable=True):
        recommendation = Recommendation.objects.create(
            meeting=meeting,
            text=text,
            category=category,
            course=course,
            section=section,
            site=site,
            equipment=equipment,
            owner=owner,
            due_on=due_on,
            status_changed_on=timezone.localdate(),
        )
        audit_record(actor=actor, action="recommendation_record", obj=recommendation)
    return recommendation


def recommendation_status(
    *, actor: Any, recommendation: Recommendation, status: str, reason: str = ""
) -> Recommendation:
    """Move a recommendation along. Declining needs a reason; implementing needs the change
    (recommendation_implement); an implemented one stays implemented."""
    if recommendation.status == Recommendation.Status.IMPLEMENTED:
        raise ValidationError(_("This recommendation is implemented; its status is final."))
    if status == Recommendation.Status.IMPLEMENTED:
        raise ValidationError(_("Record the change that implemented it instead."))
    if status == Recommendation.Status.DECLINED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason it was declined.")})
    with transaction.atomic(durable=True):
        recommendation.status = status
        recommendation.declined_reason = reason if status == Recommendation.Status.DECLINED else ""
        recommendation.status_changed_on = timezone.localdate()
        recommendation.save(update_fields=["status", "declined_reason", "status_changed_on"])
        audit_record(actor=actor, action="recommendation_status", obj=recommendation, to=status)
    return recommendation


def recommendation_implement(
    *,
    actor: Any,
    recommendation: Recommendation,
    kind: str,
    summary: str,
    made_on: date | None = None,
    course: Course | None = None,
    description: str | None = None,
    hours: int | None = None,
    site: Site | None = None,
    section: Section | None = None,
    amount: Decimal | None = None,
) -> Change:
    """Record the change that implemented the recommendation. A course revision also revises
    the course (its description and hours) and keeps what it said before and after."""
    if recommendation.status in {Recommendation.Status.IMPLEMENTED, Recommendation.Status.DECLINED}:
        raise ValidationError(
            _("This recommendation is already %s.") % recommendation.get_status_display().lower()
        )
    if not summary.strip():
        raise ValidationError({"summary": _("Say what changed.")})
    course = course or recommendation.course
    if kind == Change.Kind.COURSE_REVISION and course is None:
        raise ValidationError({"course": _("A course revision names the course.")})
    if hours is not None and hours <= 0:
        raise ValidationError({"hours": _("Hours are more than zero.")})
    with transaction.atomic(durable=True):
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        if kind == Change.Kind.COURSE_REVISION and course is not None:
            changes: dict[str, Any] = {}
            if description is not None and description != course.description:
                before["description"], after["description"] = course.description, description
                changes["description"] = description
            if hours is not None and hours != course.hours:
                before["hours"], after["hours"] = course.hours, hours
                changes["hours"] = hours
            if changes:
                # The catalog's one door for course writes (its checks and its audit record).
                course = course_save(actor=actor, course=course, **changes)
        change = Change.objects.create(
            recommendation=recommendation,
            kind=kind,
            summary=summary,
            made_on=made_on or timezone.localdate(),
            course=course,
            site=site,
            section=section,
            amount=amount,
            before=before,
            after=after,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        recommendation.status = Recommendation.Status.IMPLEMENTED
        recommendation.status_changed_on = change.made_on
        recommendation.save(update_fields=["status", "status_changed_on"])
        audit_record(actor=actor, action="recommendation_implement", obj=recommendation, kind=kind)
    return change


# --- labor-market data ---------------------------------------------------------------------------


def course_occupations_set(*, actor: Any, course: Course, soc_codes: Iterable[str]) -> None:
    from ropdesk.partners.lmi import normal_soc
    from ropdesk.partners.models import CourseOccupation

    codes = []
    for raw in soc_codes:
        code = normal_soc(raw)
        if code is None:
            raise ValidationError({"soc_codes": _("“%s” is not a SOC code (like 29-1141).") % raw})
        codes.append(code)
    with transaction.atomic(durable=True):
        course.occupations.exclude(soc_code__in=codes).delete()
        for code in codes:
            CourseOccupation.objects.get_or_create(course=course, soc_code=code)
        audit_record(actor=actor, action="course_occupations_set", obj=course, codes=codes)


def projections_import(*, actor: Any, content: bytes, file_name: str) -> int:
    """Load an EDD projections CSV. Every row is checked first; a file with any bad row is
    refused whole, each problem naming its row and column, and nothing is saved. A row of the
    same area, occupation and period replaces the one already loaded. (The office's upload
    runs on the worker: partners/projections_import.py, with the same check and save.)"""
    from ropdesk.partners.lmi import parse_projections

    rows = parse_projections(content, file_name=file_name)
    return projections_save(actor=actor, rows=rows, file_name=file_name)["rows"]


def projections_save(*, actor: Any, rows: list[Any], file_name: str) -> dict[str, int]:
    """Save checked projection rows (lmi.check_projections) in one transaction: new rows are
    added, a row of the same area, occupation and period replaces the one loaded. Returns
    {"rows", "created", "updated", "unchanged"} (an unchanged row still records when it was
    loaded again)."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        # Two queries a thousand rows, not two a row: EDD's file has some 13,000.
        areas = {row.area for row in rows}
        existing = {
            (p.area, p.soc_code, p.base_year, p.projected_year): p
            for p in Projection.objects.filter(area__in=areas)
        }
        new, changed, unchanged = [], [], 0
        for row in rows:
            found = existing.get((row.area, row.soc_code, row.base_year, row.projected_year))
            if found is None:
                new.append(Projection(**asdict(row), imported_at=now))
                continue
            values = row.values()
            unchanged += all(getattr(found, field) == value for field, value in values.items())
            for field, value in values.items():
                setattr(found, field, value)
            found.imported_at = now
            changed.append(found)
        Projection.objects.bulk_create(new, batch_size=1000)
        fields = [*rows[0].values(), "imported_at"]
        Projection.objects.bulk_update(changed, fields, batch_size=1000)
        last = Projection.objects.filter(area__in=areas).order_by("-pk").first()
        assert last is not None  # the file had rows, so the area has some
        audit_record(
            actor=actor,
            action="projections_import",
            obj=last,
            file=file_name,
            rows=len(rows),
            new=len(new),
        )
    return {
        "rows": len(rows),
        "created": len(new),
        "updated": len(changed) - unchanged,
        "unchanged": unchanged,
    }


def snapshot_take(
    *, actor: Any, title: str, soc_codes: Iterable[str], area: str | None = None
) -> LaborMarketSnapshot:
    """Freeze the newest projections of these occupations in the area, for a packet or the CLNA."""
    from ropdesk.partners.lmi import SOURCE, newest_projections

    area = area or rules.config("LMI_AREA")
    projections = newest_projections(list(soc_codes), area)
    rows = [
        {
            "soc_code": p.soc_code,
            "title": p.title,
            "base_year": p.base_year,
            "projected_year": p.projected_year,
            "base_employment": p.base_employment,
            "projected_employment": p.projected_employment,
            "change_percent": p.change_percent,
            "annual_openings": p.annual_openings,
            "median_annual_wage": p.median_annual_wage,
        }
        for p in projections
    ]
    with transaction.atomic(durable=True):
        snapshot = LaborMarketSnapshot.objects.create(
            title=title,
            area=area,
            taken_at=timezone.now(),
            source=SOURCE,
            rows=rows,
            taken_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(actor=actor, action="lmi_snapshot_take", obj=snapshot, rows=len(rows))
    return snapshot


# --- needs assessment ----------------------------------------------------------------------------


def assessment_start(*, actor: Any, title: str, starts_on: date) -> NeedsAssessment:
    """A two-year cycle (Perkins V §134(b): updated at least every two years) with its five
    elements."""
    ends_on = starts_on.replace(year=starts_on.year + 2) - timedelta(days=1)
    with transaction.atomic(durable=True):
        assessment = NeedsAssessment.objects.create(
            title=title, starts_on=starts_on, ends_on=ends_on
        )
        ElementFinding.objects.bulk_create(
            ElementFinding(assessment=assessment, element=e) for e in Element.values
        )
        audit_record(actor=actor, action="needs_assessment_start", obj=assessment)
    return assessment


def finding_update(
    *, actor: Any, finding: ElementFinding, findings: str, status: str
) -> ElementFinding:
    with transaction.atomic(durable=True):
        finding.findings = findings
        finding.status = status
        finding.save(update_fields=["findings", "status"])
        audit_record(actor=actor, action="needs_assessment_finding", obj=finding, status=status)
    return finding


def evidence_add(
    *,
    actor: Any,
    finding: ElementFinding,
    kind: str,
    title: str,
    summary: str = "",
    snapshot: LaborMarketSnapshot | None = None,
    meeting: Meeting | None = None,
) -> Evidence:
    if kind == Evidence.Kind.LABOR_MARKET and snapshot is None:
        raise ValidationError({"snapshot": _("Choose the labor-market snapshot.")})
    with transaction.atomic(durable=True):
        evidence = Evidence.objects.create(
            finding=finding,
            kind=kind,
            title=title,
            summary=summary,
            snapshot=snapshot,
            meeting=meeting,
        )
        audit_record(actor=actor, action="needs_assessment_evidence", obj=evidence)
    return evidence


def consultation_record(
    *,
    actor: Any,
    assessment: NeedsAssessment,
    on: date,
    category: str,
    participants: str,
    notes: str = "",
    elements: Iterable[int] = (),
) -> Consultation:
    chosen = sorted({int(e) for e in elements})
    if any(e not in Element.values for e in chosen):
        raise ValidationError({"elements": _("Elements are numbered 1 to 5.")})
    with transaction.atomic(durable=True):
        consultation = Consultation.objects.create(
            assessment=assessment,
            on=on,
            category=category,
            participants=participants,
            notes=notes,
            elements=chosen,
        )
        audit_record(actor=actor, action="needs_assessment_consultation", obj=consultation)
    return consultation


# --- committee members who sign in ---------------------------------------------------------------

MEMBER_INVITATION_DAYS = 7  # as core/invitations.py: long enough to read the mail


@dataclass(frozen=True)
class MemberInvited:
    invitation: MemberInvitation
    url: str


def member_invite(*, actor: Any, contact: Contact, email: str, base_url: str) -> MemberInvited:
    """The office invites a committee member (a partner contact who sits on a committee) to
    sign in with an account of their own; the link is mailed and shown once."""
    from django.urls import reverse

    from ropdesk.core.invitations import mail_later
    from ropdesk.partners import access

    if not access.can_invite_members(actor):
        raise ValidationError(_("Only the office invites committee members."))
    email = (email or contact.email).strip()
    if not email:
        raise ValidationError({"email": _("Give the member's e-mail address.")})
    if contact.user_id is not None:
        raise ValidationError(_("This member already signs in with an account."))
    if not contact.memberships.exists():
        raise ValidationError(_("Only a member of a committee is invited."))
    token = token_new()
    with transaction.atomic(durable=True):
        invitation = MemberInvitation.objects.create(
            contact=contact,
            email=email,
            token_hash=token_hash(token),
            invited_by=actor if getattr(actor, "pk", None) else None,
            expires_at=timezone.now() + timedelta(days=MEMBER_INVITATION_DAYS),
        )
        audit_record(actor=actor, action="partners.member_invite", obj=invitation, email=email)
        url = base_url.rstrip("/") + reverse("partners_member_accept", args=[token])
        names = {"name": contact.name, "url": url, "days": MEMBER_INVITATION_DAYS}
        mail_later(
            to=[email],
            kind="partners.member_invitation",
            compose=lambda: (
                _("Your committee packets in ropdesk"),
                _(
                    "Hello %(name)s,\n\nThe program office invites you to sign in to ropdesk "
                    "to read your advisory committee's agendas, minutes and meeting packets. "
                    "Open this link within %(days)s days to choose your sign-in; it works "
                    "once:\n\n%(url)s\n\nIf you did not expect this message, ignore it.\n"
                )
                % names,
            ),
        )
    return MemberInvited(invitation, url)


def member_invitation_for_token(token: str) -> MemberInvitation | None:
    return (
        MemberInvitation.objects.select_related("contact")
        .filter(
            token_hash=token_hash(token), accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )


def may_accept_member_invitation(user: Any, invitation: MemberInvitation) -> bool:
    """A signed-in account may accept when it is the invited address's owner and holds no
    role (a staff member who sits on a committee already sees it; the office links them)."""
    from ropdesk.core.access import scope_of

    if not user.is_authenticated or not user.is_active or user.is_staff or user.is_superuser:
        return False
    if (user.email or "").strip().lower() != invitation.email.strip().lower():
        return False
    return not scope_of(user).roles


def member_accept(*, token: str, user: Any = None, username: str = "", password: str = "") -> Any:
    """Accept: as the signed-in invited account, or a new account (username, password) with
    the invited e-mail. The account is tied to the contact; single use."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password

    found = member_invitation_for_token(token)
    User = get_user_model()
    with transaction.atomic(durable=True):
        invitation = (
            MemberInvitation.objects.select_for_update()
            .filter(pk__in=[found.pk] if found is not None else [], accepted_at__isnull=True)
            .select_related("contact")
            .first()
        )
        if invitation is None:
            raise ValidationError(_("This invitation is unknown, used or expired."))
        if user is None or not user.is_authenticated:
            username = username.strip()
            if not username:
                raise ValidationError({"username": _("Choose a username.")})
            if User.objects.filter(username__iexact=username).exists():
                raise ValidationError({"username": _("This username is taken; choose another.")})
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise ValidationError(
                    _("An account with this e-mail exists: sign in with it, then accept.")
                )
            first, _space, last = invitation.contact.name.partition(" ")
            candidate = User(username=username, email=invitation.email)
            try:
                validate_password(password, candidate)
            except ValidationError as weak:
                raise ValidationError({"password": weak.messages}) from weak
            user = User.objects.create_user(
                username=username,
                email=invitation.email,
                password=password,
                first_name=first[:150],
                last_name=last[:150],
            )
        elif not may_accept_member_invitation(user, invitation):
            raise ValidationError(_("This invitation cannot be accepted with this account."))
        contact = Contact.objects.select_for_update().get(pk=invitation.contact_id)
        if contact.user_id is not None and contact.user_id != user.pk:
            raise ValidationError(_("This member already signs in with an account."))
        contact.user = user
        contact.save(update_fields=["user"])
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit_record(
            actor=user,
            action="partners.member_accept",
            obj=contact,
            user=user.username,
            invitation=invitation.pk,
        )
    return user
