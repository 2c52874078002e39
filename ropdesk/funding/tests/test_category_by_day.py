"""The ADA report sorts each day's attendance by the funding category in force that day.

EC 52302.8 caps the ADA a program may claim for "pupils not enrolled in grades 9 to 12": a
pupil's attendance is classified by the pupil's status when it was earned. A change of status
during the enrollment does not re-sort hours already earned, and an out-of-school youth is
not a grade 9-12 pupil whatever grade level is on file (EC 52314.5; domain-rules.md 1.2.9).
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from ropdesk.attendance import services
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.enrollment.categories import (
    FundingCategory,
    apply_category,
    enrollment_category_change,
    funding_category,
    student_categories_follow,
)
from ropdesk.enrollment.models import EnrollmentCategoryPeriod
from ropdesk.funding.queries import ada_report
from ropdesk.funding.rules import Category
from ropdesk.scheduling.models import SchoolYear, Term
from ropdesk.scheduling.services import school_year_build_calendar, section_create

pytestmark = pytest.mark.django_db

NOT_IN_9_12 = FundingCategory(grade_9_12=False, concurrent=False, special_programs=())


def _county():
    """2025-2026, instruction Mon Aug 18 to Jun 5 with no calendar entries: school months of
    four weeks, P-1 counts months 1-4, Aug 18 - Dec 5. One section, Wednesdays 13:00-16:00,
    3 credited hours a meeting."""
    year = SchoolYear.objects.create(
        name="2025-2026",
        start_date=date(2025, 7, 1),
        end_date=date(2026, 6, 30),
        first_instruction_day=date(2025, 8, 18),
        last_instruction_day=date(2026, 6, 5),
    )
    school_year_build_calendar(school_year=year)
    term = Term.objects.create(
        school_year=year, name="Year", start_date=date(2025, 8, 18), end_date=date(2026, 6, 5)
    )
    teacher = f.user(role=Role.INSTRUCTOR)
    section = section_create(
        actor=None,
        code="AUTO-1",
        course=f.course(title="Auto Technology"),
        term=term,
        site=f.site(),
        instructor=teacher,
        mode="classroom",
        capacity=30,
        days="Wed",
        start_time=time(13),
        end_time=time(16),
    )
    return year, section


def _enroll(student, section, *, out_of_school=False):
    enrollment = f.enroll(student, section)
    fields = apply_category(enrollment, funding_category(student, out_of_school=out_of_school))
    enrollment.save(update_fields=fields)
    return enrollment


def _present(section, enrollment, day):
    services.attendance_mark(
        actor=section.instructor,
        meeting=section.meetings.get(date=day),
        enrollment=enrollment,
        arrived=time(13),
        departed=time(16),
    )


def _hours_by_category(year):
    report = ada_report(school_year=year, period="P1", by="category")
    return {code: row.hours for code, row in report.by_category.items()}, report


@pytest.mark.clock("2025-12-15 09:00")
def test_a_status_change_mid_year_does_not_resort_earlier_hours():
    """Dee is in grade 12 when she enrolls and attends Wed Sep 3 (3 h). She leaves high school;
    from Wed Oct 1 she is not in grades 9-12, and her record now says adult. She attends Wed
    Nov 5 (3 h). P-1 (Aug 18 - Dec 5) counts Sep 3 as grades 9-12 and Nov 5 as not: 3 h each.
    Read from her current record, as before, both would be "not in grades 9-12"."""
    year, section = _county()
    dee = f.student(grade="12")
    enrollment = _enroll(dee, section)
    _present(section, enrollment, date(2025, 9, 3))
    enrollment_category_change(
        actor=None,
        enrollment=enrollment,
        effective_on=date(2025, 10, 1),
        category=NOT_IN_9_12,
        reason="Left high school",
    )
    dee.grade_level = "AD"
    dee.school_of_attendance = None
    dee.save()
    _present(section, enrollment, date(2025, 11, 5))
    hours, report = _hours_by_category(year)
    assert hours == {
        Category.GRADES_9_12: Decimal("3.00"),
        Category.NON_HIGH_SCHOOL: Decimal("3.00"),
        Category.SPECIAL_POPULATION: Decimal("0.00"),
    }
    # The cap: 6 h total -> 10 % is 0.6 h; 3 h of non-grade-9-12 attendance is over it.
    assert report.cap.share == Decimal("0.5000")
    assert not report.cap.within_cap


@pytest.mark.clock("2025-12-15 09:00")
def test_the_day_the_change_takes_effect_counts_under_the_new_category():
    """The period in force runs from its first day: a change effective Wed Sep 3 sorts the
    Sep 3 meeting under the new category; one effective Thu Sep 4 leaves it under the old."""
    year, section = _county()
    on_the_day, day_after = f.student(grade="12"), f.student(grade="12")
    for student, effective in ((on_the_day, date(2025, 9, 3)), (day_after, date(2025, 9, 4))):
        enrollment = _enroll(student, section)
        _present(section, enrollment, date(2025, 9, 3))
        enrollment_category_change(
            actor=None,
            enrollment=enrollment,
            effective_on=effective,
            category=NOT_IN_9_12,
            reason="Left high school",
        )
    hours, _ = _hours_by_category(year)
    assert hours[Category.NON_HIGH_SCHOOL] == Decimal("3.00")
    assert hours[Category.GRADES_9_12] == Decimal("3.00")


@pytest.mark.clock("2025-12-15 09:00")
def test_an_out_of_school_youth_is_not_a_grade_9_12_pupil_whatever_grade_is_on_file():
    """Eve, 17, out of school for more than three months, with grade 11 still on her record,
    attends Wed Sep 3 (3 h): not in grades 9-12. A CalWORKs participant who is out of school
    counts in the special population."""
    year, section = _county()
    eve = f.student(grade="11")
    _present(section, _enroll(eve, section, out_of_school=True), date(2025, 9, 3))
    fay = f.student(grade="11", calworks=True)
    _present(section, _enroll(fay, section, out_of_school=True), date(2025, 9, 3))
    hours, _ = _hours_by_category(year)
    assert hours == {
        Category.GRADES_9_12: Decimal("0.00"),
        Category.NON_HIGH_SCHOOL: Decimal("3.00"),
        Category.SPECIAL_POPULATION: Decimal("3.00"),
    }


@pytest.mark.clock("2025-12-15 09:00")
def test_the_report_keeps_one_aggregate_query_with_category_periods():
    year, section = _county()
    for k in range(3):
        enrollment = _enroll(f.student(grade="12"), section)
        _present(section, enrollment, date(2025, 9, 3))
        enrollment_category_change(
            actor=None,
            enrollment=enrollment,
            effective_on=date(2025, 10, 1 + k),
            category=NOT_IN_9_12,
            reason="Left high school",
        )
    with CaptureQueriesContext(connection) as queries:
        ada_report(school_year=year, period="annual", by="district")
    # school months, the one aggregate, district names, adjustments, and (the year is still
    # running on Dec 15) the schedule for the projection: the same with 3 periods or 3,000.
    assert len(queries) == 5


@pytest.mark.clock("2025-12-15 09:00")
def test_a_change_must_take_effect_after_the_one_in_force():
    _, section = _county()
    enrollment = _enroll(f.student(grade="12"), section)
    enrollment_category_change(
        actor=None,
        enrollment=enrollment,
        effective_on=date(2025, 10, 1),
        category=NOT_IN_9_12,
        reason="Left",
    )
    with pytest.raises(ValidationError) as error:
        enrollment_category_change(
            actor=None,
            enrollment=enrollment,
            effective_on=date(2025, 10, 1),
            category=funding_category(enrollment.student),
            reason="Back",
        )
    assert "after Wed, Oct 1, 2025" in str(error.value)
    periods = list(
        EnrollmentCategoryPeriod.objects.filter(enrollment=enrollment)
        .order_by(F("starts_on").asc(nulls_first=True))
        .values_list("starts_on", "ends_on", "grade_9_12")
    )
    assert periods == [(None, date(2025, 10, 1), True), (date(2025, 10, 1), None, False)]
    enrollment.refresh_from_db()
    assert enrollment.grade_9_12 is False


@pytest.mark.clock("2025-12-15 09:00")
def test_a_new_grade_on_the_record_changes_the_category_from_that_day_only():
    """A grade-12 student whose record becomes adult on Dec 15: the open enrollment gets a
    period from Dec 15; the hours of Sep 3 stay grades 9-12."""
    year, section = _county()
    gus = f.student(grade="12")
    enrollment = _enroll(gus, section)
    _present(section, enrollment, date(2025, 9, 3))
    gus.grade_level = "AD"
    gus.save()
    assert student_categories_follow(actor=None, student=gus, effective_on=date(2025, 12, 15))
    assert student_categories_follow(actor=None, student=gus, effective_on=date(2025, 12, 16)) == 0
    hours, _ = _hours_by_category(year)
    assert hours[Category.GRADES_9_12] == Decimal("3.00")
    enrollment.refresh_from_db()
    assert enrollment.grade_9_12 is False
