"""School months, P-1 and P-2 on a year with five legal holidays and a two-week winter recess.

EC 37201(a): "A school month is 20 days or four weeks of five days each, including legal
holidays but excluding weekend makeup classes. For the purposes of counting attendance only
... the winter vacation period, or any portion thereof, may be excluded." EC 41601: P-1 is
July 1 - December 31, P-2 July 1 - April 15, full school months only.
"""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from ropdesk.attendance.periods import Period
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import get_after_work
from ropdesk.funding.queries import span_of
from ropdesk.scheduling.calendar import days_left_out_of_school_months, kind_for_name
from ropdesk.scheduling.models import Holiday, SchoolYear
from ropdesk.scheduling.services import school_year_build_calendar

LEGAL = [
    (date(2026, 9, 7), "Labor Day"),
    (date(2026, 11, 11), "Veterans Day"),
    (date(2026, 11, 26), "Thanksgiving"),
    (date(2027, 1, 18), "Martin Luther King Jr. Day"),
    (date(2027, 2, 15), "Presidents' Day"),
]
# Two weeks, Mon 2026-12-21 to Fri 2027-01-01 (10 weekdays).
RECESS = [date(2026, 12, 21 + i) for i in range(5)] + [
    date(2026, 12, 28),
    date(2026, 12, 29),
    date(2026, 12, 30),
    date(2026, 12, 31),
    date(2027, 1, 1),
]


def _year() -> SchoolYear:
    year = SchoolYear.objects.create(
        name="2026-2027",
        start_date=date(2026, 7, 1),
        end_date=date(2027, 6, 30),
        first_instruction_day=date(2026, 8, 17),  # a Monday
        last_instruction_day=date(2027, 6, 4),  # a Friday
    )
    for day, name in LEGAL:
        Holiday.objects.create(
            school_year=year, date=day, name=name, kind=Holiday.Kind.LEGAL_HOLIDAY
        )
    for day in RECESS:
        Holiday.objects.create(
            school_year=year, date=day, name="Winter recess", kind=Holiday.Kind.WINTER_RECESS
        )
    school_year_build_calendar(school_year=year)
    return year


def _months(year: SchoolYear) -> list[tuple[int, date, date, int]]:
    return [(m.number, m.start_date, m.end_date, m.school_days) for m in year.school_months.all()]


@pytest.mark.django_db
def test_school_months_count_holidays_and_leave_out_the_winter_recess():
    """Worked by hand from Mon 2026-08-17, four weeks of five weekdays each, holidays inside:

    1. Aug 17 - Sep 11 (Labor Day Sep 7 is a day of the month)
    2. Sep 14 - Oct 9
    3. Oct 12 - Nov 6
    4. Nov 9 - Dec 4 (Veterans Day, Thanksgiving inside)
    5. Dec 7 - Jan 15: Dec 7-18 is 10 days, the recess Dec 21 - Jan 1 is left out,
       Jan 4-15 is 10 more
    6. Jan 18 - Feb 12 (Martin Luther King Jr. Day Jan 18 inside)
    7. Feb 15 - Mar 12 (Presidents' Day Feb 15 inside)
    8. Mar 15 - Apr 9
    9. Apr 12 - May 7
    10. May 10 - Jun 4, full (the last day of instruction is its twentieth day).

    P-1 (to Dec 31) counts the full months ending by Dec 31: 1-4, Aug 17 - Dec 4; month 5
    ends Jan 15. P-2 (to Apr 15) counts 1-8, Aug 17 - Apr 9; month 9 ends May 7.
    """
    year = _year()
    assert _months(year) == [
        (1, date(2026, 8, 17), date(2026, 9, 11), 20),
        (2, date(2026, 9, 14), date(2026, 10, 9), 20),
        (3, date(2026, 10, 12), date(2026, 11, 6), 20),
        (4, date(2026, 11, 9), date(2026, 12, 4), 20),
        (5, date(2026, 12, 7), date(2027, 1, 15), 20),
        (6, date(2027, 1, 18), date(2027, 2, 12), 20),
        (7, date(2027, 2, 15), date(2027, 3, 12), 20),
        (8, date(2027, 3, 15), date(2027, 4, 9), 20),
        (9, date(2027, 4, 12), date(2027, 5, 7), 20),
        (10, date(2027, 5, 10), date(2027, 6, 4), 20),
    ]
    p1, p2 = span_of(year, Period.P1), span_of(year, Period.P2)
    assert (p1.months, p1.start, p1.end) == ((1, 2, 3, 4), date(2026, 8, 17), date(2026, 12, 4))
    assert (p2.months, p2.start, p2.end) == (
        (1, 2, 3, 4, 5, 6, 7, 8),
        date(2026, 8, 17),
        date(2027, 4, 9),
    )


@pytest.mark.django_db
@override_settings()
def test_a_program_that_counts_the_winter_recess_gets_other_months(settings):
    """With the recess counted ("may be excluded" is the district's choice), month 5 is
    Dec 7 - Jan 1 (Dec 7-11, 14-18, 21-25, Dec 28 - Jan 1). It ends on Fri Jan 1, 2027, one day
    after the P-1 window, so P-1 still counts months 1-4. Then 6: Jan 4-29, 7: Feb 1-26,
    8: Mar 1-26, 9: Mar 29 - Apr 23 (after Apr 15); P-2 counts 1-8, to Mar 26."""
    settings.ROPDESK = {**settings.ROPDESK, "SCHOOL_MONTH_EXCLUDES_WINTER_RECESS": False}
    year = _year()
    months = _months(year)
    assert months[4] == (5, date(2026, 12, 7), date(2027, 1, 1), 20)
    assert months[8] == (9, date(2027, 3, 29), date(2027, 4, 23), 20)
    assert span_of(year, Period.P1).months == (1, 2, 3, 4)
    p2 = span_of(year, Period.P2)
    assert (p2.months, p2.end) == ((1, 2, 3, 4, 5, 6, 7, 8), date(2027, 3, 26))


def test_only_the_winter_recess_is_left_out_of_a_school_month():
    """Legal holidays (EC 37220), board-adopted holidays (EC 37220.5, 37220.7) and other days
    without school are days of the school month; the winter recess may be left out."""
    entries = [
        (date(2026, 9, 7), Holiday.Kind.LEGAL_HOLIDAY),
        (date(2026, 10, 12), Holiday.Kind.LOCAL_HOLIDAY),
        (date(2026, 11, 27), Holiday.Kind.NON_SCHOOL_DAY),
        (date(2026, 12, 21), Holiday.Kind.WINTER_RECESS),
    ]
    assert days_left_out_of_school_months(entries, exclude_winter_recess=True) == {
        date(2026, 12, 21)
    }
    assert days_left_out_of_school_months(entries, exclude_winter_recess=False) == set()


def test_entries_known_only_by_name_get_a_kind():
    assert kind_for_name("Labor Day") == Holiday.Kind.LEGAL_HOLIDAY
    assert kind_for_name("Winter recess") == Holiday.Kind.WINTER_RECESS
    assert kind_for_name("Christmas break") == Holiday.Kind.WINTER_RECESS
    assert kind_for_name("Spring Break") == Holiday.Kind.NON_SCHOOL_DAY
    assert kind_for_name("Thanksgiving recess") == Holiday.Kind.NON_SCHOOL_DAY


@pytest.mark.django_db
def test_the_calendar_page_shows_the_school_months_and_what_p1_and_p2_count(client):
    _year()
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    page = client.get(reverse("school_calendar")).content.decode()
    assert "Fri, Sep 11, 2026" in page  # month 1 ends
    assert "Fri, Jan 15, 2027" in page  # month 5 ends, after the recess
    assert "Winter recess" in page and "Legal holiday (EC 37220)" in page
    assert page.count("P-1 (first period)") == 4
    assert page.count("P-2 (second period)") == 8


@pytest.mark.django_db
def test_the_calendar_page_is_not_found_for_a_student(client):
    _year()
    client.force_login(f.user(role=Role.STUDENT))
    assert client.get(reverse("school_calendar")).status_code == 404


@pytest.mark.django_db
def test_the_ada_report_links_to_the_calendar_of_its_year(client):
    year = _year()
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    page = get_after_work(
        client, reverse("ada_report"), {"school_year": year.name, "period": "P1", "by": "district"}
    ).content.decode()
    assert f"{reverse('school_calendar')}?year=2026-2027" in page
