"""Reads of the partners app shared by its pages, the course page, the menu and the reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from ropdesk.catalog.models import Course
from ropdesk.core.contributions import EvidenceTable, evidence_tables
from ropdesk.partners import rules
from ropdesk.partners.lmi import newest_projections
from ropdesk.partners.models import (
    Committee,
    ItemCategory,
    Meeting,
    Membership,
    NeedsAssessment,
    Projection,
    Recommendation,
)

STEERING_CATEGORIES = (ItemCategory.COURSES_OFFERED, ItemCategory.SECTIONS, ItemCategory.SCHEDULE)
OPEN_STATUSES = (
    Recommendation.Status.OPEN,
    Recommendation.Status.ACCEPTED,
    Recommendation.Status.IN_PROGRESS,
)


@dataclass
class CommitteeRow:
    committee: Committee
    current_members: int
    warnings: list[rules.Warning]
    next_meeting: datetime | None


def with_members(committees: QuerySet[Committee]) -> QuerySet[Committee]:
    return committees.select_related("district", "pathway", "sector", "site").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("contact__partner__organization"),
        )
    )


def committee_rows(committees: list[Committee], today: date) -> list[CommitteeRow]:
    """Each committee with its warnings and next meeting (two queries for the page, whatever
    its length: the committees come with their members prefetched)."""
    now = timezone.now()
    # One query for every committee's next meeting: the first row of each, in time order.
    nearest: dict[int, datetime] = {}
    for committee_id, starts_at in (
        Meeting.objects.filter(committee__in=committees, starts_at__gte=now)
        .order_by("starts_at")
        .values_list("committee", "starts_at")
    ):
        nearest.setdefault(committee_id, starts_at)
    rows = []
    for committee in committees:
        members = list(committee.memberships.all())
        rows.append(
            CommitteeRow(
                committee=committee,
                current_members=sum(1 for m in members if m.current_on(today)),
                warnings=rules.committee_warnings(members, today, steering=committee.is_steering),
                next_meeting=nearest.get(committee.pk),
            )
        )
    return rows


def reviewing_committees(course: Course) -> Q:
    """The committees that review a course: its own, its pathway's and its sector's."""
    reach = Q(courses=course)
    if course.pathway is not None:
        reach |= Q(scope=Committee.Scope.PATHWAY, pathway_id=course.pathway_id)
        reach |= Q(scope=Committee.Scope.SECTOR, sector_id=course.pathway.sector_id)
    return reach


def _held() -> Q:
    return Q(minutes_recorded_at__isnull=False, starts_at__lte=timezone.now())


def last_review_of(course: Course) -> date | None:
    """The day a committee that reviews the course last met (with minutes recorded)."""
    committees = Committee.objects.filter(reviewing_committees(course)).values("pk")
    moment = Meeting.objects.filter(_held(), committee__in=committees).aggregate(
        last=Max("starts_at")
    )["last"]
    return timezone.localdate(moment) if moment else None


def courses_with_last_review() -> QuerySet[Course]:
    """Active courses annotated with `last_review` (the newest held meeting of a committee
    of the course itself, its pathway or its sector)."""
    held = Meeting.objects.filter(_held())
    direct = held.filter(committee__courses=OuterRef("pk"))
    by_pathway = held.filter(
        committee__scope=Committee.Scope.PATHWAY, committee__pathway=OuterRef("pathway")
    )
    by_sector = held.filter(
        committee__scope=Committee.Scope.SECTOR, committee__sector=OuterRef("pathway__sector")
    )

    def newest(meetings: QuerySet[Meeting]) -> Subquery:
        return Subquery(meetings.order_by("-starts_at").values("starts_at")[:1])

    return (
        Course.objects.filter(active=True, needs_setup=False)
        .select_related("pathway__sector")
        .annotate(
            review_direct=newest(direct),
            review_pathway=newest(by_pathway),
            review_sector=newest(by_sector),
        )
        .order_by("title")
    )


def latest(*moments: datetime | None) -> date | None:
    present = [m for m in moments if m is not None]
    return timezone.localdate(max(present)) if present else None


def courses_unreviewed(today: date) -> list[tuple[Course, date | None]]:
    """Courses no committee reviewed since the cutoff (Perkins IV §135(b); domain-rules 4.8)."""
    cutoff = rules.review_cutoff(today)
    rows = []
    for course in courses_with_last_review():
        last = latest(
            getattr(course, "review_direct"),  # noqa: B009 -- annotations mypy cannot see
            getattr(course, "review_pathway"),  # noqa: B009
            getattr(course, "review_sector"),  # noqa: B009
        )
        if last is None or last < cutoff:
            rows.append((course, last))
    return rows


@dataclass
class IndustryPanel:
    """What the course page shows: what industry asked for and what changed."""

    last_review: date | None
    recommendations: list[Recommendation]
    outlook: list[Projection]
    area: str


def industry_panel(course: Course) -> IndustryPanel:
    recommendations = list(
        Recommendation.objects.filter(course=course, meeting__minutes_approved_at__isnull=False)
        .exclude(status=Recommendation.Status.OPEN)
        .select_related("meeting__committee", "change")
        .order_by("-meeting__starts_at", "pk")[:20]
    )
    area = rules.config("LMI_AREA")
    codes = list(course.occupations.values_list("soc_code", flat=True))
    outlook = list(newest_projections(codes, area)) if codes else []
    return IndustryPanel(last_review_of(course), recommendations, outlook, area)


def recommendations_of(committees: QuerySet[Committee]) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(meeting__committee__in=committees).select_related(
        "meeting__committee", "course", "section", "site", "owner", "change"
    )


def directions_for(committees: QuerySet[Committee]) -> QuerySet[Recommendation]:
    """The decisions of steering committees about programs in their schools."""
    return recommendations_of(committees.filter(scope=Committee.Scope.DISTRICT_STEERING))


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def implemented_within_year(recommendations: QuerySet[Recommendation]) -> tuple[int, int]:
    """(implemented within twelve months of their meeting, all made twelve months ago or more):
    the share anchors-wave2.md §2.3 asks for."""
    today = timezone.localdate()
    old = recommendations.filter(meeting__starts_at__lt=day_start(rules.review_cutoff(today)))
    done = 0
    for r in old.select_related("change", "meeting"):
        change = getattr(r, "change", None)
        if change is not None and change.made_on < _year_after(
            timezone.localdate(r.meeting.starts_at)
        ):
            done += 1
    return done, len(old)


def _year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def meeting_packet(meeting: Meeting) -> dict[str, Any]:
    """What a member's packet holds: the agenda, the previous meeting's minutes, the open
    recommendations and the labor-market snapshot."""
    previous = (
        Meeting.objects.filter(committee_id=meeting.committee_id, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )
    open_recommendations = recommendations_of(
        Committee.objects.filter(pk=meeting.committee_id)
    ).filter(status__in=OPEN_STATUSES)
    return {
        "meeting": meeting,
        "previous": previous,
        "open_recommendations": open_recommendations,
        "snapshot": meeting.lmi_snapshot,
    }


# --- needs assessment ----------------------------------------------------------------------------


def assessment_years(assessment: NeedsAssessment) -> list[str]:
    """The academic years (July to June, written "2025-2026") the cycle's dates touch."""
    first = assessment.starts_on.year - (1 if assessment.starts_on.month < 7 else 0)
    last = assessment.ends_on.year - (1 if assessment.ends_on.month < 7 else 0)
    return [f"{y}-{y + 1}" for y in range(first, last + 1)]


def performance_evidence(assessment: NeedsAssessment, user: Any) -> list[EvidenceTable]:
    """The indicator tables of element 1 (student performance), from whichever app offers
    them (outcomes, through core/contributions.py: partners cannot import it)."""
    return evidence_tables(
        "clna.student_performance", user=user, years=assessment_years(assessment)
    )
