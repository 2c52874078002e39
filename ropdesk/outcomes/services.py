"""Writes of outcomes: exits, follow-up waves, their links and reminders, answers from every
channel, and the nontraditional crosswalk. Keyword-only, one durable transaction, audited
(style.md 5, 9-11); mail goes through core/mail.py and texts through core/sms.py, after
commit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Course, Pathway
from ropdesk.core.formatting import day_text
from ropdesk.core.mail import language_code_for, message_queue
from ropdesk.core.models import MailMessage, Organization, SmsMessage, Student
from ropdesk.core.services import audit_record
from ropdesk.core.sms import InvalidPhoneNumber, SmsTooLong, is_stop, phone_e164, sms_queue
from ropdesk.core.tokens import token_hash, token_new
from ropdesk.outcomes import queries, rules
from ropdesk.outcomes.hires import hire_confirm
from ropdesk.outcomes.models import (
    SMS_REFERENCE,
    Channel,
    Employment,
    Exit,
    FollowUpInvitation,
    FollowUpLink,
    FollowUpResponse,
    FollowUpWave,
    Military,
    NontraditionalDesignation,
    Postsecondary,
)

# --- exits ------------------------------------------------------------------------------------


def _exit_save(
    *,
    student: Student,
    exit_date: date,
    completion_code: str,
    graduated: bool,
    diploma_date: date | None,
    grade_at_exit: str,
    graduation_cohort: str,
    source: str,
) -> Exit:
    if diploma_date and not graduated:
        raise ValidationError(_("A diploma date is given but the student did not graduate."))
    found, _created = Exit.objects.update_or_create(
        student=student,
        defaults={
            "district": student.district_of_residence,
            "exit_date": exit_date,
            "exit_year": rules.school_year_of(exit_date),
            "completion_code": completion_code,
            "graduated": graduated,
            "diploma_date": diploma_date if graduated else None,
            "grade_at_exit": grade_at_exit,
            "graduation_cohort": graduation_cohort,
            "source": source,
        },
    )
    return found


@transaction.atomic(durable=True)
def exit_record(
    *,
    actor: Any,
    student: Student,
    exit_date: date,
    completion_code: str,
    graduated: bool,
    diploma_date: date | None = None,
    grade_at_exit: str = "12",
    graduation_cohort: str = "",
) -> Exit:
    """Record (or correct) a student's exit as a staff member enters it."""
    found = _exit_save(
        student=student,
        exit_date=exit_date,
        completion_code=completion_code.strip(),
        graduated=graduated,
        diploma_date=diploma_date,
        grade_at_exit=grade_at_exit,
        graduation_cohort=graduation_cohort or rules.school_year_of(exit_date),
        source=Exit.Source.ENTERED,
    )
    audit_record(actor=actor, action="exit_record", obj=found, code=found.completion_code)
    return found


@transaction.atomic(durable=True)
def exits_import(*, actor: Any, rows: list[dict[str, Any]], file_name: str) -> int:
    """Save the rows of a district exit file that `imports.read_exits` checked, all at once."""
    for row in rows:
        _exit_save(source=Exit.Source.DISTRICT_FILE, **row)
    county = Organization.objects.filter(kind=Organization.Kind.COUNTY).first()
    if county is not None:
        audit_record(actor=actor, action="exits_import", obj=county, file=file_name, rows=len(rows))
    return len(rows)


# --- waves ------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def wave_create(
    *,
    actor: Any,
    exit_year: str,
    population: str = FollowUpWave.Population.COMPLETERS,
    opens_on: date | None = None,
    closes_on: date | None = None,
    channels: list[str] | None = None,
    target_response_rate: int | None = None,
) -> FollowUpWave:
    """A new follow-up wave of an exit year, with the defaults of rules.py where not given."""
    rules.year_bounds(exit_year)  # refuses "2026" or "2025-2027"
    default_open, default_close = rules.wave_default_dates(exit_year)
    wave = FollowUpWave(
        exit_year=exit_year,
        population=population,
        opens_on=opens_on or default_open,
        closes_on=closes_on or default_close,
        channels=channels or [Channel.EMAIL, Channel.LETTER, Channel.PHONE],
        reminder_days=list(rules.setting("REMINDER_DAYS")),
        phone_from_day=int(rules.setting("PHONE_FROM_DAY")),
        target_response_rate=(
            rules.setting("TARGET_RESPONSE_RATE")
            if target_response_rate is None
            else target_response_rate
        ),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if wave.opens_on > wave.closes_on:
        raise ValidationError(_("The wave must open before it closes."))
    if FollowUpWave.objects.filter(exit_year=exit_year, population=population).exists():
        raise ValidationError(_("There is already a wave for this exit year and population."))
    wave.save()
    audit_record(actor=actor, action="wave_create", obj=wave, exit_year=exit_year)
    return wave


def _language_of(student: Student) -> str:
    return language_code_for(student.home_language) or "en"


def _new_link(invitation: FollowUpInvitation, channel: str) -> str:
    """A new personal link for one channel; returns the token (only its hash is kept)."""
    token = token_new()
    FollowUpLink.objects.create(
        invitation=invitation, token_hash=token_hash(token), channel=channel
    )
    return token


def link_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("outcomes_survey", args=[token])


def _mail_link(invitation: FollowUpInvitation, *, reminder: bool) -> None:
    wave = invitation.wave
    url = link_url(wave.base_url, _new_link(invitation, Channel.EMAIL))
    name = invitation.student.preferred_name or invitation.student.legal_first_name

    def compose() -> tuple[str, str]:
        subject = (
            _("Reminder: tell us what you are doing now")
            if reminder
            else _("Tell us what you are doing now: the ROP follow-up survey")
        )
        body = _(
            "Dear %(name)s,\n\nYou took ROP courses and left high school in %(year)s. Please "
            "take three minutes to tell us whether you are in school, working or serving, so "
            "that the program can improve. Your personal link, valid until %(until)s:\n\n"
            "%(url)s\n\nIf you do not want to hear from us again, open the link and choose "
            '"Do not contact me again".'
        ) % {
            "name": name,
            "year": wave.exit_year,
            "until": day_text(invitation.valid_until),
            "url": url,
        }
        return subject, body

    message_queue(
        kind="outcomes.followup.reminder" if reminder else "outcomes.followup.invitation",
        to=[invitation.email],
        compose=compose,
        language=invitation.language,
    )


def sms_text(invitation: FollowUpInvitation, url: str, *, reminder: bool) -> str:
    """The text of a follow-up SMS in the active language: short (two segments with the link)
    and ending with how to opt out."""
    name = (invitation.student.preferred_name or invitation.student.legal_first_name)[:20]
    if reminder:
        text = _(
            "ROP reminder: %(name)s, please tell us what you are doing now (3 minutes): "
            "%(url)s Reply STOP to opt out."
        )
    else:
        text = _(
            "ROP follow-up: %(name)s, tell us if you are in school, working or serving "
            "(3 minutes): %(url)s Reply STOP to opt out."
        )
    return text % {"name": name, "url": url}


def _sms_link(invitation: FollowUpInvitation, *, reminder: bool) -> bool:
    """Text the invitation's phone a new personal link, in the invitation's language. A number
    no text can go to (or a text too long for two segments) is recorded as the invitation's
    text bounce, with the reason, instead of failing the wave. Returns whether one was queued."""
    if invitation.sms_bounced_at or not invitation.phone:
        return False
    try:
        phone_e164(invitation.phone)
    except InvalidPhoneNumber as refused:
        _sms_bounce(invitation, str(refused))
        return False
    url = link_url(invitation.wave.base_url, _new_link(invitation, Channel.SMS))
    try:
        sms_queue(
            kind="outcomes.followup.reminder" if reminder else "outcomes.followup.invitation",
            to=invitation.phone,
            compose=lambda: sms_text(invitation, url, reminder=reminder),
            language=invitation.language,
            reference=f"{SMS_REFERENCE}{invitation.pk}",
        )
    except (InvalidPhoneNumber, SmsTooLong) as refused:
        _sms_bounce(invitation, str(refused))
        return False
    return True


def _sms_bounce(invitation: FollowUpInvitation, reason: str, actor: Any = None) -> None:
    FollowUpInvitation.objects.filter(pk=invitation.pk).update(
        sms_bounced_at=timezone.now(), sms_bounce_reason=reason[:200]
    )
    invitation.sms_bounced_at = timezone.now()
    audit_record(actor=actor, action="followup_sms_bounce", obj=invitation, reason=reason[:200])


def _wants_sms(wave: FollowUpWave) -> bool:
    return Channel.SMS in wave.channels


@transaction.atomic(durable=True)
def wave_open(*, actor: Any, wave: FollowUpWave, base_url: str) -> int:
    """Invite the wave's population: one invitation per former student, and the first e-mail
    with a personal link to everyone with an address (and, when the wave has the SMS channel,
    a text with another link to everyone with a phone). Opening again adds only newcomers (an
    exit imported late). Returns how many were invited now."""
    wave = FollowUpWave.objects.select_for_update().get(pk=wave.pk)
    if timezone.localdate() > wave.closes_on:
        raise ValidationError(_("The wave has closed."))
    wave.base_url = base_url
    wave.opened_at = wave.opened_at or timezone.now()
    wave.save(update_fields=["base_url", "opened_at"])
    already = set(wave.invitations.values_list("student_id", flat=True))
    valid_until = max(
        wave.closes_on, timezone.localdate() + timedelta(rules.setting("LINK_VALID_DAYS"))
    )
    added = 0
    for found in queries.wave_population(wave):
        if found.student_id in already:
            continue
        student = found.student
        invitation = FollowUpInvitation.objects.create(
            wave=wave,
            student=student,
            email=student.email,
            phone=student.phone,
            language=_language_of(student),
            valid_until=valid_until,
            uses_left=rules.setting("LINK_USES"),
        )
        sent = False
        if Channel.EMAIL in wave.channels and invitation.email:
            _mail_link(invitation, reminder=False)
            sent = True
        if _wants_sms(wave) and _sms_link(invitation, reminder=False):
            sent = True
        if sent:
            invitation.sent_at = timezone.now()
            invitation.save(update_fields=["sent_at"])
        added += 1
    audit_record(actor=actor, action="wave_open", obj=wave, invited=added)
    return added


@transaction.atomic(durable=True)
def wave_send_start(*, actor: Any, wave: FollowUpWave, base_url: str) -> FollowUpWave:
    """Hand the sending of a wave's invitations to the worker (outcomes/tasks.py), once the
    request's transaction commits; the wave shows as opened from now on."""
    from ropdesk.outcomes.tasks import wave_open_task

    if timezone.localdate() > wave.closes_on:
        raise ValidationError(_("The wave has closed."))
    FollowUpWave.objects.filter(pk=wave.pk, opened_at__isnull=True).update(
        opened_at=timezone.now(), base_url=base_url
    )
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    transaction.on_commit(
        lambda: wave_open_task.enqueue(wave_id=wave.pk, actor_id=actor_id, base_url=base_url)
    )
    audit_record(actor=actor, action="wave_send_start", obj=wave)
    return wave


def _reminders_due(wave: FollowUpWave, today: date) -> int:
    """How many reminders should have gone out by today (days 7 and 14: two from day 14)."""
    day = (today - wave.opens_on).days
    return sum(1 for d in wave.reminder_days if day >= d)


def reminders_send(*, today: date) -> list[FollowUpInvitation]:
    """The daily job (ROPDESK["SCHEDULE"]): each open wave's e-mail (and, with the SMS channel,
    text) reminders that are due. An invitation that answered or opted out (STOP) gets none;
    a bounced e-mail gets no more e-mail, a bounced text no more texts; running twice sends
    nothing twice (reminder_count moves only forward, under a conditional update)."""
    sent = []
    waves = FollowUpWave.objects.filter(
        opened_at__isnull=False, opens_on__lte=today, closes_on__gte=today
    )
    for wave in waves:
        bounces_record(wave=wave)
        due = _reminders_due(wave, today)
        wants_mail, wants_sms = Channel.EMAIL in wave.channels, _wants_sms(wave)
        reachable = Q(pk__in=[])
        if wants_mail:
            reachable |= Q(bounced_at__isnull=True) & ~Q(email="")
        if wants_sms:
            reachable |= Q(sms_bounced_at__isnull=True) & ~Q(phone="")
        pending = wave.invitations.filter(
            reachable,
            reminder_count__lt=due,
            completed_at__isnull=True,
            opted_out_at__isnull=True,
        )
        for invitation in pending.select_related("student", "wave"):
            with transaction.atomic():
                claimed = FollowUpInvitation.objects.filter(
                    pk=invitation.pk, reminder_count=invitation.reminder_count
                ).update(reminder_count=F("reminder_count") + 1, last_reminded_at=timezone.now())
                if claimed:
                    if wants_mail and invitation.email and not invitation.bounced_at:
                        _mail_link(invitation, reminder=True)
                    if wants_sms:
                        _sms_link(invitation, reminder=True)
                    sent.append(invitation)
    return sent


@transaction.atomic(durable=True)
def letter_links(*, actor: Any, wave: FollowUpWave) -> list[tuple[FollowUpInvitation, str]]:
    """A new letter link for everyone not yet answered or opted out (for printing)."""
    found = []
    for invitation in queries.phone_list(wave).select_related("wave"):
        found.append(
            (invitation, link_url(wave.base_url or "", _new_link(invitation, Channel.LETTER)))
        )
    audit_record(actor=actor, action="wave_letters", obj=wave, letters=len(found))
    return found


# --- the personal link ------------------------------------------------------------------------


class LinkRefused(Exception):
    """Why a link does not open the survey: unknown, expired, used up, opted out, closed."""

    def __init__(self, reason: str, language: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.language = language  # the invitation's, when the link is known


def link_resolve(token: str, *, today: date) -> FollowUpLink:
    """The link a token belongs to, if it still opens the survey; else LinkRefused saying why."""
    link = (
        FollowUpLink.objects.select_related("invitation__wave", "invitation__student")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None:
        raise LinkRefused("unknown")
    invitation = link.invitation
    if invitation.opted_out_at:
        raise LinkRefused("opted_out", invitation.language)
    if invitation.uses_left <= 0:
        raise LinkRefused("used", invitation.language)
    if today > invitation.valid_until:
        raise LinkRefused("expired", invitation.language)
    return link


@transaction.atomic(durable=True)
def link_opened(*, link: FollowUpLink) -> None:
    FollowUpInvitation.objects.filter(pk=link.invitation_id, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )


@transaction.atomic(durable=True)
def invitation_opt_out(*, invitation: FollowUpInvitation, actor: Any = None) -> None:
    """No more e-mail, letters or calls for this wave (the person's own choice)."""
    FollowUpInvitation.objects.filter(pk=invitation.pk, opted_out_at__isnull=True).update(
        opted_out_at=timezone.now()
    )
    audit_record(actor=actor, action="followup_opt_out", obj=invitation)


@transaction.atomic(durable=True)
def invitation_bounce(*, invitation: FollowUpInvitation, reason: str, actor: Any = None) -> None:
    """The e-mail came back: no more reminders to it; the person moves to the phone list."""
    FollowUpInvitation.objects.filter(pk=invitation.pk).update(
        bounced_at=timezone.now(), bounce_reason=reason[:200]
    )
    audit_record(actor=actor, action="followup_bounce", obj=invitation, reason=reason[:200])


def bounces_record(*, wave: FollowUpWave) -> int:
    """Mark as bounced the invitations whose follow-up mail the mail server refused for good
    (core/mail.py marks such a message failed after its last try)."""
    failed = MailMessage.objects.filter(
        kind__startswith="outcomes.followup.",
        status=MailMessage.Status.FAILED,
        created_at__gte=wave.opened_at,
    )
    found = 0
    for invitation in wave.invitations.filter(bounced_at__isnull=True).exclude(email=""):
        message = failed.filter(to__iexact=invitation.email).first()
        if message is not None:
            invitation_bounce(invitation=invitation, reason=message.last_error or "failed")
            found += 1
    return found + sms_bounces_record(wave=wave)


def sms_bounces_record(*, wave: FollowUpWave) -> int:
    """Mark as text-bounced the invitations whose follow-up text the provider refused for
    good (core/sms.py marks it failed: a final refusal, or the last try)."""
    if wave.opened_at is None:
        return 0
    failed = {
        message.reference: message.last_error
        for message in SmsMessage.objects.filter(
            reference__startswith=SMS_REFERENCE,
            status=SmsMessage.Status.FAILED,
            created_at__gte=wave.opened_at,
        ).order_by("created_at")
    }
    found = 0
    for invitation in wave.invitations.filter(sms_bounced_at__isnull=True).exclude(phone=""):
        reason = failed.get(f"{SMS_REFERENCE}{invitation.pk}")
        if reason is not None:
            with transaction.atomic():
                _sms_bounce(invitation, reason or "failed")
            found += 1
    return found


@transaction.atomic(durable=True)
def sms_inbound(*, from_number: str, body: str) -> int:
    """A text from a former student (the provider's webhook). A stop word (STOP, ALTO, ...:
    core/sms.STOP_WORDS) opts out every invitation that was texted at that number: no more
    texts, e-mail, letters or calls for the wave. Returns how many were opted out."""
    if not is_stop(body):
        return 0
    try:
        number = phone_e164(from_number)
    except InvalidPhoneNumber:
        return 0
    pks = {
        int(reference.removeprefix(SMS_REFERENCE))
        for reference in SmsMessage.objects.filter(
            to=number, reference__startswith=SMS_REFERENCE
        ).values_list("reference", flat=True)
        if reference.removeprefix(SMS_REFERENCE).isdigit()
    }
    stopped = 0
    for invitation in FollowUpInvitation.objects.filter(pk__in=pks, opted_out_at__isnull=True):
        FollowUpInvitation.objects.filter(pk=invitation.pk).update(opted_out_at=timezone.now())
        audit_record(actor=None, action="followup_opt_out", obj=invitation, channel="sms")
        stopped += 1
    return stopped


@transaction.atomic(durable=True)
def call_record(*, actor: Any, invitation: FollowUpInvitation, note: str) -> None:
    """A call that reached nobody (or a wrong number): counted, with the caller's note."""
    FollowUpInvitation.objects.filter(pk=invitation.pk).update(
        call_attempts=F("call_attempts") + 1, last_call_note=note[:200]
    )
    audit_record(actor=actor, action="followup_call", obj=invitation, note=note[:200])


# --- answers ----------------------------------------------------------------------------------

ANSWER_FIELDS = (
    "postsecondary",
    "apprenticeship",
    "military",
    "national_service",
    "employment",
    "hours_per_week",
    "related_to_pathway",
    "employer",
    "job_title",
    "seeking_work",
    "not_in_labor_force",
    "satisfaction",
    "consent_later_contact",
)


# What an answer left out means: no status, no hours, not known.
_DEFAULTS: dict[str, Any] = {
    **{name: "" for name in ("postsecondary", "military", "employment", "employer", "job_title")},
    **{name: False for name in ("apprenticeship", "national_service", "seeking_work")},
    **{name: False for name in ("not_in_labor_force", "consent_later_contact")},
    **{name: None for name in ("hours_per_week", "related_to_pathway", "satisfaction")},
}


def answers_check(answers: dict[str, Any], *, proxy: bool) -> dict[str, str]:
    """The answers' errors by field (empty: fine). Several statuses may be given at once,
    but "not working" excludes being employed."""
    errors: dict[str, str] = {}
    choices = {
        "postsecondary": Postsecondary.values,
        "military": Military.values,
        "employment": Employment.values,
    }
    for name, allowed in choices.items():
        if answers.get(name, "") not in allowed:
            errors[name] = _("Choose one of the listed answers.")
    if answers.get("employment") and answers.get("not_in_labor_force"):
        errors["not_in_labor_force"] = _(
            "Someone who is employed is in the labor force; choose one."
        )
    hours = answers.get("hours_per_week")
    if hours is not None and not (0 < int(hours) <= 99):
        errors["hours_per_week"] = _("Hours a week are between 1 and 99.")
    satisfaction = answers.get("satisfaction")
    if satisfaction is not None:
        if proxy:
            errors["satisfaction"] = _("Only the former student answers this question.")
        elif not (1 <= int(satisfaction) <= 5):
            errors["satisfaction"] = _("Choose 1 to 5.")
    return errors


def _save_answer(
    *,
    invitation: FollowUpInvitation,
    channel: str,
    answers: dict[str, Any],
    respondent: str,
    proxy_name: str,
    proxy_relationship: str,
    entered_by: Any,
    language: str,
    answered_at: Any = None,
    started_on: date | None = None,
) -> FollowUpResponse:
    proxy = respondent == FollowUpResponse.Respondent.PROXY
    errors = answers_check(answers, proxy=proxy)
    if proxy and not proxy_relationship.strip():
        errors["proxy_relationship"] = _("Say who answered for the former student.")
    if errors:
        raise ValidationError(errors)
    exit_on = invitation.student.exit.exit_date
    start, end = rules.second_quarter_after(exit_on)
    values = {name: answers.get(name, _DEFAULTS[name]) for name in ANSWER_FIELDS}
    for text in ("postsecondary", "military", "employment", "employer", "job_title"):
        values[text] = values[text] or ""
    response, _created = FollowUpResponse.objects.update_or_create(
        invitation=invitation,
        defaults={
            **values,
            "channel": channel,
            "respondent": respondent,
            "proxy_name": proxy_name.strip() if proxy else "",
            "proxy_relationship": proxy_relationship.strip() if proxy else "",
            "reference_quarter_start": start,
            "reference_quarter_end": end,
            "psts_codes": queries.psts_codes_for(values),
            "answered_at": answered_at or timezone.now(),
            "entered_by": entered_by if getattr(entered_by, "pk", None) else None,
            "language": language,
            "employment_started_on": started_on if values["employment"] else None,
        },
    )
    hire_confirm(response)  # a hire from the portfolio the answer confirms (outcomes/hires.py)
    # Each answer uses the link once (LimeSurvey's usesleft); staff entries use it too, so a
    # link mailed earlier cannot overwrite what was said on the phone.
    FollowUpInvitation.objects.filter(pk=invitation.pk).update(
        completed_at=response.answered_at, uses_left=max(invitation.uses_left - 1, 0)
    )
    return response


@transaction.atomic(durable=True)
def response_submit(
    *, token: str, answers: dict[str, Any], today: date, started_on: date | None = None
) -> FollowUpResponse:
    """The former student's answers from a personal link; one use of the link. The link is
    checked again under a lock, so two tabs cannot both use the last use."""
    link = link_resolve(token, today=today)
    invitation = FollowUpInvitation.objects.select_for_update().get(pk=link.invitation_id)
    link = link_resolve(token, today=today)
    response = _save_answer(
        invitation=invitation,
        channel=link.channel,
        answers=answers,
        respondent=FollowUpResponse.Respondent.SELF,
        proxy_name="",
        proxy_relationship="",
        entered_by=None,
        language=translation.get_language() or "en",
        started_on=started_on,
    )
    audit_record(actor=None, action="followup_answer", obj=response, channel=link.channel)
    return response


@transaction.atomic(durable=True)
def response_enter(
    *,
    actor: Any,
    invitation: FollowUpInvitation,
    answers: dict[str, Any],
    respondent: str = FollowUpResponse.Respondent.SELF,
    proxy_name: str = "",
    proxy_relationship: str = "",
    channel: str = Channel.PHONE,
    answered_at: Any = None,
) -> FollowUpResponse:
    """Answers staff enter while calling (or gathered elsewhere), by the person or a proxy."""
    invitation = FollowUpInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.opted_out_at:
        raise ValidationError(_("This former student asked not to be contacted."))
    response = _save_answer(
        invitation=invitation,
        channel=channel,
        answers=answers,
        respondent=respondent,
        proxy_name=proxy_name,
        proxy_relationship=proxy_relationship,
        entered_by=actor,
        language=translation.get_language() or "en",
        answered_at=answered_at,
    )
    audit_record(actor=actor, action="followup_answer", obj=response, channel=channel)
    return response


@transaction.atomic(durable=True)
def responses_import(*, actor: Any, rows: list[dict[str, Any]], file_name: str) -> int:
    """Save the answers of a follow-up file that `imports.read_followup` checked, all at once."""
    for row in rows:
        _save_answer(
            invitation=row["invitation"],
            channel=Channel.IMPORT,
            answers=row["answers"],
            respondent=row["respondent"],
            proxy_name="",
            proxy_relationship=row["proxy_relationship"],
            entered_by=actor,
            language="en",
            answered_at=row["answered_at"],
        )
    for wave in {row["invitation"].wave for row in rows}:
        audit_record(
            actor=actor, action="followup_import", obj=wave, file=file_name, rows=len(rows)
        )
    return len(rows)


# --- the nontraditional crosswalk -------------------------------------------------------------


@transaction.atomic(durable=True)
def designation_save(
    *,
    actor: Any,
    pathway: Pathway | None = None,
    course: Course | None = None,
    nontraditional_for: str,
    women_percent: Any = None,
    soc_codes: list[str] | None = None,
    target_percent: int = 25,
    source: str,
    source_year: int | None = None,
) -> NontraditionalDesignation:
    """Set (or correct) the designation of a pathway or of one course."""
    if (pathway is None) == (course is None):
        raise ValidationError(_("A designation is for one pathway or one course."))
    if nontraditional_for not in NontraditionalDesignation.For.values:
        raise ValidationError(_("Nontraditional for women, for men, or neither."))
    if not source.strip():
        raise ValidationError({"source": _("Give the source of the share.")})
    found, _created = NontraditionalDesignation.objects.update_or_create(
        pathway=pathway,
        course=course,
        defaults={
            "nontraditional_for": nontraditional_for,
            "women_percent": women_percent,
            "soc_codes": soc_codes or [],
            "target_percent": target_percent,
            "source": source.strip(),
            "source_year": source_year,
            "edited_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    audit_record(actor=actor, action="designation_save", obj=found, nt_for=nontraditional_for)
    return found
