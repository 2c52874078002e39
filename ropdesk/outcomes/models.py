"""Outcomes: exits and graduation from the home districts, follow-up waves with their personal
links and answers, industry credentials (5S1) and the nontraditional crosswalk (4S1).

Who is a participant, concentrator or completer is not stored: it is computed from the
enrollments and their completions whenever it is asked (queries.statuses_of), so it cannot
drift from the records (design.md, "How data flows")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ropdesk.catalog.models import Course, Pathway
from ropdesk.core.models import Organization, Student


class Exit(models.Model):
    """A student's exit from secondary education as the home district reports it."""

    class Source(models.TextChoices):
        DISTRICT_FILE = "district_file", _("District file")
        ENTERED = "entered", _("Entered by staff")

    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="exit")
    district = models.ForeignKey(
        Organization, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    exit_date = models.DateField(_("exit date"))
    # "2025-2026": the academic year of the exit date (rules.school_year_of).
    exit_year = models.CharField(_("exit year"), max_length=9, db_index=True)
    completion_code = models.CharField(_("school-completion (exit) code"), max_length=4)
    grade_at_exit = models.CharField(_("grade at exit"), max_length=2, default="12")
    graduated = models.BooleanField(_("graduated with a regular diploma"), default=False)
    diploma_date = models.DateField(_("diploma date"), null=True, blank=True)
    # The four-year adjusted cohort the district counts the student in (ESEA 8101): the year
    # the student entered grade 9 plus four, "2025-2026" for a 2022 freshman.
    graduation_cohort = models.CharField(_("four-year cohort"), max_length=9, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["exit_year", "student"]
        verbose_name = _("exit")
        verbose_name_plural = _("exits")
        constraints = [
            models.CheckConstraint(
                name="exit_diploma_only_if_graduated",
                condition=models.Q(graduated=True) | models.Q(diploma_date__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} {self.exit_year} {self.completion_code}"


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone call")
    IMPORT = "import", _("Gathered elsewhere (import)")


# SmsMessage.reference of a follow-up text: this prefix and the invitation's pk (core/sms.py).
SMS_REFERENCE = "outcomes.invitation:"


class FollowUpWave(models.Model):
    """One follow-up survey of an exit-year cohort."""

    class Population(models.TextChoices):
        COMPLETERS = "completers", _("Completers (CALPADS PSTS)")
        CONCENTRATORS = "concentrators", _("Concentrators (Perkins V 3S1)")

    exit_year = models.CharField(_("exit year"), max_length=9)
    population = models.CharField(
        _("who is surveyed"), max_length=16, choices=Population.choices, default="completers"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    channels = models.JSONField(_("channels"), default=list)
    reminder_days = models.JSONField(_("reminder days"), default=list)
    phone_from_day = models.PositiveSmallIntegerField(_("phone calls from day"), default=21)
    target_response_rate = models.PositiveSmallIntegerField(_("target response rate (%)"))
    opened_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    # The site's address when the wave was opened, for the links in the scheduled reminders.
    base_url = models.CharField(_("site address"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-exit_year", "population"]
        verbose_name = _("follow-up wave")
        verbose_name_plural = _("follow-up waves")
        constraints = [
            models.UniqueConstraint(fields=["exit_year", "population"], name="wave_unique_cohort"),
            models.CheckConstraint(
                name="wave_dates_ordered", condition=models.Q(opens_on__lte=models.F("closes_on"))
            ),
            models.CheckConstraint(
                name="wave_target_percent", condition=models.Q(target_response_rate__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exit_year} ({self.get_population_display()})"


class FollowUpInvitation(models.Model):
    """One former student of a wave: LimeSurvey's participant row (anchors-wave2.md 3.2)."""

    wave = models.ForeignKey(FollowUpWave, on_delete=models.CASCADE, related_name="invitations")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(_("e-mail used"), blank=True)
    phone = models.CharField(_("phone used"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    sent_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("reminders"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("link first opened at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    valid_until = models.DateField(_("link valid until"))
    uses_left = models.PositiveSmallIntegerField(_("uses left"), default=1)
    bounced_at = models.DateTimeField(_("e-mail bounced at"), null=True, blank=True)
    bounce_reason = models.CharField(_("bounce reason"), max_length=200, blank=True)
    opted_out_at = models.DateTimeField(_("opted out at"), null=True, blank=True)
    # A text the provider refused for good (core/sms.py), or a number no text can go to: no
    # more texts to it; e-mail and calls go on.
    sms_bounced_at = models.DateTimeField(_("text bounced at"), null=True, blank=True)
    sms_bounce_reason = models.CharField(_("text bounce reason"), max_length=200, blank=True)
    call_attempts = models.PositiveSmallIntegerField(_("call attempts"), default=0)
    last_call_note = models.CharField(_("last call note"), max_length=200, blank=True)

    class Meta:
        ordering = ["wave", "student"]
        verbose_name = _("follow-up invitation")
        verbose_name_plural = _("follow-up invitations")
        constraints = [
            models.UniqueConstraint(fields=["wave", "student"], name="invitation_unique_student"),
        ]

    def __str__(self) -> str:
        return f"{self.wave}: {self.student}"


class FollowUpLink(models.Model):
    """A personal link sent by one channel. Only the token's SHA-256 is kept (core/tokens.py);
    each send makes a new one, so the channel of an answer is the channel of its link."""

    invitation = models.ForeignKey(
        FollowUpInvitation, on_delete=models.CASCADE, related_name="links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["invitation", "created_at"]
        verbose_name = _("follow-up link")
        verbose_name_plural = _("follow-up links")

    def __str__(self) -> str:
        return f"{self.invitation} ({self.channel})"


class Postsecondary(models.TextChoices):
    NONE = "", _("Not in school or training")
    CCC = "ccc", _("California community college")
    CSU_UC = "csu_uc", _("CSU or UC")
    PRIVATE = "private", _("Private college or university")
    ADULT = "adult", _("Adult education")
    OTHER = "other", _("Other advanced training")


class Military(models.TextChoices):
    NONE = "", _("Not in the military")
    ACTIVE = "active", _("Active duty")
    RESERVE = "reserve", _("Reserve")
    GUARD = "guard", _("National Guard")


class Employment(models.TextChoices):
    NONE = "", _("Not employed")
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")


class FollowUpResponse(models.Model):
    """One former student's answers. Several statuses may be true at once (PSTS takes several
    status codes per student: Aeries 14000107394)."""

    class Respondent(models.TextChoices):
        SELF = "self", _("The former student")
        PROXY = "proxy", _("Someone else (proxy)")

    invitation = models.OneToOneField(
        FollowUpInvitation, on_delete=models.CASCADE, related_name="response"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    respondent = models.CharField(
        _("who answered"), max_length=8, choices=Respondent.choices, default="self"
    )
    proxy_name = models.CharField(_("proxy's name"), max_length=160, blank=True)
    proxy_relationship = models.CharField(_("proxy's relationship"), max_length=40, blank=True)
    postsecondary = models.CharField(
        _("school or training"), max_length=8, choices=Postsecondary.choices, blank=True
    )
    apprenticeship = models.BooleanField(_("registered apprenticeship"), default=False)
    military = models.CharField(
        _("military service"), max_length=8, choices=Military.choices, blank=True
    )
    national_service = models.BooleanField(
        _("national service (AmeriCorps) or Peace Corps"), default=False
    )
    employment = models.CharField(
        _("employment"), max_length=10, choices=Employment.choices, blank=True
    )
    hours_per_week = models.PositiveSmallIntegerField(_("hours a week"), null=True, blank=True)
    related_to_pathway = models.BooleanField(_("job related to the ROP training"), null=True)
    employer = models.CharField(_("employer"), max_length=160, blank=True)
    job_title = models.CharField(_("job title"), max_length=160, blank=True)
    seeking_work = models.BooleanField(_("looking for work"), default=False)
    not_in_labor_force = models.BooleanField(_("not working and not looking"), default=False)
    # 1 (not at all) to 5 (very well); a proxy does not answer it (Michigan CTEIS practice).
    satisfaction = models.PositiveSmallIntegerField(
        _("how well ROP prepared you"), null=True, blank=True
    )
    consent_later_contact = models.BooleanField(_("may be contacted later"), default=False)
    # Perkins V 3S1: the status is the one in the second quarter after exit.
    reference_quarter_start = models.DateField(_("reference quarter from"))
    reference_quarter_end = models.DateField(_("reference quarter to"))
    psts_codes = models.JSONField(_("PSTS status codes"), default=list)
    answered_at = models.DateTimeField(_("answered at"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    employment_started_on = models.DateField(_("started the job on"), null=True, blank=True)
    # The hire from the student's portfolio the answer confirmed (same employer), if any.
    confirmed_hire = models.ForeignKey(
        "ReportedHire", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-answered_at"]
        verbose_name = _("follow-up response")
        verbose_name_plural = _("follow-up responses")
        indexes = [models.Index(fields=["channel"])]
        constraints = [
            models.CheckConstraint(
                name="response_satisfaction_range",
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
            ),
            models.CheckConstraint(
                name="response_proxy_named",
                condition=models.Q(respondent="self") | ~models.Q(proxy_relationship=""),
            ),
            models.CheckConstraint(
                name="response_proxy_no_satisfaction",
                condition=models.Q(respondent="self") | models.Q(satisfaction__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation} ({self.channel})"

    @property
    def placed(self) -> bool:
        """In school or training, in the military or national service, and/or working."""
        return bool(
            self.postsecondary
            or self.apprenticeship
            or self.military
            or self.national_service
            or self.employment
        )


PLACED = (
    ~models.Q(postsecondary="")
    | models.Q(apprenticeship=True)
    | ~models.Q(military="")
    | models.Q(national_service=True)
    | ~models.Q(employment="")
)


class IndustryCredential(models.Model):
    """A recognized postsecondary credential a student earned (Perkins V 5S1)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("credential"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=200)
    earned_on = models.DateField(_("earned on"))
    pathway = models.ForeignKey(
        Pathway, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["student", "earned_on"]
        verbose_name = _("industry credential")
        verbose_name_plural = _("industry credentials")

    def __str__(self) -> str:
        return self.name


class NontraditionalDesignation(models.Model):
    """The crosswalk row of a pathway (or of one course, which then wins over its pathway):
    the occupations it leads to, the women's share in them and for whom it is nontraditional.
    Loaded from the shipped BLS table (outcomes/data) and editable by the office."""

    class For(models.TextChoices):
        WOMEN = "F", _("Nontraditional for women")
        MEN = "M", _("Nontraditional for men")
        NEITHER = "", _("Not nontraditional")

    pathway = models.OneToOneField(
        Pathway, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    course = models.OneToOneField(
        Course, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    soc_codes = models.JSONField(_("occupations (SOC)"), default=list, blank=True)
    women_percent = models.DecimalField(
        _("women's share (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    nontraditional_for = models.CharField(
        _("nontraditional for"), max_length=1, choices=For.choices, blank=True
    )
    target_percent = models.PositiveSmallIntegerField(
        _("target share of the underrepresented sex (%)"), default=25
    )
    source = models.CharField(_("source"), max_length=300)
    source_year = models.PositiveSmallIntegerField(_("source year"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pathway__name", "course__title"]
        verbose_name = _("nontraditional designation")
        verbose_name_plural = _("nontraditional designations")
        constraints = [
            models.CheckConstraint(
                name="designation_pathway_xor_course",
                condition=models.Q(pathway__isnull=False, course__isnull=True)
                | models.Q(pathway__isnull=True, course__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.pathway or self.course)


class PstsCode(models.Model):
    """The district's CALPADS Postsecondary Status code for one survey status: the table the
    PSTS file is written from (queries.psts_codes_for). Seeded by migration 0002 with
    ropdesk's best reading, every row unconfirmed (CDE's "Mapping Guide to CALPADS PSTS File"
    was not read: anchors-wave2.md §6 item 4); the office corrects it in the admin."""

    class Status(models.TextChoices):
        POSTSECONDARY_CCC = "postsecondary_ccc", _("California community college")
        POSTSECONDARY_CSU_UC = "postsecondary_csu_uc", _("CSU or UC")
        POSTSECONDARY_PRIVATE = "postsecondary_private", _("Private college or university")
        POSTSECONDARY_ADULT = "postsecondary_adult", _("Adult education")
        POSTSECONDARY_OTHER = "postsecondary_other", _("Other advanced training")
        APPRENTICESHIP = "apprenticeship", _("Registered apprenticeship")
        MILITARY = "military", _("Military service")
        NATIONAL_SERVICE = "national_service", _("National service or Peace Corps")
        EMPLOYED = "employed", _("Employed")
        SEEKING_WORK = "seeking_work", _("Looking for work")
        NOT_IN_LABOR_FORCE = "not_in_labor_force", _("Not working and not looking")
        UNKNOWN = "unknown", _("No status given")

    status = models.CharField(
        _("survey status"), max_length=24, choices=Status.choices, unique=True
    )
    code = models.CharField(_("PSTS code"), max_length=3)
    confirmed = models.BooleanField(
        _("confirmed against CDE's code set"),
        default=False,
        help_text=_("Tick only after checking the code in CDE's PSTS mapping guide."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status"]
        verbose_name = _("PSTS code")
        verbose_name_plural = _("PSTS codes")

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.code}"


class ReportedHire(models.Model):
    """A job the student's application in their portfolio reached "hired" for (core.signals
    job_hired, sent by ropdesk/portfolio): the follow-up survey offers it pre-filled as the
    student's employment, and the student confirms or corrects it (outcomes/hires.py)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    employer = models.CharField(_("employer"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200)
    started_on = models.DateField(_("hired on"), null=True, blank=True)
    reference = models.CharField(_("source record"), max_length=80, unique=True)
    reported_at = models.DateTimeField(_("reported at"), auto_now=True)

    class Meta:
        ordering = ["student", "-started_on", "-pk"]
        verbose_name = _("reported hire")
        verbose_name_plural = _("reported hires")

    def __str__(self) -> str:
        return f"{self.student}: {self.job_title}, {self.employer}"
