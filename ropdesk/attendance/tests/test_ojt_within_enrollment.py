"""On-the-job hours count only on days inside the enrollment.

EC 46300: ADA counts the attendance of the pupils enrolled. The Fall 2026 term of the
factories runs Wed 2026-08-19 to Fri 2027-01-22 and the enrollment begins on its first day;
an enrollment that ended on a day was not in the class that day (the roster's reading).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ropdesk.attendance import services
from ropdesk.attendance.models import OnTheJobHours
from ropdesk.attendance.rules import on_the_job_day_within_enrollment
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.funding.queries import ada_report
from ropdesk.scheduling.services import school_year_build_calendar

TERM = {"term_start": date(2026, 8, 19), "term_end": date(2027, 1, 22)}


def test_the_first_day_of_the_enrollment_counts_and_the_day_before_does_not():
    inside = on_the_job_day_within_enrollment
    assert not inside(date(2026, 8, 18), enrolled_on=date(2026, 8, 19), ended_on=None, **TERM)
    assert inside(date(2026, 8, 19), enrolled_on=date(2026, 8, 19), ended_on=None, **TERM)
    # Enrolled later than the term's start: the enrollment's own first day.
    assert not inside(date(2026, 9, 7), enrolled_on=date(2026, 9, 8), ended_on=None, **TERM)
    # No date on file: the term's first day.
    assert inside(date(2026, 8, 19), enrolled_on=None, ended_on=None, **TERM)


def test_the_day_the_enrollment_ended_and_after_the_term_do_not_count():
    inside = on_the_job_day_within_enrollment
    ended: dict[str, Any] = {"enrolled_on": date(2026, 8, 19), "ended_on": date(2026, 10, 10)}
    assert inside(date(2026, 10, 9), **ended, **TERM)
    assert not inside(date(2026, 10, 10), **ended, **TERM)
    open_ended: dict[str, Any] = {"enrolled_on": date(2026, 8, 19), "ended_on": None}
    assert inside(date(2027, 1, 22), **open_ended, **TERM)
    assert not inside(date(2027, 1, 23), **open_ended, **TERM)


@pytest.fixture
def trainee(db):
    section = f.section(mode=InstructionMode.COMMUNITY_CLASSROOM)
    return f.enroll(f.student(), section, worksite=f.site())


def _record(enrollment, day):
    return services.ojt_record(
        actor=None,
        enrollment=enrollment,
        kind="cc_ojt",
        day=day,
        minutes=180,
        agreement_signed_on=date(2026, 8, 1),
    )


def test_hours_before_the_enrollment_began_are_refused_with_the_dates(trainee):
    with pytest.raises(ValidationError) as error:
        _record(trainee, date(2026, 8, 18))
    message = error.value.message_dict["date"][0]
    assert "Tue, Aug 18, 2026 is outside the student's enrollment" in message
    assert "from Wed, Aug 19, 2026 to Fri, Jan 22, 2027" in message
    assert not OnTheJobHours.objects.exists()
    assert _record(trainee, date(2026, 8, 19)).minutes == 180


def test_hours_on_the_day_the_enrollment_ended_are_refused(trainee):
    trainee.status, trainee.ended_on = "dropped", date(2026, 10, 10)
    trainee.save()
    assert _record(trainee, date(2026, 10, 9)).minutes == 180
    with pytest.raises(ValidationError) as error:
        _record(trainee, date(2026, 10, 10))
    assert "runs from Wed, Aug 19, 2026 to Fri, Oct 9, 2026" in error.value.message_dict["date"][0]


def test_an_entry_outside_the_enrollment_cannot_be_approved_and_credits_nothing(trainee):
    entry = _record(trainee, date(2026, 10, 9))
    trainee.status, trainee.ended_on = "dropped", date(2026, 10, 9)
    trainee.save()
    supervisor = f.user(role=Role.EMPLOYER_SUPERVISOR, site_obj=trainee.worksite)
    with pytest.raises(ValidationError):
        services.ojt_approve(actor=supervisor, entry=entry)
    services.ojt_recount(enrollment=trainee, kind="cc_ojt", weeks=[date(2026, 10, 5)])
    entry.refresh_from_db()
    assert entry.credited_minutes == 0


def test_entries_already_stored_outside_the_enrollment_are_left_out_of_ada(trainee):
    """An entry stored before the rule (here written straight to the table, credited 3 h) on
    Tue 2026-08-18, the day before the enrollment: the annual report leaves it out; one on
    Wed 2026-08-19 counts its 3 h."""
    school_year_build_calendar(school_year=trainee.section.term.school_year)
    for day in (date(2026, 8, 18), date(2026, 8, 19)):
        OnTheJobHours.objects.create(
            enrollment=trainee, kind="cc_ojt", date=day, minutes=180, credited_minutes=180
        )
    report = ada_report(school_year=trainee.section.term.school_year, period="annual")
    assert report.totals.hours == 3
    assert services.ojt_days_outside_enrollment([trainee.pk]) == {trainee.pk: [date(2026, 8, 18)]}
