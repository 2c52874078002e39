"""Career guidance: the RIASEC interest survey, O*NET occupations, the mapping from
occupations to the program's pathways, career goals and confidential counseling notes.

A ROP must give every student individual counseling and guidance in career matters
(EC 52302.5(a); domain-rules.md 5.1). Reference tables (areas, items, occupations, mapping) are
loaded from ropdesk/data by `reference.careers_load_reference()`; the rest is written only
through `services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ropdesk.catalog.models import Pathway
from ropdesk.core.content import shown
from ropdesk.core.models import Student

RIASEC = "RIASEC"  # Holland's order; also the last tie-break of a three-letter code
SCALE_FIELDS = ("realistic", "investigative", "artistic", "social", "enterprising", "conventional")


def in_spanish() -> bool:
    return (get_language() or "en").startswith("es")


# --- the survey --------------------------------------------------------------------------------


class InterestArea(models.Model):
    """One of Holland's six interest areas (R, I, A, S, E, C), with a plain explanation."""

    letter = models.CharField(_("letter"), max_length=1, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=40)
    name_es = models.CharField(_("name (Spanish)"), max_length=40)
    nickname_en = models.CharField(_("nickname (English)"), max_length=40)
    nickname_es = models.CharField(_("nickname (Spanish)"), max_length=40)
    summary_en = models.TextField(_("explanation (English)"))
    summary_es = models.TextField(_("explanation (Spanish)"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("interest area")
        verbose_name_plural = _("interest areas")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_es if in_spanish() else self.name_en

    @property
    def nickname(self) -> str:
        return self.nickname_es if in_spanish() else self.nickname_en

    @property
    def summary(self) -> str:
        return self.summary_es if in_spanish() else self.summary_en


class SurveyItem(models.Model):
    """One activity of the 48-item RIASEC Markers, in English and Spanish."""

    code = models.CharField(_("item"), max_length=3, unique=True)  # R1 … C8, as the codebook
    area = models.ForeignKey(InterestArea, on_delete=models.PROTECT, related_name="items")
    number_in_area = models.PositiveSmallIntegerField(_("number in its area"))
    # The order the survey asks them in: interleaved by area (R1, I1, A1, … C8).
    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    text_en = models.CharField(_("text (English)"), max_length=200)
    text_es = models.CharField(_("text (Spanish)"), max_length=200)

    class Meta:
        ordering = ["position"]
        verbose_name = _("survey item")
        verbose_name_plural = _("survey items")

    def __str__(self) -> str:
        return f"{self.code} {self.text_en}"

    @property
    def text(self) -> str:
        return self.text_es if in_spanish() else self.text_en


class ResponseOption(models.Model):
    """A point of the 1-5 response scale (1 = Dislike … 5 = Enjoy)."""

    value = models.PositiveSmallIntegerField(_("value"), unique=True)
    label_en = models.CharField(_("label (English)"), max_length=60)
    label_es = models.CharField(_("label (Spanish)"), max_length=60)

    class Meta:
        ordering = ["value"]
        verbose_name = _("response option")
        verbose_name_plural = _("response options")

    def __str__(self) -> str:
        return f"{self.value} {self.label_en}"

    @property
    def label(self) -> str:
        return self.label_es if in_spanish() else self.label_en


class InterestSurvey(models.Model):
    """One sitting of the interest survey by a student. In progress until every item is
    answered; then scored and kept, so that retakes build a history."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="interest_surveys")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Scale sums, 8-40 each (riasec README); empty until completed.
    realistic = models.PositiveSmallIntegerField(_("Realistic"), null=True, blank=True)
    investigative = models.PositiveSmallIntegerField(_("Investigative"), null=True, blank=True)
    artistic = models.PositiveSmallIntegerField(_("Artistic"), null=True, blank=True)
    social = models.PositiveSmallIntegerField(_("Social"), null=True, blank=True)
    enterprising = models.PositiveSmallIntegerField(_("Enterprising"), null=True, blank=True)
    conventional = models.PositiveSmallIntegerField(_("Conventional"), null=True, blank=True)
    code = models.CharField(_("interest code"), max_length=3, blank=True)

    class Meta:
        ordering = ["student", "-started_at", "-id"]
        verbose_name = _("interest survey")
        verbose_name_plural = _("interest surveys")
        constraints = [
            # At most one survey in progress per student: it is the one a student resumes.
            models.UniqueConstraint(
                fields=["student"],
                condition=models.Q(completed_at__isnull=True),
                name="interest_survey_one_in_progress",
            ),
            models.CheckConstraint(
                name="interest_survey_completed_has_code",
                condition=models.Q(completed_at__isnull=True, code="")
                | models.Q(
                    ~models.Q(code=""),
                    completed_at__isnull=False,
                    realistic__range=(8, 40),
                    investigative__range=(8, 40),
                    artistic__range=(8, 40),
                    social__range=(8, 40),
                    enterprising__range=(8, 40),
                    conventional__range=(8, 40),
                ),
            ),
        ]
        indexes = [models.Index(fields=["student", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.student} {self.started_at:%Y-%m-%d} {self.code or '…'}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    def scores(self) -> dict[str, int]:
        """The six scale sums by letter, in RIASEC order (empty while in progress)."""
        if not self.is_complete:
            return {}
        return {
            letter: getattr(self, name) for letter, name in zip(RIASEC, SCALE_FIELDS, strict=True)
        }


class SurveyAnswer(models.Model):
    """One rated item. Saved as the student goes, which is what makes the survey resumable."""

    survey = models.ForeignKey(InterestSurvey, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SurveyItem, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("answer"))
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        ordering = ["survey", "item__position"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["survey", "item"], name="survey_answer_unique"),
            models.CheckConstraint(
                name="survey_answer_1_to_5", condition=models.Q(value__range=(1, 5))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}={self.value}"


# --- occupations (O*NET 29.3) -------------------------------------------------------------------


class JobZone(models.Model):
    """How much preparation an occupation needs, 1 (little or none) to 5 (extensive)."""

    zone = models.PositiveSmallIntegerField(_("job zone"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    experience = models.TextField(_("experience"))
    education = models.TextField(_("education"))
    job_training = models.TextField(_("job training"))
    examples = models.TextField(_("examples"))

    class Meta:
        ordering = ["zone"]
        verbose_name = _("job zone")
        verbose_name_plural = _("job zones")

    def __str__(self) -> str:
        return self.name


class Occupation(models.Model):
    """An O*NET-SOC occupation with its interest profile (1-7 on each area) and job zone."""

    code = models.CharField(_("O*NET-SOC code"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=150)
    # Ours (ropdesk/data/careers/occupation_titles_es.csv); blank where not yet translated.
    title_es = models.CharField(_("title (Spanish)"), max_length=150, blank=True)
    # Everyday words for the work, English or Spanish ("coding", "enfermera"), searched by
    # catalog search (ropdesk/data/careers/occupation_words.csv, ours).
    search_words = models.CharField(_("search words"), max_length=300, blank=True)
    description = models.TextField(_("description"))
    realistic = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    investigative = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    artistic = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    social = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    enterprising = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    conventional = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    # O*NET's high points (1-3 letters); blank when O*NET gives no interest ratings.
    holland_code = models.CharField(_("interest code"), max_length=3, blank=True, db_index=True)
    job_zone = models.ForeignKey(
        JobZone, null=True, blank=True, on_delete=models.PROTECT, related_name="occupations"
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self) -> str:
        return shown(self, "title")

    @property
    def has_profile(self) -> bool:
        return self.realistic is not None

    def profile(self) -> dict[str, float]:
        """The interest profile by letter, in RIASEC order (empty when O*NET has none)."""
        if not self.has_profile:
            return {}
        return {
            letter: float(getattr(self, name))
            for letter, name in zip(RIASEC, SCALE_FIELDS, strict=True)
        }


class OccupationPreparation(models.Model):
    """What workers in an occupation say it takes: the education distribution, and the most
    common related experience, on-site training and on-the-job training (O*NET ETE, derived;
    see ropdesk/data/onet/README.md)."""

    class Scale(models.TextChoices):
        EDUCATION = "RL", _("Required level of education")
        EXPERIENCE = "RW", _("Related work experience")
        ONSITE_TRAINING = "PT", _("On-site or in-plant training")
        JOB_TRAINING = "OJ", _("On-the-job training")

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="preparation")
    scale = models.CharField(_("scale"), max_length=2, choices=Scale.choices)
    category = models.PositiveSmallIntegerField(_("category"))
    label = models.CharField(_("label"), max_length=400)
    percent = models.DecimalField(_("percent of workers"), max_digits=5, decimal_places=2)
    most_common = models.BooleanField(_("most common"), default=False)

    class Meta:
        ordering = ["occupation", "scale", "category"]
        verbose_name = _("occupation preparation")
        verbose_name_plural = _("occupation preparation")
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "scale", "category"], name="occupation_preparation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.scale} {self.category}"


class ReportedTitle(models.Model):
    """A job title workers in the occupation reported (a search aid)."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="reported_titles"
    )
    title = models.CharField(_("title"), max_length=160)
    shown_in_my_next_move = models.BooleanField(default=False)

    class Meta:
        ordering = ["occupation", "title"]
        verbose_name = _("reported job title")
        verbose_name_plural = _("reported job titles")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "title"], name="reported_title_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class OccupationCluster(models.Model):
    """The national Career Cluster and pathway O*NET OnLine files an occupation under."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="clusters")
    career_cluster = models.CharField(_("career cluster"), max_length=80)
    career_pathway = models.CharField(_("career pathway"), max_length=100)

    class Meta:
        ordering = ["occupation", "career_cluster", "career_pathway"]
        verbose_name = _("occupation cluster")
        verbose_name_plural = _("occupation clusters")
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "career_cluster", "career_pathway"],
                name="occupation_cluster_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.career_cluster} / {self.career_pathway}"


class Confidence(models.TextChoices):
    """How sure the documented mapping is (ropdesk/data/careers/README.md)."""

    HIGH = "high", _("Leads toward this work")
    MEDIUM = "medium", _("Related")
    LOW = "low", _("Uncertain — ask your counselor")
    NONE = "none", _("No ROP course leads directly here")


CONFIDENCE_RANK: dict[str, int] = {
    Confidence.HIGH: 3,
    Confidence.MEDIUM: 2,
    Confidence.LOW: 1,
    Confidence.NONE: 0,
}


class PathwayLink(models.Model):
    """One row of the documented mapping to a California CTE pathway: either from a national
    career pathway (cluster rows) or from one occupation (occupation rows, which replace the
    cluster rows for that occupation). No pathway means no ROP pathway trains for it."""

    career_cluster = models.CharField(_("career cluster"), max_length=80, blank=True)
    career_pathway = models.CharField(_("career pathway"), max_length=100, blank=True)
    occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.CASCADE, related_name="pathway_links"
    )
    pathway = models.ForeignKey(
        Pathway,
        verbose_name=_("ROP pathway"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="career_links",
    )
    confidence = models.CharField(_("confidence"), max_length=8, choices=Confidence.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["career_cluster", "career_pathway", "occupation", "pathway"]
        verbose_name = _("pathway link")
        verbose_name_plural = _("pathway links")
        constraints = [
            models.CheckConstraint(
                name="pathway_link_one_source",
                condition=models.Q(occupation__isnull=True) & ~models.Q(career_pathway="")
                | models.Q(occupation__isnull=False, career_cluster="", career_pathway=""),
            ),
            models.CheckConstraint(
                name="pathway_link_none_has_no_pathway",
                condition=models.Q(confidence="none", pathway__isnull=True)
                | (~models.Q(confidence="none") & models.Q(pathway__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        source = self.occupation_id or f"{self.career_cluster} / {self.career_pathway}"
        return f"{source} → {self.pathway_id or '—'} ({self.confidence})"


# --- goals, meetings and confidential notes -----------------------------------------------------


class CareerGoal(models.Model):
    """A career or education goal of a student, with steps and dates."""

    class Kind(models.TextChoices):
        CAREER = "career", _("Career goal")
        EDUCATION = "education", _("Education goal")

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        SET_ASIDE = "set_aside", _("Set aside")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="career_goals")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("goal"), max_length=200)
    occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("occupation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["student", "status", "target_date", "id"]
        verbose_name = _("career goal")
        verbose_name_plural = _("career goals")
        indexes = [models.Index(fields=["student", "status"])]

    def __str__(self) -> str:
        return self.title


class GoalStep(models.Model):
    """A step toward a goal, with the date it is due and the date it was done."""

    goal = models.ForeignKey(CareerGoal, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("number"))
    description = models.CharField(_("step"), max_length=200)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["goal", "number"]
        verbose_name = _("goal step")
        verbose_name_plural = _("goal steps")
        constraints = [
            models.UniqueConstraint(fields=["goal", "number"], name="goal_step_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.description}"


class CounselingMeeting(models.Model):
    """That a counselor met a student, when and about what. The topic is not confidential
    (the student and parents see it); what was said goes in a CounselingNote."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual meeting")
        GROUP = "group", _("Group session")
        PHONE = "phone", _("Phone or video call")
        PARENT = "parent", _("Meeting with parent or guardian")

    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="counseling_meetings"
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    met_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["student", "-met_on", "-id"]
        verbose_name = _("counseling meeting")
        verbose_name_plural = _("counseling meetings")

    def __str__(self) -> str:
        return f"{self.met_on} {self.topic}"


class CounselingNote(models.Model):
    """A counselor's confidential note about a student. Readable only by counselors whose scope
    covers the student (core.access.can_read_counseling_notes), and only through
    services.counseling_notes_read, which logs every read."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="counseling_notes")
    meeting = models.ForeignKey(
        CounselingMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["student", "-created_at", "-id"]
        verbose_name = _("counseling note")
        verbose_name_plural = _("counseling notes")

    def __str__(self) -> str:
        return f"note #{self.pk} on student #{self.student_id}"  # never the text


class NoteReadLog(models.Model):
    """One read of one confidential note: who, when. Append-only (EC 49064 asks for a log of
    who requested a pupil's records; domain-rules.md 8.7)."""

    note = models.ForeignKey(CounselingNote, on_delete=models.PROTECT, related_name="reads")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    read_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-read_at", "-id"]
        verbose_name = _("note read")
        verbose_name_plural = _("note reads")

    def __str__(self) -> str:
        return f"{self.read_at:%Y-%m-%d %H:%M} note #{self.note_id} by user #{self.reader_id}"
