"""Attendance: one record per student per class meeting (arrived/departed; both empty means
absent) with the minutes it is credited; on-the-job hours of community-classroom and CVE
students; certifications that lock a period; adjustments made after one; attendance imports.

Crediting and counting rules live in attendance.rules; every write goes through
attendance.services, which recomputes `credited_minutes` on each change, so that reports are a
plain SUM in SQL.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ropdesk.attendance.periods import Period
from ropdesk.attendance.rules import hours
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting, SchoolYear, Section


class AttendanceRecord(models.Model):
    class Source(models.TextChoices):
        PAGE = "page", _("Attendance page")
        IMPORT = "import", _("Imported file")
        ADJUSTMENT = "adjustment", _("Office adjustment")
        DEMO = "demo", _("Demo data")

    # No index of its own: the unique (enrollment, meeting) index serves every lookup by
    # enrollment, and one B-tree fewer is written with each of a year's seven million records.
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="attendance", db_index=False
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    arrived = models.TimeField(_("arrived"), null=True, blank=True)
    departed = models.TimeField(_("departed"), null=True, blank=True)
    # attendance.rules.credited_minutes() of the meeting's schedule and these times.
    credited_minutes = models.PositiveIntegerField(_("credited minutes"), default=0)
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.PAGE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "enrollment"]
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "meeting"], name="attendance_unique"),
            models.CheckConstraint(
                name="attendance_times_both_or_neither",
                condition=(
                    models.Q(arrived__isnull=True, departed__isnull=True)
                    | models.Q(
                        arrived__isnull=False,
                        departed__isnull=False,
                        arrived__lt=models.F("departed"),
                    )
                ),
            ),
            models.CheckConstraint(
                name="attendance_absent_earns_nothing",
                condition=models.Q(arrived__isnull=False) | models.Q(credited_minutes=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} @ {self.meeting.date}"

    @property
    def present(self) -> bool:
        return self.arrived is not None

    @property
    def credited_hours(self) -> Decimal:
        return hours(self.credited_minutes)


class OnTheJobHours(models.Model):
    """One day's on-the-job training time of a community-classroom or CVE student.

    The screens that record and approve these come with the work-based-learning feature; here
    is what the count needs. `agreement_signed_on` is the date the student's training agreement
    was signed, copied in by whoever records the hours (the worksite feature will fill it from
    its TrainingAgreement and call `ojt_recount` when an agreement is signed); empty means no
    signed agreement is on file, and then the hours do not count (domain-rules.md 1.2.6).
    """

    class Kind(models.TextChoices):
        COMMUNITY_CLASSROOM = "cc_ojt", _("Community classroom (unpaid)")
        CVE = "cve_ojt", _("Cooperative vocational education (paid)")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="on_the_job_hours"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    date = models.DateField(_("date worked"))
    minutes = models.PositiveIntegerField(_("minutes worked"))
    supervisor_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    supervisor_approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    agreement_signed_on = models.DateField(_("training agreement signed on"), null=True, blank=True)
    # attendance.rules.ojt_credited_minutes() over the entry's week.
    credited_minutes = models.PositiveIntegerField(_("credited minutes"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enrollment", "date", "kind"]
        verbose_name = _("on-the-job hours")
        verbose_name_plural = _("on-the-job hours")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "kind", "date"], name="ojt_one_entry_per_day"
            ),
            models.CheckConstraint(
                name="ojt_minutes_in_a_day", condition=models.Q(minutes__gt=0, minutes__lte=1440)
            ),
            models.CheckConstraint(
                name="ojt_credit_within_minutes",
                condition=models.Q(credited_minutes__lte=models.F("minutes")),
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.enrollment} {self.get_kind_display()} {self.date}"

    @property
    def supervisor_approved(self) -> bool:
        return self.supervisor_approved_at is not None


class AttendanceCertification(models.Model):
    """The office certifies a section's attendance for a reporting period, through the end of
    the period or today, whichever comes first; from then on the records of its meetings up to
    `covers_through` are locked (domain-rules.md 1.2.1: records are certified and auditable)."""

    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="attendance_certifications"
    )
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    covers_through = models.DateField(_("covers meetings through"))
    # What was certified, kept so that later adjustments can be shown against it.
    credited_minutes = models.PositiveIntegerField(_("credited minutes certified"))
    record_count = models.PositiveIntegerField(_("records certified"))
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("certified by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certified_at = models.DateTimeField(_("certified at"), auto_now_add=True)

    class Meta:
        ordering = ["section", "covers_through"]
        verbose_name = _("attendance certification")
        verbose_name_plural = _("attendance certifications")
        constraints = [
            # A period may be certified again later through a later day (P-1 in November up to
            # the day, then in January to December 31); never twice through the same day.
            models.UniqueConstraint(
                fields=["section", "covers_through"], name="certification_unique_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section.code} {self.period} {self.school_year}"


class AttendanceAdjustment(models.Model):
    """A correction to a certified record: what it was, what it became, why, by whom. Each one
    is listed in the ADA reports that cover its meeting (funding.queries)."""

    record = models.ForeignKey(
        AttendanceRecord, on_delete=models.PROTECT, related_name="adjustments"
    )
    certification = models.ForeignKey(
        AttendanceCertification, on_delete=models.PROTECT, related_name="adjustments"
    )
    arrived_before = models.TimeField(null=True, blank=True)
    departed_before = models.TimeField(null=True, blank=True)
    minutes_before = models.PositiveIntegerField()
    arrived_after = models.TimeField(null=True, blank=True)
    departed_after = models.TimeField(null=True, blank=True)
    minutes_after = models.PositiveIntegerField()
    reason = models.TextField(_("reason"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        ordering = ["made_at", "pk"]
        verbose_name = _("attendance adjustment")
        verbose_name_plural = _("attendance adjustments")
        constraints = [
            models.CheckConstraint(name="adjustment_has_a_reason", condition=~models.Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.record}: {self.minutes_before} → {self.minutes_after} min"

    @property
    def hours_change(self) -> Decimal:
        return hours(self.minutes_after) - hours(self.minutes_before)


class AbsenceNotice(models.Model):
    """That the student and family were told of an absence (attendance/notices.py), so each
    absence is told once however often the job runs or the mark is saved again."""

    record = models.OneToOneField(
        AttendanceRecord, on_delete=models.CASCADE, related_name="absence_notice"
    )
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("absence notice")
        verbose_name_plural = _("absence notices")

    def __str__(self) -> str:
        return f"{self.record} ({self.sent_at:%Y-%m-%d})"
