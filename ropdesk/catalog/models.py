"""The catalog: California CTE industry sectors, pathways and state course codes, and the
program's own courses with their hours, instruction modes and competencies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ropdesk.core.content import shown

# Each text a person reads has a Spanish twin on the same row (`name_es`, `title_es`, ...),
# blank until someone translates it; pages show it through core/content.py, which falls back
# to the English and marks it lang="en".


class InstructionMode(models.TextChoices):
    # Title 5 §10080 (community classroom), §10100 (cooperative vocational education).
    CLASSROOM = "classroom", _("Classroom only")
    COMMUNITY_CLASSROOM = "community_classroom", _("Community classroom")
    CVE = "cve", _("Cooperative vocational education")


class IndustrySector(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120, blank=True)
    is_mcs_sector = models.BooleanField(_("Model Curriculum Standards sector"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("industry sector")
        verbose_name_plural = _("industry sectors")

    def __str__(self) -> str:
        return shown(self, "name")


class Pathway(models.Model):
    code = models.CharField(_("CALPADS pathway code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=160)
    name_es = models.CharField(_("name (Spanish)"), max_length=160, blank=True)
    sector = models.ForeignKey(IndustrySector, on_delete=models.PROTECT, related_name="pathways")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")

    def __str__(self) -> str:
        return shown(self, "name")


class StateCourseCode(models.Model):
    """A CALPADS course group state code in the CTE range (7000-8999)."""

    code = models.CharField(_("state course code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sector = models.ForeignKey(
        IndustrySector, on_delete=models.PROTECT, related_name="state_course_codes"
    )
    pathway = models.ForeignKey(
        Pathway, null=True, blank=True, on_delete=models.PROTECT, related_name="state_course_codes"
    )
    nontraditional_gender = models.CharField(max_length=1, blank=True)
    concentrator_course = models.BooleanField(default=False)
    capstone_course = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("state course code")
        verbose_name_plural = _("state course codes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Course(models.Model):
    """A course the program offers."""

    code = models.CharField(_("course code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    # Blank only while the course needs setup: a district's file names the course but not its
    # CALPADS pathway or hours, which the office then gives (interop "needs setup" page).
    pathway = models.ForeignKey(
        Pathway,
        verbose_name=_("pathway"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
    )
    state_course_code = models.ForeignKey(
        StateCourseCode,
        verbose_name=_("state course code"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
    )
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    allows_classroom = models.BooleanField(_("classroom only allowed"), default=True)
    allows_community_classroom = models.BooleanField(
        _("community classroom allowed"), default=False
    )
    allows_cve = models.BooleanField(_("cooperative vocational education allowed"), default=False)
    active = models.BooleanField(_("active"), default=True)
    # Imported without what ropdesk needs (pathway, hours): nothing that needs them runs —
    # its sections take no attendance and earn no ADA — until the office completes it.
    needs_setup = models.BooleanField(_("needs setup"), default=False, db_index=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                name="course_set_up_has_pathway_and_hours",
                condition=models.Q(needs_setup=True)
                | models.Q(pathway__isnull=False, hours__isnull=False),
            ),
            models.CheckConstraint(
                name="course_allows_some_mode",
                condition=models.Q(allows_classroom=True)
                | models.Q(allows_community_classroom=True)
                | models.Q(allows_cve=True),
            ),
            models.CheckConstraint(name="course_hours_positive", condition=models.Q(hours__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{shown(self, 'title')} ({self.code})"

    @property
    def sector(self) -> IndustrySector | None:
        return self.pathway.sector if self.pathway else None

    def setup_missing(self) -> list[str]:
        """What the office still has to give before the course is set up."""
        missing = []
        if self.pathway_id is None:
            missing.append(str(_("pathway")))
        if self.hours is None:
            missing.append(str(_("hours")))
        return missing

    def allowed_modes(self) -> list[str]:
        modes: list[str] = []
        if self.allows_classroom:
            modes.append(InstructionMode.CLASSROOM)
        if self.allows_community_classroom:
            modes.append(InstructionMode.COMMUNITY_CLASSROOM)
        if self.allows_cve:
            modes.append(InstructionMode.CVE)
        return modes

    def allows_mode(self, mode: str) -> bool:
        return mode in self.allowed_modes()


class Competency(models.Model):
    """A competency a student attains in the course (Title 5 §10080(b): the prescribed
    performance level for a skill, knowledge or attitude needed for a job task)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="competencies")
    number = models.PositiveSmallIntegerField(_("number"))
    description = models.CharField(_("description"), max_length=300)
    description_es = models.CharField(_("description (Spanish)"), max_length=300, blank=True)

    class Meta:
        ordering = ["course", "number"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="competency_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {shown(self, 'description')}"


class CourseSearchDocument(models.Model):
    """The words catalog search looks in for one course, built by catalog.search from the
    course, its pathway and sector, its competencies and the occupations it leads to (which
    the apps above contribute). Accents are removed and the text lowercased. The full-text
    index over it is the database's own: a weighted tsvector with a GIN index on PostgreSQL,
    an FTS5 table on SQLite (migration 0003)."""

    course = models.OneToOneField(
        Course, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField()
    topics = models.TextField(blank=True)  # code, pathway, sector, state course code
    occupations = models.TextField(blank=True)  # titles and job titles, English and Spanish
    body = models.TextField(blank=True)  # description and competencies

    class Meta:
        ordering = ["course"]
        verbose_name = _("course search document")
        verbose_name_plural = _("course search documents")

    def __str__(self) -> str:
        return self.title
