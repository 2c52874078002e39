"""Writes of attendance: marks, corrections, certification, adjustments, on-the-job hours.

Every write recomputes the credited minutes with attendance.rules, in the same transaction as
its audit event. Pages, imports and commands all call these functions.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ropdesk.attendance import topics
from ropdesk.attendance.models import (
    AttendanceAdjustment,
    AttendanceCertification,
    AttendanceRecord,
    OnTheJobHours,
)
from ropdesk.attendance.periods import period_window
from ropdesk.attendance.queries import certification_covering, roster_for, was_on_roster
from ropdesk.attendance.rules import (
    OnTheJobEntry,
    credited_minutes,
    ojt_credited_minutes,
    on_the_job_day_within_enrollment,
)
from ropdesk.core import versions
from ropdesk.core.formatting import day_text
from ropdesk.core.models import AuditEvent, User
from ropdesk.core.services import audit_record
from ropdesk.core.types import Actor, recorded
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting, SchoolYear, Section


class AttendanceLocked(ValidationError):
    """The record is in a certified period: only an office adjustment with a reason changes it."""


def _actor(actor: Actor | None) -> User | None:
    return recorded(actor)


def _time_text(moment: time | None) -> str | None:
    return moment.strftime("%H:%M") if moment else None


def locked_message(certification: AttendanceCertification) -> str:
    return _(
        "Attendance through %(day)s was certified for %(period)s by %(who)s on %(when)s. "
        "A correction now needs an office adjustment with a reason."
    ) % {
        "day": date_format(certification.covers_through, "DATE_FORMAT"),
        "period": certification.get_period_display(),
        "who": certification.certified_by or _("the office"),
        "when": date_format(timezone.localtime(certification.certified_at), "DATE_FORMAT"),
    }


def validate_times(arrived: time | None, departed: time | None) -> None:
    if (arrived is None) != (departed is None):
        field = "departed" if departed is None else "arrived"
        raise ValidationError(
            {field: _("Give both the arrival and the departure time, or neither for absent.")}
        )
    if arrived is not None and departed is not None and arrived >= departed:
        raise ValidationError({"departed": _("The student must leave after arriving.")})


def _check_can_record(meeting: Meeting, enrollment: Enrollment, today: date) -> None:
    if meeting.section.needs_setup:  # imported without mode, pattern or course hours (interop)
        raise ValidationError(_("This section needs setup by the office before attendance."))
    if enrollment.section_id != meeting.section_id:
        raise ValidationError(_("This student is not enrolled in this section."))
    if meeting.date > today:
        raise ValidationError(_("This meeting has not happened yet."))
    if not was_on_roster(enrollment, meeting.date):
        raise ValidationError(_("This student was not enrolled on the day of this meeting."))


@dataclass(frozen=True)
class MarkResult:
    record: AttendanceRecord
    created: bool
    changed: bool
    # Someone else's change that this one replaced, when it came after the page was loaded.
    overwrote_by: Any = None
    overwrote_at: datetime | None = None


def _write_mark(
    *,
    actor: Actor | None,
    meeting: Meeting,
    enrollment: Enrollment,
    arrived: time | None,
    departed: time | None,
    source: str,
    seen: str | None,
    audit: bool = True,
) -> MarkResult:
    validate_times(arrived, departed)
    minutes = credited_minutes(meeting.start_time, meeting.end_time, arrived, departed)
    before = (
        AttendanceRecord.objects.select_for_update(of=("self",))
        .select_related("recorded_by")
        .filter(enrollment=enrollment, meeting=meeting)
        .order_by("pk")  # one record at most; the default order would join five tables
        .first()
    )
    if before is not None and (before.arrived, before.departed) == (arrived, departed):
        return MarkResult(before, created=False, changed=False)
    record, created = AttendanceRecord.objects.update_or_create(
        enrollment=enrollment,
        meeting=meeting,
        defaults={
            "arrived": arrived,
            "departed": departed,
            "credited_minutes": minutes,
            "source": source,
            "recorded_by": _actor(actor),
        },
    )
    overwrote_by = overwrote_at = None
    if before is not None and audit:
        audit_record(
            actor=actor,
            action="attendance.correct",
            obj=record,
            meeting=meeting.pk,
            student=enrollment.student_id,
            before=[_time_text(before.arrived), _time_text(before.departed)],
            after=[_time_text(arrived), _time_text(departed)],
            source=source,
        )
        someone_else = before.recorded_by_id != getattr(actor, "pk", None)
        if seen is not None and someone_else and seen != before.recorded_at.isoformat():
            overwrote_by, overwrote_at = before.recorded_by, before.recorded_at
    return MarkResult(record, created, True, overwrote_by, overwrote_at)


def attendance_mark(
    *,
    actor: Actor | None,
    meeting: Meeting,
    enrollment: Enrollment,
    arrived: time | None,
    departed: time | None,
    source: str = AttendanceRecord.Source.PAGE,
    seen: str | None = None,
) -> MarkResult:
    """Record one student's attendance at one meeting (absent when both times are None).

    One student per call, against the unique (enrollment, meeting) constraint, so that two
    people taking the same meeting's attendance never undo each other's other students. For
    the same student the last write wins; `seen` (the record's recorded_at when the writer's
    page was drawn) lets the result say whose change it replaced.
    """
    with transaction.atomic(durable=True):
        _check_can_record(meeting, enrollment, timezone.localdate())
        certification = certification_covering(meeting.section_id, meeting.date)
        if certification is not None:
            raise AttendanceLocked(locked_message(certification))
        return _write_mark(
            actor=actor,
            meeting=meeting,
            enrollment=enrollment,
            arrived=arrived,
            departed=departed,
            source=source,
            seen=seen,
        )


def attendance_mark_rest_present(*, actor: Actor | None, meeting: Meeting) -> int:
    """Mark every student of the meeting who has no record yet present for the whole meeting.
    Never touches a record that exists, whoever made it. Returns how many were marked."""
    with transaction.atomic(durable=True):
        if meeting.date > timezone.localdate():
            raise ValidationError(_("This meeting has not happened yet."))
        if meeting.section.needs_setup:  # imported incomplete (interop "needs setup")
            raise ValidationError(_("This section needs setup by the office before attendance."))
        certification = certification_covering(meeting.section_id, meeting.date)
        if certification is not None:
            raise AttendanceLocked(locked_message(certification))
        have = set(meeting.attendance.values_list("enrollment_id", flat=True))
        start, end = meeting.start_time, meeting.end_time
        minutes = credited_minutes(start, end, start, end)
        new = [
            AttendanceRecord(
                enrollment=enrollment,
                meeting=meeting,
                arrived=start,
                departed=end,
                credited_minutes=minutes,
                source=AttendanceRecord.Source.PAGE,
                recorded_by=_actor(actor),
            )
            for enrollment in roster_for(meeting)
            if enrollment.pk not in have
        ]
        # A mark made meanwhile by someone else wins over "present by default".
        topics.records_changed(meeting.section.instructor_id)  # a bulk write sends no signal
        AttendanceRecord.objects.bulk_create(new, ignore_conflicts=True)
        marked = meeting.attendance.count() - len(have)
        if marked:
            audit_record(
                actor=actor, action="attendance.mark_rest_present", obj=meeting, count=marked
            )
        return marked


def attendance_certify(
    *, actor: Actor | None, section: Section, school_year: SchoolYear, period: str
) -> AttendanceCertification:
    """Certify a section's attendance for a period, through the period's end or today,
    whichever is earlier. Locks every record of its meetings up to that day."""
    outcome = attendance_certify_sections(
        actor=actor, sections=[section], school_year=school_year, period=period
    )
    if outcome.refused:
        raise ValidationError(outcome.refused[0].reason, code="already_certified")
    return outcome.certified[0]


@dataclass(frozen=True)
class Refusal:
    """A section left uncertified, and why, in words for the office."""

    section: Section
    reason: str


@dataclass(frozen=True)
class CertifyOutcome:
    through: date
    certified: list[AttendanceCertification]
    refused: list[Refusal]


def certify_through(school_year: SchoolYear, period: str) -> date:
    """The last day a certification made today covers: the period's end, or today."""
    window = period_window(school_year.start_date, school_year.end_date, period)
    through = min(window.end, timezone.localdate())
    if through < window.start:
        raise ValidationError(_("This period has not started yet."))
    return through


def attendance_certify_sections(
    *,
    actor: Actor | None,
    sections: Iterable[Section],
    school_year: SchoolYear,
    period: str,
) -> CertifyOutcome:
    """Certify many sections for a period at once (the office's bulk certification), in one
    transaction and a fixed number of queries whatever their number. A section that cannot be
    certified (already certified through the day, or not of this school year) is left out and
    named with the reason; the others are certified together, or none if the write fails."""
    through = certify_through(school_year, period)
    chosen = {section.pk: section for section in sections}
    try:
        return _certify_many(
            actor=actor,
            chosen=chosen,
            school_year=school_year,
            period=period,
            through=through,
        )
    except IntegrityError as error:
        # Only a certification written between our check and our insert can get here (the
        # section locks make it unlikely); the unique constraint makes it harmless.
        if len(chosen) == 1:
            [section] = chosen.values()
            raise ValidationError(
                _already_message(section, through), code="already_certified"
            ) from error
        raise ValidationError(
            _(
                "Someone certified some of these sections at the same moment; nothing was "
                "certified. Show the sections again and certify those still open."
            ),
            code="already_certified",
        ) from error


def _already_message(section: Section, through: date) -> str:
    return _("%(section)s is already certified through %(day)s.") % {
        "section": section.code,
        "day": date_format(through, "DATE_FORMAT"),
    }


def _certify_many(
    *,
    actor: Actor | None,
    chosen: dict[int, Section],
    school_year: SchoolYear,
    period: str,
    through: date,
) -> CertifyOutcome:
    refused: list[Refusal] = []
    with transaction.atomic(durable=True):
        # Six clicks of "Certify" at once: the section rows are the locks they queue on
        # (FOR UPDATE on PostgreSQL, in a fixed order; SQLite's BEGIN IMMEDIATE serializes
        # writers), so later clicks see the first one's certifications (style.md rule 10).
        in_year = set(
            Section.objects.select_for_update()
            .filter(pk__in=list(chosen), term__school_year=school_year)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        done = set(
            AttendanceCertification.objects.filter(
                section_id__in=in_year, covers_through__gte=through
            ).values_list("section_id", flat=True)
        )
        for pk, section in sorted(chosen.items(), key=lambda item: item[1].code):
            if pk not in in_year:
                reason = _("%(section)s is not a section of the %(year)s school year.") % {
                    "section": section.code,
                    "year": school_year.name,
                }
                refused.append(Refusal(section, reason))
            elif pk in done:
                refused.append(Refusal(section, _already_message(section, through)))
        to_certify = sorted(in_year - done, key=lambda pk: chosen[pk].code)
        totals: dict[int, tuple[int, int]] = {
            row["meeting__section"]: (row["minutes"] or 0, row["count"])
            for row in AttendanceRecord.objects.filter(
                meeting__section__in=to_certify, meeting__date__lte=through
            )
            .values("meeting__section")
            .annotate(minutes=Sum("credited_minutes"), count=Count("pk"))
            .order_by()
        }
        certified_by = _actor(actor)
        certifications = AttendanceCertification.objects.bulk_create(
            [
                AttendanceCertification(
                    section=chosen[pk],
                    school_year=school_year,
                    period=period,
                    covers_through=through,
                    credited_minutes=totals.get(pk, (0, 0))[0],
                    record_count=totals.get(pk, (0, 0))[1],
                    certified_by=certified_by,
                )
                for pk in to_certify
            ]
        )
        # One audit event per certification, as when one section is certified.
        AuditEvent.objects.bulk_create(
            AuditEvent(
                actor=certified_by,
                action="attendance.certify",
                object_type=AttendanceCertification._meta.label_lower,
                object_id=str(certification.pk),
                details={
                    "section": certification.section.code,
                    "period": period,
                    "covers_through": through.isoformat(),
                    "minutes": certification.credited_minutes,
                },
            )
            for certification in certifications
        )
    return CertifyOutcome(through, certifications, refused)


def attendance_adjust(
    *,
    actor: Actor | None,
    meeting: Meeting,
    enrollment: Enrollment,
    arrived: time | None,
    departed: time | None,
    reason: str,
) -> AttendanceAdjustment:
    """Correct a certified record: the record takes the new times, and an adjustment keeps
    what it was, the reason and who made it, for the next report."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the adjustment.")})
    with transaction.atomic(durable=True):
        _check_can_record(meeting, enrollment, timezone.localdate())
        certification = certification_covering(meeting.section_id, meeting.date)
        if certification is None:
            raise ValidationError(
                _("This meeting is not certified; correct the attendance on its page.")
            )
        validate_times(arrived, departed)
        record = (
            AttendanceRecord.objects.select_for_update()
            .filter(enrollment=enrollment, meeting=meeting)
            .first()
        )
        before = (
            (None, None, 0)
            if record is None
            else (
                record.arrived,
                record.departed,
                record.credited_minutes,
            )
        )
        result = _write_mark(
            actor=actor,
            meeting=meeting,
            enrollment=enrollment,
            arrived=arrived,
            departed=departed,
            source=AttendanceRecord.Source.ADJUSTMENT,
            seen=None,
            audit=False,  # the adjustment's own event below says more
        )
        if not result.changed:
            raise ValidationError(_("These are the times already recorded; nothing to adjust."))
        adjustment = AttendanceAdjustment.objects.create(
            record=result.record,
            certification=certification,
            arrived_before=before[0],
            departed_before=before[1],
            minutes_before=before[2],
            arrived_after=arrived,
            departed_after=departed,
            minutes_after=result.record.credited_minutes,
            reason=reason,
            made_by=_actor(actor),
        )
        audit_record(
            actor=actor,
            action="attendance.adjust",
            obj=result.record,
            reason=reason,
            minutes_before=before[2],
            minutes_after=result.record.credited_minutes,
        )
        return adjustment


# --- On-the-job hours ---------------------------------------------------------------------------


def ojt_within_enrollment(enrollment: Enrollment, day: date) -> bool:
    """attendance.rules.on_the_job_day_within_enrollment for an enrollment in hand."""
    term = enrollment.section.term
    return on_the_job_day_within_enrollment(
        day,
        enrolled_on=enrollment.enrolled_on,
        ended_on=enrollment.ended_on,
        term_start=term.start_date,
        term_end=term.end_date,
    )


def ojt_outside_enrollment_message(enrollment: Enrollment, day: date) -> str:
    """Why a day of on-the-job hours is refused: the dates the enrollment covers."""
    term = enrollment.section.term
    begins = max(enrollment.enrolled_on or term.start_date, term.start_date)
    if enrollment.ended_on is not None and enrollment.ended_on <= term.end_date:
        last = enrollment.ended_on - timedelta(days=1)
    else:
        last = term.end_date
    return _(
        "%(day)s is outside the student's enrollment in %(section)s, which runs from "
        "%(first)s to %(last)s. Hours worked outside the enrollment do not count for "
        "attendance (EC 46300)."
    ) % {
        "day": day_text(day),
        "section": enrollment.section.code,
        "first": day_text(begins),
        "last": day_text(last),
    }


def ojt_recount(*, enrollment: Enrollment, kind: str, weeks: Iterable[date]) -> None:
    """Recompute the credited minutes of an enrollment's on-the-job entries in some weeks
    (the cap is weekly, so one entry's change can move another's credit). A day outside the
    enrollment credits nothing and takes no room under the cap (EC 46300)."""
    for monday in sorted(set(weeks)):
        entries = list(
            OnTheJobHours.objects.select_for_update().filter(
                enrollment=enrollment, kind=kind, date__range=(monday, monday + timedelta(days=6))
            )
        )
        inside = [e for e in entries if ojt_within_enrollment(enrollment, e.date)]
        credited: dict[Hashable, int] = dict.fromkeys((e.pk for e in entries), 0)
        versions.changed("attendance", "worksite")  # a bulk write sends no ORM signal
        credited.update(
            ojt_credited_minutes(
                kind,
                (
                    OnTheJobEntry(
                        e.pk, e.date, e.minutes, e.supervisor_approved, e.agreement_signed_on
                    )
                    for e in inside
                ),
            )
        )
        changed = [e for e in entries if e.credited_minutes != credited[e.pk]]
        now = timezone.now()  # bulk_update skips auto_now; the API's modified_since reads it
        for entry in changed:
            entry.credited_minutes, entry.updated_at = credited[entry.pk], now
        versions.changed("attendance", "worksite")  # a bulk write sends no ORM signal
        OnTheJobHours.objects.bulk_update(changed, ["credited_minutes", "updated_at"])


def _check_ojt_open(enrollment: Enrollment, day: date) -> None:
    certification = certification_covering(enrollment.section_id, day)
    if certification is not None:
        raise AttendanceLocked(locked_message(certification))


def _check_ojt_within_enrollment(enrollment: Enrollment, day: date) -> None:
    if not ojt_within_enrollment(enrollment, day):
        raise ValidationError({"date": ojt_outside_enrollment_message(enrollment, day)})


def ojt_record(
    *,
    actor: Actor | None,
    enrollment: Enrollment,
    kind: str,
    day: date,
    minutes: int,
    agreement_signed_on: date | None = None,
) -> OnTheJobHours:
    """Record (or change) one day's on-the-job minutes; a change withdraws any approval. A day
    outside the enrollment is refused (EC 46300)."""
    with transaction.atomic(durable=True):
        return ojt_write(
            actor=actor,
            enrollment=enrollment,
            kind=kind,
            day=day,
            minutes=minutes,
            agreement_signed_on=agreement_signed_on,
        )


def ojt_write(
    *,
    actor: Actor | None,
    enrollment: Enrollment,
    kind: str,
    day: date,
    minutes: int,
    agreement_signed_on: date | None = None,
) -> OnTheJobHours:
    """ojt_record's checks and write inside the caller's transaction (an import saves many
    days in one)."""
    if minutes <= 0 or minutes > 24 * 60:
        raise ValidationError({"minutes": _("Give the time worked that day, up to 24 hours.")})
    _check_ojt_within_enrollment(enrollment, day)
    with transaction.atomic():
        _check_ojt_open(enrollment, day)
        entry, created = OnTheJobHours.objects.update_or_create(
            enrollment=enrollment,
            kind=kind,
            date=day,
            defaults={
                "minutes": minutes,
                "agreement_signed_on": agreement_signed_on,
                "supervisor_approved_by": None,
                "supervisor_approved_at": None,
                "credited_minutes": 0,
                "recorded_by": _actor(actor),
            },
        )
        ojt_recount(enrollment=enrollment, kind=kind, weeks=[day - timedelta(day.weekday())])
        audit_record(
            actor=actor,
            action="ojt.record" if created else "ojt.change",
            obj=entry,
            minutes=minutes,
        )
        entry.refresh_from_db()
        return entry


def ojt_approve(*, actor: Actor | None, entry: OnTheJobHours) -> OnTheJobHours:
    """The site supervisor's approval of one day's hours (their signature on the time card).
    A day outside the enrollment cannot be approved (EC 46300)."""
    return ojt_approve_many(actor=actor, entries=[entry])[0]


def ojt_approve_many(*, actor: Any, entries: list[OnTheJobHours]) -> list[OnTheJobHours]:
    """Approve several days at once (a supervisor's week): all of them or, if one cannot be
    approved, none. Each week's credit is recounted once."""
    for entry in entries:
        _check_ojt_within_enrollment(entry.enrollment, entry.date)
    with transaction.atomic(durable=True):
        weeks: dict[tuple[int, str], set[date]] = {}
        for entry in entries:
            _check_ojt_open(entry.enrollment, entry.date)
            entry.supervisor_approved_by = _actor(actor)
            entry.supervisor_approved_at = timezone.now()
            entry.save(
                update_fields=["supervisor_approved_by", "supervisor_approved_at", "updated_at"]
            )
            weeks.setdefault((entry.enrollment_id, entry.kind), set()).add(
                entry.date - timedelta(entry.date.weekday())
            )
            audit_record(actor=actor, action="ojt.approve", obj=entry)
        by_id = {entry.enrollment_id: entry.enrollment for entry in entries}
        for (enrollment_id, kind), mondays in weeks.items():
            ojt_recount(enrollment=by_id[enrollment_id], kind=kind, weeks=mondays)
        for entry in entries:
            entry.refresh_from_db()
        return entries


def ojt_outside_enrollment_filter() -> Q:
    """On-the-job hours worked outside their enrollment, as a filter on OnTheJobHours:
    attendance.rules.on_the_job_day_within_enrollment, negated, in SQL."""
    begins = Coalesce(F("enrollment__enrolled_on"), F("enrollment__section__term__start_date"))
    return (
        Q(date__lt=begins)
        | Q(date__lt=F("enrollment__section__term__start_date"))
        | Q(date__gt=F("enrollment__section__term__end_date"))
        | Q(enrollment__ended_on__isnull=False, date__gte=F("enrollment__ended_on"))
    )


def ojt_days_outside_enrollment(enrollment_ids: Iterable[int]) -> dict[int, list[date]]:
    """The days of on-the-job hours logged outside their enrollment (entered before the rule
    refused them), by enrollment: attendance.rules.on_the_job_day_within_enrollment as a
    filter, in one query. The compliance dashboard lists them; they credit nothing."""
    outside = ojt_outside_enrollment_filter()
    found: dict[int, list[date]] = {}
    rows = (
        OnTheJobHours.objects.filter(enrollment_id__in=list(enrollment_ids))
        .filter(outside)
        .order_by("enrollment_id", "date")
        .values_list("enrollment_id", "date")
    )
    for enrollment_id, day in rows:
        found.setdefault(enrollment_id, []).append(day)
    return found
