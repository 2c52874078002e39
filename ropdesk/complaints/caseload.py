"""Support services' daily work, for their start page (docs/support-services.md, "Your start
page"): the cases by state with the next deadline of each state, the open cases nearest or
past a deadline first, counts by kind, and the annual notices to review.

Cases come from complaints_visible_to (the policy) and show only what the case list shows:
reference codes, kinds, states and clocks; never a name, a student record or a case's text.
A fixed number of queries, whatever the number of cases.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from ropdesk.complaints import access as complaints_access
from ropdesk.complaints.models import (
    CaseAccessLog,
    Complaint,
    ComplaintKind,
    ComplianceCoordinator,
    CoordinatorRole,
    Notice,
    NoticeKind,
    office_day_rule,
)
from ropdesk.complaints.queries import ClockView, open_clocks_of, with_case_records
from ropdesk.complaints.services import case_access_record
from ropdesk.core import access
from ropdesk.core.types import Actor

CASES_SHOWN = 15  # the nearest deadlines; the case list has the rest


@dataclass(frozen=True)
class CaseRow:
    complaint: Complaint
    next: ClockView | None  # the open clock due first, if any

    @property
    def url(self) -> str:
        return reverse("case_detail", args=[self.complaint.reference])


@dataclass(frozen=True)
class StateRow:
    value: str
    label: str
    count: int
    next_due: date | None  # the nearest open clock of the cases in this state
    url: str


@dataclass(frozen=True)
class KindRow:
    label: str
    open: int
    total: int


@dataclass(frozen=True)
class NoticeDue:
    """An annual notice and when the office next reviews it: once every school year."""

    label: str
    last_saved: date | None  # None: the built-in text, never saved by the office
    due: date
    overdue: bool
    url: str


@dataclass(frozen=True)
class Caseload:
    open_count: int
    cases: list[CaseRow]
    by_state: list[StateRow]
    by_kind: list[KindRow]
    notices: list[NoticeDue]
    coordinators_missing: list[str]

    @property
    def more(self) -> int:
        return self.open_count - len(self.cases)


def school_year_start(day: date) -> date:
    """July 1 of the school year `day` is in (EC 37200: the school year begins on July 1)."""
    return date(day.year if day.month >= 7 else day.year - 1, 7, 1)


def notices_due(today: date) -> list[NoticeDue]:
    """Each annual notice (the non-discrimination notice, OCR Guidelines §IV(O); the UCP
    notice, 5 CCR 4622) is due before each school year: ropdesk counts it reviewed for a school
    year when the office saved its text (in any language) in that school year. Not yet
    reviewed this school year: overdue since the day before it began."""
    start = school_year_start(today)
    saved = dict(
        Notice.objects.values("kind").annotate(last=Max("updated_at")).values_list("kind", "last")
    )
    found = []
    for kind, label in NoticeKind.choices:
        last = saved.get(kind)
        last_day = timezone.localdate(last) if last else None
        if last_day is not None and last_day >= start:
            due, overdue = date(start.year + 1, 6, 30), False
        else:
            due, overdue = start - timedelta(days=1), True
        found.append(NoticeDue(str(label), last_day, due, overdue, reverse("notice_manage")))
    return found


def caseload(user: Actor, *, what: str = "") -> Caseload:
    """The start page's figures for `user` (support services). Reading the case list is
    logged in the cases' read log, as on the case list page."""
    if not access.can_handle_complaints(user):
        raise PermissionError("Only support services have a caseload.")
    today = timezone.localdate()
    visible = complaints_access.complaints_visible_to(user)
    opened = with_case_records(visible.exclude(status=Complaint.Status.CLOSED))
    rule = office_day_rule()  # the court holidays read once for every case
    rows = []
    for complaint in opened:
        clocks = open_clocks_of(complaint, today, rule)
        rows.append(CaseRow(complaint, min(clocks, key=_due) if clocks else None))
    rows.sort(key=lambda r: (r.next is None, r.next.clock.due if r.next else date.max))
    counts: Counter[tuple[str, str]] = Counter(
        {
            (row["status"], row["kind"]): row["n"]
            for row in visible.order_by().values("status", "kind").annotate(n=Count("pk"))
        }
    )
    by_state = []
    for value, label in Complaint.Status.choices:
        dues = [r.next.clock.due for r in rows if r.next and r.complaint.status == value]
        count = sum(n for (status, _kind), n in counts.items() if status == value)
        url = reverse("case_list") + "?" + urlencode({"status": value})
        by_state.append(StateRow(value, str(label), count, min(dues, default=None), url))
    by_kind = [
        KindRow(
            str(label),
            sum(n for (st, k), n in counts.items() if k == value and st != Complaint.Status.CLOSED),
            sum(n for (_st, k), n in counts.items() if k == value),
        )
        for value, label in ComplaintKind.choices
    ]
    named = set(ComplianceCoordinator.objects.values_list("role", flat=True))
    missing = [str(label) for value, label in CoordinatorRole.choices if value not in named]
    case_access_record(actor=user, action=CaseAccessLog.Action.LIST, what=what)
    return Caseload(
        open_count=len(rows),
        cases=rows[:CASES_SHOWN],
        by_state=by_state,
        by_kind=by_kind,
        notices=notices_due(today),
        coordinators_missing=missing,
    )


def _due(view: ClockView) -> date:
    return view.clock.due
