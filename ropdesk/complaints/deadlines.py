"""The statutory clocks of a complaint: pure functions on dates, each with its source.

Days are calendar days (domain-rules.md §7: "calendar days unless the source says otherwise";
none of the sources below says otherwise). What happens when a window ends on a Saturday or
Sunday is a setting, ROPDESK["COMPLAINT_WEEKEND_RULE"], because no source we read settles it:

- "calendar" (the default): the date is the date, weekend or not;
- "next_weekday": a window *given to a party* (to file, to appeal, to answer in Title IX) that
  ends on a weekend runs to the next Monday, the kinder reading for the person using it.

The office's own deadlines (the 60-day report, the 10-day file transfer to the CDE) never move
forward: the office must not rely on days the rule may not give it.

A late filing is never dropped: `filing_status` says how late, and why, and the case goes on.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

CALENDAR = "calendar"
NEXT_WEEKDAY = "next_weekday"
WEEKEND_RULES = (CALENDAR, NEXT_WEEKDAY)

# Complaint kinds whose filing window is the six-month discrimination window (5 CCR 4630(b)):
# discrimination, harassment, intimidation or bullying, including sex (Title IX) and
# disability (Section 504) discrimination, which California takes through the UCP.
DISCRIMINATION_KINDS = frozenset({"ucp_discrimination", "title_ix", "section_504"})

REPORT_DAYS = 60  # 5 CCR 4631(e): the LEA Investigation Report within 60 days of receipt
FILING_EXTENSION_MAX_DAYS = 90  # 5 CCR 4630(b): up to 90 days for good cause, on written request
TITLE_IX_REVIEW_DAYS = 10  # 34 CFR 106.45(b)(5)(vi) and (vii): at least 10 days each
APPEAL_DAYS = 30  # 5 CCR 4632: appeal to the CDE within 30 days of the report's date
CDE_FILE_DAYS = 10  # 5 CCR 4633: forward the file within 10 days of the CDE's notice


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def roll_forward(day: date, rule: str) -> date:
    """A party's last day under the weekend rule (see the module's docstring)."""
    if rule not in WEEKEND_RULES:
        raise ValueError(f"unknown weekend rule {rule!r}")
    if rule == NEXT_WEEKDAY and day.weekday() >= 5:
        return day + timedelta(days=7 - day.weekday())
    return day


def filing_deadline(
    kind: str,
    incident_date: date,
    knowledge_date: date | None = None,
    extension_days: int = 0,
    rule: str = CALENDAR,
) -> date:
    """The last day to file a complaint.

    Discrimination, harassment, intimidation or bullying: six months from the incident or from
    when the complainant first knew of it, whichever is later, plus any extension of up to 90
    days granted for good cause on a written request (5 CCR 4630(b)). Everything else: one
    year from the incident (5 CCR 4630, as LEA notices restate it: domain-rules.md 7.1.3).
    """
    if not 0 <= extension_days <= FILING_EXTENSION_MAX_DAYS:
        raise ValueError("a filing extension is 0 to 90 days (5 CCR 4630(b))")
    if kind in DISCRIMINATION_KINDS:
        start = max(incident_date, knowledge_date or incident_date)
        last = add_months(start, 6) + timedelta(days=extension_days)
    else:
        last = add_months(incident_date, 12) + timedelta(days=extension_days)
    return roll_forward(last, rule)


@dataclass(frozen=True)
class FilingStatus:
    deadline: date
    days_late: int  # 0 when on time

    @property
    def late(self) -> bool:
        return self.days_late > 0


def filing_status(
    kind: str,
    incident_date: date,
    received: date,
    knowledge_date: date | None = None,
    extension_days: int = 0,
    rule: str = CALENDAR,
) -> FilingStatus:
    """Whether a complaint came in within its window. Late complaints are accepted, flagged
    and explained; the window is for the office to weigh, never a reason to drop one."""
    last = filing_deadline(kind, incident_date, knowledge_date, extension_days, rule)
    return FilingStatus(deadline=last, days_late=max(0, (received - last).days))


def report_due(received: date, agreed_extension_days: Iterable[int] = ()) -> date:
    """The LEA Investigation Report is due 60 calendar days after receipt, later only by
    extensions the complainant agreed to in writing (5 CCR 4631(e); domain-rules.md 7.1.5).
    The office's own deadline: never rolled past a weekend."""
    return received + timedelta(days=REPORT_DAYS + sum(agreed_extension_days))


def evidence_review_ends(evidence_shared_on: date, rule: str = CALENDAR) -> date:
    """The parties have at least 10 days to answer the evidence before the investigative
    report is finished (34 CFR 106.45(b)(5)(vi))."""
    return roll_forward(evidence_shared_on + timedelta(days=TITLE_IX_REVIEW_DAYS), rule)


def report_review_ends(report_shared_on: date, rule: str = CALENDAR) -> date:
    """The parties have the investigative report at least 10 days before a determination
    (34 CFR 106.45(b)(5)(vii)): the first day a determination may be issued."""
    return roll_forward(report_shared_on + timedelta(days=TITLE_IX_REVIEW_DAYS), rule)


def appeal_deadline(report_date: date, rule: str = CALENDAR) -> date:
    """The last day to appeal to the CDE: 30 days from the date of the report (5 CCR 4632)."""
    return roll_forward(report_date + timedelta(days=APPEAL_DAYS), rule)


def cde_file_due(cde_notice_date: date) -> date:
    """The office forwards the complaint, report and whole investigation file within 10 days
    of the CDE's notice of appeal (5 CCR 4633). The office's own deadline: never rolled."""
    return cde_notice_date + timedelta(days=CDE_FILE_DAYS)


# --- The clocks of one case, for pages and reminders ---------------------------------------

OFFICE = "office"  # the office must act by the date
PARTY = "party"  # a party's window: the office waits for it, and must not act before it ends


@dataclass(frozen=True)
class Clock:
    code: str
    label: str
    due: date
    source: str
    owner: str
    done_on: date | None = None

    def days_left(self, today: date) -> int:
        return (self.due - today).days

    def state(self, today: date) -> str:
        """met, overdue (an office deadline passed), ended (a party's window passed),
        soon (5 days or fewer left) or open."""
        if self.done_on is not None:
            return "met"
        left = self.days_left(today)
        if left < 0:
            return "overdue" if self.owner == OFFICE else "ended"
        return "soon" if left <= 5 else "open"


@dataclass(frozen=True)
class CaseDates:
    """What the clocks are computed from, read off a complaint and its records."""

    kind: str
    received: date
    agreed_extension_days: tuple[int, ...] = ()
    evidence_shared_on: date | None = None
    investigative_report_shared_on: date | None = None
    report_issued_on: date | None = None
    appeal_filed_on: date | None = None
    cde_notice_on: date | None = None
    file_sent_on: date | None = None


def case_clocks(dates: CaseDates, rule: str = CALENDAR) -> list[Clock]:
    """Every statutory clock that applies to a case now, earliest first."""
    clocks = [
        Clock(
            "report",
            str(_("Investigation report (60 days from receipt)")),
            report_due(dates.received, dates.agreed_extension_days),
            "5 CCR 4631(e)",
            OFFICE,
            dates.report_issued_on,
        )
    ]
    if dates.kind == "title_ix" and dates.evidence_shared_on:
        clocks.append(
            Clock(
                "evidence_review",
                str(_("Title IX: parties answer the evidence (10 days)")),
                evidence_review_ends(dates.evidence_shared_on, rule),
                "34 CFR 106.45(b)(5)(vi)",
                PARTY,
                dates.investigative_report_shared_on,
            )
        )
    if dates.kind == "title_ix" and dates.investigative_report_shared_on:
        clocks.append(
            Clock(
                "report_review",
                str(_("Title IX: parties review the investigative report (10 days)")),
                report_review_ends(dates.investigative_report_shared_on, rule),
                "34 CFR 106.45(b)(5)(vii)",
                PARTY,
                dates.report_issued_on,
            )
        )
    if dates.report_issued_on:
        clocks.append(
            Clock(
                "appeal",
                str(_("Appeal window (30 days from the report)")),
                appeal_deadline(dates.report_issued_on, rule),
                "5 CCR 4632",
                PARTY,
                dates.appeal_filed_on,
            )
        )
    if dates.cde_notice_on:
        clocks.append(
            Clock(
                "cde_file",
                str(_("Send the file to the CDE (10 days from its notice)")),
                cde_file_due(dates.cde_notice_on),
                "5 CCR 4633",
                OFFICE,
                dates.file_sent_on,
            )
        )
    return sorted(clocks, key=lambda clock: clock.due)
