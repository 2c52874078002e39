"""Organizations, sites, people, their roles, students and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from ropdesk.core.access import Scope

EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def validate_birth_date(value: date) -> None:
    """A birth date is on or after 1900-01-01 and not in the future (issue 12: 0001-01-01 and
    9999-12-31 were accepted). The oldest living person was born after 1900."""
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("A birth date before 1900 is not possible; check the year."),
            code="birth_date_too_early",
        )
    if value > timezone.localdate():
        raise ValidationError(_("A birth date cannot be in the future."), code="birth_date_future")


def validate_race_codes(value: object) -> None:
    """Race is a list of the CALPADS codes in Student.RACES (an empty list: none reported)."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(
            _('Give a list of race codes, e.g. ["100", "700"], or [] for none.'), code="races"
        )
    unknown = [code for code in value if code not in Student.RACES]
    if unknown:
        raise ValidationError(
            _("Unknown race code(s): %(codes)s. Use %(known)s.")
            % {"codes": ", ".join(unknown), "known": ", ".join(sorted(Student.RACES))},
            code="races",
        )


class Organization(models.Model):
    """The county office, a district, a school, or an employer that hosts training."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("County office")
        DISTRICT = "district", _("School district")
        SCHOOL = "school", _("School")
        EMPLOYER = "employer", _("Employer or agency")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    # CDS code for public schools and districts; the sourcedId for imported orgs.
    code = models.CharField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # A high-school district may allow adults on campus during the school day (EC 52314(a)(2)).
    allows_adults_on_campus = models.BooleanField(
        _("adults allowed on campus in school day"), default=False
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name", "parent"], name="org_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def district(self) -> Organization | None:
        """The district this organization is, or belongs to."""
        if self.kind == self.Kind.DISTRICT:
            return self
        if self.kind == self.Kind.SCHOOL:
            return self.parent
        return None


class Site(models.Model):
    """A place where sections meet or students train: a school campus, a community site or
    an employer's training site."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School campus")
        COMMUNITY = "community", _("Community site")
        WORKSITE = "worksite", _("Business or agency training site")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=40, unique=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="sites",
    )
    # The district whose territory the site is in: scopes district coordinators.
    district = models.ForeignKey(
        Organization,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="district_sites",
        limit_choices_to={"kind": Organization.Kind.DISTRICT},
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Anyone who signs in: staff, supervisors, students and parents."""

    # Blank until the person (or the office) says: an account made by an import or by the
    # office does not know it, and then the browser's language, or for mail the language the
    # family gave on a form, decides (core/mail.py, mail_language; core/language.py).
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        default="",
        choices=[("", _("Not stated")), ("en", _("English")), ("es", _("Spanish"))],
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    # Not columns: set on the request's user at run time.
    _ropdesk_scope: Scope  # the access policy's cache for the request (core/access.py, scope_of)
    is_verified: Callable[[], bool]  # django_otp's OTPMiddleware: signed in with a second factor

    class Meta(AbstractUser.Meta):
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    SUPPORT_SERVICES = "support_services", _("Support services")
    DISTRICT_COORDINATOR = "district_coordinator", _("District coordinator")
    COUNSELOR = "counselor", _("Counselor")
    INSTRUCTOR = "instructor", _("Instructor")
    EMPLOYER_SUPERVISOR = "employer_supervisor", _("Employer supervisor")
    STUDENT = "student", _("Student")
    PARENT = "parent", _("Parent or guardian")


class RoleAssignment(models.Model):
    """A user's role and its scope.

    Administrators and support services act for the whole county; a district coordinator for
    one district (organization); a counselor for a school or a whole district (one assignment
    each); an employer supervisor for one site. Instructors, students and parents are scoped by
    their own sections, their own record and their children, so they need no organization.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            # One row per user, role and scope; NULL scopes are not equal in SQL, hence three.
            models.UniqueConstraint(
                fields=["user", "role"],
                name="role_unique_unscoped",
                condition=models.Q(organization__isnull=True, site__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                name="role_unique_per_organization",
                condition=models.Q(organization__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "site"],
                name="role_unique_per_site",
                condition=models.Q(site__isnull=False),
            ),
            models.CheckConstraint(
                name="role_scope_present",
                condition=(
                    models.Q(
                        role__in=["district_coordinator", "counselor"], organization__isnull=False
                    )
                    | models.Q(role="employer_supervisor", site__isnull=False)
                    | models.Q(
                        role__in=[
                            "administrator",
                            "support_services",
                            "instructor",
                            "student",
                            "parent",
                        ]
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.organization or self.site
        return f"{self.user} — {self.get_role_display()}" + (f" ({scope})" if scope else "")


class Student(models.Model):
    """A learner: a high-school student (grades 9-12) or an adult.

    Fields follow what CALPADS and the later features need (funding category, eligibility,
    equity reports). Race is stored as the CALPADS race codes the student reported.
    """

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        NONBINARY = "X", _("Nonbinary")

    class Grade(models.TextChoices):
        NINE = "09", _("Grade 9")
        TEN = "10", _("Grade 10")
        ELEVEN = "11", _("Grade 11")
        TWELVE = "12", _("Grade 12")
        ADULT = "AD", _("Adult")

    HIGH_SCHOOL_GRADES = ("09", "10", "11", "12")

    # CALPADS race codes (federal categories).
    RACES = {
        "100": _("American Indian or Alaska Native"),
        "200": _("Asian"),
        "600": _("Black or African American"),
        "300": _("Native Hawaiian or Other Pacific Islander"),
        "700": _("White"),
        "400": _("Filipino"),
    }

    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="student"
    )
    local_id = models.CharField(_("local id"), max_length=40, unique=True)
    statewide_id = models.CharField(
        _("statewide id (SSID)"), max_length=10, null=True, blank=True, unique=True
    )
    legal_first_name = models.CharField(_("legal first name"), max_length=80)
    legal_middle_name = models.CharField(_("legal middle name"), max_length=80, blank=True)
    legal_last_name = models.CharField(_("legal last name"), max_length=80)
    preferred_name = models.CharField(_("preferred name"), max_length=80, blank=True)
    # Unknown (None) only for a student a district's file sent without demographics (OneRoster
    # makes them optional): every age rule then answers "needs a birth date" (see age_on), and
    # the office enters it on the interop "needs setup" page.
    birth_date = models.DateField(
        _("birth date"), null=True, blank=True, validators=[validate_birth_date]
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    gender_identity = models.CharField(_("gender identity"), max_length=80, blank=True)
    hispanic_latino = models.BooleanField(_("Hispanic or Latino"), default=False)
    races = models.JSONField(
        _("race codes"), default=list, blank=True, validators=[validate_race_codes]
    )
    grade_level = models.CharField(_("grade level"), max_length=2, choices=Grade.choices)
    district_of_residence = models.ForeignKey(
        Organization,
        verbose_name=_("district of residence"),
        on_delete=models.PROTECT,
        related_name="resident_students",
        limit_choices_to={"kind": Organization.Kind.DISTRICT},
    )
    school_of_attendance = models.ForeignKey(
        Organization,
        verbose_name=_("school of attendance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attending_students",
        limit_choices_to={"kind": Organization.Kind.SCHOOL},
    )
    # Special populations (Perkins V; EC 52302.8 for CalWORKs, TAP, Job Corps, WIOA).
    has_iep = models.BooleanField(_("IEP"), default=False)
    has_504_plan = models.BooleanField(_("Section 504 plan"), default=False)
    english_learner = models.BooleanField(_("English learner"), default=False)
    economically_disadvantaged = models.BooleanField(_("economically disadvantaged"), default=False)
    foster_youth = models.BooleanField(_("foster youth"), default=False)
    homeless = models.BooleanField(_("homeless"), default=False)
    calworks = models.BooleanField(_("CalWORKs"), default=False)
    tap = models.BooleanField(_("Temporary Assistance Program"), default=False)
    job_corps = models.BooleanField(_("Job Corps"), default=False)
    wioa_intensive = models.BooleanField(_("WIOA intensive training"), default=False)
    home_language = models.CharField(_("home language"), max_length=40, default="English")
    # FERPA 34 CFR 99.37 / EC 49073: the student (or parent) declined directory information.
    directory_opt_out = models.BooleanField(_("directory information opt-out"), default=False)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_last_name", "legal_first_name", "local_id"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        indexes = [models.Index(fields=["district_of_residence", "grade_level"])]
        constraints = [
            # The half of validate_birth_date a database can hold (the other half moves daily).
            models.CheckConstraint(
                name="student_birth_date_from_1900",
                condition=models.Q(birth_date__isnull=True)
                | models.Q(birth_date__gte=EARLIEST_BIRTH_DATE),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}"

    @property
    def is_high_school(self) -> bool:
        return self.grade_level in self.HIGH_SCHOOL_GRADES

    @property
    def birth_date_known(self) -> bool:
        return self.birth_date is not None

    def age_on(self, day: date) -> int | None:
        """Whole years on `day`; None when the birth date is unknown. Callers decide what
        unknown means for their rule, on the side that protects the student: a minor for
        consent, work permits and minors' hours; not shown to a parent (core.access)."""
        if self.birth_date is None:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def is_minor_on(self, day: date) -> bool:
        """Under 18 on `day`, or of unknown age: the protective reading for the rules that
        guard minors (parent signatures, work permits, minors' hours)."""
        age = self.age_on(day)
        return age is None or age < 18

    def race_names(self) -> list[str]:
        return [str(self.RACES.get(code, code)) for code in self.races]


class Guardianship(models.Model):
    """A parent or guardian of a student: their contact details and, if they have an account,
    their right to see the record.

    FERPA rights pass to the student at 18 (34 CFR 99.5): a parent of an adult student sees the
    record only if the student consented (`adult_student_consent`).
    """

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardianships")
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="guardianships"
    )
    name = models.CharField(_("name"), max_length=160)
    relationship = models.CharField(_("relationship"), max_length=40, default="Parent")
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    adult_student_consent = models.BooleanField(
        _("adult student consents to access"), default=False
    )

    class Meta:
        ordering = ["student", "name"]
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(fields=["student", "name"], name="guardianship_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.student}"


class AuditEvent(models.Model):
    """Who changed what, and when. Append-only."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=40)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class DisclosureLog(models.Model):
    """A record of each disclosure of a student's records to a party outside the program's
    school officials (34 CFR 99.32; EC 49064). Append-only, and kept as long as the record:
    the student's identifiers are copied onto the row, so removing the student (a OneRoster
    delta, the admin) keeps the log (99.32(a)(2): maintained with the record; the FK is only
    a link)."""

    student = models.ForeignKey(
        Student, null=True, blank=True, on_delete=models.SET_NULL, related_name="disclosures"
    )
    student_local_id = models.CharField(_("student local id"), max_length=40, blank=True)
    student_statewide_id = models.CharField(_("student SSID"), max_length=10, blank=True)
    student_name = models.CharField(_("student name"), max_length=200, blank=True)
    party = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="disclosures_received"
    )
    party_description = models.CharField(_("party"), max_length=200)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    records = models.CharField(_("records"), max_length=200)
    page = models.CharField(_("page"), max_length=200, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosure log")
        indexes = [models.Index(fields=["student_local_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.records} → {self.party_description}"


# --- Background work: import jobs, outgoing mail, the worker's schedule ------------------------


def import_job_kinds() -> list[tuple[str, Any]]:
    """The kinds of job: each app names its own (`KINDS` in `ropdesk/<app>/job_kinds.py`,
    core/jobs.py), so that a new kind needs no migration of core and core imports no app."""
    from ropdesk.core.jobs import job_kinds

    return [(kind.value, kind.label) for kind in job_kinds().values()]


class ImportJob(models.Model):
    """One import a person started (an attendance file, a OneRoster package, a file of
    job-site hours, ...) or one long report build they asked for (the ADA report's download,
    the outcomes figures), run by the worker: its progress, result and error, shown
    to whoever started it. A report job keeps the file it built in `output`. The worker beats
    `heartbeat_at` while it runs; a running job whose beat stopped for longer than
    ROPDESK["JOB_LEASE_SECONDS"] is failed with the reason (core/jobs.py), so no restart
    leaves a job "running" forever."""

    class Kind(models.TextChoices):
        # The kinds of the apps below interop, named here for their code; each app also
        # registers its kinds, with the rest, in its job_kinds.py (the field's choices).
        ATTENDANCE = "attendance", _("Attendance file")
        ONEROSTER = "oneroster", _("OneRoster package")
        JOB_SITE_HOURS = "job_site_hours", _("Job-site hours file")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        REJECTED = "rejected", _("Rejected: the file has errors")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.DONE, Status.REJECTED, Status.FAILED)

    kind = models.CharField(_("kind"), max_length=20, choices=import_job_kinds)
    file_name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    step = models.CharField(_("step"), max_length=120, blank=True)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    # What the import did: attendance {"created": 3, "updated": 0, "unchanged": 1}; OneRoster
    # {"orgs.csv": {"created": 2, ...}, ...}.
    result = models.JSONField(_("result"), default=dict, blank=True)
    # [{"file": "users.csv", "row": 3, "column": "email", "reason": "..."}]; row 1 is the header.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # Rows a run chose to skip ("import what is valid"): [{"file", "row", "column", "reason"}].
    warnings = models.JSONField(_("skipped rows"), default=list, blank=True)
    # How the app that owns the kind asked for it to run, e.g. a OneRoster package's
    # {"feed_id": 3, "dry_run": false, "import_valid_rows": true} (interop/services.py).
    options = models.JSONField(_("options"), default=dict, blank=True)
    failure = models.TextField(_("why it failed"), blank=True)
    # What a report job built: the file, its name and its media type (core/jobs.py).
    output = models.BinaryField(_("built file"), blank=True, default=b"")
    output_name = models.CharField(_("built file's name"), max_length=200, blank=True)
    output_type = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(max_length=64, blank=True)
    worker_id = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    started_by = models.ForeignKey(
        User,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["kind", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="job_percent_max")
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED


class MailMessage(models.Model):
    """One e-mail to one recipient, written in the recipient's language, and how its delivery
    went: queued (waiting or between retries), sent, or failed with the reason after the
    last attempt. Every message ropdesk sends goes through this record (core/mail.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    to = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("body"))
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mail message")
        verbose_name_plural = _("mail messages")
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject} ({self.status})"


class SmsMessage(models.Model):
    """One text message to one phone number (E.164), written in the recipient's language, and
    how its delivery went: queued (waiting or between retries), sent (with the provider's id),
    or failed with the reason. Every text ropdesk sends goes through this record (core/sms.py).
    `reference` names what the text was about ("outcomes.invitation:12"), so the app that sent
    it can find its failures and the replies from the number."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    to = models.CharField(_("to"), max_length=16, db_index=True)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8)
    reference = models.CharField(_("about"), max_length=80, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    provider_id = models.CharField(_("provider's message id"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.kind} ({self.status})"


class ScheduledRun(models.Model):
    """When the worker last started a periodic job of ROPDESK["SCHEDULE"], and how it went."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    last_run_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_outcome = models.CharField(_("last outcome"), max_length=200, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """An invitation to take a role, which only the invited person can accept.

    The link carries a secret whose SHA-256 alone is stored; it works once and expires. The
    role is scoped (a site supervisor of one site). Nobody holds a role because someone typed
    their username: they accept it themselves, signed in as the invited e-mail's owner
    (docs/access-policy.md, "Granting roles").
    """

    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # Only site-scoped supervisor invitations exist; other roles are office work.
            models.CheckConstraint(
                name="invitation_supervisor_of_a_site",
                condition=models.Q(role="employer_supervisor", site__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.get_role_display()} ({self.site})"
