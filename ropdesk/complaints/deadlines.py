"""The statutory clocks of a complaint: pure functions on dates, each with its source.

Days are calendar days (domain-rules.md §7: "calendar days unless the source says otherwise";
none of the sources below says otherwise), counted as CCP 12 says: the first day excluded, the
last included, so N days from day D end on D + N.

The last day of every clock (the filing window, the 60-day report, the Title IX periods, the
appeal window, the CDE file transfer) is a day "provided or required by law", so CCP 12a moves
it past a Saturday, a Sunday or a judicial holiday of CCP 135 to the next day that is none of
them (domain-rules.md 7.1.12; court_days.py). The rule is a `DayRule`: `services.day_rule()`
gives the office's (ROPDESK["COMPLAINT_DEADLINE_RULE"], default "ccp_12a", with the holidays
kept in the database); "calendar" keeps the dates as they are.

A late filing is never dropped: `filing_status` says how late, and why, and the case goes on.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from ropdesk.complaints.court_days import CALENDAR, CCP_12A, DayRule, day_rule

__all__ = ["CALENDAR", "CCP_12A", "DayRule"]

AS_DATED = DayRule(CALENDAR)  # no roll-forward: the pure functions' default
WEEKENDS_AND_CCP_135 = DayRule(CCP_12A)  # CCP 12a with the computed CCP 135 holidays

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


def roll_forward(day: date, rule: DayRule | str) -> date:  # CCP 12a
    """The last day of a period under the rule: moved past weekends and holidays (ccp_12a);
    a rule given by name uses the computed CCP 135 holidays."""
    return (day_rule(rule) if isinstance(rule, str) else rule).last_day(day)


def filing_deadline(
    kind: str,
    incident_date: date,
    knowledge_date: date | None = None,
    extension_days: int = 0,
    rule: DayRule = AS_DATED,
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
    rule: DayRule = AS_DATED,
) -> FilingStatus:
    """Whether a complaint came in within its window. Late complaints are accepted, flagged
    and explained; the window is for the office to weigh, never a reason to drop one."""
    last = filing_deadline(kind, incident_date, knowledge_date, extension_days, rule)
    return FilingStatus(deadline=last, days_late=max(0, (received - last).days))


def report_due(
    received: date, agreed_extension_days: Iterable[int] = (), rule: DayRule = AS_DATED
) -> date:
    """The LEA Investigation Report is due 60 calendar days after receipt, later only by
    extensions the complainant agreed to in writing (5 CCR 4631(e); domain-rules.md 7.1.5),
    the last day moved by CCP 12a like every other period the law sets."""
    return roll_forward(received + timedelta(days=REPORT_DAYS + sum(agreed_extension_days)), rule)


def evidence_review_ends(evidence_shared_on: date, rule: DayRule = AS_DATED) -> date:
    """The last day of the parties' 10 days "to submit a written response" to the evidence,
    "which the investigator will consider prior to completion of the investigative report"
    (34 CFR 106.45(b)(5)(vi)); moved by CCP 12a."""
    return roll_forward(evidence_shared_on + timedelta(days=TITLE_IX_REVIEW_DAYS), rule)


def investigative_report_earliest(evidence_shared_on: date, rule: DayRule = AS_DATED) -> date:
    """The investigative report comes after the response period, not on its last day: a
    response sent on the 10th day must be read first (34 CFR 106.45(b)(5)(vi)).

    Worked by hand: evidence sent Friday October 9, 2026; the 10 days end Monday October 19;
    the report may go out from Tuesday October 20."""
    return evidence_review_ends(evidence_shared_on, rule) + timedelta(days=1)


def report_review_ends(report_shared_on: date, rule: DayRule = AS_DATED) -> date:
    """The last day of the parties' 10 days to review the investigative report and answer it
    in writing, "at least 10 days prior to ... [the] time of determination regarding
    responsibility" (34 CFR 106.45(b)(5)(vii)); moved by CCP 12a."""
    return roll_forward(report_shared_on + timedelta(days=TITLE_IX_REVIEW_DAYS), rule)


def determination_earliest(report_shared_on: date, rule: DayRule = AS_DATED) -> date:
    """The first day the decision-maker may issue the written determination: the day after
    the review period (34 CFR 106.45(b)(5)(vii); ropdesk reads "at least 10 days" with the
    parties' written response, as in (b)(5)(vi), so a response on the 10th day counts)."""
    return report_review_ends(report_shared_on, rule) + timedelta(days=1)


def appeal_deadline(report_date: date, rule: DayRule = AS_DATED) -> date:
    """The last day to appeal to the CDE: 30 days from the date of the report (5 CCR 4632)."""
    return roll_forward(report_date + timedelta(days=APPEAL_DAYS), rule)


def cde_file_due(cde_notice_date: date, rule: DayRule = AS_DATED) -> date:
    """The office forwards the complaint, report and whole investigation file within 10 days
    of the CDE's notice of appeal (5 CCR 4633); the last day moved by CCP 12a."""
    return roll_forward(cde_notice_date + timedelta(days=CDE_FILE_DAYS), rule)


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
    moved_from: date | None = None  # the date CCP 12a moved past a weekend or holiday

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


def case_clocks(dates: CaseDates, rule: DayRule = AS_DATED) -> list[Clock]:
    """Every statutory clock that applies to a case now, earliest first, each with the date
    it fell on when the rule moved it."""
    as_dated = {clock.code: clock.due for clock in _clocks(dates, AS_DATED)}
    return [
        replace(clock, moved_from=as_dated[clock.code])
        if as_dated[clock.code] != clock.due
        else clock
        for clock in _clocks(dates, rule)
    ]


def _clocks(dates: CaseDates, rule: DayRule) -> list[Clock]:
    clocks = [
        Clock(
            "report",
            str(_("Investigation report (60 days from receipt)")),
            report_due(dates.received, dates.agreed_extension_days, rule),
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
                cde_file_due(dates.cde_notice_on, rule),
                "5 CCR 4633",
                OFFICE,
                dates.file_sent_on,
            )
        )
    return sorted(clocks, key=lambda clock: clock.due)
