"""Writes of marks and credits: grading periods, mark entry for a whole section, the office's
lock, and corrections after the lock (each with its reason and an audit record)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Course
from ropdesk.core.services import audit_record
from ropdesk.enrollment.models import Enrollment
from ropdesk.marks import rules
from ropdesk.marks.models import CourseCredit, GradingPeriod, Mark, MarkCorrection
from ropdesk.scheduling.models import Section, Term


@dataclass(frozen=True)
class MarkEntry:
    """One student's row of the section form: the mark and the credits earned (None: the
    section's credit value for a mark that earns credit, 0 otherwise)."""

    enrollment: Enrollment
    value: str
    credits_earned: Decimal | None = None


def course_credit_set(*, actor: Any, course: Course, credits: Decimal) -> CourseCredit:
    if credits < 0:
        raise ValidationError(_("Credits cannot be negative."))
    with transaction.atomic(durable=True):
        credit, _created = CourseCredit.objects.update_or_create(
            course=course, defaults={"credits": credits}
        )
        audit_record(actor=actor, action="marks.course_credit", obj=credit, credits=str(credits))
    return credit


def grading_period_create(
    *, actor: Any, term: Term, name: str, starts_on: date, ends_on: date, is_final: bool = False
) -> GradingPeriod:
    if starts_on > ends_on:
        raise ValidationError(_("A grading period cannot end before it starts."))
    if starts_on < term.start_date or ends_on > term.end_date:
        raise ValidationError(_("A grading period must lie within its term."))
    with transaction.atomic(durable=True):
        if GradingPeriod.objects.filter(term=term, name=name).exists():
            raise ValidationError(_("The term already has a grading period of that name."))
        if is_final and GradingPeriod.objects.filter(term=term, is_final=True).exists():
            raise ValidationError(_("The term already has its final grading period."))
        period = GradingPeriod.objects.create(
            term=term, name=name, starts_on=starts_on, ends_on=ends_on, is_final=is_final
        )
        audit_record(actor=actor, action="marks.grading_period_create", obj=period)
    return period


def grading_period_lock(*, actor: Any, grading_period: GradingPeriod) -> GradingPeriod:
    """The office locks the period: its marks become the marks of record."""
    with transaction.atomic(durable=True):
        period = GradingPeriod.objects.select_for_update().get(pk=grading_period.pk)
        if period.is_locked:
            raise ValidationError(_("This grading period is already locked."))
        period.locked_at = timezone.now()
        period.locked_by = actor if getattr(actor, "pk", None) else None
        period.save(update_fields=["locked_at", "locked_by"])
        audit_record(
            actor=actor,
            action="marks.grading_period_lock",
            obj=period,
            marks=period.marks.count(),
        )
    return period


def _credits(entry: MarkEntry, value: Decimal) -> Decimal:
    if entry.value not in rules.MARKS:
        raise ValidationError(_("%(mark)s is not a mark.") % {"mark": entry.value})
    earned = (
        rules.credits_for(entry.value, value)
        if entry.credits_earned is None
        else entry.credits_earned
    )
    if earned < 0 or earned > value:
        raise ValidationError(
            _("Credits earned must be between 0 and %(value)s.") % {"value": value}
        )
    if not rules.earns_credit(entry.value) and earned:
        raise ValidationError(_("A mark of %(mark)s earns no credit.") % {"mark": entry.value})
    return earned


def marks_record(
    *, actor: Any, section: Section, grading_period: GradingPeriod, entries: list[MarkEntry]
) -> int:
    """Enter or change the marks of a section for an open grading period, all or nothing.
    Returns how many marks were written (unchanged rows are left alone)."""
    if grading_period.term_id != section.term_id:
        raise ValidationError(_("The grading period belongs to another term."))
    value = rules.credit_value(section.course)
    written = 0
    with transaction.atomic(durable=True):
        period = GradingPeriod.objects.select_for_update().get(pk=grading_period.pk)
        if period.is_locked:
            raise ValidationError(
                _("%(period)s is locked: change a mark by a correction with a reason.")
                % {"period": period.name}
            )
        existing = {m.enrollment_id: m for m in Mark.objects.filter(grading_period=period)}
        now = timezone.now()
        for entry in entries:
            if entry.enrollment.section_id != section.pk:
                raise ValidationError(_("A student of another section was given."))
            earned = _credits(entry, value)
            mark = existing.get(entry.enrollment.pk)
            if mark and (mark.value, mark.credits_earned) == (entry.value, earned):
                continue
            if mark is None:
                mark = Mark(enrollment=entry.enrollment, grading_period=period)
            before = mark.value
            mark.value, mark.credits_attempted, mark.credits_earned = entry.value, value, earned
            mark.entered_by = actor if getattr(actor, "pk", None) else None
            mark.entered_at = now
            mark.save()
            audit_record(
                actor=actor,
                action="marks.mark_record",
                obj=mark,
                before=before,
                after=mark.value,
                credits_earned=str(earned),
            )
            written += 1
    return written


def mark_correct(
    *, actor: Any, mark: Mark, value: str, credits_earned: Decimal | None, reason: str
) -> MarkCorrection:
    """Change a mark of a locked grading period: the reason is required and kept."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the correction."))
    with transaction.atomic(durable=True):
        mark = Mark.objects.select_for_update().select_related("grading_period").get(pk=mark.pk)
        if not mark.grading_period.is_locked:
            raise ValidationError(_("The grading period is open: enter the mark on the form."))
        entry = MarkEntry(enrollment=mark.enrollment, value=value, credits_earned=credits_earned)
        earned = _credits(entry, mark.credits_attempted)
        correction = MarkCorrection.objects.create(
            mark=mark,
            old_value=mark.value,
            new_value=value,
            old_credits_earned=mark.credits_earned,
            new_credits_earned=earned,
            reason=reason.strip(),
            corrected_by=actor if getattr(actor, "pk", None) else None,
            corrected_at=timezone.now(),
        )
        mark.value, mark.credits_earned = value, earned
        mark.save(update_fields=["value", "credits_earned", "updated_at"])
        audit_record(
            actor=actor,
            action="marks.mark_correct",
            obj=mark,
            before=correction.old_value,
            after=value,
            reason=correction.reason,
        )
    return correction
