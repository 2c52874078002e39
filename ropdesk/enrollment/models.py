"""Enrollments in their basic form: a student in a section, with a status and dates.
Admission rules, waitlists and completion build on this (see docs/data-model.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ropdesk.core.models import Site, Student
from ropdesk.scheduling.models import Section


class Enrollment(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ADMITTED = "admitted", _("Admitted")
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        DROPPED = "dropped", _("Dropped")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Statuses that hold a seat in the section.
    SEATED = (Status.ENROLLED, Status.COMPLETED)

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="enrollments")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ENROLLED
    )
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # Where a community-classroom or CVE student trains on the job.
    worksite = models.ForeignKey(
        Site,
        verbose_name=_("training site"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainee_enrollments",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["section", "student"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["student", "section"], name="enrollment_unique"),
        ]
        indexes = [models.Index(fields=["section", "status"])]

    def __str__(self) -> str:
        return f"{self.student} in {self.section.code}"
