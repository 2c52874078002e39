"""Reads for career guidance, shared by the pages. Those about students take a queryset that
already went through the access policy (core.access), so no page can skip it. Each runs a
fixed number of queries whatever the number of students or occupations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from ropdesk.careers.mapping import cluster_links_apply, occupations_reachable
from ropdesk.careers.models import (
    CONFIDENCE_RANK,
    RIASEC,
    SCALE_FIELDS,
    CareerGoal,
    Confidence,
    CounselingMeeting,
    GoalStep,
    InterestArea,
    InterestSurvey,
    Occupation,
    OccupationCluster,
    OccupationPreparation,
    PathwayLink,
    ReportedTitle,
    SurveyItem,
)
from ropdesk.careers.scoring import SCALE_MAX, fit_words, in_riasec_order, profile_similarity
from ropdesk.catalog.models import Course, Pathway
from ropdesk.core.models import Student
from ropdesk.core.nontraditional import nontraditional_for
from ropdesk.enrollment.models import Enrollment
from ropdesk.enrollment.queries import Bar

# --- the survey --------------------------------------------------------------------------------


def survey_in_progress(student: Student) -> InterestSurvey | None:
    return InterestSurvey.objects.filter(student=student, completed_at__isnull=True).first()


def next_unanswered_item(survey: InterestSurvey) -> SurveyItem | None:
    """Where a student resumes: the first item, in survey order, not yet answered."""
    answered = survey.answers.filter(item=OuterRef("pk"))
    return SurveyItem.objects.exclude(Exists(answered)).order_by("position").first()


def completed_surveys(student: Student) -> QuerySet[InterestSurvey]:
    return InterestSurvey.objects.filter(student=student, completed_at__isnull=False).order_by(
        "-completed_at", "-id"
    )


def latest_result(student: Student) -> InterestSurvey | None:
    return completed_surveys(student).first()


@dataclass(frozen=True)
class AreaScore:
    area: InterestArea
    score: int
    in_code: bool


def area_scores(survey: InterestSurvey) -> list[AreaScore]:
    """The six areas with the survey's scores, highest first in the order of the code."""
    areas = {a.letter: a for a in InterestArea.objects.all()}
    scores = survey.scores()
    order = list(survey.code) + [k for k in RIASEC if k not in survey.code]
    order = order[:3] + sorted(order[3:], key=lambda k: (-scores[k], RIASEC.index(k)))
    return [AreaScore(areas[k], scores[k], k in survey.code) for k in order]


def score_bars(scores: list[AreaScore]) -> list[Bar]:
    """For partials/bars.html: each area's score against the top of the scale (40)."""
    return [Bar(s.area.name, s.score, round(100 * s.score / SCALE_MAX)) for s in scores]


def tied_with_third(survey: InterestSurvey) -> list[InterestArea]:
    """Areas left out of the code although their score equals the code's third letter."""
    scores = survey.scores()
    third = scores[survey.code[2]]
    letters = [k for k in RIASEC if k not in survey.code and scores[k] == third]
    return list(InterestArea.objects.filter(letter__in=letters))


# --- occupations -------------------------------------------------------------------------------


def occupations_search(
    *, text: str = "", code: str = "", max_zone: int | None = None
) -> QuerySet[Occupation]:
    """Occupations whose title (English or our Spanish), everyday words, description or a
    reported job title holds every word; whose O*NET interest code starts with `code` (e.g.
    "S", "SA", "SAE"); needing at most job zone `max_zone`. Title matches first."""
    occupations = Occupation.objects.select_related("job_zone")
    words = text.split()
    for word in words:
        titles = ReportedTitle.objects.filter(occupation=OuterRef("pk"), title__icontains=word)
        occupations = occupations.filter(
            Q(title__icontains=word)
            | Q(title_es__icontains=word)
            | Q(search_words__icontains=word)
            | Q(description__icontains=word)
            | Exists(titles)
        )
    if code:
        occupations = occupations.filter(holland_code__startswith=code.upper())
    if max_zone:
        occupations = occupations.filter(job_zone__zone__lte=max_zone)
    if not words:
        return occupations.order_by("title")
    in_title = Q()
    for word in words:
        in_title &= Q(title__icontains=word) | Q(title_es__icontains=word)
    return occupations.annotate(
        title_hit=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-title_hit", "title")


def preparation_of(occupation: Occupation) -> dict[str, list[OccupationPreparation]]:
    """The occupation's preparation rows by O*NET scale (RL, RW, PT, OJ)."""
    rows = occupation.preparation.order_by("scale", "category")
    grouped: dict[str, list[OccupationPreparation]] = {}
    for row in rows:
        grouped.setdefault(row.scale, []).append(row)
    return grouped


@dataclass(frozen=True)
class Match:
    occupation: Occupation
    similarity: float

    @property
    def words(self) -> str:
        return fit_words(self.similarity)


def matches_for(
    survey: InterestSurvey,
    *,
    max_zone: int | None = None,
    limit: int = 20,
    reachable_only: bool = False,
) -> list[Match]:
    """Occupations ranked by how close their O*NET interest profile is to the student's
    scores (scoring.profile_similarity: Pearson correlation). Ties: lower job zone, then title.
    `reachable_only`: only occupations one of the program's active courses leads to (the
    checked mapping, careers.mapping) — what a high-school student can start on now."""
    student = in_riasec_order(survey.scores())
    rated = Occupation.objects.filter(realistic__isnull=False)
    if reachable_only:
        rated = rated.filter(pk__in=occupations_reachable())
    if max_zone:
        rated = rated.filter(job_zone__zone__lte=max_zone)
    ranked = []
    for pk, title, zone, *profile in rated.values_list(
        "pk", "title", "job_zone__zone", *SCALE_FIELDS
    ):
        similarity = profile_similarity(student, [float(v) for v in profile])
        if similarity is not None:
            # Rounded so that float noise does not break a tie; no job zone sorts last.
            ranked.append((-round(similarity, 6), zone or 9, title, pk, similarity))
    ranked.sort()
    top = ranked[:limit]
    by_pk = Occupation.objects.select_related("job_zone").in_bulk([row[3] for row in top])
    return [Match(by_pk[row[3]], row[4]) for row in top]


@dataclass
class RopLink:
    """A California pathway an occupation leads to through the documented mapping, with the
    program's active courses in it."""

    pathway: Pathway | None
    confidence: str
    note: str
    courses: list[Course] = field(default_factory=list)

    @property
    def confidence_label(self) -> str:
        return str(Confidence(self.confidence).label)

    @property
    def uncertain(self) -> bool:
        return self.confidence == Confidence.LOW


@dataclass
class Route:
    """What the mapping says about one occupation. `mapped` is False when the occupation is
    in neither the crosswalk nor our occupation rows: nothing is known, and the page says so."""

    links: list[RopLink]
    mapped: bool

    @property
    def no_rop_pathway(self) -> bool:
        return self.mapped and not any(link.pathway for link in self.links)


def routes_for(occupations: Iterable[Occupation]) -> dict[int, Route]:
    """Occupation id → its routes into the program's courses (four queries for any number).

    Rows written for the occupation itself replace its cluster rows; otherwise each of its
    national pathways contributes its rows. One pathway reached twice keeps its strongest
    confidence. "No ROP pathway" rows count only when nothing else is found."""
    occupations = list(occupations)
    ids = [o.pk for o in occupations]
    # A broad national pathway links only occupations a course can prepare for (mapping.py).
    broad_ok = {
        o.pk for o in occupations if cluster_links_apply(o.job_zone.zone if o.job_zone else None)
    }
    own: dict[int | None, list[PathwayLink]] = {}  # occupation id (never None here)
    for link in PathwayLink.objects.filter(occupation_id__in=ids).select_related("pathway__sector"):
        own.setdefault(link.occupation_id, []).append(link)
    by_national: dict[tuple[str, str], list[PathwayLink]] = {}
    for link in PathwayLink.objects.filter(occupation__isnull=True).select_related(
        "pathway__sector"
    ):
        by_national.setdefault((link.career_cluster, link.career_pathway), []).append(link)
    nationals: dict[int, list[tuple[str, str]]] = {}
    for occupation_id, cluster, pathway in OccupationCluster.objects.filter(
        occupation_id__in=ids
    ).values_list("occupation_id", "career_cluster", "career_pathway"):
        nationals.setdefault(occupation_id, []).append((cluster, pathway))
    chosen = {
        pk: own.get(pk)
        or [
            link
            for n in nationals.get(pk, [])
            for link in by_national.get(n, [])
            if pk in broad_ok or link.pathway_id is None
        ]
        for pk in ids
    }
    pathway_ids = {
        link.pathway_id for links in chosen.values() for link in links if link.pathway_id
    }
    courses: dict[int | None, list[Course]] = {}
    for course in (
        Course.objects.filter(active=True, pathway_id__in=pathway_ids)
        .select_related("pathway__sector")
        .order_by("title")
    ):
        courses.setdefault(course.pathway_id, []).append(course)
    return {
        pk: Route(_merge(chosen[pk], courses), mapped=pk in own or pk in nationals) for pk in ids
    }


def _merge(links: list[PathwayLink], courses: dict[int | None, list[Course]]) -> list[RopLink]:
    best: dict[int | None, PathwayLink] = {}
    for link in links:
        current = best.get(link.pathway_id)
        if (
            current is None
            or CONFIDENCE_RANK[link.confidence] > CONFIDENCE_RANK[current.confidence]
        ):
            best[link.pathway_id] = link
    if len(best) > 1:
        best.pop(None, None)  # "no ROP pathway" from one national pathway, a pathway from another
    merged = [
        RopLink(link.pathway, link.confidence, link.note, courses.get(link.pathway_id, []))
        for link in best.values()
    ]
    merged.sort(key=lambda r: (-CONFIDENCE_RANK[r.confidence], r.pathway.name if r.pathway else ""))
    return merged


@dataclass(frozen=True)
class NontraditionalMarks:
    """The pathways and courses of a student's matches that are nontraditional for the
    student's sex (the crosswalk ropdesk/outcomes keeps, through core.nontraditional)."""

    sex: str = ""
    pathway_ids: frozenset[int] = frozenset()
    course_ids: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.pathway_ids or self.course_ids)


def nontraditional_in(routes: Iterable[Route], student: Student) -> NontraditionalMarks:
    """Which of these routes' pathways and courses are nontraditional for the student: fewer
    than 25 % of the workers in them are of the student's sex (Perkins V 4S1, NAPE). Nothing
    for a student whose sex is not recorded as female or male."""
    flags = nontraditional_for(student.sex)
    if not flags:
        return NontraditionalMarks()
    links = [link for route in routes for link in route.links if link.pathway is not None]
    return NontraditionalMarks(
        sex=student.sex,
        pathway_ids=frozenset(
            link.pathway.pk for link in links if link.pathway and flags.pathway(link.pathway.pk)
        ),
        course_ids=frozenset(
            c.pk for link in links for c in link.courses if flags.course(c.pk, c.pathway_id)
        ),
    )


@dataclass
class CourseSuggestion:
    """A course toward one or more of the student's fitting occupations, each reached with the
    confidence of its own link (a course can lead directly to one and only uncertainly to
    another)."""

    course: Course
    reaches: dict[Occupation, str] = field(default_factory=dict)

    @property
    def confidence(self) -> str:
        return max(self.reaches.values(), key=CONFIDENCE_RANK.__getitem__)

    def groups(self) -> list[tuple[str, str, list[Occupation]]]:
        """(confidence, its label, occupations) from the strongest link down."""
        out = []
        for level in (Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW):
            found = [o for o, c in self.reaches.items() if c == level]
            if found:
                out.append((level.value, str(level.label), found))
        return out


def course_suggestions(matches: list[Match], routes: dict[int, Route]) -> list[CourseSuggestion]:
    """The program's courses toward the fitting occupations: strongest link first, then the
    course reaching the most occupations with a certain (high or medium) link."""
    found: dict[int, CourseSuggestion] = {}
    for match in matches:
        for link in routes[match.occupation.pk].links:
            for course in link.courses:
                entry = found.setdefault(course.pk, CourseSuggestion(course))
                entry.reaches.setdefault(match.occupation, link.confidence)

    def sure(s: CourseSuggestion) -> int:
        return sum(
            CONFIDENCE_RANK[c] >= CONFIDENCE_RANK[Confidence.MEDIUM] for c in s.reaches.values()
        )

    return sorted(
        found.values(),
        key=lambda s: (-CONFIDENCE_RANK[s.confidence], -sure(s), s.course.title),
    )


# --- goals -------------------------------------------------------------------------------------


def goals_of(students: Iterable[Student] | QuerySet[Student]) -> QuerySet[CareerGoal]:
    return (
        CareerGoal.objects.filter(student__in=students)
        .select_related("occupation", "student")
        .prefetch_related("steps")
        .order_by("student", "status", "target_date", "id")
    )


def meetings_of(students: Iterable[Student] | QuerySet[Student]) -> QuerySet[CounselingMeeting]:
    return CounselingMeeting.objects.filter(student__in=students).select_related("counselor")


def _overdue_goal(today: date) -> Q:
    """An open goal past its target date, or with an open step past its due date."""
    late_steps = GoalStep.objects.filter(
        goal=OuterRef("pk"), done_on__isnull=True, due_on__lt=today
    )
    return Q(status=CareerGoal.Status.OPEN) & (Q(target_date__lt=today) | Q(Exists(late_steps)))


def goal_is_overdue(goal: CareerGoal, today: date) -> bool:
    """The same rule as _overdue_goal, on a goal whose steps are loaded."""
    if goal.status != CareerGoal.Status.OPEN:
        return False
    late = [s for s in goal.steps.all() if s.done_on is None and s.due_on and s.due_on < today]
    return bool((goal.target_date and goal.target_date < today) or late)


def with_overdue(goals: Iterable[CareerGoal], today: date) -> list[CareerGoal]:
    """The goals, each marked `is_overdue` for the page."""
    marked = list(goals)
    for goal in marked:
        goal.is_overdue = goal_is_overdue(goal, today)  # type: ignore[attr-defined]
    return marked


# --- the caseload ------------------------------------------------------------------------------


def caseload(
    students: QuerySet[Student], *, today: date, show: str = "all", text: str = ""
) -> QuerySet[Student]:
    """The caseload with what a counselor scans for: latest interest code and its date,
    whether a survey is under way, goals in progress, overdue goals, last meeting."""
    latest = InterestSurvey.objects.filter(
        student=OuterRef("pk"), completed_at__isnull=False
    ).order_by("-completed_at", "-id")
    goals = CareerGoal.objects.filter(student=OuterRef("pk"))
    open_goals = goals.filter(status=CareerGoal.Status.OPEN)
    rows = students.select_related("school_of_attendance", "district_of_residence").annotate(
        latest_code=Subquery(latest.values("code")[:1]),
        surveyed_at=Subquery(latest.values("completed_at")[:1]),
        survey_started=Exists(
            InterestSurvey.objects.filter(student=OuterRef("pk"), completed_at__isnull=True)
        ),
        open_goal_count=Subquery(
            open_goals.order_by().values("student").annotate(n=Count("pk")).values("n")[:1]
        ),
        has_overdue_goal=Exists(goals.filter(_overdue_goal(today))),
        last_met_on=Subquery(
            CounselingMeeting.objects.filter(student=OuterRef("pk"))
            .order_by("-met_on")
            .values("met_on")[:1]
        ),
    )
    for word in text.split():
        rows = rows.filter(
            Q(legal_first_name__icontains=word)
            | Q(legal_last_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(local_id__icontains=word)
        )
    if show == "no_survey":
        rows = rows.filter(latest_code__isnull=True)
    elif show == "no_goal":
        rows = rows.exclude(Exists(open_goals))
    elif show == "overdue":
        rows = rows.filter(has_overdue_goal=True)
    return rows.order_by("legal_last_name", "legal_first_name", "local_id")


# --- the summary by school and district --------------------------------------------------------


@dataclass
class SummaryRow:
    name: str
    students: int = 0
    surveyed: int = 0
    primary: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)

    @property
    def by_letter(self) -> list[int]:
        return [self.primary[k] for k in RIASEC]

    @property
    def common_code(self) -> str:
        """The most frequent code; ties go to the first in alphabetical order."""
        return min(self.codes, key=lambda code: (-self.codes[code], code), default="")


@dataclass
class Summary:
    districts: list[SummaryRow]
    schools: list[SummaryRow]
    total: SummaryRow
    primary_bars: list[Bar]
    top_codes: list[tuple[str, int]]
    courses: list[tuple[str, int]]


def career_summary(students: QuerySet[Student]) -> Summary:
    """Interest codes (the latest completed survey of each student) and the courses the same
    students chose, counted by district of residence and school of attendance. No names."""
    latest = InterestSurvey.objects.filter(
        student=OuterRef("pk"), completed_at__isnull=False
    ).order_by("-completed_at", "-id")
    rows = students.annotate(latest_code=Subquery(latest.values("code")[:1])).values_list(
        "district_of_residence__name", "school_of_attendance__name", "latest_code"
    )
    districts: dict[str, SummaryRow] = {}
    schools: dict[str, SummaryRow] = {}
    total = SummaryRow("")
    no_school = "—"
    for district, school, code in rows:
        targets = (
            districts.setdefault(district, SummaryRow(district)),
            schools.setdefault(school or no_school, SummaryRow(school or no_school)),
            total,
        )
        for row in targets:
            row.students += 1
            if code:
                row.surveyed += 1
                row.primary[code[0]] += 1
                row.codes[code] += 1
    areas = {a.letter: a.name for a in InterestArea.objects.all()}
    top = max([total.primary[k] for k in RIASEC] + [1])
    bars = [
        Bar(f"{areas.get(k, k)} ({k})", total.primary[k], round(100 * total.primary[k] / top))
        for k in RIASEC
    ]
    chosen = (
        Enrollment.objects.filter(student__in=students.values("pk"))
        .exclude(status__in=[Enrollment.Status.DROPPED, Enrollment.Status.WITHDRAWN])
        .values("section__course__title")
        .annotate(n=Count("student", distinct=True))
        .order_by("-n", "section__course__title")
    )
    return Summary(
        districts=sorted(districts.values(), key=lambda r: r.name),
        schools=sorted(schools.values(), key=lambda r: (r.name == no_school, r.name)),
        total=total,
        primary_bars=bars,
        top_codes=sorted(total.codes.items(), key=lambda kv: (-kv[1], kv[0]))[:10],
        courses=[(row["section__course__title"], row["n"]) for row in chosen],
    )
