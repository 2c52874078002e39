"""What the return files need that no lower app keeps: the CDS codes of districts and schools,
instructors' state educator ids, and the log of files handed to each district."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ropdesk.core.models import Organization
from ropdesk.scheduling.models import SchoolYear


class CdsCode(models.Model):
    """The 14-digit County-District-School code of a district or school: its first 7 digits
    are a district's Reporting LEA, its last 7 a school's code in CALPADS files. Needed where
    the organization's own code is not its CDS code (imported sourcedIds, the demo county)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="cds")
    code = models.CharField(
        _("CDS code"),
        max_length=14,
        unique=True,
        validators=[RegexValidator(r"^\d{14}$", _("A CDS code is 14 digits."))],
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("CDS code")
        verbose_name_plural = _("CDS codes")

    def __str__(self) -> str:
        return f"{self.organization}: {self.code}"


class StaffStateId(models.Model):
    """An instructor's Statewide Educator Identifier (SEID, issued by the CTC). Instructors
    without one are reported with ROPDESK["CALPADS_SEID_PLACEHOLDER"]."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="state_id"
    )
    seid = models.CharField(
        _("SEID"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^\d{10}$", _("An SEID is 10 digits."))],
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("state educator id")
        verbose_name_plural = _("state educator ids")

    def __str__(self) -> str:
        return f"{self.user}: {self.seid}"


class HandOff(models.Model):
    """One return file given to a district: which file, for which year, when, by whom."""

    district = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="return_hand_offs"
    )
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    file_type = models.CharField(_("file"), max_length=4)
    file_format = models.CharField(_("format"), max_length=4)  # txt, csv, xlsx
    spec_version = models.CharField(_("layout version"), max_length=20)
    rows = models.PositiveIntegerField(_("rows"))
    students = models.PositiveIntegerField(_("students"))
    sha256 = models.CharField(max_length=64)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    via = models.CharField(_("how"), max_length=10)  # page, command
    handed_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-handed_at", "-pk"]
        verbose_name = _("return file hand-off")
        verbose_name_plural = _("return file hand-offs")
        indexes = [models.Index(fields=["district", "school_year", "file_type"])]

    def __str__(self) -> str:
        return f"{self.file_type} {self.school_year} → {self.district}"
