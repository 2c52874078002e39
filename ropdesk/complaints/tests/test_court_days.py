"""Deadlines that end on a weekend or holiday (CCP 12, 12a, 135; CRC 1.11): the holidays of
CCP 135 computed by hand, the boundary cases of the rule, the office's own list per year, and
the case page showing the moved date."""

from __future__ import annotations

from datetime import date

import pytest

from ropdesk.complaints import deadlines, services
from ropdesk.complaints.court_days import ccp_135_holidays, day_rule, next_court_day
from ropdesk.complaints.models import CourtHoliday, office_day_rule
from ropdesk.complaints.tests.conftest import file_complaint

RULES = day_rule("ccp_12a")  # the holidays computed from CCP 135


def test_the_2026_judicial_holidays_of_ccp_135():
    assert [(h.day, h.name) for h in ccp_135_holidays(2026)] == [
        (date(2026, 1, 1), "New Year's Day"),
        (date(2026, 1, 19), "Martin Luther King, Jr. Day"),  # third Monday of January
        (date(2026, 2, 12), "Lincoln Day"),
        (date(2026, 2, 16), "Presidents' Day"),  # third Monday of February
        (date(2026, 3, 31), "Cesar Chavez Day"),
        (date(2026, 5, 25), "Memorial Day"),  # last Monday of May
        (date(2026, 6, 19), "Juneteenth"),
        (date(2026, 7, 3), "Independence Day (observed)"),  # July 4 is a Saturday: CRC 1.11
        (date(2026, 7, 4), "Independence Day"),
        (date(2026, 9, 7), "Labor Day"),  # first Monday of September
        (date(2026, 9, 25), "Native American Day"),  # fourth Friday of September
        (date(2026, 11, 11), "Veterans Day"),
        (date(2026, 11, 26), "Thanksgiving Day"),  # fourth Thursday of November
        (date(2026, 11, 27), "Day after Thanksgiving"),
        (date(2026, 12, 25), "Christmas Day"),
    ]


def test_2027_moves_weekend_holidays_even_new_year_2028_to_friday_december_31():
    observed = [(h.day, h.name) for h in ccp_135_holidays(2027) if h.observed]
    assert observed == [
        (date(2027, 6, 18), "Juneteenth (observed)"),  # June 19, 2027 is a Saturday
        (date(2027, 7, 5), "Independence Day (observed)"),  # July 4, 2027 is a Sunday
        (date(2027, 12, 24), "Christmas Day (observed)"),  # December 25, 2027: Saturday
        (date(2027, 12, 31), "New Year's Day (observed)"),  # January 1, 2028: Saturday
    ]


def test_a_sunday_holiday_is_kept_on_the_monday_after():
    # Veterans Day 2029 is a Sunday: kept on Monday November 12 (CRC 1.11).
    assert date(2029, 11, 12) in {h.day for h in ccp_135_holidays(2029) if h.observed}


def test_a_60_day_clock_ending_on_thanksgiving_moves_to_the_monday():
    """CCP 12a: "extended to and including the next day that is not a holiday". 27 Sep 2026 +
    60 = Thursday 26 November (Thanksgiving); Friday 27 is the day after Thanksgiving, then
    Saturday and Sunday: Monday 30 November 2026."""
    assert deadlines.report_due(date(2026, 9, 27), rule=RULES) == date(2026, 11, 30)


def test_a_clock_ending_on_a_sunday_moves_to_monday():
    assert next_court_day(date(2026, 11, 1), RULES.is_holiday) == date(2026, 11, 2)


def test_a_clock_ending_on_the_saturday_before_a_monday_holiday_moves_to_tuesday():
    # Saturday 16 January 2027; Monday 18 January is Martin Luther King, Jr. Day.
    assert next_court_day(date(2027, 1, 16), RULES.is_holiday) == date(2027, 1, 19)


def test_a_court_day_is_the_last_day_itself():
    assert next_court_day(date(2026, 11, 25), RULES.is_holiday) == date(2026, 11, 25)


def test_calendar_keeps_the_date():
    assert day_rule("calendar").last_day(date(2026, 11, 26)) == date(2026, 11, 26)


@pytest.mark.django_db
def test_the_office_s_list_for_a_year_is_the_one_used(support):
    CourtHoliday.objects.filter(day__year=2026).delete()
    services.court_holidays_seed(actor=support, year=2026)
    assert office_day_rule().last_day(date(2026, 11, 26)) == date(2026, 11, 30)
    # The office takes the day after Thanksgiving off its list: Friday is a court day again.
    services.court_holiday_remove(
        actor=support, holiday=CourtHoliday.objects.get(day=date(2026, 11, 27))
    )
    assert office_day_rule().last_day(date(2026, 11, 26)) == date(2026, 11, 27)
    # A day the rules do not know (a day the President appoints) counts once added.
    services.court_holiday_add(actor=support, day=date(2026, 11, 25), name="Day of mourning")
    assert office_day_rule().last_day(date(2026, 11, 25)) == date(2026, 11, 27)


@pytest.mark.django_db
def test_a_year_the_office_never_entered_uses_the_rules(support):
    CourtHoliday.objects.filter(day__year=2031).delete()
    # Thanksgiving 2031 is November 27; the day after is Friday 28: Monday December 1.
    assert office_day_rule().last_day(date(2031, 11, 27)) == date(2031, 12, 1)


@pytest.mark.django_db
def test_the_case_page_shows_the_moved_date(client, support):
    complaint = file_complaint(received_on=date(2026, 9, 27)).complaint
    client.force_login(support)
    page = client.get(f"/complaints/cases/{complaint.reference}/").content.decode()
    assert "Mon, Nov 30, 2026" in page
    assert "moved from Thu, Nov 26, 2026, a weekend or court holiday (CCP 12a)" in page


@pytest.mark.django_db
def test_the_holidays_page_lists_fills_and_edits_a_year(client, support):
    CourtHoliday.objects.filter(day__year=2028).delete()
    client.force_login(support)
    page = client.get("/complaints/holidays/", {"year": 2028}).content.decode()
    assert "keeps no list for 2028" in page and "Thanksgiving Day" in page
    client.post("/complaints/holidays/?year=2028", {"seed": "2028"})
    assert CourtHoliday.objects.filter(day__year=2028).count() == len(ccp_135_holidays(2028))
    response = client.post(
        "/complaints/holidays/?year=2028",
        {"add": "1", "holiday-day": "2028-01-01", "holiday-name": "Again"},
    )
    assert response.status_code == 400 and "is already a holiday" in response.content.decode()


@pytest.mark.django_db
def test_only_support_services_reach_the_holidays_page(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/complaints/holidays/").status_code == 404
    before = CourtHoliday.objects.count()
    client.post("/complaints/holidays/", {"seed": "2030"})
    assert CourtHoliday.objects.count() == before


def test_a_holiday_shows_in_the_readers_language_and_one_typed_by_the_office_as_typed():
    from django.utils import translation

    from ropdesk.complaints.court_days import holiday_shown

    ccp_135_holidays.cache_clear()
    with translation.override("es"):
        names = [h.name for h in ccp_135_holidays(2026)]  # cached in English all the same
        shown = holiday_shown("Independence Day (observed)")
        typed = holiday_shown("County Founders Day")
    assert "Independence Day (observed)" in names
    assert "Independence" not in shown and "observed" not in shown
    assert typed == "County Founders Day"
