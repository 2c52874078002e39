"""Work-based learning: employers and their training sites, training agreements and their
signatures, work permits, individualized training plans, site visits, evaluations, and what a
timesheet entry adds to attendance.OnTheJobHours (start and end times, the wage, its status).

The hours themselves live in attendance.OnTheJobHours (one day per enrollment); this app
never keeps a second copy of them (docs/instructor-coordinators.md).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.catalog.models import Competency, Pathway
from ropdesk.core.models import Organization, Site, Student
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Term


class EmployerProfile(models.Model):
    """What the program keeps about an employer or agency beyond its name and address."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="employer_profile",
        limit_choices_to={"kind": Organization.Kind.EMPLOYER},
    )
    contact_name = models.CharField(_("contact name"), max_length=160, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # CVE employers carry workers' compensation for their student workers (5 CCR 10107).
    workers_comp_carrier = models.CharField(_("workers' comp carrier"), max_length=160, blank=True)
    workers_comp_policy = models.CharField(_("workers' comp policy"), max_length=80, blank=True)
    workers_comp_expires_on = models.DateField(_("workers' comp expires on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization"]
        verbose_name = _("employer profile")
        verbose_name_plural = _("employer profiles")

    def __str__(self) -> str:
        return str(self.organization)


class TrainingSiteOccupation(models.Model):
    """An occupation (a pathway of the catalog) a training site trains for (5 CCR 10107(b))."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="occupations")
    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="+")
    job_title = models.CharField(_("job title"), max_length=160, blank=True)

    class Meta:
        ordering = ["site", "pathway"]
        verbose_name = _("training site occupation")
        verbose_name_plural = _("training site occupations")
        constraints = [
            models.UniqueConstraint(fields=["site", "pathway"], name="site_occupation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.pathway}"


class Party(models.TextChoices):
    SCHOOL = "school", _("School representative")
    EMPLOYER = "employer", _("Employer or site representative")
    STUDENT = "student", _("Student")
    PARENT = "parent", _("Parent or guardian")


class TrainingAgreement(models.Model):
    """A community-classroom joint venture agreement (one per training site and term, between
    the program and site management: 5 CCR 10087(a)) or a CVE training agreement (one per
    student's enrollment, between school, employer, student and, for a minor, parent:
    5 CCR 10100(f), 10108(a))."""

    class Kind(models.TextChoices):
        CC_JOINT_VENTURE = "cc_joint_venture", _("Community classroom joint venture agreement")
        CVE = "cve", _("CVE training agreement")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="training_agreements")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    enrollment = models.ForeignKey(
        Enrollment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_agreements",
    )
    terms = models.TextField(_("terms"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # The day the last required party signed; hours before it never count.
    fully_signed_on = models.DateField(_("fully signed on"), null=True, blank=True)
    # Community classroom: the site attests that the unpaid training gives it no immediate
    # benefit and displaces no worker (5 CCR 10090(a)(1), (2)); required for a joint venture.
    attests_no_immediate_benefit = models.BooleanField(
        _("the site gets no immediate benefit from the student's unpaid training"),
        default=False,
    )
    attests_no_displacement = models.BooleanField(
        _("the student replaces no employee, cuts no employee's hours and prevents no hiring"),
        default=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("training agreement")
        verbose_name_plural = _("training agreements")
        constraints = [
            models.CheckConstraint(
                name="agreement_dates_ordered",
                condition=models.Q(starts_on__lte=models.F("ends_on")),
            ),
            models.CheckConstraint(
                name="agreement_cve_has_student",
                condition=models.Q(kind="cve", enrollment__isnull=False)
                | models.Q(kind="cc_joint_venture", enrollment__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["site", "term"],
                condition=models.Q(kind="cc_joint_venture"),
                name="agreement_one_joint_venture_per_site_term",
            ),
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=models.Q(kind="cve"),
                name="agreement_one_cve_per_enrollment",
            ),
        ]

    def __str__(self) -> str:
        who = self.enrollment.student if self.enrollment_id and self.enrollment else self.site
        return f"{self.get_kind_display()} — {who}"

    @property
    def is_cve(self) -> bool:
        return self.kind == self.Kind.CVE


class AgreementSignature(models.Model):
    """One party's signature: the name they typed, when, and who was signed in."""

    agreement = models.ForeignKey(
        TrainingAgreement, on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    typed_name = models.CharField(_("typed name"), max_length=160)
    signed_at = models.DateTimeField(_("signed at"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "signed_at"]
        verbose_name = _("agreement signature")
        verbose_name_plural = _("agreement signatures")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="signature_one_per_party"),
            models.CheckConstraint(name="signature_has_name", condition=~models.Q(typed_name="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.typed_name}"


class WorkPermit(models.Model):
    """A minor's work permit (Statement of Intent / permit to employ, EC 49110-49119)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="work_permits")
    employer = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    max_hours_school_day = models.DecimalField(
        _("hours allowed on a school day"), max_digits=4, decimal_places=2, default=4
    )
    max_hours_week = models.DecimalField(
        _("hours allowed a week"), max_digits=5, decimal_places=2, default=48
    )

    class Meta:
        ordering = ["student", "-expires_on"]
        verbose_name = _("work permit")
        verbose_name_plural = _("work permits")
        constraints = [
            models.CheckConstraint(
                name="permit_dates_ordered",
                condition=models.Q(issued_on__lte=models.F("expires_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student}: {self.issued_on} – {self.expires_on}"

    def valid_on(self, day: date) -> bool:
        return self.issued_on <= day <= self.expires_on


class TrainingPlan(models.Model):
    """An individualized training plan (5 CCR 10087(b), 10108(b)): the course's competencies,
    where each is taught, the expected duration, and their verification."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.PROTECT, related_name="training_plan"
    )
    expected_weeks = models.PositiveSmallIntegerField(_("expected duration (weeks)"))
    # "A copy of the plan shall be kept at the training station" (5 CCR 10087(b)(4),
    # 10108(b)(4)): when the site got its copy, and who recorded it.
    site_copy_on = models.DateField(_("copy given to the training site on"), null=True, blank=True)
    site_copy_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrollment"]
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")

    def __str__(self) -> str:
        return f"{_('Training plan')} — {self.enrollment.student}"


class PlanCompetency(models.Model):
    class Where(models.TextChoices):
        CLASSROOM = "classroom", _("Classroom")
        SITE = "site", _("Training site")
        BOTH = "both", _("Both")

    class Rating(models.IntegerChoices):
        BEGINNING = 1, _("1 — Beginning")
        DEVELOPING = 2, _("2 — Developing")
        ENTRY_LEVEL = 3, _("3 — Entry-level")
        ADVANCED = 4, _("4 — Advanced")

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    where_taught = models.CharField(
        _("where taught"), max_length=10, choices=Where.choices, default=Where.BOTH
    )
    expected_hours = models.PositiveSmallIntegerField(_("expected hours"), default=10)
    verified_on = models.DateField(_("verified by the instructor on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    supervisor_rating = models.PositiveSmallIntegerField(
        _("supervisor rating"), choices=Rating.choices, null=True, blank=True
    )
    rated_on = models.DateField(_("rated on"), null=True, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "competency__number"]
        verbose_name = _("plan competency")
        verbose_name_plural = _("plan competencies")
        constraints = [
            models.UniqueConstraint(fields=["plan", "competency"], name="plan_competency_unique"),
            models.CheckConstraint(
                name="plan_rating_1_to_4",
                condition=models.Q(supervisor_rating__isnull=True)
                | models.Q(supervisor_rating__gte=1, supervisor_rating__lte=4),
            ),
        ]

    def __str__(self) -> str:
        return str(self.competency)


class SiteVisit(models.Model):
    """The instructor's visit to a student's training site (5 CCR 10088(a))."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="site_visits")
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    visited_on = models.DateField(_("visited on"))
    observed_working = models.BooleanField(_("observed the student working"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    competency_progress = models.TextField(_("competency progress"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrollment", "-visited_on"]
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        indexes = [models.Index(fields=["enrollment", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.enrollment.student} {self.visited_on}"


class Evaluation(models.Model):
    """The site supervisor's evaluation at one of the set points (1, 2, ...)."""

    WORK_MATURITY = (
        ("attendance", _("Attendance and punctuality")),
        ("appearance", _("Appearance")),
        ("initiative", _("Initiative")),
        ("quality", _("Quality of work")),
        ("communication", _("Communication")),
        ("teamwork", _("Cooperation and teamwork")),
    )

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="evaluations")
    point = models.PositiveSmallIntegerField(_("evaluation point"))
    evaluated_on = models.DateField(_("evaluated on"))
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    work_maturity = models.JSONField(_("work maturity ratings"), default=dict)
    competency_ratings = models.JSONField(_("competency ratings"), default=dict, blank=True)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        ordering = ["enrollment", "point"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "point"], name="evaluation_one_per_point"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment.student} #{self.point}"


class TimesheetEntryDetail(models.Model):
    """What a student's timesheet line adds to one day of attendance.OnTheJobHours."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the supervisor")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned with a comment")

    hours = models.OneToOneField(OnTheJobHours, on_delete=models.CASCADE, related_name="detail")
    started_at = models.TimeField(_("start"))
    ended_at = models.TimeField(_("end"))
    hourly_wage = models.DecimalField(
        _("hourly wage"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    return_comment = models.TextField(_("supervisor's comment"), blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["hours"]
        verbose_name = _("timesheet entry")
        verbose_name_plural = _("timesheet entries")
        constraints = [
            models.CheckConstraint(
                name="timesheet_returned_has_comment",
                condition=~models.Q(status="returned") | ~models.Q(return_comment=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours} {self.started_at}-{self.ended_at}"


class ReminderSent(models.Model):
    """One reminder e-mailed, so that a second run on the same day sends nothing again."""

    key = models.CharField(max_length=120)
    recipient = models.EmailField()
    sent_on = models.DateField()

    class Meta:
        ordering = ["-sent_on", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient", "sent_on"], name="worksite_reminder_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.key} → {self.recipient}"
