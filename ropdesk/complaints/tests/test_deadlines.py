"""Every statutory clock, computed for dates worked out by hand (calendar days; a weekend end
as dated and moved by CCP 12a; an extension by agreement; a late filing; the day a deadline
falls). The holidays themselves are in test_court_days.py."""

from __future__ import annotations

from datetime import date

import pytest

from ropdesk.complaints import deadlines as d


def test_a_general_complaint_may_be_filed_for_one_year():
    # 15 March 2026 + 1 year = 15 March 2027.
    assert d.filing_deadline("ucp_general", date(2026, 3, 15)) == date(2027, 3, 15)


def test_a_discrimination_complaint_may_be_filed_for_six_months_from_the_incident():
    assert d.filing_deadline("ucp_discrimination", date(2026, 3, 15)) == date(2026, 9, 15)


def test_six_months_run_from_first_knowledge_when_that_is_later():
    # Learned of it on 2 May 2026: 2 November 2026.
    assert d.filing_deadline(
        "title_ix", date(2026, 3, 15), knowledge_date=date(2026, 5, 2)
    ) == date(2026, 11, 2)


def test_the_90_day_good_cause_extension_adds_calendar_days():
    # 15 Sep 2026 + 90 days: 15 (to 30 Sep) + 31 (Oct) + 30 (Nov) + 14 = 14 December 2026.
    assert d.filing_deadline("section_504", date(2026, 3, 15), extension_days=90) == date(
        2026, 12, 14
    )


def test_a_filing_extension_over_90_days_is_refused():
    with pytest.raises(ValueError):
        d.filing_deadline("ucp_discrimination", date(2026, 3, 15), extension_days=91)


def test_six_months_from_the_31st_ends_on_the_last_day_of_a_short_month():
    assert d.filing_deadline("ucp_discrimination", date(2026, 8, 31)) == date(2027, 2, 28)
    assert d.filing_deadline("ucp_discrimination", date(2027, 8, 31)) == date(2028, 2, 29)


def test_a_complaint_filed_on_the_last_day_is_on_time():
    status = d.filing_status("ucp_discrimination", date(2026, 1, 10), date(2026, 7, 10))
    assert status.deadline == date(2026, 7, 10)
    assert status.days_late == 0 and status.late is False


def test_a_late_complaint_is_flagged_with_how_late_it_is():
    status = d.filing_status("ucp_discrimination", date(2026, 1, 10), date(2026, 7, 20))
    assert status.late is True
    assert status.days_late == 10


CCP = d.WEEKENDS_AND_CCP_135


def test_the_report_due_on_a_saturday_moves_to_monday():
    """CCP 12a: the last day of a period "provided or required by law" that is a holiday
    (Saturdays included) runs to the next day that is not one. 1 Sep 2026 + 60 days =
    Saturday 31 October 2026 -> Monday 2 November 2026."""
    assert d.report_due(date(2026, 9, 1)) == date(2026, 10, 31)
    assert d.report_due(date(2026, 9, 1), rule=CCP) == date(2026, 11, 2)
    clocks = d.case_clocks(d.CaseDates(kind="ucp_general", received=date(2026, 9, 1)), CCP)
    assert (clocks[0].due, clocks[0].moved_from) == (date(2026, 11, 2), date(2026, 10, 31))


def test_an_extension_agreed_in_writing_moves_the_report_deadline():
    # 31 October + 15 days agreed in writing = Sunday 15 November 2026 (Monday 16 moved).
    assert d.report_due(date(2026, 9, 1), [15]) == date(2026, 11, 15)
    assert d.report_due(date(2026, 9, 1), [10, 5]) == date(2026, 11, 15)
    assert d.report_due(date(2026, 9, 1), [15], CCP) == date(2026, 11, 16)


def test_the_appeal_window_is_30_days_and_a_sunday_end_runs_to_monday():
    # Report on Friday 2 October 2026 + 30 days = Sunday 1 November 2026 -> Monday 2 November.
    assert d.appeal_deadline(date(2026, 10, 2)) == date(2026, 11, 1)
    assert d.appeal_deadline(date(2026, 10, 2), d.AS_DATED) == date(2026, 11, 1)
    assert d.appeal_deadline(date(2026, 10, 2), CCP) == date(2026, 11, 2)


def test_a_court_day_deadline_never_moves():
    # Report on 29 September 2026 + 30 = Thursday 29 October 2026, no holiday.
    assert d.appeal_deadline(date(2026, 9, 29), CCP) == date(2026, 10, 29)


def test_the_file_goes_to_the_cde_within_10_days_of_its_notice():
    # Notice on Thursday 5 November 2026 + 10 = Sunday 15 November -> Monday 16 November.
    assert d.cde_file_due(date(2026, 11, 5)) == date(2026, 11, 15)
    assert d.cde_file_due(date(2026, 11, 5), CCP) == date(2026, 11, 16)


def test_title_ix_gives_the_parties_two_10_day_periods_and_the_next_step_comes_after():
    """34 CFR 106.45(b)(5)(vi): "at least 10 days to submit a written response, which the
    investigator will consider prior to completion of the investigative report"; (vii): the
    report "at least 10 days prior to ... [the] time of determination"."""
    # Evidence sent Friday 9 October 2026: answers until Monday 19 October; the investigative
    # report from Tuesday 20 October, not on the 10th day.
    assert d.evidence_review_ends(date(2026, 10, 9), CCP) == date(2026, 10, 19)
    assert d.investigative_report_earliest(date(2026, 10, 9), CCP) == date(2026, 10, 20)
    # Investigative report sent Wednesday 21 October: until Saturday 31 October, moved to
    # Monday 2 November (CCP 12a); the determination from Tuesday 3 November.
    assert d.report_review_ends(date(2026, 10, 21)) == date(2026, 10, 31)
    assert d.report_review_ends(date(2026, 10, 21), CCP) == date(2026, 11, 2)
    assert d.determination_earliest(date(2026, 10, 21), CCP) == date(2026, 11, 3)


def test_an_unknown_deadline_rule_is_an_error():
    with pytest.raises(ValueError):
        d.roll_forward(date(2026, 10, 31), "business_days")


def test_a_case_lists_every_clock_that_applies_in_date_order():
    dates = d.CaseDates(
        kind="title_ix",
        received=date(2026, 9, 1),
        agreed_extension_days=(15,),
        evidence_shared_on=date(2026, 10, 9),
        investigative_report_shared_on=date(2026, 10, 21),
        report_issued_on=date(2026, 11, 2),
        appeal_filed_on=date(2026, 11, 20),
        cde_notice_on=date(2026, 11, 25),
    )
    clocks = {c.code: c for c in d.case_clocks(dates)}
    assert {code: c.due for code, c in clocks.items()} == {
        "evidence_review": date(2026, 10, 19),
        "report_review": date(2026, 10, 31),
        "appeal": date(2026, 12, 2),  # 2 Nov + 30
        "report": date(2026, 11, 15),
        "cde_file": date(2026, 12, 5),  # 25 Nov + 10
    }
    assert [c.code for c in d.case_clocks(dates)] == [
        "evidence_review",
        "report_review",
        "report",
        "appeal",
        "cde_file",
    ]
    assert clocks["report"].done_on == date(2026, 11, 2)
    assert clocks["cde_file"].done_on is None


def test_a_clock_on_its_day_is_due_today_then_overdue():
    clock = d.Clock("report", "Report", date(2026, 10, 31), "5 CCR 4631(e)", d.OFFICE)
    assert clock.days_left(date(2026, 10, 21)) == 10
    assert clock.state(date(2026, 10, 21)) == "open"
    assert clock.state(date(2026, 10, 26)) == "soon"  # 5 days left
    assert clock.days_left(date(2026, 10, 31)) == 0
    assert clock.state(date(2026, 10, 31)) == "soon"
    assert clock.state(date(2026, 11, 1)) == "overdue"
    party = d.Clock("appeal", "Appeal", date(2026, 10, 31), "5 CCR 4632", d.PARTY)
    assert party.state(date(2026, 11, 1)) == "ended"
