"""Marks and credits: grading periods of a term, one mark per enrollment and period, the
credits each course is worth, and the corrections made after a period was locked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ropdesk.catalog.models import Course
from ropdesk.enrollment.models import Enrollment
from ropdesk.marks.rules import MARKS
from ropdesk.scheduling.models import Term

MARK_CHOICES = [(m, m) for m in MARKS]


class CourseCredit(models.Model):
    """The credits a section of the course is worth (toward the high-school diploma, EC 52310).
    A course without one is worth ROPDESK["MARKS_DEFAULT_CREDITS"]."""

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="credit")
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["course__code"]
        verbose_name = _("course credit value")
        verbose_name_plural = _("course credit values")
        constraints = [
            models.CheckConstraint(
                name="course_credit_not_negative", condition=models.Q(credits__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.code}: {self.credits}"


class GradingPeriod(models.Model):
    """A grading period of a term. The final one's marks are the term's marks of record (the
    transcript and the district return files use them). Locked by the office: after that a
    mark changes only by a correction with a reason."""

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="grading_periods"
    )
    name = models.CharField(_("name"), max_length=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_final = models.BooleanField(_("final marks of the term"), default=False)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["term__start_date", "starts_on", "name"]
        verbose_name = _("grading period")
        verbose_name_plural = _("grading periods")
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="grading_period_unique_name"),
            models.UniqueConstraint(
                fields=["term"],
                condition=models.Q(is_final=True),
                name="grading_period_one_final_per_term",
            ),
            models.CheckConstraint(
                name="grading_period_dates_ordered",
                condition=models.Q(starts_on__lte=models.F("ends_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} — {self.name}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Mark(models.Model):
    """A student's mark and credits in one section for one grading period."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="marks")
    grading_period = models.ForeignKey(
        GradingPeriod, on_delete=models.PROTECT, related_name="marks"
    )
    value = models.CharField(_("mark"), max_length=2, choices=MARK_CHOICES)
    credits_attempted = models.DecimalField(_("credits attempted"), max_digits=5, decimal_places=2)
    credits_earned = models.DecimalField(_("credits earned"), max_digits=5, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["grading_period", "enrollment"]
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "grading_period"], name="mark_one_per_period"
            ),
            models.CheckConstraint(
                name="mark_credits_in_range",
                condition=models.Q(credits_earned__gte=0)
                & models.Q(credits_earned__lte=models.F("credits_attempted")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.grading_period_id}: {self.value}"


class MarkCorrection(models.Model):
    """A change to a mark after its grading period was locked: what it was, what it became,
    why and by whom (5 CCR 432: grades are part of the permanent record)."""

    mark = models.ForeignKey(Mark, on_delete=models.CASCADE, related_name="corrections")
    old_value = models.CharField(_("mark before"), max_length=2)
    new_value = models.CharField(_("mark after"), max_length=2)
    old_credits_earned = models.DecimalField(max_digits=5, decimal_places=2)
    new_credits_earned = models.DecimalField(max_digits=5, decimal_places=2)
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(_("corrected at"))

    class Meta:
        ordering = ["mark", "corrected_at", "pk"]
        verbose_name = _("mark correction")
        verbose_name_plural = _("mark corrections")

    def __str__(self) -> str:
        return f"{self.mark_id}: {self.old_value} → {self.new_value}"
