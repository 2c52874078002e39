"""Attendance records in their basic form: one per student per meeting, with the times the
student arrived and left (both empty: absent). Crediting rules live in attendance.rules."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting


class AttendanceRecord(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="attendance")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    arrived = models.TimeField(_("arrived"), null=True, blank=True)
    departed = models.TimeField(_("departed"), null=True, blank=True)
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
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} @ {self.meeting.date}"

    @property
    def present(self) -> bool:
        return self.arrived is not None
