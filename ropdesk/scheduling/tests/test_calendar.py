from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from ropdesk.core.tests import factories as f
from ropdesk.scheduling.calendar import meeting_dates, school_days, school_months
from ropdesk.scheduling.models import Holiday, SchoolMonth
from ropdesk.scheduling.services import school_year_build_calendar


def test_school_days_skip_weekends_and_holidays():
    # Mon 2026-08-17 .. Sun 2026-08-23, with Wednesday a holiday.
    days = school_days(date(2026, 8, 17), date(2026, 8, 23), [date(2026, 8, 19)])
    assert days == [date(2026, 8, 17), date(2026, 8, 18), date(2026, 8, 20), date(2026, 8, 21)]


def test_a_school_month_is_twenty_weekdays_holidays_included_and_the_last_may_be_short():
    """EC 37201(a): "20 days or four weeks of five days each, including legal holidays".
    From Mon 2026-08-17, four weeks of five days end on Fri 2026-09-11; Labor Day (Mon
    2026-09-07) is one of the 20, not a reason to run on to the 14th."""
    months = school_months(date(2026, 8, 17), date(2026, 10, 2), [])
    assert [(m.number, m.start_date, m.end_date, m.school_days, m.is_full) for m in months] == [
        (1, date(2026, 8, 17), date(2026, 9, 11), 20, True),
        (2, date(2026, 9, 14), date(2026, 10, 2), 15, False),
    ]


def test_school_month_length_is_configurable():
    months = school_months(date(2026, 8, 17), date(2026, 8, 28), [], days_per_month=5)
    assert [m.school_days for m in months] == [5, 5]
    assert all(m.is_full for m in months)


def test_meetings_fall_on_the_pattern_days_except_holidays():
    dates = meeting_dates(date(2026, 8, 17), date(2026, 8, 30), ["Mon", "Wed"], [date(2026, 8, 24)])
    assert dates == [date(2026, 8, 17), date(2026, 8, 19), date(2026, 8, 26)]


@pytest.mark.django_db
def test_building_the_calendar_stores_the_school_months():
    """From Wed 2026-08-19, twenty weekdays with Labor Day among them end on Tue 2026-09-15
    (Aug 19-21: 3, Aug 24-28: 5, Aug 31-Sep 4: 5, Sep 7-11: 5, Sep 14-15: 2)."""
    year = f.school_year(2026)
    Holiday.objects.create(school_year=year, date=date(2026, 9, 7), name="Labor Day")
    school_year_build_calendar(school_year=year)
    first = SchoolMonth.objects.filter(school_year=year).first()
    assert (first.start_date, first.end_date, first.school_days) == (
        date(2026, 8, 19),
        date(2026, 9, 15),
        20,
    )
    # Rebuilding replaces the months instead of adding more.
    count = SchoolMonth.objects.filter(school_year=year).count()
    school_year_build_calendar(school_year=year)
    assert SchoolMonth.objects.filter(school_year=year).count() == count


@pytest.mark.django_db
def test_a_new_section_gets_its_meetings_and_skips_holidays():
    term = f.term(2026)
    Holiday.objects.create(school_year=term.school_year, date=date(2026, 8, 24), name="Closed")
    section = f.section(term_obj=term, days="Mon,Wed", start=time(13, 0), end=time(15, 30))
    dates = list(section.meetings.values_list("date", flat=True)[:3])
    assert dates == [date(2026, 8, 19), date(2026, 8, 26), date(2026, 8, 31)]
    assert section.meetings.first().start_time == time(13, 0)


@pytest.mark.django_db
def test_a_bad_meeting_pattern_says_what_is_wrong():
    with pytest.raises(ValidationError) as error:
        f.section(days="Mon,Funday")
    assert "Funday" in str(error.value)
    with pytest.raises(ValidationError) as error:
        f.section(start=time(15, 0), end=time(14, 0))
    assert "end after it starts" in str(error.value)


@pytest.mark.django_db
def test_a_section_cannot_use_a_mode_its_course_is_not_approved_for():
    course = f.course(cc=False, cve=False, title="Welding")
    with pytest.raises(ValidationError) as error:
        f.section(course_obj=course, mode="cve")
    assert "Welding is not approved" in str(error.value)
