"""Non-discrimination notices, complaints and grievances, their investigation files, reports
and appeals (UCP 5 CCR 4600 ff., Title IX, Section 504; domain-rules.md §7 and §3.15-3.16).

Cases are confidential: only support services see them, and others only by an explicit grant
(core.access.complaints_visible_to). Every read is logged in CaseAccessLog; every change goes
through complaints.services, which records an AuditEvent on the complaint.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import date
from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ropdesk.complaints import deadlines
from ropdesk.complaints.court_days import CCP_12A, DayRule, day_rule
from ropdesk.core.tokens import token_hash

# Reference codes avoid letters and digits that read alike (0/O, 1/I/L, 5/S, 8/B).
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY2345679"
REFERENCE_LENGTH = 10


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_access_token() -> str:
    return secrets.token_urlsafe(24)


# The token is 192 random bits: a plain SHA-256 is enough; only the hash is stored.
hash_token = token_hash


def case_file_path(instance: models.Model, filename: str) -> str:
    """Files are stored under a random name: the original name may itself identify someone,
    and it is kept in the row, not on disk."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"complaints/{timezone.localdate():%Y}/{uuid4().hex}{suffix}"


class ComplaintKind(models.TextChoices):
    UCP_DISCRIMINATION = (
        "ucp_discrimination",
        _("Discrimination, harassment, intimidation or bullying"),
    )
    UCP_GENERAL = "ucp_general", _("Another violation of law or rules in the program")
    TITLE_IX = "title_ix", _("Sex discrimination or sexual harassment (Title IX)")
    SECTION_504 = "section_504", _("Disability discrimination or access (Section 504)")


class Basis(models.TextChoices):
    """Protected characteristics (EC 200, 220; Gov Code 11135; Title VI, VII, IX; 504)."""

    RACE = "race", _("Race")
    COLOR = "color", _("Color")
    ETHNICITY = "ethnicity", _("Ethnicity or ethnic group identification")
    NATIONAL_ORIGIN = "national_origin", _("National origin or nationality")
    ANCESTRY = "ancestry", _("Ancestry")
    RELIGION = "religion", _("Religion")
    SEX = "sex", _("Sex")
    GENDER = "gender", _("Gender, gender identity or gender expression")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")
    AGE = "age", _("Age")
    DISABILITY = "disability", _("Disability")
    LANGUAGE = "language", _("Language")
    MARITAL_STATUS = "marital_status", _("Marital or parental status")
    OTHER = "other", _("Another protected characteristic")


# Sex-based bases: such records are kept at least seven years (34 CFR 106.45(b)(10)).
SEX_BASED = frozenset({Basis.SEX, Basis.GENDER, Basis.SEXUAL_ORIENTATION})


class CoordinatorRole(models.TextChoices):
    TITLE_IX = "title_ix", _("Title IX coordinator")
    SECTION_504 = "section_504", _("Section 504 coordinator")
    UCP = "ucp", _("Uniform complaint procedures coordinator")


class ComplianceCoordinator(models.Model):
    """The person the notices name for each role (domain-rules.md 3.16, 7.2.6, 7.2.7)."""

    role = models.CharField(_("role"), max_length=16, choices=CoordinatorRole.choices, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="coordinator_roles",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    office_address = models.CharField(_("office address"), max_length=240, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["role"]
        verbose_name = _("compliance coordinator")
        verbose_name_plural = _("compliance coordinators")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user}"

    @property
    def contact_email(self) -> str:
        return self.email or self.user.email


class NoticeKind(models.TextChoices):
    NONDISCRIMINATION = "nondiscrimination", _("Non-discrimination notice")
    ANNUAL_UCP = "annual_ucp", _("Annual notice of complaint procedures")


class Notice(models.Model):
    """A public notice in one language. The body is plain text; placeholders such as
    {title_ix_coordinator} are filled from the system when the notice is shown."""

    kind = models.CharField(_("kind"), max_length=24, choices=NoticeKind.choices)
    language = models.CharField(_("language code"), max_length=12)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="notice_unique_language"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class Complaint(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        INVESTIGATING = "investigating", _("Investigating")
        REPORT_ISSUED = "report_issued", _("Report issued")
        APPEALED = "appealed", _("Appealed")
        CLOSED = "closed", _("Closed")

    class FilerRelationship(models.TextChoices):
        STUDENT = "student", _("Student")
        PARENT = "parent", _("Parent or guardian")
        EMPLOYEE = "employee", _("Employee")
        OTHER = "other", _("Someone else")

    reference = models.CharField(_("reference code"), max_length=16, unique=True)
    token_hash = models.CharField(max_length=64)
    kind = models.CharField(_("kind"), max_length=24, choices=ComplaintKind.choices)
    bases = models.JSONField(_("protected bases"), default=list, blank=True)
    anonymous = models.BooleanField(_("filed anonymously"), default=False)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_filed",
    )
    filer_name = models.CharField(_("name"), max_length=160, blank=True)
    filer_email = models.EmailField(_("email"), blank=True)
    filer_phone = models.CharField(_("phone"), max_length=40, blank=True)
    filer_relationship = models.CharField(
        _("filer is"), max_length=16, choices=FilerRelationship.choices, blank=True
    )
    language = models.CharField(_("language"), max_length=12, default="en")
    people_involved = models.TextField(_("who was involved"), blank=True)
    description = models.TextField(_("what happened"))
    location = models.CharField(_("where it happened"), max_length=240, blank=True)
    incident_date = models.DateField(_("when it happened"))
    knowledge_date = models.DateField(
        _("when the filer first learned of it"), null=True, blank=True
    )
    received_on = models.DateField(_("received on"))
    # 5 CCR 4630(b): the filing window may be extended up to 90 days for good cause.
    filing_extension_days = models.PositiveSmallIntegerField(
        _("filing window extension (days)"), default=0
    )
    filing_extension_reason = models.TextField(_("reason for the filing extension"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("investigator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_investigated",
    )
    decision_maker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decision-maker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_decided",
    )
    # Title IX roles of this case (34 CFR 106.45(b)(7)(i)): the coordinator and the
    # investigator(s) may not be the decision-maker (services.complaint_assign).
    title_ix_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Title IX coordinator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_coordinated",
    )
    co_investigators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("other investigators"),
        blank=True,
        related_name="complaints_co_investigated",
    )
    # Title IX steps (34 CFR 106.45(b)(5)(vi),(vii)).
    evidence_shared_on = models.DateField(_("evidence sent to the parties"), null=True, blank=True)
    investigative_report_shared_on = models.DateField(
        _("investigative report sent to the parties"), null=True, blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    retention_until = models.DateField(_("keep the file until"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [models.Index(fields=["status", "received_on"])]
        constraints = [
            models.CheckConstraint(
                name="complaint_filing_extension_at_most_90_days",
                condition=models.Q(filing_extension_days__lte=90),
            ),
            # Title IX: the decision-maker is neither the coordinator nor the investigator
            # (34 CFR 106.45(b)(7)(i)); the other investigators are checked by the service.
            models.CheckConstraint(
                name="complaint_title_ix_decider_is_not_coordinator",
                condition=~models.Q(kind="title_ix")
                | models.Q(title_ix_coordinator__isnull=True)
                | models.Q(decision_maker__isnull=True)
                | ~models.Q(title_ix_coordinator=models.F("decision_maker")),
            ),
            models.CheckConstraint(
                name="complaint_title_ix_decider_is_not_investigator",
                condition=~models.Q(kind="title_ix")
                | models.Q(investigator__isnull=True)
                | models.Q(decision_maker__isnull=True)
                | ~models.Q(investigator=models.F("decision_maker")),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def check_token(self, token: str) -> bool:
        return hmac.compare_digest(self.token_hash, hash_token(token))

    @property
    def is_sex_based(self) -> bool:
        return self.kind == ComplaintKind.TITLE_IX or bool(SEX_BASED & set(self.bases))

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    def basis_labels(self) -> list[str]:
        labels = dict(Basis.choices)
        return [str(labels.get(code, code)) for code in self.bases]


class InvestigationItem(models.Model):
    """One piece of the investigation file: everything the CDE would need on appeal
    (5 CCR 4633: notes, interviews, documents), including what the filer sent."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        DOCUMENT = "document", _("Document")
        NOTE = "note", _("Note")
        FROM_FILER = "from_filer", _("From the filer")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=case_file_path, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["complaint", "created_at", "id"]
        verbose_name = _("investigation item")
        verbose_name_plural = _("investigation items")

    def __str__(self) -> str:
        return self.title


class Extension(models.Model):
    """More time for the investigation report: valid only with the complainant's written
    agreement (5 CCR 4631(e)), kept in the investigation file."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("days"))
    reason = models.TextField(_("reason"))
    written_agreement = models.BooleanField(_("the complainant agreed in writing"))
    agreed_on = models.DateField(_("agreed on"))
    agreement = models.ForeignKey(
        InvestigationItem,
        verbose_name=_("written agreement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["complaint", "agreed_on", "id"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [
            models.CheckConstraint(
                name="extension_needs_written_agreement",
                condition=models.Q(written_agreement=True, days__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint} +{self.days}"


class SupportiveMeasure(models.Model):
    """An interim measure for a party while the case is open (34 CFR 106.30, 106.44)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="supportive_measures"
    )
    description = models.TextField(_("measure"))
    for_whom = models.CharField(_("for whom"), max_length=120)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["complaint", "starts_on", "id"]
        verbose_name = _("supportive measure")
        verbose_name_plural = _("supportive measures")

    def __str__(self) -> str:
        return self.description[:60]


class Report(models.Model):
    """The written investigation report (5 CCR 4631(e)): findings of fact, a conclusion for
    each allegation, corrective actions, and the appeal rights (printed in the PDF)."""

    class Outcome(models.TextChoices):
        SUBSTANTIATED = "substantiated", _("Substantiated")
        PARTLY = "partly_substantiated", _("Partly substantiated")
        NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="report")
    findings = models.TextField(_("findings of fact"))
    conclusions = models.TextField(_("conclusions"))
    remedies = models.TextField(_("corrective actions and remedies"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices)
    issued_on = models.DateField(_("date of the report"))
    language = models.CharField(_("language"), max_length=12, default="en")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("investigation report")
        verbose_name_plural = _("investigation reports")

    def __str__(self) -> str:
        return f"{self.complaint} {self.issued_on}"


class Appeal(models.Model):
    """An appeal of the report: to the CDE for a UCP case (5 CCR 4632-4633)."""

    class Appellant(models.TextChoices):
        COMPLAINANT = "complainant", _("Complainant")
        RESPONDENT = "respondent", _("Respondent")

    class Ground(models.TextChoices):  # 5 CCR 4632(b)
        PROCEDURE = "procedure", _("The office did not follow its complaint procedures")
        MISSING_FINDINGS = "missing_findings", _("The report lacks material findings of fact")
        UNSUPPORTED = "unsupported", _("The findings are not supported by substantial evidence")
        LAW = "law", _("The legal conclusion is inconsistent with the law")
        REMEDY = "remedy", _("The corrective actions are inadequate")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="appeals")
    # Either party may appeal (34 CFR 106.45(b)(8); 5 CCR 4632 "any party"): which one, and
    # the name of the person who signed the appeal.
    appellant = models.CharField(_("appellant"), max_length=16, choices=Appellant.choices)
    appellant_name = models.CharField(_("appellant's name"), max_length=160, blank=True)
    filed_on = models.DateField(_("appeal filed on"))
    grounds = models.JSONField(_("grounds"), default=list)
    grounds_detail = models.TextField(_("grounds in the appellant's words"), blank=True)
    cde_notice_on = models.DateField(_("CDE notice of appeal received on"), null=True, blank=True)
    file_sent_on = models.DateField(_("file sent to the CDE on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["complaint", "filed_on", "id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return f"{self.complaint} appeal {self.filed_on}"

    @property
    def cde_file_due(self) -> date | None:
        """Due 10 days after the CDE's notice, moved past weekends and holidays (CCP 12a)."""
        if not self.cde_notice_on:
            return None
        return deadlines.cde_file_due(self.cde_notice_on, office_day_rule())

    def ground_labels(self) -> list[str]:
        labels = dict(self.Ground.choices)
        return [str(labels.get(code, code)) for code in self.grounds]


class ComplaintAccessGrant(models.Model):
    """Support services let someone else (an administrator, a decision-maker, counsel) read
    one case, or every case when `complaint` is empty, until `expires_on`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="complaint_grants"
    )
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.CASCADE, related_name="grants"
    )
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_on = models.DateField(_("granted on"))
    expires_on = models.DateField(_("until"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = _("complaint access grant")
        verbose_name_plural = _("complaint access grants")
        constraints = [
            models.CheckConstraint(
                name="grant_expires_after_it_starts",
                condition=models.Q(expires_on__gte=models.F("granted_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.complaint or '*'}"


class CaseAccessLog(models.Model):
    """Every read of a case, by staff or through the filer's private link. Append-only.
    (Changes are in core.AuditEvent, recorded by the services.)"""

    class Action(models.TextChoices):
        LIST = "list", _("Listed cases")
        READ = "read", _("Read the case")
        DOWNLOAD = "download", _("Downloaded a file")
        FILER_READ = "filer_read", _("Filer opened the status page")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.CASCADE, related_name="access_log"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    what = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.complaint_id}"


class ReminderSent(models.Model):
    """A deadline reminder that went out, so that the reminder job can run any number of
    times a day and send each reminder once."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="reminders")
    clock = models.CharField(max_length=24)
    due = models.DateField()
    level = models.CharField(max_length=12)  # "10", "5", "1" days left, or "overdue"
    sent_on = models.DateField()
    recipients = models.JSONField(default=list)

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "clock", "due", "level", "sent_on"],
                name="reminder_once_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint} {self.clock} {self.level} {self.sent_on}"


class CourtHoliday(models.Model):
    """A judicial holiday of CCP 135 for the deadline rule of CCP 12a: kept per year by the
    office (its holidays page), seeded from the rules (court_days.ccp_135_holidays). A year
    with no row at all uses the computed holidays."""

    day = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    observed = models.BooleanField(
        _("observed day of a weekend holiday"), default=False
    )  # CRC 1.11
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("court holiday")
        verbose_name_plural = _("court holidays")

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


def office_day_rule() -> DayRule:
    """The office's deadline rule (ROPDESK["COMPLAINT_DEADLINE_RULE"], default CCP 12a) with
    the holidays it keeps: every year that has a CourtHoliday row uses exactly those rows."""
    mode = str(settings.ROPDESK.get("COMPLAINT_DEADLINE_RULE", CCP_12A))
    days = list(CourtHoliday.objects.values_list("day", flat=True))
    return day_rule(mode, days, {day.year for day in days})
