"""Enrollments and how people get into them: applications with ranked course choices, parent
consent, eligibility findings, the waitlist, the life of an enrollment and completion with its
certificate. The rules themselves live in eligibility.py; the writes in services.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ropdesk.catalog.models import Competency, Course
from ropdesk.core import stored_text
from ropdesk.core.models import Organization, Site, Student
from ropdesk.enrollment import reasons  # noqa: F401 -- registers the stored reasons
from ropdesk.enrollment.categories import SPECIAL_PROGRAMS
from ropdesk.scheduling.models import Section


class Application(models.Model):
    """A request to attend ROP courses, from a person who may not yet be a Student.

    What the applicant typed is kept as typed; the Student record is linked (or created) when
    the application is admitted (EC 52314(a)(1): admission is approved by the program).
    """

    class Kind(models.TextChoices):
        HIGH_SCHOOL = "high_school", _("High-school student")
        ADULT = "adult", _("Adult")
        OUT_OF_SCHOOL_YOUTH = "out_of_school_youth", _("Youth not in school (ages 15-18)")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for a decision")
        ADMITTED = "admitted", _("Admitted")
        DECLINED = "declined", _("Not admitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Transportation(models.TextChoices):
        DRIVES = "drives", _("I will drive myself")
        FAMILY = "family", _("Family or friends will drive me")
        TRANSIT = "transit", _("Public transportation")
        WALK_BIKE = "walk_bike", _("Walk or bicycle")
        OTHER = "other", _("Other")

    reference = models.CharField(_("reference"), max_length=12, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    kind = models.CharField(_("I am"), max_length=24, choices=Kind.choices)
    # Who the applicant is: a Student once admitted (or from the start, when a counselor
    # applies for a known student), and the account of a signed-in applicant.
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    legal_first_name = models.CharField(_("legal first name"), max_length=80)
    legal_last_name = models.CharField(_("legal last name"), max_length=80)
    preferred_name = models.CharField(_("preferred name"), max_length=80, blank=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Student.Sex.choices)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    grade_level = models.CharField(_("grade level"), max_length=2, choices=Student.Grade.choices)
    district_of_residence = models.ForeignKey(
        Organization,
        verbose_name=_("district where you live"),
        on_delete=models.PROTECT,
        related_name="resident_applications",
        limit_choices_to={"kind": Organization.Kind.DISTRICT},
    )
    school = models.ForeignKey(
        Organization,
        verbose_name=_("high school you attend"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="school_applications",
        limit_choices_to={"kind": Organization.Kind.SCHOOL},
    )
    home_language = models.CharField(_("language spoken at home"), max_length=40, blank=True)
    # Recorded to offer language help. Never a reason to refuse (OCR Guidelines IV-L): no
    # eligibility rule reads it.
    english_learner = models.BooleanField(_("would like help in another language"), default=False)
    # EC 52314.5: out of school more than three months, a written high-school plan, parent
    # approval in writing.
    out_of_school_since = models.DateField(_("out of school since"), null=True, blank=True)
    high_school_plan_on_file = models.BooleanField(
        _("a high-school plan was written with the district"), default=False
    )
    # EC 52314.5: "... and the pupil enrolls in the adult school or high school courses
    # required by the plan"; ticked by the counselor.
    plan_courses_enrolled = models.BooleanField(
        _("enrolled in the high-school or adult-school courses the plan names"), default=False
    )
    # EC 52302.8: priority within the non-grade-9-12 share.
    calworks = models.BooleanField(_("CalWORKs"), default=False)
    tap = models.BooleanField(_("Temporary Assistance Program"), default=False)
    job_corps = models.BooleanField(_("Job Corps"), default=False)
    wioa_intensive = models.BooleanField(_("WIOA intensive training"), default=False)
    # Accommodations (OCR Guidelines IV-N: equal access).
    has_iep = models.BooleanField(_("IEP"), default=False)
    has_504_plan = models.BooleanField(_("Section 504 plan"), default=False)
    other_needs = models.TextField(_("other needs"), blank=True)
    transportation = models.CharField(
        _("how you will get to class"), max_length=16, choices=Transportation.choices
    )
    transportation_acknowledged = models.BooleanField(
        _("I understand that students provide their own transportation"), default=False
    )
    guardian_name = models.CharField(_("parent or guardian name"), max_length=160, blank=True)
    guardian_relationship = models.CharField(_("relationship"), max_length=40, blank=True)
    guardian_email = models.EmailField(_("parent or guardian email"), blank=True)
    guardian_phone = models.CharField(_("parent or guardian phone"), max_length=40, blank=True)
    # The online consent link: only its SHA-256 is kept; the link itself is e-mailed.
    consent_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    consent_requested_at = models.DateTimeField(_("consent requested at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications_entered",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications_decided",
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [models.Index(fields=["status", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                name="application_transportation_acknowledged",
                condition=models.Q(transportation_acknowledged=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.full_name}"

    @property
    def full_name(self) -> str:
        return f"{self.preferred_name or self.legal_first_name} {self.legal_last_name}"

    @property
    def special_programs(self) -> list[str]:
        return [code for code in SPECIAL_PROGRAMS if getattr(self, code)]


class ApplicationChoice(models.Model):
    """A course the applicant wants, in order of preference, with a preferred section."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    rank = models.PositiveSmallIntegerField(_("choice"))
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="+"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("preferred section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["application", "rank"]
        verbose_name = _("course choice")
        verbose_name_plural = _("course choices")
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="choice_unique_rank"),
            models.UniqueConstraint(fields=["application", "course"], name="choice_unique_course"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.course}"


class ParentConsent(models.Model):
    """A parent's or guardian's consent to a minor's enrollment: who, when and how."""

    class Method(models.TextChoices):
        ONLINE = "online", _("Online, from the e-mailed link")
        PAPER = "paper", _("Signed paper form")
        PHONE = "phone", _("By telephone")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="consent"
    )
    guardian_name = models.CharField(_("name of the parent or guardian"), max_length=160)
    relationship = models.CharField(_("relationship to the student"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consents_given",
    )
    method = models.CharField(_("how consent was given"), max_length=8, choices=Method.choices)
    consented_at = models.DateTimeField(_("consented at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consents_recorded",
    )
    # EC 52314.5: the parent approves the out-of-school youth's high-school plan in writing.
    approves_high_school_plan = models.BooleanField(
        _("approves the high-school plan"), default=False
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["consented_at"]
        verbose_name = _("parent consent")
        verbose_name_plural = _("parent consents")

    def __str__(self) -> str:
        return f"{self.guardian_name} ({self.get_method_display()})"


class EligibilityFinding(models.Model):
    """What one rule found about one application, and any override of it."""

    class Result(models.TextChoices):
        PASS = "pass", _("Meets the rule")
        BLOCK = "block", _("Blocks admission")
        NOTE = "note", _("For information")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(_("rule"), max_length=40)
    result = models.CharField(_("result"), max_length=8, choices=Result.choices)
    reason = models.TextField(_("reason"))
    source = models.CharField(_("source"), max_length=200)
    checked_at = models.DateTimeField(_("checked at"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    override_reason = models.TextField(_("override reason"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    overridden_at = models.DateTimeField(_("overridden at"), null=True, blank=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("eligibility finding")
        verbose_name_plural = _("eligibility findings")
        constraints = [
            models.UniqueConstraint(fields=["application", "rule"], name="finding_unique_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.result}"

    @property
    def rule_name(self) -> str:
        from ropdesk.enrollment.eligibility import RULE_NAMES

        return str(RULE_NAMES.get(self.rule, self.rule))

    @property
    def overridden(self) -> bool:
        return self.overridden_at is not None

    @property
    def blocks(self) -> bool:
        return self.result == self.Result.BLOCK and not self.overridden


class Enrollment(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ADMITTED = "admitted", _("Admitted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        DROPPED = "dropped", _("Dropped")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Statuses that hold a seat in the section.
    SEATED = (Status.ENROLLED, Status.COMPLETED)
    ENDED = (Status.DROPPED, Status.WITHDRAWN)

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
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrollments",
    )
    # The waitlist: lower priority numbers go first, then the earlier request
    # (enrollment/eligibility.py: priority(); EC 52302.5(d), EC 52302.8).
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    status_reason = models.TextField(_("reason for the last change"), blank=True)
    # Funding category, derived from the student when the enrollment is made (EC 52302.8
    # caps the share of students not enrolled in grades 9-12; EC 52324.5 concurrent students).
    grade_9_12 = models.BooleanField(_("enrolled in grades 9-12"), null=True, blank=True)
    concurrent = models.BooleanField(_("concurrently in high school"), null=True, blank=True)
    special_population = models.BooleanField(
        _("CalWORKs, TAP, Job Corps or WIOA participant"), default=False
    )
    special_programs = models.JSONField(_("special programs"), default=list, blank=True)
    # The student's grade level while the enrollment was open (set with the category when the
    # enrollment is made, and when the student's record changes during its term): reports of
    # a past year read the grade of that year, not today's (returns/rows.py). Empty for
    # enrollments made before it was kept: those reports fall back to today's grade.
    grade_level = models.CharField(
        _("grade level then"), max_length=2, choices=Student.Grade.choices, blank=True
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
        indexes = [
            models.Index(fields=["section", "status"]),
            models.Index(fields=["section", "status", "priority", "requested_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.section.code}"

    @property
    def is_seated(self) -> bool:
        return self.status in self.SEATED


class EnrollmentEvent(models.Model):
    """One change in the life of an enrollment: to which status, when, by whom and why."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("from"), max_length=16, choices=Enrollment.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=Enrollment.Status.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A person's reason as typed; for a reason ropdesk gives, its English words, with the code
    # and arguments that put it into each reader's language (core/stored_text.py; `why`).
    reason = models.TextField(_("reason"), blank=True)
    reason_code = models.CharField(max_length=60, blank=True, default="")
    reason_args = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["enrollment", "at", "pk"]
        verbose_name = _("enrollment event")
        verbose_name_plural = _("enrollment events")

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.from_status or '—'} → {self.to_status}"

    @property
    def why(self) -> str:
        """The reason in the reader's language (as typed, when a person typed it)."""
        return stored_text.words(self.reason_code, self.reason_args, self.reason)


class Completion(models.Model):
    """The instructor's record of how a student finished a course, and the certificate."""

    class Grade(models.TextChoices):
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        D = "D", "D"
        F = "F", "F"
        PASS = "P", _("Pass")
        NO_PASS = "NP", _("No pass")

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.PROTECT, related_name="completion"
    )
    final_grade = models.CharField(_("final grade"), max_length=2, choices=Grade.choices)
    competencies = models.ManyToManyField(
        Competency, verbose_name=_("competencies attained"), blank=True, related_name="+"
    )
    # A short, unguessable code printed on the certificate and checked on a public page.
    certificate_code = models.CharField(
        _("certificate code"), max_length=11, null=True, blank=True, unique=True
    )
    issued_at = models.DateTimeField(_("certificate issued at"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        constraints = [
            models.CheckConstraint(
                name="completion_certificate_has_date",
                condition=models.Q(certificate_code__isnull=True)
                | models.Q(issued_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment}: {self.final_grade}"


class EnrollmentCategoryPeriod(models.Model):
    """The funding category an enrollment had from `starts_on` (empty: from the beginning) to
    the day before `ends_on` (empty: still in force). Written by
    enrollment.categories.enrollment_category_change when a student's status changes during
    the enrollment, so that the ADA report sorts each day's attendance by the status the pupil
    had that day (EC 52302.8: "pupils not enrolled in grades 9 to 12"). An enrollment without
    periods has one category throughout: the one stored on it."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="category_periods"
    )
    starts_on = models.DateField(_("in force from"), null=True, blank=True)
    ends_on = models.DateField(_("in force until (not including)"), null=True, blank=True)
    grade_9_12 = models.BooleanField(_("enrolled in grades 9-12"))
    concurrent = models.BooleanField(_("concurrently in high school"))
    special_population = models.BooleanField(_("CalWORKs, TAP, Job Corps or WIOA participant"))
    special_programs = models.JSONField(_("special programs"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["enrollment", "starts_on"]
        verbose_name = _("funding category period")
        verbose_name_plural = _("funding category periods")
        constraints = [
            models.CheckConstraint(
                name="category_period_dates_ordered",
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(starts_on__lt=models.F("ends_on")),
            ),
            # One open-ended period per enrollment: the one in force now.
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=models.Q(ends_on__isnull=True),
                name="category_period_one_open",
            ),
            models.UniqueConstraint(
                fields=["enrollment", "starts_on"], name="category_period_unique_start"
            ),
        ]
        indexes = [models.Index(fields=["enrollment", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.starts_on or '…'} – {self.ends_on or '…'}"


class ExceptionalNeedsDetermination(models.Model):
    """The principal's or local educational director's determination that an applicant under
    16 is a student with exceptional needs who may take cooperative vocational education
    (5 CCR 10103(a)): who made it, in which capacity, on what day, and on what basis."""

    class Role(models.TextChoices):
        PRINCIPAL = "principal", _("Principal")
        DIRECTOR = "director", _("Local educational director")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="exceptional_needs"
    )
    determined_by_name = models.CharField(_("determined by (name)"), max_length=160)
    determined_by_role = models.CharField(
        _("in the capacity of"), max_length=12, choices=Role.choices
    )
    determined_on = models.DateField(_("determined on"))
    basis = models.TextField(_("basis (the student's exceptional needs)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-determined_on", "pk"]
        verbose_name = _("exceptional-needs determination")
        verbose_name_plural = _("exceptional-needs determinations")
        constraints = [
            models.CheckConstraint(
                name="exceptional_needs_has_basis", condition=~models.Q(basis="")
            ),
            models.CheckConstraint(
                name="exceptional_needs_has_name", condition=~models.Q(determined_by_name="")
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.application_id}: {self.get_determined_by_role_display()} {self.determined_on}"
        )
