"""Reads shared by the case pages, the filer's status page, reminders and statistics.

Lists start from core.access.complaints_visible_to, so that no page can skip the policy.
"""

from __future__ import annotations

import re
import statistics as stats
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ropdesk.complaints import deadlines, notice_defaults
from ropdesk.complaints.models import (
    Appeal,
    Basis,
    Complaint,
    ComplaintKind,
    ComplianceCoordinator,
    CoordinatorRole,
    Notice,
    Report,
)
from ropdesk.complaints.services import weekend_rule
from ropdesk.core.formatting import day_text
from ropdesk.enrollment.queries import Bar, bars


def with_case_records(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Everything the clocks need, in a fixed number of queries."""
    return complaints.select_related("report", "investigator", "decision_maker").prefetch_related(
        "extensions", Prefetch("appeals", queryset=Appeal.objects.order_by("filed_on", "id"))
    )


def _report_of(complaint: Complaint) -> Report | None:
    try:
        return complaint.report
    except Report.DoesNotExist:
        return None


def case_dates(complaint: Complaint) -> deadlines.CaseDates:
    report = _report_of(complaint)
    appeals = list(complaint.appeals.all())
    # Each party has its own appeal window (34 CFR 106.45(b)(8); 5 CCR 4632): the window is
    # met only once both the complainant and the respondent have appealed.
    first_by_party: dict[str, date] = {}
    for appeal in appeals:
        first_by_party.setdefault(appeal.appellant, appeal.filed_on)
    both_appealed = len(first_by_party) == len(Appeal.Appellant.values)
    notices = [a for a in appeals if a.cde_notice_on]
    latest_notice = notices[-1] if notices else None
    return deadlines.CaseDates(
        kind=complaint.kind,
        received=complaint.received_on,
        agreed_extension_days=tuple(
            e.days for e in complaint.extensions.all() if e.written_agreement
        ),
        evidence_shared_on=complaint.evidence_shared_on,
        investigative_report_shared_on=complaint.investigative_report_shared_on,
        report_issued_on=report.issued_on if report else None,
        appeal_filed_on=max(first_by_party.values()) if both_appealed else None,
        cde_notice_on=latest_notice.cde_notice_on if latest_notice else None,
        file_sent_on=latest_notice.file_sent_on if latest_notice else None,
    )


@dataclass(frozen=True)
class ClockView:
    """A clock as a page shows it: the date, the days left in words, and a state that the
    page marks with both a color and a word."""

    clock: deadlines.Clock
    state: str
    days_left: int

    @property
    def words(self) -> str:
        n = self.days_left
        if self.state == "met":
            return _("Done on %(day)s") % {"day": day_text(self.clock.done_on)}  # type: ignore[arg-type]
        if self.state == "overdue":
            return translation.ngettext("Overdue by %(n)d day", "Overdue by %(n)d days", -n) % {
                "n": -n
            }
        if self.state == "ended":
            return _("Window ended")
        if n == 0:
            return _("Due today")
        return translation.ngettext("%(n)d day left", "%(n)d days left", n) % {"n": n}


def clocks_of(
    complaint: Complaint, today: date, rule: deadlines.DayRule | None = None
) -> list[ClockView]:
    """The case's clocks under the office's rule (CCP 12a with its court holidays); pass
    `rule` when listing many cases, to read the holidays once."""
    clocks = deadlines.case_clocks(case_dates(complaint), rule or weekend_rule())
    if not complaint.is_open:
        clocks = [c for c in clocks if c.done_on is not None]
    return [ClockView(c, c.state(today), c.days_left(today)) for c in clocks]


def open_clocks_of(
    complaint: Complaint, today: date, rule: deadlines.DayRule | None = None
) -> list[ClockView]:
    clocks = clocks_of(complaint, today, rule)
    return [c for c in clocks if c.state in ("open", "soon", "overdue")]


@dataclass(frozen=True)
class TitleIXPeriods:
    """The two 10-day periods of a Title IX case as the case page shows them: the last day
    of each (moved by CCP 12a) and the first day of the step that follows it."""

    response_ends: date | None  # 34 CFR 106.45(b)(5)(vi)
    report_from: date | None
    review_ends: date | None  # 34 CFR 106.45(b)(5)(vii)
    determination_from: date | None


def title_ix_periods(
    complaint: Complaint, rule: deadlines.DayRule | None = None
) -> TitleIXPeriods | None:
    if complaint.kind != "title_ix":
        return None
    rule = rule or weekend_rule()
    evidence, report = complaint.evidence_shared_on, complaint.investigative_report_shared_on
    return TitleIXPeriods(
        response_ends=deadlines.evidence_review_ends(evidence, rule) if evidence else None,
        report_from=deadlines.investigative_report_earliest(evidence, rule) if evidence else None,
        review_ends=deadlines.report_review_ends(report, rule) if report else None,
        determination_from=deadlines.determination_earliest(report, rule) if report else None,
    )


def filing_status_of(
    complaint: Complaint, rule: deadlines.DayRule | None = None
) -> deadlines.FilingStatus:
    return deadlines.filing_status(
        complaint.kind,
        complaint.incident_date,
        complaint.received_on,
        complaint.knowledge_date,
        complaint.filing_extension_days,
        rule or weekend_rule(),
    )


def filing_explanation(complaint: Complaint) -> str:
    """Why the window is what it is, in words: shown on the case page for late filings."""
    status = filing_status_of(complaint)
    if complaint.kind in deadlines.DISCRIMINATION_KINDS:
        rule = _(
            "A discrimination, harassment, intimidation or bullying complaint is filed within "
            "six months of the incident or of when the complainant first learned of it, and "
            "the window may be extended up to 90 days for good cause on a written request "
            "(5 CCR 4630(b))."
        )
    else:
        rule = _("Other complaints are filed within one year of the incident (5 CCR 4630).")
    if not status.late:
        return rule
    late = translation.ngettext(
        "This complaint came %(n)s day after the window closed on %(day)s. It was received "
        "and is kept; decide and record how to proceed, for example by granting the "
        "extension for good cause.",
        "This complaint came %(n)s days after the window closed on %(day)s. It was received "
        "and is kept; decide and record how to proceed, for example by granting the "
        "extension for good cause.",
        status.days_late,
    ) % {"n": status.days_late, "day": day_text(status.deadline)}
    return f"{late} {rule}"


# --- Notices -----------------------------------------------------------------------------------


def coordinator_text(coordinator: ComplianceCoordinator | None) -> str:
    if coordinator is None:
        return _("(not yet named: ask the program office)")
    parts = [str(coordinator.user), coordinator.job_title, coordinator.office_address]
    parts += [coordinator.phone, coordinator.contact_email]
    return ", ".join(p for p in parts if p)


def notice_placeholders(base_url: str = "") -> dict[str, str]:
    """What a notice's {placeholders} are filled with, from the system."""
    by_role = {c.role: c for c in ComplianceCoordinator.objects.select_related("user")}
    base = base_url.rstrip("/")
    values = {
        "program_name": settings.ROPDESK["PROGRAM_NAME"],
        "complaint_form_url": base + reverse("complaint_file"),
        "nondiscrimination_notice_url": base + reverse("notice_nondiscrimination"),
    }
    for role in CoordinatorRole.values:
        values[f"{role}_coordinator"] = coordinator_text(by_role.get(role))
    return values


PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Fill {name} placeholders; unknown ones and stray braces are left as typed."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


@dataclass(frozen=True)
class NoticeText:
    title: str
    body: str
    language: str
    updated_at: Any = None  # None: the built-in default text


def notice_text(kind: str, language: str) -> NoticeText:
    """The notice in the language asked for (the office's text, else the built-in default),
    falling back to the base language, then to English."""
    notices = {n.language: n for n in Notice.objects.filter(kind=kind)}
    for code in dict.fromkeys((language, language.split("-")[0], "en")):
        if code in notices:
            notice = notices[code]
            return NoticeText(notice.title, notice.body, code, notice.updated_at)
        default = notice_defaults.default_notice(kind, code)
        if default:
            return NoticeText(default[0], default[1], code)
    return NoticeText("", "", "en")


def notice_languages(kind: str) -> list[str]:
    return list(Notice.objects.filter(kind=kind).values_list("language", flat=True))


# --- Statistics without names --------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    total: int
    open: int
    late_filings: int
    reports_late: int
    median_days_to_report: float | None
    by_kind: list[Bar]
    by_basis: list[Bar]
    by_outcome: list[Bar]
    by_status: list[Bar]


def school_year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, 7, 1), date(start_year + 1, 6, 30)


def figures(complaints: QuerySet[Complaint]) -> Figures:
    """Counts by kind, basis, outcome and status, and time to the report: no names, no text."""
    rule = weekend_rule()
    rows = list(
        complaints.select_related("report")
        .prefetch_related("extensions")
        .only(
            "kind",
            "bases",
            "status",
            "received_on",
            "incident_date",
            "knowledge_date",
            "filing_extension_days",
            "report__issued_on",
            "report__outcome",
        )
    )
    kinds = Counter(c.kind for c in rows)
    basis_counts = Counter(code for c in rows for code in c.bases)
    outcomes: Counter[str] = Counter()
    days_to_report = []
    reports_late = 0
    for c in rows:
        report = _report_of(c)
        if report is None:
            outcomes["none"] += 1
            continue
        outcomes[report.outcome] += 1
        days_to_report.append((report.issued_on - c.received_on).days)
        due = deadlines.report_due(c.received_on, [e.days for e in c.extensions.all()], rule)
        reports_late += report.issued_on > due
    outcome_labels = [*Report.Outcome.choices, ("none", _("No report yet"))]
    return Figures(
        total=len(rows),
        open=sum(1 for c in rows if c.is_open),
        late_filings=sum(1 for c in rows if filing_status_of(c, rule).late),
        reports_late=reports_late,
        median_days_to_report=stats.median(days_to_report) if days_to_report else None,
        by_kind=bars((str(label), kinds[code]) for code, label in ComplaintKind.choices),
        by_basis=bars((str(label), basis_counts[code]) for code, label in Basis.choices),
        by_outcome=bars((str(label), outcomes[code]) for code, label in outcome_labels),
        by_status=bars(
            (str(label), sum(1 for c in rows if c.status == code))
            for code, label in Complaint.Status.choices
        ),
    )


def figures_csv_rows(result: Figures) -> list[tuple[str, str, Any]]:
    rows: list[tuple[str, str, Any]] = [
        ("total", "complaints", result.total),
        ("total", "open", result.open),
        ("total", "filed after the window", result.late_filings),
        ("total", "reports after the deadline", result.reports_late),
        ("total", "median days to report", result.median_days_to_report or ""),
    ]
    for section, bar_list in (
        ("kind", result.by_kind),
        ("basis", result.by_basis),
        ("outcome", result.by_outcome),
        ("status", result.by_status),
    ):
        rows += [(section, b.label, b.value) for b in bar_list]
    return rows


# What each audit event of a case means, for the case's history (never the raw code).
HISTORY_LABELS = {
    "complaint.file": _lazy("Complaint filed"),
    "complaint.filer_add": _lazy("Filer added"),
    "complaint.classify": _lazy("Classified"),
    "complaint.assign": _lazy("Investigator assigned"),
    "complaint.item_add": _lazy("Evidence or note added"),
    "complaint.extension_add": _lazy("Time extension agreed"),
    "complaint.filing_extension": _lazy("Filing deadline extended"),
    "complaint.measure_add": _lazy("Supportive measure added"),
    "complaint.title_ix_step": _lazy("Title IX step recorded"),
    "complaint.report_issue": _lazy("Investigation report issued"),
    "complaint.appeal": _lazy("Appeal recorded"),
    "complaint.appeal_file": _lazy("Appeal file added"),
    "complaint.grant": _lazy("Access granted"),
    "complaint.grant_revoke": _lazy("Access revoked"),
    "complaint.close": _lazy("Case closed"),
}


def history_of(complaint: Complaint, *, limit: int = 50) -> list[Any]:
    """The case's audit events, latest first, each with a `label` people read."""
    from ropdesk.core.models import AuditEvent

    events = list(
        AuditEvent.objects.filter(
            object_type="complaints.complaint", object_id=str(complaint.pk)
        ).select_related("actor")[:limit]
    )
    for event in events:
        event.label = HISTORY_LABELS.get(event.action, event.action)  # type: ignore[attr-defined]
    return events
