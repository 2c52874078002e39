"""Reads of outcomes: who is a participant, concentrator or completer; the population of a
wave; the PSTS codes of an answer; the figures of the dashboard, the Perkins V indicators, the
equity report and the headline figures. Every figure is computed from the records when asked.

`psts_codes_for(answer)` is the mapping other apps (interop's district return files) call."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypedDict

from django.db.models import CharField, Count, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_noop

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import SmsMessage, Student
from ropdesk.core.nontraditional import Flags
from ropdesk.enrollment.models import Completion
from ropdesk.outcomes import rules
from ropdesk.outcomes.models import (
    PLACED,
    SMS_REFERENCE,
    Channel,
    Exit,
    FollowUpInvitation,
    FollowUpResponse,
    FollowUpWave,
    IndustryCredential,
    NontraditionalDesignation,
)

# --- participant, concentrator, completer -----------------------------------------------------


@dataclass
class StudentStatus:
    """What a student's completed courses make of them (20 USC 2302; CDE completer rule)."""

    courses_by_pathway: dict[int, set[int]] = field(default_factory=dict)
    completed_pathways: dict[int, date] = field(default_factory=dict)  # pathway -> capstone end

    @property
    def participant(self) -> bool:  # at least one CTE course completed
        return any(self.courses_by_pathway.values())

    @property
    def concentrator_pathways(self) -> list[int]:  # two or more courses in a single pathway
        return sorted(p for p, courses in self.courses_by_pathway.items() if len(courses) >= 2)

    @property
    def concentrator(self) -> bool:
        return bool(self.concentrator_pathways)

    @property
    def completer(self) -> bool:  # the sequence of a pathway including its capstone, C- or better
        return bool(self.completed_pathways)

    @property
    def pathway_id(self) -> int | None:
        """The pathway the student is counted in: the completed one, else the concentration."""
        if self.completed_pathways:
            return min(self.completed_pathways)
        return self.concentrator_pathways[0] if self.concentrator_pathways else None


def statuses_of(student_ids: Iterable[int] | QuerySet[Any]) -> dict[int, StudentStatus]:
    """Each student's status from their recorded completions, in one query. A student with
    no completed course is absent from the result (not a participant)."""
    rows = (
        Completion.objects.filter(enrollment__student_id__in=student_ids)
        .filter(enrollment__section__course__pathway__isnull=False)
        .values_list(
            "enrollment__student_id",
            "enrollment__section__course_id",
            "enrollment__section__course__pathway_id",
            "enrollment__section__course__state_course_code__capstone_course",
            "enrollment__section__term__end_date",
            "final_grade",
        )
    )
    found: dict[int, StudentStatus] = defaultdict(StudentStatus)
    capstones: dict[tuple[int, int], date] = {}
    for student_id, course_id, pathway_id, capstone, ended, grade in rows:
        if not rules.course_completed(grade):
            continue
        status = found[student_id]
        status.courses_by_pathway.setdefault(pathway_id, set()).add(course_id)
        if capstone and rules.grade_meets_completer_minimum(grade):
            key = (student_id, pathway_id)
            capstones[key] = min(ended, capstones.get(key, ended))
    for (student_id, pathway_id), ended in capstones.items():
        if len(found[student_id].courses_by_pathway[pathway_id]) >= 2:
            found[student_id].completed_pathways[pathway_id] = ended
    return dict(found)


# --- cohorts ----------------------------------------------------------------------------------


def exits_in(exit_year: str, students: QuerySet[Student]) -> QuerySet[Exit]:
    return Exit.objects.filter(exit_year=exit_year, student__in=students).select_related("student")


def wave_population(wave: FollowUpWave, students: QuerySet[Student] | None = None) -> list[Exit]:
    """The exits a wave surveys: the exit year's students who left with a completion code of
    the PSTS file (rules.SURVEY_EXIT_CODES) and are completers (or concentrators)."""
    students = Student.objects.all() if students is None else students
    exits = list(
        exits_in(wave.exit_year, students).filter(
            completion_code__in=rules.setting("SURVEY_EXIT_CODES")
        )
    )
    statuses = statuses_of([e.student_id for e in exits])
    wanted = (
        "completer" if wave.population == FollowUpWave.Population.COMPLETERS else "concentrator"
    )
    return [e for e in exits if getattr(statuses.get(e.student_id), wanted, False)]


def psts_table() -> dict[str, str]:
    """Survey status → PSTS code: the office's table (PstsCode) over the setting's values."""
    from ropdesk.outcomes.models import PstsCode

    return {
        **rules.setting("PSTS_CODES"),
        **dict(PstsCode.objects.values_list("status", "code")),
    }


def psts_statuses_of(answer: FollowUpResponse | Mapping[str, Any]) -> list[str]:
    """The survey statuses of one answer, in PSTS order; ["unknown"] when none was given."""
    get = answer.get if isinstance(answer, Mapping) else lambda name: getattr(answer, name, None)
    keys = []
    if get("postsecondary"):
        keys.append(f"postsecondary_{get('postsecondary')}")
    for flag in ("apprenticeship", "national_service", "seeking_work", "not_in_labor_force"):
        if get(flag):
            keys.append(flag)
    if get("military"):
        keys.append("military")
    if get("employment"):
        keys.append("employed")
    return keys or ["unknown"]


def psts_codes_for(
    answer: FollowUpResponse | Mapping[str, Any], table: Mapping[str, str] | None = None
) -> list[str]:
    """The district's PSTS status codes of one answer, several at once (one PSTS record per
    code); the "unknown" code when no status was given. The values are the office's table
    (psts_table); pass `table` to map many answers with one query."""
    codes = psts_table() if table is None else table
    return [codes[k] for k in psts_statuses_of(answer) if codes.get(k)]


# --- breakdowns -------------------------------------------------------------------------------

SPECIAL_POPULATIONS = (  # Perkins V 3(48) special populations the student record holds
    ("has_iep", gettext_noop("Individuals with disabilities")),
    ("economically_disadvantaged", gettext_noop("Economically disadvantaged")),
    ("english_learner", gettext_noop("English learners")),
    ("foster_youth", gettext_noop("Youth in foster care")),
    ("homeless", gettext_noop("Homeless individuals")),
)


def race_group(student: Student) -> str:
    """Perkins/ESEA reporting group: Hispanic or Latino of any race, else the race, else "two
    or more races" for several, "not reported" for none."""
    if student.hispanic_latino:
        return gettext_noop("Hispanic or Latino")
    if len(student.races) > 1:
        return gettext_noop("Two or more races")
    if student.races:
        return str(Student.RACES.get(student.races[0], student.races[0]))
    return gettext_noop("Not reported")


def groups_of(student: Student, pathway_name: str | None = None) -> list[tuple[str, str]]:
    """(dimension, group) pairs a student counts in."""
    pairs = [("sex", student.get_sex_display()), ("race", race_group(student))]
    pairs += [("special", label) for name, label in SPECIAL_POPULATIONS if getattr(student, name)]
    if pathway_name is not None:
        pairs.append(("pathway", pathway_name))
    return pairs


class Cell(TypedDict):
    numerator: int
    denominator: int
    rate: float | None
    suppressed: bool


def rate(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def cell(numerator: int, denominator: int, *, suppress: bool = True) -> Cell:
    hidden = suppress and (rules.suppressed(denominator) or rules.suppressed(numerator))
    return {
        "numerator": numerator,
        "denominator": denominator,
        "rate": rate(numerator, denominator),
        "suppressed": hidden,
    }


# --- Perkins V indicators ---------------------------------------------------------------------

DEFINITIONS = {
    "1S1": (
        gettext_noop("Four-year graduation rate"),
        gettext_noop(
            "Concentrators of the four-year cohort who graduated with a regular diploma by the "
            "end of its fourth year"
        ),
        gettext_noop("Concentrators in the district's four-year adjusted cohort ending that year"),
    ),
    "3S1": (
        gettext_noop("Placement"),
        gettext_noop(
            "Concentrators who, in the second quarter after exit, were in postsecondary "
            "education or advanced training, military service, national service or the Peace "
            "Corps, or employed"
        ),
        gettext_noop("Concentrators who exited that year and answered the follow-up"),
    ),
    "4S1": (
        gettext_noop("Nontraditional program concentration"),
        gettext_noop(
            "Concentrators of the underrepresented sex in pathways leading to nontraditional fields"
        ),
        gettext_noop("Concentrators in pathways leading to nontraditional fields"),
    ),
    "5S1": (
        gettext_noop("Recognized postsecondary credential"),
        gettext_noop("Graduating concentrators who attained a recognized postsecondary credential"),
        gettext_noop("Concentrators who graduated that year"),
    ),
    "5S3": (
        gettext_noop("Work-based learning"),
        gettext_noop(
            "Graduating concentrators who took part in work-based learning (community classroom "
            "or CVE hours approved by the site supervisor)"
        ),
        gettext_noop("Concentrators who graduated that year"),
    ),
}


@dataclass
class Indicator:
    code: str
    name: str
    numerator_definition: str
    denominator_definition: str
    total: Cell
    target: int | None
    groups: dict[str, list[tuple[str, Cell]]]
    # 3S1 only: how many of the exited concentrators answered (read the rate beside it).
    response: Cell | None = None


def _designations() -> tuple[dict[int, str], dict[int, str]]:
    by_pathway: dict[int, str] = {}
    by_course: dict[int, str] = {}
    for d in NontraditionalDesignation.objects.all():
        if d.course_id:
            by_course[d.course_id] = d.nontraditional_for
        elif d.pathway_id:
            by_pathway[d.pathway_id] = d.nontraditional_for
    return by_pathway, by_course


def _wbl_students(student_ids: list[int]) -> set[int]:
    return set(
        OnTheJobHours.objects.filter(
            enrollment__student_id__in=student_ids,
            supervisor_approved_at__isnull=False,
            enrollment__section__mode__in=[
                InstructionMode.COMMUNITY_CLASSROOM,
                InstructionMode.CVE,
            ],
        ).values_list("enrollment__student_id", flat=True)
    )


def _credentialed(exits: list[Exit]) -> set[int]:
    by_student = {e.student_id: e.exit_date for e in exits}
    rows = IndustryCredential.objects.filter(student_id__in=by_student).values_list(
        "student_id", "earned_on"
    )
    return {sid for sid, earned in rows if earned <= by_student[sid]}


def _placed_students(exits: list[Exit]) -> tuple[set[int], set[int]]:
    """(respondents, placed) among these exits, from the answers of any wave of their year."""
    ids = [e.student_id for e in exits]
    answers = FollowUpResponse.objects.filter(invitation__student_id__in=ids)
    responded = set(answers.values_list("invitation__student_id", flat=True))
    placed = set(answers.filter(PLACED).values_list("invitation__student_id", flat=True))
    return responded, placed


def _breakdown(
    members: list[tuple[Student, bool]], pathway_names: Mapping[int, str], paths: Mapping[int, int]
) -> dict[str, list[tuple[str, Cell]]]:
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for student, hit in members:
        name = pathway_names.get(paths.get(student.pk, 0))
        for pair in groups_of(student, name):
            counts[pair][1] += 1
            counts[pair][0] += int(hit)
    result: dict[str, list[tuple[str, Cell]]] = defaultdict(list)
    for (dimension, group), (num, den) in sorted(counts.items()):
        result[dimension].append((group, cell(num, den)))
    return dict(result)


def indicators(exit_year: str, students: QuerySet[Student]) -> list[Indicator]:
    """1S1, 3S1, 4S1, 5S1 and 5S3 for the exit year, each with its counts and breakdowns."""
    from ropdesk.catalog.models import Pathway

    exits = list(exits_in(exit_year, students))
    cohort_exits = list(
        Exit.objects.filter(graduation_cohort=exit_year, student__in=students).select_related(
            "student"
        )
    )
    statuses = statuses_of({e.student_id for e in exits + cohort_exits})
    concentrators = [e for e in exits if statuses.get(e.student_id, StudentStatus()).concentrator]
    paths = {sid: s.pathway_id or 0 for sid, s in statuses.items()}
    names = dict(Pathway.objects.values_list("pk", "name"))
    _first, year_end = rules.year_bounds(exit_year)

    members: dict[str, list[tuple[Student, bool]]] = {}
    cohort = [e for e in cohort_exits if statuses.get(e.student_id, StudentStatus()).concentrator]
    members["1S1"] = [
        (e.student, e.graduated and (e.diploma_date or e.exit_date) <= year_end) for e in cohort
    ]
    responded, placed = _placed_students(concentrators)
    members["3S1"] = [
        (e.student, e.student_id in placed) for e in concentrators if e.student_id in responded
    ]
    by_pathway, _by_course = _designations()
    nontrad = [e for e in concentrators if by_pathway.get(paths.get(e.student_id, 0))]
    members["4S1"] = [
        (e.student, e.student.sex == by_pathway[paths[e.student_id]]) for e in nontrad
    ]
    graduates = [e for e in concentrators if e.graduated]
    credentialed = _credentialed(graduates)
    members["5S1"] = [(e.student, e.student_id in credentialed) for e in graduates]
    wbl = _wbl_students([e.student_id for e in graduates])
    members["5S3"] = [(e.student, e.student_id in wbl) for e in graduates]

    targets = rules.setting("TARGETS")
    result = []
    for code, (name, numerator, denominator) in DEFINITIONS.items():
        rows = members[code]
        result.append(
            Indicator(
                code=code,
                name=name,
                numerator_definition=numerator,
                denominator_definition=denominator,
                total=cell(sum(hit for _s, hit in rows), len(rows)),
                target=targets.get(code),
                groups=_breakdown(rows, names, paths),
                response=cell(len(members["3S1"]), len(concentrators)) if code == "3S1" else None,
            )
        )
    return result


# --- the follow-up dashboard ------------------------------------------------------------------


@dataclass
class ChannelRow:
    channel: str
    label: str
    responses: int
    rate: float | None  # of everyone surveyed


@dataclass
class WaveFigures:
    wave: FollowUpWave
    surveyed: int
    responded: int
    response_rate: float | None
    placed: int
    placed_rate: float | None  # of respondents
    proxies: int
    opted_out: int
    bounced: int
    sms_bounced: int
    by_channel: list[ChannelRow]
    by_week: list[tuple[date, int, float | None]]  # week start, responses so far, rate so far
    comparison: dict[str, list[tuple[str, int, int]]]  # dimension -> (group, resp., non-resp.)


def wave_invitations(
    wave: FollowUpWave, students: QuerySet[Student]
) -> QuerySet[FollowUpInvitation]:
    return wave.invitations.filter(student__in=students)


def wave_figures(wave: FollowUpWave, students: QuerySet[Student]) -> WaveFigures:
    invitations = list(wave_invitations(wave, students).select_related("student", "response"))
    answers = [i.response for i in invitations if hasattr(i, "response")]
    surveyed = len(invitations)
    placed = sum(1 for a in answers if a.placed)
    by_channel = []
    for value, label in Channel.choices:
        count = sum(1 for a in answers if a.channel == value)
        by_channel.append(ChannelRow(value, str(label), count, rate(count, surveyed)))
    statuses = statuses_of([i.student_id for i in invitations])
    from ropdesk.catalog.models import Pathway

    names = dict(Pathway.objects.values_list("pk", "name"))
    comparison: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for invitation in invitations:
        status = statuses.get(invitation.student_id)
        name = names.get(status.pathway_id) if status and status.pathway_id else "—"
        answered = hasattr(invitation, "response")
        for dimension, group in groups_of(invitation.student, name):
            comparison[dimension][group][0 if answered else 1] += 1
    return WaveFigures(
        wave=wave,
        surveyed=surveyed,
        responded=len(answers),
        response_rate=rate(len(answers), surveyed),
        placed=placed,
        placed_rate=rate(placed, len(answers)),
        proxies=sum(1 for a in answers if a.respondent == FollowUpResponse.Respondent.PROXY),
        opted_out=sum(1 for i in invitations if i.opted_out_at),
        bounced=sum(1 for i in invitations if i.bounced_at),
        sms_bounced=sum(1 for i in invitations if i.sms_bounced_at),
        by_channel=by_channel,
        by_week=_by_week(wave, [a.answered_at.date() for a in answers], surveyed),
        comparison={
            d: [(g, r, n) for g, (r, n) in sorted(groups.items())]
            for d, groups in comparison.items()
        },
    )


def _by_week(
    wave: FollowUpWave, days: list[date], surveyed: int
) -> list[tuple[date, int, float | None]]:
    from datetime import timedelta

    weeks = []
    start = wave.opens_on
    last = max(days, default=start)
    while start <= last:
        so_far = sum(1 for d in days if d < start + timedelta(days=7))
        weeks.append((start, so_far, rate(so_far, surveyed)))
        start += timedelta(days=7)
    return weeks


# --- graduation and headline figures ----------------------------------------------------------


@dataclass
class Headline:
    exit_year: str
    completers: int
    surveyed: int
    responded: int
    response_rate: float | None
    placed: int
    placed_rate: float | None
    graduation_cohort: int  # 12th-grade completers who exited that year
    graduated: int
    graduation_rate: float | None
    wave: FollowUpWave | None


def headline(exit_year: str, students: QuerySet[Student]) -> Headline:
    """The seed's two claims as checkable numbers: placement of completers (of respondents) and
    graduation of 12th-grade completers, each with its cohort and denominator."""
    exits = list(exits_in(exit_year, students))
    statuses = statuses_of([e.student_id for e in exits])
    completers = [e for e in exits if statuses.get(e.student_id, StudentStatus()).completer]
    twelfth = [e for e in completers if e.grade_at_exit == "12"]
    graduated = sum(1 for e in twelfth if e.graduated)
    wave = FollowUpWave.objects.filter(
        exit_year=exit_year, population=FollowUpWave.Population.COMPLETERS
    ).first()
    surveyed = responded = placed = 0
    if wave is not None:
        invitations = wave_invitations(wave, students)
        surveyed = invitations.count()
        answers = FollowUpResponse.objects.filter(invitation__in=invitations)
        responded = answers.count()
        placed = answers.filter(PLACED).count()
    return Headline(
        exit_year=exit_year,
        completers=len(completers),
        surveyed=surveyed,
        responded=responded,
        response_rate=rate(responded, surveyed),
        placed=placed,
        placed_rate=rate(placed, responded),
        graduation_cohort=len(twelfth),
        graduated=graduated,
        graduation_rate=rate(graduated, len(twelfth)),
        wave=wave,
    )


def report(exit_year: str, students: QuerySet[Student]) -> dict[str, Any]:
    """The `ropdesk outcomes-report` figures, with exactly the keys issue 19 lists."""
    figures = headline(exit_year, students)
    return {
        "completers": figures.completers,
        "surveyed": figures.surveyed,
        "responded": figures.responded,
        "response_rate": figures.response_rate,
        "placed": figures.placed,
        "placed_rate": figures.placed_rate,
        "graduation_cohort": figures.graduation_cohort,
        "graduated": figures.graduated,
        "graduation_rate": figures.graduation_rate,
        "indicators": {
            i.code: {
                "numerator": i.total["numerator"],
                "denominator": i.total["denominator"],
                "rate": i.total["rate"],
            }
            for i in indicators(exit_year, students)
        },
    }


def exit_years() -> list[str]:
    years = set(Exit.objects.values_list("exit_year", flat=True))
    years |= set(FollowUpWave.objects.values_list("exit_year", flat=True))
    return sorted(years, reverse=True)


# --- the phone list ---------------------------------------------------------------------------


def phone_list(wave: FollowUpWave) -> QuerySet[FollowUpInvitation]:
    """Who staff call: not answered, not opted out, in order of fewest calls so far."""
    return (
        wave.invitations.filter(completed_at__isnull=True, opted_out_at__isnull=True)
        .select_related("student")
        .order_by("call_attempts", "student__legal_last_name", "student__pk")
    )


# --- gender equity ----------------------------------------------------------------------------


@dataclass
class EquityRow:
    course_id: int
    title: str
    pathway: str
    nontraditional_for: str
    target: int
    enrolled: dict[str, int]
    completed: dict[str, int]

    @property
    def underrepresented_share(self) -> float | None:
        if not self.nontraditional_for:
            return None
        return rate(self.enrolled.get(self.nontraditional_for, 0), sum(self.enrolled.values()))

    @property
    def below_target(self) -> bool:
        share = self.underrepresented_share
        return share is not None and share < self.target


def equity_rows(students: QuerySet[Student], school_year: str | None = None) -> list[EquityRow]:
    """Enrollment and completion by sex per course, with the course's nontraditional flag
    (its own designation, else its pathway's)."""
    from ropdesk.catalog.models import Course
    from ropdesk.enrollment.models import Enrollment

    enrollments = Enrollment.objects.filter(student__in=students, status__in=Enrollment.SEATED)
    if school_year:
        enrollments = enrollments.filter(section__term__school_year__name=school_year)
    counts: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for course_id, sex, grade in enrollments.values_list(
        "section__course_id", "student__sex", "completion__final_grade"
    ):
        counts[course_id][sex][0] += 1
        counts[course_id][sex][1] += int(bool(grade) and rules.course_completed(grade))
    designations = {(d.pathway_id, d.course_id): d for d in NontraditionalDesignation.objects.all()}
    rows = []
    for course in Course.objects.filter(pk__in=counts).select_related("pathway"):
        design = designations.get((None, course.pk)) or designations.get((course.pathway_id, None))
        rows.append(
            EquityRow(
                course_id=course.pk,
                title=course.title,
                pathway=course.pathway.name if course.pathway else "",
                nontraditional_for=design.nontraditional_for if design else "",
                target=design.target_percent if design else 25,
                enrolled={sex: c[0] for sex, c in counts[course.pk].items()},
                completed={sex: c[1] for sex, c in counts[course.pk].items()},
            )
        )
    return sorted(rows, key=lambda r: (r.pathway, r.title))


def nontraditional_pathway_ids(for_sex: str) -> set[int]:
    """Pathways nontraditional for this sex ('F' or 'M'): for the counselor's career matches."""
    return set(
        NontraditionalDesignation.objects.filter(
            pathway__isnull=False, nontraditional_for=for_sex
        ).values_list("pathway_id", flat=True)
    )


def nontraditional_flags(for_sex: str) -> Flags:
    """The crosswalk as the careers pages read it (core.nontraditional, registered in
    outcomes/apps.py): the pathways and courses nontraditional for this sex, and the courses
    whose own row clears a flagged pathway. One query."""
    rows = list(
        NontraditionalDesignation.objects.values_list(
            "pathway_id", "course_id", "nontraditional_for"
        )
    )
    return Flags(
        pathway_ids=frozenset(p for p, c, nt in rows if p is not None and nt == for_sex),
        course_ids=frozenset(c for p, c, nt in rows if c is not None and nt == for_sex),
        cleared_course_ids=frozenset(c for p, c, nt in rows if c is not None and nt != for_sex),
    )


TEXTS_SHOWN = 50


@dataclass
class WaveTexts:
    """The delivery of a wave's texts (core/sms.py): how many are queued, sent and failed, and
    the latest failed ones with their reason."""

    queued: int
    sent: int
    failed: int
    failed_texts: list[SmsMessage]


def wave_texts(wave: FollowUpWave) -> WaveTexts:
    """Two queries, however many texts: the counts by status and the latest failures."""
    references = wave.invitations.annotate(
        ref=Concat(Value(SMS_REFERENCE), Cast("pk", CharField()), output_field=CharField())
    ).values("ref")
    texts = SmsMessage.objects.filter(reference__in=Subquery(references))
    counts = dict(texts.order_by().values_list("status").annotate(n=Count("pk")))
    return WaveTexts(
        queued=counts.get(SmsMessage.Status.QUEUED, 0),
        sent=counts.get(SmsMessage.Status.SENT, 0),
        failed=counts.get(SmsMessage.Status.FAILED, 0),
        failed_texts=list(texts.filter(status=SmsMessage.Status.FAILED)[:TEXTS_SHOWN]),
    )


def wave_text(wave: FollowUpWave, pk: int) -> SmsMessage | None:
    """One text of the wave (None when the text is another wave's or not a follow-up one)."""
    text = SmsMessage.objects.filter(pk=pk, reference__startswith=SMS_REFERENCE).first()
    if text is None:
        return None
    invitation_pk = text.reference.removeprefix(SMS_REFERENCE)
    if not (invitation_pk.isdigit() and wave.invitations.filter(pk=int(invitation_pk)).exists()):
        return None
    return text
