"""The committee rules at their boundaries (rules.py; docs/partners-and-committees.md)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ropdesk.partners import rules
from ropdesk.partners.models import Contact, Meeting, MemberRole, Membership
from ropdesk.partners.tests.conftest import at

REQUIRED = [
    MemberRole.PUBLIC_DISADVANTAGED,
    MemberRole.STUDENT,
    MemberRole.TEACHER,
    MemberRole.BUSINESS,
    MemberRole.ADMINISTRATOR,
    MemberRole.EDD,
]


def _term(ends: date, starts: date = date(2024, 1, 1)) -> Membership:
    return Membership(role=MemberRole.BUSINESS, term_starts_on=starts, term_ends_on=ends)


def test_a_committee_with_every_title_5_seat_has_no_composition_gap():
    assert rules.composition_gaps(REQUIRED) == []


def test_a_committee_without_its_edd_field_office_seat_lacks_exactly_that():
    assert rules.composition_gaps(REQUIRED[:-1]) == ["edd"]


def test_the_required_list_is_configurable(settings):
    settings.ROPDESK = {**settings.ROPDESK, "PARTNERS": {"REQUIRED_ROLES": ["labor"]}}
    assert rules.composition_gaps(["business"]) == ["labor"]


def test_a_steering_committee_needs_district_representatives_and_the_coordinator():
    assert rules.composition_gaps(["district_coordinator"], steering=True) == [
        "district_representative"
    ]


@pytest.mark.parametrize(("count", "outside"), [(4, True), (5, False), (12, False), (13, True)])
def test_five_to_twelve_members_is_in_range_and_both_ends_count(count, outside):
    assert rules.size_outside_range(count) is outside


@pytest.mark.parametrize(("days_left", "soon"), [(-1, False), (0, True), (60, True), (61, False)])
def test_a_term_ending_on_the_60th_day_warns_and_the_61st_does_not(days_left, soon):
    today = date(2026, 11, 2)
    assert rules.term_ends_soon(_term(today + timedelta(days=days_left)), today) is soon


def test_the_review_cutoff_is_twelve_months_back_to_the_day():
    assert rules.review_cutoff(date(2026, 11, 2)) == date(2025, 11, 2)


def test_the_review_cutoff_from_29_february_is_28_february():
    assert rules.review_cutoff(date(2028, 2, 29)) == date(2027, 2, 28)


def test_a_regular_agenda_posted_exactly_72_hours_ahead_is_on_time():
    starts = at("2026-11-12 16:00")
    assert not rules.posted_late(
        kind=Meeting.Kind.REGULAR, posted_at=at("2026-11-09 16:00"), starts_at=starts
    )


def test_a_regular_agenda_posted_71_hours_59_minutes_ahead_is_late():
    starts = at("2026-11-12 16:00")
    assert rules.posted_late(
        kind=Meeting.Kind.REGULAR, posted_at=at("2026-11-09 16:01"), starts_at=starts
    )


def test_a_special_meeting_needs_24_hours():
    starts = at("2026-11-12 16:00")
    assert not rules.posted_late(
        kind=Meeting.Kind.SPECIAL, posted_at=at("2026-11-11 16:00"), starts_at=starts
    )
    assert rules.posted_late(
        kind=Meeting.Kind.SPECIAL, posted_at=at("2026-11-11 16:01"), starts_at=starts
    )


def test_the_lead_time_is_configurable(settings):
    settings.ROPDESK = {**settings.ROPDESK, "PARTNERS": {"LEAD_HOURS": {"regular": 96}}}
    starts = at("2026-11-12 16:00")
    assert rules.posted_late(
        kind=Meeting.Kind.REGULAR, posted_at=at("2026-11-09 16:00"), starts_at=starts
    )


def test_a_default_term_is_three_years_ending_the_day_before_the_anniversary():
    assert rules.term_default_end(date(2026, 7, 1)) == date(2029, 6, 30)


def test_warnings_name_the_gap_the_size_the_chair_and_the_ending_term():
    today = date(2026, 11, 2)
    members = [
        Membership(
            role=MemberRole.TEACHER,
            term_starts_on=date(2025, 1, 1),
            term_ends_on=today + timedelta(days=30),
            officer=Membership.Officer.CHAIR,
        )
    ]
    members[0].contact = Contact(name="Ana Ortiz")
    codes = [w.code for w in rules.committee_warnings(members, today, steering=False)]
    assert codes == ["composition", "size", "chair", "term"]
