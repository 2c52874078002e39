"""The Personal Career Portfolio: resumes and their entries (some verified from the records),
Open Badges 3.0 credentials, share links, work-readiness ratings, job applications, mock
interviews and networking contacts (issue 17; anchors-wave2.md §1.3)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ropdesk.core.models import Organization, Site, Student
from ropdesk.enrollment.models import Completion, Enrollment


class ResumeSection(models.TextChoices):
    """Resume sections: JSON Resume v1, plus goals and work skills (Mahara)."""

    WORK = "work", _("Work experience")
    VOLUNTEER = "volunteer", _("Volunteer experience")
    EDUCATION = "education", _("Education")
    CERTIFICATES = "certificates", _("Certifications")
    AWARDS = "awards", _("Awards")
    SKILLS = "skills", _("Skills")
    WORK_SKILLS = "work_skills", _("Work readiness")
    LANGUAGES = "languages", _("Languages")
    PROJECTS = "projects", _("Projects")
    INTERESTS = "interests", _("Interests")
    REFERENCES = "references", _("References")
    GOALS = "goals", _("Goals")


class ResumeEntry(models.Model):
    """One line of a student's resume. `source` "verified" entries are built from the records
    (a certificate, supervisor-approved hours, verified competencies, a work-readiness rating)
    by services.verified_entries_sync; the student may hide them on a resume, never edit them:
    no form lists them and the services refuse them."""

    class Source(models.TextChoices):
        SELF = "self", _("Written by the student")
        VERIFIED = "verified", _("Verified by ropdesk")

    class Basis(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate of completion")
        JOB_SITE_HOURS = "hours", _("Supervisor-approved job-site hours")
        COMPETENCY = "competency", _("Instructor-verified competency")
        WORK_READINESS = "readiness", _("Supervisor's work-readiness rating")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="resume_entries")
    section = models.CharField(_("section"), max_length=16, choices=ResumeSection.choices)
    title = models.CharField(_("title"), max_length=200)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(pgettext_lazy("end of a date range", "to"), null=True, blank=True)
    summary = models.TextField(_("description"), blank=True)
    highlights = models.JSONField(_("highlights"), default=list, blank=True)
    level = models.CharField(_("level"), max_length=80, blank=True)
    url = models.URLField(_("link"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # A verified entry's facts (hours, level, competencies...), worded in the resume's
    # language when shown (present.py).
    facts = models.JSONField(_("facts from the records"), default=dict, blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.SELF
    )
    basis = models.CharField(_("verified from"), max_length=12, choices=Basis.choices, blank=True)
    # The record behind a verified entry; one of these, by basis.
    completion = models.ForeignKey(
        Completion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    enrollment = models.ForeignKey(
        Enrollment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rating = models.ForeignKey(
        "WorkReadinessRating", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The public check page of a verified entry: /portfolio/check/<check_code>/
    check_code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["student", "section", "position", "-ends_on", "id"]
        verbose_name = _("resume entry")
        verbose_name_plural = _("resume entries")
        constraints = [
            models.CheckConstraint(
                name="resume_entry_verified_has_record",
                condition=Q(source="self", basis="")
                | Q(source="verified", basis="certificate", completion__isnull=False)
                | Q(source="verified", basis__in=["hours", "competency"], enrollment__isnull=False)
                | Q(source="verified", basis="readiness", rating__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["student", "basis", "completion", "enrollment", "rating"],
                condition=Q(source="verified"),
                name="resume_entry_one_per_record",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def verified(self) -> bool:
        return self.source == self.Source.VERIFIED


class Resume(models.Model):
    """One resume of a student, for one job target, in English or Spanish. Its entries are
    the student's pool (ResumeEntry) less the ones hidden on this resume."""

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        SPANISH = "es", "Español"

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="resumes")
    name = models.CharField(_("resume name"), max_length=120)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    # JSON Resume "basics"
    label = models.CharField(_("headline"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("web page"), blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    hidden_entries = models.ManyToManyField(
        ResumeEntry, blank=True, related_name="hidden_on", verbose_name=_("hidden entries")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["student", "name", "id"]
        verbose_name = _("resume")
        verbose_name_plural = _("resumes")

    def __str__(self) -> str:
        return f"{self.student} — {self.name}"


class ResumeComment(models.Model):
    """A counselor's or instructor's comment on a resume, shown to the student."""

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resume", "-created_at", "-id"]
        verbose_name = _("resume comment")
        verbose_name_plural = _("resume comments")

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class WorkReadinessRating(models.Model):
    """A site supervisor's rating of a trainee on the DOL Work Readiness items (readiness.py),
    from the trainee's page where the supervisor approves timesheets."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="work_readiness_ratings"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_on = models.DateField(_("rated on"))
    scores = models.JSONField(_("scores"), default=dict)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrollment", "-rated_on", "-id"]
        verbose_name = _("work-readiness rating")
        verbose_name_plural = _("work-readiness ratings")
        indexes = [models.Index(fields=["enrollment", "rated_on"])]

    def __str__(self) -> str:
        return f"{self.enrollment.student} {self.rated_on}"


class Credential(models.Model):
    """An Open Badges 3.0 OpenBadgeCredential issued from a verified entry, signed as a
    VC-JWT (EdDSA) by the county office's key (credentials.py). Revocation flips its bit of
    the Bitstring Status List the credential names."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate of completion")
        FIELDWORK = "fieldwork", _("Work-based learning experience")
        COMPETENCY = "competency", _("Verified competency")
        WORK_READINESS = "readiness", _("Work readiness")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="credentials")
    entry = models.ForeignKey(
        ResumeEntry, null=True, on_delete=models.SET_NULL, related_name="credentials"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status_index = models.PositiveIntegerField(_("status list index"), unique=True)
    token = models.TextField(_("signed credential (VC-JWT)"))
    key_id = models.CharField(_("signing key"), max_length=200)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    downloaded_at = models.DateTimeField(_("last downloaded"), null=True, blank=True)

    class Meta:
        ordering = ["student", "-valid_from", "-id"]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        """The name in the reader's language. `name` is the signed document's, in English,
        and stays so; the page says the same thing in the reader's words."""
        if self.entry is None:
            return self.name
        from ropdesk.portfolio.present import entry_text

        return entry_text(self.entry, language=get_language() or "en").heading


class ShareLink(models.Model):
    """A link the student (or a minor's parent) gives someone to see a resume, or the whole
    portfolio when `resume` is empty. Only the token's SHA-256 is kept (core/tokens.py)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="share_links")
    resume = models.ForeignKey(
        Resume, null=True, blank=True, on_delete=models.CASCADE, related_name="share_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    audience = models.CharField(_("shared with"), max_length=160)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    last_viewed_at = models.DateTimeField(_("last viewed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["student", "-created_at", "-id"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        return self.audience


class JobApplication(models.Model):
    """A job the student is after, through the pipeline, with the minor's work-permit steps."""

    class Status(models.TextChoices):
        SAVED = "saved", _("Saved")
        APPLIED = "applied", _("Applied")
        INTERVIEW = "interview", _("Interview")
        OFFER = "offer", _("Offer")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Not selected")
        WITHDRAWN = "withdrawn", pgettext_lazy("job application", "Withdrawn")

    class Source(models.TextChoices):
        JOB_BOARD = "job_board", _("ROP job board")
        COUNSELOR = "counselor", _("Counselor")
        ADVISORY = "advisory", _("Advisory committee member")
        JOB_SITE = "job_site", _("Training site")
        WALK_IN = "walk_in", _("Walk-in or online posting")

    class PermitStep(models.TextChoices):
        # California work permits (CDE): B1-1 intent to employ, then the school issues B1-4;
        # B1-6 for volunteers and unpaid trainees.
        NOT_STARTED = "", _("Not started")
        B1_1_SUBMITTED = "b1_1", _("B1-1 Statement of Intent to Employ a Minor turned in")
        B1_4_ISSUED = "b1_4", _("B1-4 Permit to Employ and Work issued")
        B1_6_AUTHORIZED = "b1_6", _("B1-6 unpaid trainee authorization issued")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="job_applications")
    employer_name = models.CharField(_("employer"), max_length=200)
    employer = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.CharField(pgettext_lazy("job", "position"), max_length=200)
    posting_url = models.URLField(_("posting"), blank=True)
    source = models.CharField(_("found through"), max_length=12, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SAVED
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    interview_on = models.DateField(_("interview on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)
    resume = models.ForeignKey(
        Resume,
        verbose_name=_("resume sent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contacts = models.TextField(_("contacts"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    unpaid = models.BooleanField(_("unpaid (volunteer or trainee)"), default=False)
    permit_step = models.CharField(
        _("work permit"), max_length=6, choices=PermitStep.choices, blank=True, default=""
    )
    related_to_pathway = models.BooleanField(_("related to the student's pathway"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["student", "-updated_at", "-id"]
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        indexes = [models.Index(fields=["follow_up_on"])]

    def __str__(self) -> str:
        return f"{self.position} — {self.employer_name}"


class InterviewPractice(models.Model):
    """A mock interview and its rubric (1-4 per item) and feedback the student sees."""

    class Kind(models.TextChoices):
        COUNSELOR = "counselor", _("With a counselor")
        INSTRUCTOR = "instructor", _("With an instructor")
        ADVISORY = "advisory", _("With an advisory committee member")
        PEER = "peer", _("With a classmate")

    RUBRIC = (
        ("first_impression", _("First impression")),
        ("answers", _("Answers (situation, task, action, result)")),
        ("questions_asked", _("Questions the student asked")),
        ("follow_up", _("Thank-you and follow-up")),
    )

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="mock_interviews")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    interviewer_name = models.CharField(_("interviewer"), max_length=160)
    held_on = models.DateField(_("held on"))
    scores = models.JSONField(_("rubric"), default=dict, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["student", "-held_on", "-id"]
        verbose_name = _("mock interview")
        verbose_name_plural = _("mock interviews")

    def __str__(self) -> str:
        return f"{self.student} {self.held_on}"


class NetworkContact(models.Model):
    """Someone the student met who may help them into work."""

    class Met(models.TextChoices):
        JOB_FAIR = "job_fair", _("Job fair")
        JOB_SITE = "job_site", _("Training site")
        ADVISORY = "advisory", _("Advisory committee event")
        CLASS = "class", _("Class speaker or field trip")
        OTHER = "other", _("Other")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="network_contacts")
    name = models.CharField(_("name"), max_length=160)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    met_at = models.CharField(_("where we met"), max_length=10, choices=Met.choices)
    met_on = models.DateField(_("met on"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["student", "name", "id"]
        verbose_name = _("networking contact")
        verbose_name_plural = _("networking contacts")

    def __str__(self) -> str:
        return self.name
