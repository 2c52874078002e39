"""Reads shared by the pages, the reminders and the tests: trainees with what the compliance
rules need, fetched in a fixed number of queries however many trainees there are."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Max, Model, Prefetch, Q, QuerySet
from django.utils import timezone

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.attendance.rules import week_start
from ropdesk.attendance.services import ojt_days_outside_enrollment
from ropdesk.catalog.models import InstructionMode
from ropdesk.core import access, request_memo, versions
from ropdesk.core.types import Actor
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Holiday
from ropdesk.worksite import compliance
from ropdesk.worksite.compliance import Check
from ropdesk.worksite.models import Evaluation, TrainingAgreement, WorkPermit
from ropdesk.worksite.services import missing_parties

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class TraineeFigures(TypedDict):
    """What trainee_statuses annotates on each trainee's enrollment."""

    last_visit: date | None  # the instructor's last visit that saw the trainee at work
    plan_items: int  # competencies in the training plan
    recent_hours: list[OnTheJobHours]  # the last weeks' hours (prefetched)
    evaluation_list: list[Evaluation]  # its evaluations (prefetched)


@dataclass
class TraineeStatus:
    enrollment: WithAnnotations[Enrollment, TraineeFigures]
    agreement: TrainingAgreement | None
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def red(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]


@dataclass
class DueItem:
    due_on: date
    what: str
    enrollment: Enrollment


def trainees_for(user: Actor) -> QuerySet[Enrollment]:
    """The user's current trainees, with what the lists show."""
    return (
        enrollment_access.trainees_visible_to(user)
        .filter(status__in=Enrollment.SEATED)
        .select_related(
            "student",
            "section__course",
            "section__term__school_year",
            "section__instructor",
            "worksite__organization__employer_profile",
        )
        .order_by("worksite__name", "student__legal_last_name", "student__legal_first_name")
    )


def _listed(obj: object, name: str) -> list[Any]:
    """The related rows that a query here prefetched onto `obj` as a list (Prefetch to_attr)."""
    found: list[Any] = getattr(obj, name)
    return found


def _agreements(enrollments: Sequence[Enrollment]) -> dict[tuple[str, Any], TrainingAgreement]:
    ids = [e.pk for e in enrollments]
    sites = {e.worksite_id for e in enrollments}
    # The student comes along: a CVE agreement's parties depend on their age (required_parties).
    found = (
        TrainingAgreement.objects.filter(
            Q(kind="cve", enrollment__in=ids) | Q(kind="cc_joint_venture", site__in=sites)
        )
        .select_related("enrollment__student")
        .prefetch_related(Prefetch("signatures", to_attr="signature_list"))
    )
    by_key: dict[tuple[str, Any], TrainingAgreement] = {}
    for agreement in found:
        key = (
            ("cve", agreement.enrollment_id)
            if agreement.is_cve
            else ("cc", (agreement.site_id, agreement.term_id))
        )
        by_key[key] = agreement
    return by_key


def _agreement_of(e: Enrollment, agreements: dict) -> TrainingAgreement | None:
    if e.section.mode == InstructionMode.CVE:
        return agreements.get(("cve", e.pk))
    return agreements.get(("cc", (e.worksite_id, e.section.term_id)))


def statuses_of(user: Actor, today: date) -> list[TraineeStatus]:
    """`trainee_statuses` of the user's trainees (`trainees_for`), computed once per request
    and shared by whatever asks in it (the dashboard's attention list and its compliance
    chart): kept on the request's user object, which lives as long as the request."""
    memo: dict[date, list[TraineeStatus]] | None = getattr(user, "_trainee_statuses", None)
    if memo is None:
        memo = {}
        setattr(user, "_trainee_statuses", memo)  # noqa: B010 -- not an attribute of Actor
    if today not in memo:
        memo[today] = trainee_statuses(trainees_for(user), today)
    return memo[today]


@dataclass(frozen=True)
class RuleCount:
    """One rule across a set of trainees."""

    met: int = 0  # trainees who meet it
    unmet: int = 0  # trainees who do not (any of its checks red)
    red_checks: int = 0  # its red checks (a trainee can have several)
    first_due: date | None = None  # the nearest due date among its red checks


@dataclass(frozen=True)
class ComplianceSummary:
    """What the start pages show of `trainee_statuses`: counts, no student named."""

    trainees: int
    every_rule_met: int
    rules: dict[str, RuleCount]
    computed_at: datetime | None = None
    # False: the records changed since it was computed, and the worker is computing it again
    current: bool = True


# How long a summary is kept at most. Every save or delete of what it reads moves the
# "worksite" version first (worksite/apps.py; bulk writes call versions.changed themselves);
# the limit bounds what a write that went around both would leave.
SUMMARY_SECONDS = 300


def summarize(statuses: Sequence[TraineeStatus]) -> ComplianceSummary:
    met: Counter[str] = Counter()
    unmet: Counter[str] = Counter()
    red: Counter[str] = Counter()
    due: dict[str, date] = {}
    for status in statuses:
        rules_red = set()
        for check in status.checks:
            if check.ok:
                continue
            rules_red.add(check.rule)
            red[check.rule] += 1
            if check.due_on and (check.rule not in due or check.due_on < due[check.rule]):
                due[check.rule] = check.due_on
        for rule in {check.rule for check in status.checks} - rules_red:
            met[rule] += 1
        for rule in rules_red:
            unmet[rule] += 1
    rules = {
        rule: RuleCount(met[rule], unmet[rule], red[rule], due.get(rule))
        for rule in met.keys() | unmet.keys()
    }
    return ComplianceSummary(
        len(statuses), sum(1 for s in statuses if s.ok), rules, computed_at=timezone.now()
    )


def _summary_keys(user_pk: Any, today: date) -> tuple[str, str, str]:
    day = today.isoformat()
    return (
        f"ropdesk:wbl-summary:{user_pk}:{day}",  # at the version of the records
        f"ropdesk:wbl-summary-last:{user_pk}:{day}",  # the last one computed, whatever since
        f"ropdesk:wbl-summary-building:{user_pk}:{day}",  # the worker has it in hand
    )


def compliance_summary(user: Actor, today: date) -> ComplianceSummary | None:
    """`summarize(statuses_of(user, today))`, kept in the shared cache at the version of the
    records it reads: a start page costs one cache read until one of them changes. Then it is
    computed again in the request for up to ROPDESK["WBL_SUMMARY_INLINE_TRAINEES"] trainees;
    for more (the office of a county: every trainee's every rule takes seconds) the worker
    computes it, and meanwhile the last one is returned marked not current (None when there
    is none yet today). Once per request: the start page's chart and attention list both ask
    (core/request_memo.py)."""
    return request_memo.once(
        ("wbl-summary", user.pk, today), lambda: _compliance_summary(user, today)
    )


def _compliance_summary(user: Actor, today: date) -> ComplianceSummary | None:
    key, last_key, building_key = _summary_keys(user.pk, today)
    found = versions.cached_only(key, TOPIC)
    if isinstance(found, ComplianceSummary):
        return found
    limit = settings.ROPDESK["WBL_SUMMARY_INLINE_TRAINEES"]
    if access.is_outside_party(user) or not trainees_for(user)[limit : limit + 1].exists():
        return compliance_summary_build(user, today)
    user_id = user.pk
    if user_id is not None and cache.add(building_key, True, BUILD_SECONDS):
        from ropdesk.worksite.tasks import summary_build_task

        day = today.isoformat()
        transaction.on_commit(lambda: summary_build_task.enqueue(user_id=user_id, day=day))
    last = cache.get(last_key)
    return replace(last, current=False) if isinstance(last, ComplianceSummary) else None


def compliance_summary_build(user: Actor, today: date) -> ComplianceSummary:
    """Compute the summary (or take it from the cache when it is current) and keep it, as the
    current one and as the last one."""
    key, last_key, building_key = _summary_keys(user.pk, today)
    summary = versions.cached(
        key, TOPIC, lambda: summarize(statuses_of(user, today)), seconds=SUMMARY_SECONDS
    )
    cache.set(last_key, summary, LAST_SUMMARY_SECONDS)
    cache.delete(building_key)
    return summary


# The last summary is shown, marked, until the worker has the new one; a build the worker
# never finished (it was stopped) is asked again after BUILD_SECONDS.
LAST_SUMMARY_SECONDS = 24 * 3600
BUILD_SECONDS = 600


def SUMMARY_READS() -> list[type[Model]]:  # noqa: N802 -- a constant, built once apps load
    """Every model whose rows `trainee_statuses` (and `trainees_for`, through the access
    policy) or the agreements waiting for a signature (worksite/attention.py) read: a save or
    delete of any of them moves the summary's version."""
    from ropdesk.catalog.models import Course
    from ropdesk.core.models import Guardianship, Organization, RoleAssignment, Site, Student, User
    from ropdesk.scheduling.models import SchoolYear, Section, Term
    from ropdesk.worksite import models as worksite

    return [
        Enrollment,
        Section,
        Course,
        Term,
        SchoolYear,
        Holiday,
        Student,
        User,
        Site,
        Organization,
        RoleAssignment,
        Guardianship,
        OnTheJobHours,
        worksite.EmployerProfile,
        worksite.TrainingSiteOccupation,
        worksite.TrainingAgreement,
        worksite.AgreementSignature,
        worksite.WorkPermit,
        worksite.TrainingPlan,
        worksite.PlanCompetency,
        worksite.SiteVisit,
        worksite.Evaluation,
        worksite.TimesheetEntryDetail,
    ]


TOPIC = "worksite"


def trainee_statuses(enrollments: QuerySet[Enrollment], today: date) -> list[TraineeStatus]:
    """Every rule for every trainee (docs/rules.md, "Work-based learning")."""
    rows = list(
        enrollments.annotate(
            last_visit=Max(
                "site_visits__visited_on",
                filter=Q(
                    site_visits__observed_working=True,
                    site_visits__instructor=F("section__instructor"),
                    site_visits__visited_on__lte=today,
                ),
            ),
            plan_items=Count("training_plan__competencies", distinct=True),
        ).prefetch_related(
            # Lists (to_attr) rather than managers: Django builds a queryset per row for a
            # prefetched manager, which was half the time of a county's dashboard.
            "training_plan",
            Prefetch("evaluations", to_attr="evaluation_list"),
            Prefetch(
                "student__work_permits",
                queryset=WorkPermit.objects.order_by("-expires_on"),
                to_attr="permit_list",
            ),
            Prefetch("worksite__occupations", to_attr="occupation_list"),
            Prefetch(
                "on_the_job_hours",
                queryset=OnTheJobHours.objects.filter(
                    date__gte=week_start(today) - timedelta(weeks=2), date__lte=today
                ).select_related("detail"),
                to_attr="recent_hours",
            ),
        )
    )
    agreements = _agreements(rows)
    holidays = set(
        Holiday.objects.filter(
            date__range=(today - timedelta(weeks=3), today + timedelta(days=1))
        ).values_list("date", flat=True)
    )
    outside = ojt_days_outside_enrollment(e.pk for e in rows)
    statuses = [_status(e, _agreement_of(e, agreements), holidays, today) for e in rows]
    for status in statuses:
        status.checks.extend(_placement_checks(status, outside.get(status.enrollment.pk, [])))
    return statuses


def _placement_checks(status: TraineeStatus, outside_days: list[date]) -> list[Check]:
    """The rules added for issue 14: the site's occupation, the joint venture's attestation,
    hours outside the enrollment, the wages of the recent CVE days."""
    e, agreement = status.enrollment, status.agreement
    cve = e.section.mode == InstructionMode.CVE
    site_pathways = (
        {o.pathway_id for o in _listed(e.worksite, "occupation_list")} if e.worksite else set()
    )
    checks = [
        compliance.site_trains_for_course(
            site_pathways=site_pathways, course_pathway=e.section.course.pathway_id, cve=cve
        ),
        compliance.hours_within_enrollment(outside_days=outside_days),
    ]
    if agreement is not None and not agreement.is_cve:
        checks.append(
            compliance.joint_venture_attested(
                no_immediate_benefit=agreement.attests_no_immediate_benefit,
                no_displacement=agreement.attests_no_displacement,
            )
        )
    if cve:
        wages = [
            compliance.cve_wage(hourly_wage=_detail(h).hourly_wage, day=h.date)
            for h in e.recent_hours
            if _detail(h) is not None and _detail(h).status != "returned"
        ]
        low = [c for c in wages if not c.ok]
        if wages:
            checks.append(low[0] if low else wages[0])
    return checks


def _school_day(day: date, holidays: set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def _status(
    e: WithAnnotations[Enrollment, TraineeFigures],
    agreement: TrainingAgreement | None,
    holidays: set[date],
    today: date,
) -> TraineeStatus:
    cve = e.section.mode == InstructionMode.CVE
    status = TraineeStatus(e, agreement)
    checks = status.checks
    signed = {s.party for s in _listed(agreement, "signature_list")} if agreement else set()
    missing = (
        [str(p.label) for p in _labels(missing_parties(agreement, today, signed))]
        if agreement
        else []
    )
    checks.append(
        compliance.agreement_fully_signed(
            exists=agreement is not None,
            fully_signed_on=agreement.fully_signed_on if agreement else None,
            missing=missing,
            cve=cve,
        )
    )
    if agreement is not None:
        checks.append(compliance.agreement_current(ends_on=agreement.ends_on, today=today))
    plan = getattr(e, "training_plan", None) if _has_plan(e) else None
    checks.append(
        compliance.training_plan_exists(
            exists=plan is not None,
            competencies=e.plan_items,
            site_copy_ready=plan is not None and plan.site_copy_on is not None,
        )
    )
    placed_on = max(
        agreement.starts_on if agreement else e.section.term.start_date,
        e.enrolled_on or e.section.term.start_date,
    )
    if not cve:
        checks.append(
            compliance.cc_visit_due(last_visit_on=e.last_visit, placed_on=placed_on, today=today)
        )
    else:
        checks.append(
            compliance.cve_visit_due(last_visit_on=e.last_visit, placed_on=placed_on, today=today)
        )
    checks.append(
        compliance.evaluation_due(
            started_on=placed_on, points_done={ev.point for ev in e.evaluation_list}, today=today
        )
    )
    profile = getattr(e.worksite.organization, "employer_profile", None) if e.worksite else None
    checks.append(
        compliance.workers_comp_on_file(
            cve=cve, expires_on=profile.workers_comp_expires_on if profile else None, today=today
        )
    )
    checks.extend(_hour_checks(e, cve, holidays, today, placed_on))
    return status


def _labels(parties: list[str]) -> list[Any]:
    from ropdesk.worksite.models import Party

    return [Party(p) for p in parties]


def _has_plan(e: Enrollment) -> bool:
    try:
        e.training_plan  # noqa: B018 -- prefetched; raises when there is none
    except Enrollment.training_plan.RelatedObjectDoesNotExist:
        return False
    return True


def _hour_checks(
    e: WithAnnotations[Enrollment, TraineeFigures],
    cve: bool,
    holidays: set[date],
    today: date,
    placed_on: date,
) -> list[Check]:
    checks: list[Check] = []
    age = e.student.age_on(today)
    entries = [h for h in e.recent_hours if getattr(_detail(h), "status", "") != "returned"]
    last_week = week_start(today) - timedelta(weeks=1)
    if cve and last_week >= placed_on:
        paid = sum(h.minutes for h in entries if week_start(h.date) == last_week)
        checks.append(compliance.cve_weekly_paid_minimum(paid_minutes=paid, week_of=last_week))
        this_week = sum(h.minutes for h in entries if week_start(h.date) == week_start(today))
        checks.append(
            compliance.cve_weekly_attendance_cap(minutes=this_week, week_of=week_start(today))
        )
    if e.student.is_minor_on(today):  # an unknown age counts as a minor (compliance._adult)
        if cve:
            permits: list[WorkPermit] = _listed(e.student, "permit_list")
            valid = next((p for p in permits if p.valid_on(today)), None)
            checks.append(
                compliance.work_permit_on_file(
                    age=age,
                    permit_from=valid.issued_on if valid else None,
                    permit_to=valid.expires_on if valid else None,
                    day=today,
                )
            )
        day_problems = [
            compliance.minor_day_limits(
                age=e.student.age_on(h.date),
                minutes=h.minutes,
                started_at=h.detail.started_at,
                ended_at=h.detail.ended_at,
                school_day=_school_day(h.date, holidays),
                school_tomorrow=_school_day(h.date + timedelta(days=1), holidays),
                cve=cve,
            )
            for h in entries
            if _detail(h) is not None
        ]
        bad = [c for c in day_problems if not c.ok]
        checks.append(
            bad[0]
            if bad
            else compliance.minor_day_limits(
                age=age,
                minutes=0,
                started_at=compliance.time(9),
                ended_at=compliance.time(10),
                school_day=False,
                school_tomorrow=False,
                cve=cve,
            )
        )
        weekly: dict[date, int] = defaultdict(int)
        for h in entries:
            weekly[week_start(h.date)] += h.minutes
        worst = max(weekly.items(), key=lambda item: item[1], default=(week_start(today), 0))
        checks.append(compliance.minor_weekly_limit(age=age, minutes=worst[1], week_of=worst[0]))
    return checks


def _detail(hours: OnTheJobHours) -> Any:
    try:
        return hours.detail
    except OnTheJobHours.detail.RelatedObjectDoesNotExist:
        return None


def due_soon(statuses: list[TraineeStatus], today: date) -> list[DueItem]:
    """What falls due in the next two weeks (or is overdue): visits, evaluations, agreements
    ending, work permits and workers' comp expiring."""
    window = today + timedelta(days=settings.ROPDESK["WBL_DUE_WINDOW_DAYS"])
    items = [
        DueItem(check.due_on, check.reason, s.enrollment)
        for s in statuses
        for check in s.checks
        if check.due_on is not None
        and check.due_on <= window
        and (check.due_on >= today or not check.ok)
    ]
    return sorted(items, key=lambda item: (item.due_on, item.enrollment.pk))


@dataclass
class InstructorLoad:
    instructor: Any
    cc_students: int
    required_hours: Any
    overdue_visits: int


def instructor_loads(statuses: list[TraineeStatus]) -> list[InstructorLoad]:
    """Coordination time per instructor: 1 hour a week per 5 CC students, at least 1."""
    by: dict[Any, list[TraineeStatus]] = defaultdict(list)
    for s in statuses:
        by[s.enrollment.section.instructor].append(s)
    loads = []
    for instructor, rows in by.items():
        cc = [s for s in rows if s.enrollment.section.mode == InstructionMode.COMMUNITY_CLASSROOM]
        overdue = sum(1 for s in cc for c in s.checks if c.rule == "cc_visit" and not c.ok)
        loads.append(
            InstructorLoad(
                instructor, len(cc), compliance.coordination_hours_required(len(cc)), overdue
            )
        )
    return sorted(loads, key=lambda load: str(load.instructor))


@dataclass
class SiteSummary:
    site: Any
    trainees: int
    red: int
    reasons: list[str]


def site_summaries(statuses: list[TraineeStatus]) -> list[SiteSummary]:
    by: dict[Any, list[TraineeStatus]] = defaultdict(list)
    for s in statuses:
        by[s.enrollment.worksite].append(s)
    out = []
    for site, rows in by.items():
        reds = [s for s in rows if not s.ok]
        reasons = sorted({c.reason for s in rows for c in s.red if c.rule == "workers_comp"})
        out.append(SiteSummary(site, len(rows), len(reds), reasons))
    return sorted(out, key=lambda summary: summary.site.name)


def hours_waiting(enrollments: QuerySet[Enrollment]) -> QuerySet[OnTheJobHours]:
    return (
        OnTheJobHours.objects.filter(
            enrollment__in=enrollments.values("pk"),
            supervisor_approved_at__isnull=True,
            detail__status="submitted",
        )
        .select_related("enrollment__student", "detail")
        .order_by("date")
    )


@dataclass
class WaitingWeek:
    """One trainee's week of hours waiting for the supervisor: approved in one action."""

    enrollment: Enrollment
    monday: date
    entries: list[OnTheJobHours]

    @property
    def minutes(self) -> int:
        return sum(e.minutes for e in self.entries)


def waiting_weeks(waiting: Iterable[OnTheJobHours]) -> list[WaitingWeek]:
    """The hours waiting, by trainee and week, oldest week first."""
    weeks: dict[tuple[int, date], WaitingWeek] = {}
    for entry in waiting:
        monday = week_start(entry.date)
        key = (entry.enrollment_id, monday)
        if key not in weeks:
            weeks[key] = WaitingWeek(entry.enrollment, monday, [])
        weeks[key].entries.append(entry)
    return sorted(weeks.values(), key=lambda w: (w.monday, str(w.enrollment.student)))


def enrolled_trainees_of_supervisor(user: Any) -> QuerySet[Enrollment]:
    """A site supervisor's trainees now in training at their sites: enrolled only — not
    requested, admitted, waitlisted, completed, withdrawn or dropped. An employer is an outside
    party: it sees the students it trains now, no more (domain-rules.md 8)."""
    return trainees_for(user).filter(
        status=Enrollment.Status.ENROLLED, worksite__in=access.scope_of(user).site_ids
    )


def approved_by(user: Any, *, limit: int = 20) -> QuerySet[OnTheJobHours]:
    """The hours this supervisor approved, latest first: whose and which days."""
    return (
        OnTheJobHours.objects.filter(
            supervisor_approved_by=user,
            enrollment__in=enrollment_access.trainees_visible_to(user).values("pk"),
        )
        .select_related("enrollment__student", "detail")
        .order_by("-supervisor_approved_at", "-date")[:limit]
    )
