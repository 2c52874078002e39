"""Partners, business advisory committees and district steering committees, their meetings
under the Brown Act, their recommendations and what changed because of them, EDD labor-market
projections, and the Perkins V comprehensive local needs assessment
(docs/partners-and-committees.md).

A partner is one organization: the same `core.Organization` that work-based learning hangs its
employer profile and training sites on, so a business that hosts trainees and sits on a
committee is one record, not two.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ropdesk.catalog.models import Course, IndustrySector, Pathway
from ropdesk.core.models import Organization, Site
from ropdesk.scheduling.models import Section

# --- partners ------------------------------------------------------------------------------------


class Partner(models.Model):
    """What the program keeps about an outside organization it works with."""

    class Kind(models.TextChoices):
        BUSINESS = "business", _("Business")
        PUBLIC_AGENCY = "public_agency", _("Public agency")
        LABOR = "labor", _("Labor organization")
        COMMUNITY_COLLEGE = "community_college", _("Community college")
        PRIVATE_POSTSECONDARY = "private_postsecondary", _("Private postsecondary school")
        EMPLOYMENT_AGENCY = "employment_agency", _("Employment agency or America's Job Center")
        COMMUNITY = "community", _("Community organization")

    class Size(models.TextChoices):
        UNKNOWN = "", _("Not known")
        SMALL = "small", _("Fewer than 50 employees")
        MEDIUM = "medium", _("50 to 249 employees")
        LARGE = "large", _("250 employees or more")

    organization = models.OneToOneField(
        Organization, on_delete=models.PROTECT, related_name="partner"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    naics = models.CharField(_("NAICS code"), max_length=6, blank=True)
    size = models.CharField(_("size"), max_length=8, choices=Size.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.organization.name


class Contact(models.Model):
    """A person the program works with: someone at a partner, or one of the program's own
    people (a teacher, an administrator, a district coordinator) with their account."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Primary contact")
        EXECUTIVE = "executive", _("Owner or executive")
        HIRING = "hiring", _("Hiring or human resources")
        TECHNICAL = "technical", _("Technical expert")
        TRAINING = "training", _("Training or education")
        STAFF = "staff", _("Program staff")
        OTHER = "other", _("Other")

    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_contacts",
    )
    name = models.CharField(_("name"), max_length=160)
    title = models.CharField(_("job title"), max_length=160, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.PRIMARY)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.partner})" if self.partner_id else self.name


class Activity(models.Model):
    """Something a partner did with the program."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        DONATION = "donation", _("Equipment donation")
        GUEST_SPEAKER = "guest_speaker", _("Guest speaker")
        JOB_POSTING = "job_posting", _("Job posting")
        MOCK_INTERVIEWS = "mock_interviews", _("Mock interviews hosted")
        OTHER = "other", _("Other")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300)
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The donor's stated value of donated equipment (dollars).
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("partner activity")
        verbose_name_plural = _("partner activities")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.partner} ({self.on})"


# --- committees ----------------------------------------------------------------------------------


class MemberRole(models.TextChoices):
    """Who sits for whom: Title 5 §55601's list (the EC 8070 stand-in) plus CDE's."""

    BUSINESS = "business", _("Business or industry")
    LABOR = "labor", _("Labor")
    PARENT = "parent", _("Parent")
    STUDENT = "student", _("Student")
    TEACHER = "teacher", _("Teacher")
    ADMINISTRATOR = "administrator", _("Administrator")
    COUNSELOR = "counselor", _("Counselor")
    SPECIAL_POPULATIONS = "special_populations", _("Special-populations representative")
    POSTSECONDARY = "postsecondary", _("Postsecondary")
    EDD = "edd", _("EDD field office")
    WORKFORCE_BOARD = "workforce_board", _("Workforce board")
    PUBLIC_DISADVANTAGED = (
        "public_disadvantaged",
        _("Public knowledgeable about disadvantaged populations"),
    )
    DISTRICT_REPRESENTATIVE = "district_representative", _("District representative")
    DISTRICT_COORDINATOR = "district_coordinator", _("District coordinator")


class Committee(models.Model):
    """A business advisory committee (of a course, pathway, sector, site or the county) or a
    district's steering committee."""

    class Scope(models.TextChoices):
        COURSE = "course", _("Course")
        PATHWAY = "pathway", _("Pathway")
        SECTOR = "sector", _("Industry sector")
        SITE = "site", _("Site")
        COUNTYWIDE = "countywide", _("Countywide")
        DISTRICT_STEERING = "district_steering", _("District steering committee")

    name = models.CharField(_("name"), max_length=200)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    courses = models.ManyToManyField(
        Course, blank=True, related_name="advisory_committees", verbose_name=_("courses")
    )
    pathway = models.ForeignKey(
        Pathway, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey(
        IndustrySector, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="steering_committees",
        limit_choices_to={"kind": Organization.Kind.DISTRICT},
    )
    # What created it: a board resolution (number and date) or a statute. A body created by
    # formal action of a legislative body is itself one under the Brown Act (Gov. Code 54952).
    created_by_action = models.CharField(_("created by"), max_length=200, blank=True)
    brown_act = models.BooleanField(_("subject to the Brown Act"), default=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.CheckConstraint(
                name="committee_steering_has_district",
                condition=~models.Q(scope="district_steering") | models.Q(district__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["district"],
                condition=models.Q(scope="district_steering"),
                name="committee_one_steering_per_district",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_steering(self) -> bool:
        return self.scope == self.Scope.DISTRICT_STEERING


class Membership(models.Model):
    class Officer(models.TextChoices):
        NONE = "", _("Member")
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        SECRETARY = "secretary", _("Secretary")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("sits for"), max_length=24, choices=MemberRole.choices)
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"))
    officer = models.CharField(_("officer"), max_length=12, choices=Officer.choices, blank=True)

    class Meta:
        ordering = ["committee", "contact__name", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_term_ordered",
                condition=models.Q(term_starts_on__lt=models.F("term_ends_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact.name} — {self.get_role_display()}"

    def current_on(self, day: date) -> bool:
        return self.term_starts_on <= day <= self.term_ends_on


# --- meetings ------------------------------------------------------------------------------------


class ItemCategory(models.TextChoices):
    """What a meeting reviewed, and what a recommendation is about."""

    CURRICULUM = "curriculum", _("Curriculum and course outline")
    EQUIPMENT = "equipment", _("Equipment")
    MATERIALS = "materials", _("Texts and materials")
    FACILITIES = "facilities", _("Facilities and safety")
    LABOR_MARKET = "labor_market", _("Labor-market data")
    JOB_SITES = "job_sites", _("Job sites")
    PLACEMENT = "placement", _("Completer placement")
    CERTIFICATIONS = "certifications", _("Certifications")
    EQUITY = "equity", _("Equity and nontraditional access")
    NEEDS_ASSESSMENT = "needs_assessment", _("Needs assessment")
    # A steering committee's direction about programs in its district's schools.
    COURSES_OFFERED = "courses_offered", _("Courses to offer")
    SECTIONS = "sections", _("Sections to open or close")
    SCHEDULE = "schedule", _("Schedule")


def meeting_file_path(instance: models.Model, filename: str) -> str:
    """Stored under a random name (the office's file name is kept in the row)."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"partners/meetings/{uuid4().hex}{suffix}"


class Meeting(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular meeting")
        SPECIAL = "special", _("Special meeting")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.REGULAR)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place or link"), max_length=300)
    agenda = models.TextField(_("agenda"), blank=True)
    # When the agenda was posted for the public (Gov. Code 54954.2, 54956); posting publishes it.
    agenda_posted_at = models.DateTimeField(_("agenda posted at"), null=True, blank=True)
    items_reviewed = models.JSONField(_("items reviewed"), default=list, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_recorded_at = models.DateTimeField(null=True, blank=True)
    # The agenda and minutes as the office wrote them (PDF or DOCX); the text above is then an
    # optional summary. Served only through access.meeting_file_for (public once published).
    agenda_file = models.FileField(
        _("agenda file"), upload_to=meeting_file_path, blank=True, max_length=200
    )
    agenda_file_name = models.CharField(max_length=200, blank=True)
    minutes_file = models.FileField(
        _("minutes file"), upload_to=meeting_file_path, blank=True, max_length=200
    )
    minutes_file_name = models.CharField(max_length=200, blank=True)
    # Minutes are approved at the next meeting; only approved minutes are public.
    minutes_approved_at = models.ForeignKey(
        "self",
        verbose_name=_("minutes approved at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_minutes_of",
    )
    lmi_snapshot = models.ForeignKey(
        "LaborMarketSnapshot",
        verbose_name=_("labor-market snapshot in the packet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    # The members' per-meeting packet link: only its SHA-256 is kept (core/tokens.py).
    packet_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.committee} — {self.starts_at:%Y-%m-%d}"

    @property
    def agenda_published(self) -> bool:
        return self.agenda_posted_at is not None

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_approved_at_id is not None


class Attendance(models.Model):
    """Who was at a meeting: a member, or a guest by name."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.CASCADE, related_name="attendance"
    )
    guest_name = models.CharField(_("guest name"), max_length=160, blank=True)
    guest_affiliation = models.CharField(_("affiliation"), max_length=160, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.CheckConstraint(
                name="attendance_member_or_guest",
                condition=models.Q(membership__isnull=False, guest_name="")
                | (models.Q(membership__isnull=True) & ~models.Q(guest_name="")),
            ),
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="attendance_member_once"
            ),
        ]

    def __str__(self) -> str:
        return self.guest_name or str(self.membership)


class PublicComment(models.Model):
    """A member of the public addressing the committee (Gov. Code 54954.3)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="public_comments")
    speaker = models.CharField(_("speaker (optional)"), max_length=160, blank=True)
    summary = models.TextField(_("summary"))

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")

    def __str__(self) -> str:
        return self.summary[:60]


# --- recommendations and what changed ------------------------------------------------------------


class Recommendation(models.Model):
    """A committee's recommendation, or a steering committee's direction, and its follow-up."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")
        DECLINED = "declined", _("Declined")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    category = models.CharField(_("category"), max_length=20, choices=ItemCategory.choices)
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    equipment = models.CharField(_("equipment"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    declined_reason = models.TextField(_("reason declined"), blank=True)
    status_changed_on = models.DateField(_("status changed on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meeting__starts_at", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.CheckConstraint(
                name="recommendation_declined_has_reason",
                condition=~models.Q(status="declined") | ~models.Q(declined_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Change(models.Model):
    """What the program changed to implement a recommendation."""

    class Kind(models.TextChoices):
        COURSE_REVISION = "course_revision", _("Course revision")
        NEW_SITE = "new_site", _("New site")
        PURCHASE = "purchase", _("Purchase")
        SECTION = "section", _("Section opened or closed")
        SCHEDULE = "schedule", _("Schedule change")
        OTHER = "other", _("Other")

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="change"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    summary = models.TextField(_("what changed"))
    made_on = models.DateField(_("made on"))
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(
        _("purchase amount"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # A course revision keeps what the course said before and after.
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_on", "pk"]
        verbose_name = _("implemented change")
        verbose_name_plural = _("implemented changes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary[:60]}"


# --- labor-market data ---------------------------------------------------------------------------


class Projection(models.Model):
    """One row of EDD's long-term occupational employment projections."""

    area = models.CharField(_("area"), max_length=200)
    soc_code = models.CharField(_("SOC code"), max_length=7)
    title = models.CharField(_("title"), max_length=200)
    base_year = models.PositiveSmallIntegerField(_("base year"))
    projected_year = models.PositiveSmallIntegerField(_("projected year"))
    base_employment = models.PositiveIntegerField(_("base employment"))
    projected_employment = models.PositiveIntegerField(_("projected employment"))
    annual_openings = models.PositiveIntegerField(_("annual openings"))
    median_annual_wage = models.PositiveIntegerField(_("median annual wage"), null=True, blank=True)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["area", "soc_code", "-base_year"]
        verbose_name = _("occupational projection")
        verbose_name_plural = _("occupational projections")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "soc_code", "base_year", "projected_year"],
                name="projection_unique_edition_row",
            ),
            models.CheckConstraint(
                name="projection_years_ordered",
                condition=models.Q(base_year__lt=models.F("projected_year")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.soc_code} {self.title} ({self.area}, {self.base_year}–{self.projected_year})"

    @property
    def change_percent(self) -> int:
        if not self.base_employment:
            return 0
        change = self.projected_employment - self.base_employment
        return round(100 * change / self.base_employment)


class CourseOccupation(models.Model):
    """An occupation (a SOC code) a course prepares for."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="occupations")
    soc_code = models.CharField(_("SOC code"), max_length=7)

    class Meta:
        ordering = ["course", "soc_code"]
        verbose_name = _("course occupation")
        verbose_name_plural = _("course occupations")
        constraints = [
            models.UniqueConstraint(fields=["course", "soc_code"], name="course_occupation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.soc_code}"


class LaborMarketSnapshot(models.Model):
    """A frozen copy of the projections for some occupations, as a packet showed them."""

    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("area"), max_length=200)
    taken_at = models.DateTimeField(_("taken at"))
    source = models.CharField(_("source"), max_length=300)
    rows = models.JSONField(_("rows"), default=list)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-taken_at", "pk"]
        verbose_name = _("labor-market snapshot")
        verbose_name_plural = _("labor-market snapshots")

    def __str__(self) -> str:
        return f"{self.title} ({self.taken_at:%Y-%m-%d})"


class MemberInvitation(models.Model):
    """The office invites a committee member (a partner contact) to sign in with an account
    of their own. The link carries a secret whose SHA-256 alone is kept; it works once and
    expires. Accepting ties the account to the contact (Contact.user): that is the member's
    whole reach, their committees' packets (access.member_committees)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("member invitation")
        verbose_name_plural = _("member invitations")

    def __str__(self) -> str:
        return self.email


# --- Perkins V comprehensive local needs assessment ----------------------------------------------


class NeedsAssessment(models.Model):
    """One two-year cycle of the comprehensive local needs assessment (Perkins V §134(c))."""

    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        constraints = [
            models.CheckConstraint(
                name="needs_assessment_dates_ordered",
                condition=models.Q(starts_on__lt=models.F("ends_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Element(models.IntegerChoices):
    """The five elements of the CLNA (Perkins V §134(c)(2))."""

    PERFORMANCE = 1, _("Student performance on the core indicators, by subgroup")
    SIZE_SCOPE_QUALITY = 2, _("Size, scope and quality of programs, and alignment to labor market")
    PROGRAMS_OF_STUDY = 3, _("Progress on programs of study")
    EDUCATORS = 4, _("Recruitment, retention and training of educators")
    EQUAL_ACCESS = 5, _("Progress toward equal access for special populations")


class ElementFinding(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETE = "complete", _("Complete")

    assessment = models.ForeignKey(
        NeedsAssessment, on_delete=models.CASCADE, related_name="findings"
    )
    element = models.PositiveSmallIntegerField(_("element"), choices=Element.choices)
    findings = models.TextField(_("findings"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )

    class Meta:
        ordering = ["assessment", "element"]
        verbose_name = _("needs-assessment element")
        verbose_name_plural = _("needs-assessment elements")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "element"], name="finding_one_per_element"
            ),
        ]

    def __str__(self) -> str:
        return self.get_element_display()


class Evidence(models.Model):
    class Kind(models.TextChoices):
        INDICATORS = "indicators", _("Indicator table")
        LABOR_MARKET = "labor_market", _("Labor-market snapshot")
        EQUAL_ACCESS = "equal_access", _("Equal-access figures")
        PROGRAM_REVIEW = "program_review", _("Program review or committee minutes")
        OTHER = "other", _("Other")

    finding = models.ForeignKey(ElementFinding, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    snapshot = models.ForeignKey(
        LaborMarketSnapshot, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["finding", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


class StakeholderCategory(models.TextChoices):
    """Stakeholders a local recipient consults (Perkins V §134(d); not read verbatim)."""

    EDUCATORS = "educators", _("Teachers, counselors, administrators and staff")
    POSTSECONDARY = "postsecondary", _("Postsecondary faculty and administrators")
    WORKFORCE = "workforce", _("Workforce boards and business and industry")
    PARENTS_STUDENTS = "parents_students", _("Parents and students")
    SPECIAL_POPULATIONS = "special_populations", _("Representatives of special populations")
    YOUTH_AGENCIES = (
        "youth_agencies",
        _("Agencies serving out-of-school, homeless and at-risk youth"),
    )
    TRIBES = "tribes", _("Indian Tribes and Tribal organizations")


class Consultation(models.Model):
    assessment = models.ForeignKey(
        NeedsAssessment, on_delete=models.CASCADE, related_name="consultations"
    )
    on = models.DateField(_("date"))
    category = models.CharField(
        _("stakeholders"), max_length=20, choices=StakeholderCategory.choices
    )
    participants = models.TextField(_("participants"))
    notes = models.TextField(_("notes"), blank=True)
    elements = models.JSONField(_("elements discussed"), default=list, blank=True)

    class Meta:
        ordering = ["assessment", "on", "pk"]
        verbose_name = _("stakeholder consultation")
        verbose_name_plural = _("stakeholder consultations")

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.on})"
