"""Agreements, signatures and job-site hours through the services."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.core.tests.clock import suite_today
from ropdesk.worksite import services
from ropdesk.worksite.models import TimesheetEntryDetail

TERMS = "The site supervises; the program insures; the student follows the plan."


def _cc_agreement(world):
    e = world.cc
    return services.agreement_create(
        actor=world.instructor,
        kind="cc_joint_venture",
        site=world.site,
        term=e.section.term,
        enrollment=None,
        terms=TERMS,
        starts_on=e.section.term.start_date,
        ends_on=e.section.term.end_date,
        attests_no_immediate_benefit=True,
        attests_no_displacement=True,
    )


def _cve_agreement(world):
    e = world.cve
    return services.agreement_create(
        actor=world.instructor,
        kind="cve",
        site=world.other_site,
        term=e.section.term,
        enrollment=e,
        terms=TERMS,
        starts_on=e.section.term.start_date,
        ends_on=e.section.term.end_date,
    )


def _log(world, enrollment, user, day, **extra):
    return services.timesheet_log(
        actor=user,
        enrollment=enrollment,
        day=day,
        started_at=time(15, 0),
        ended_at=time(18, 0),
        **extra,
    )


@pytest.mark.clock("2026-11-02 19:00")  # after the day's shifts
def test_hours_before_the_full_signature_do_not_count(world):
    today = suite_today()
    earlier = _log(world, world.cc, world.cc_student_user, today - timedelta(days=1))
    services.timesheet_approve(actor=world.supervisor, entry=earlier)
    agreement = _cc_agreement(world)
    services.agreement_sign(
        actor=world.instructor, agreement=agreement, party="school", typed_name="Tia Teacher"
    )
    agreement.refresh_from_db()
    assert agreement.fully_signed_on is None
    services.agreement_sign(
        actor=world.supervisor, agreement=agreement, party="employer", typed_name="B. Boss"
    )
    agreement.refresh_from_db()
    assert agreement.fully_signed_on == today

    after = _log(world, world.cc, world.cc_student_user, today)
    services.timesheet_approve(actor=world.supervisor, entry=after)

    earlier.refresh_from_db()
    after.refresh_from_db()
    assert earlier.agreement_signed_on == today
    assert earlier.credited_minutes == 0
    assert after.credited_minutes == 180
    assert after.detail.status == TimesheetEntryDetail.Status.APPROVED


def test_a_minors_cve_agreement_needs_the_parents_signature(world):
    agreement = _cve_agreement(world)
    assert services.required_parties(agreement, suite_today()) == [
        "school",
        "employer",
        "student",
        "parent",
    ]
    services.agreement_sign(
        actor=world.instructor, agreement=agreement, party="school", typed_name="T"
    )
    services.agreement_sign(
        actor=world.other_supervisor, agreement=agreement, party="employer", typed_name="O"
    )
    services.agreement_sign(
        actor=world.cve_student_user, agreement=agreement, party="student", typed_name="Vic"
    )
    agreement.refresh_from_db()
    assert agreement.fully_signed_on is None
    services.agreement_sign(
        actor=world.parent, agreement=agreement, party="parent", typed_name="Mom"
    )
    agreement.refresh_from_db()
    assert agreement.fully_signed_on == suite_today()


def test_nobody_signs_for_another_party(world):
    agreement = _cve_agreement(world)
    with pytest.raises(ValidationError):
        services.agreement_sign(
            actor=world.cve_student_user, agreement=agreement, party="parent", typed_name="Me"
        )
    with pytest.raises(ValidationError):
        services.agreement_sign(
            actor=world.supervisor, agreement=agreement, party="employer", typed_name="Not mine"
        )


@pytest.mark.clock("2026-11-02 19:00")  # after the day's shifts
def test_a_minor_without_a_work_permit_cannot_log_cve_hours(world):
    today = suite_today()
    with pytest.raises(ValidationError, match="no work permit"):
        _log(world, world.cve, world.cve_student_user, today, hourly_wage=Decimal("17.50"))
    assert not OnTheJobHours.objects.filter(enrollment=world.cve).exists()
    services.permit_record(
        actor=world.instructor,
        student=world.cve.student,
        issued_on=today - timedelta(days=30),
        expires_on=today + timedelta(days=300),
    )
    entry = _log(world, world.cve, world.cve_student_user, today, hourly_wage=Decimal("17.50"))
    assert entry.minutes == 180
    assert entry.detail.hourly_wage == Decimal("17.50")


@pytest.mark.clock("2026-11-02 19:00")  # after the day's shifts
def test_a_returned_day_carries_the_comment_and_does_not_count(world):
    agreement = _cc_agreement(world)
    services.agreement_sign(
        actor=world.instructor, agreement=agreement, party="school", typed_name="T"
    )
    services.agreement_sign(
        actor=world.supervisor, agreement=agreement, party="employer", typed_name="B"
    )
    entry = _log(world, world.cc, world.cc_student_user, suite_today())
    detail = services.timesheet_return(
        actor=world.supervisor, entry=entry, comment="You left at 5."
    )
    assert detail.status == "returned"
    entry.refresh_from_db()
    assert entry.credited_minutes == 0
    # The student corrects it; it waits again.
    again = services.timesheet_log(
        actor=world.cc_student_user,
        enrollment=world.cc,
        day=entry.date,
        started_at=time(15, 0),
        ended_at=time(17, 0),
    )
    assert again.detail.status == "submitted"
    assert again.detail.return_comment == ""


def _birth_date_unknown(student) -> None:
    type(student).objects.filter(pk=student.pk).update(birth_date=None)
    student.refresh_from_db()


def test_a_cve_agreement_of_a_student_of_unknown_age_needs_the_parents_signature(world):
    """No birth date on file (imported without demographics): the student may be a minor, so
    a parent signs too (5 CCR 10100(f)) until the office enters the date."""
    _birth_date_unknown(world.cve.student)
    agreement = _cve_agreement(world)

    assert services.required_parties(agreement, suite_today()) == [
        "school",
        "employer",
        "student",
        "parent",
    ]


@pytest.mark.clock("2026-11-02 19:00")  # after the day's shifts
def test_a_student_of_unknown_age_without_a_work_permit_cannot_log_cve_hours(world):
    today = suite_today()
    _birth_date_unknown(world.cve.student)

    with pytest.raises(ValidationError, match="birth date is unknown, so the student counts as"):
        _log(world, world.cve, world.cve_student_user, today, hourly_wage=Decimal("17.50"))

    assert not OnTheJobHours.objects.filter(enrollment=world.cve).exists()
    services.permit_record(
        actor=world.instructor,
        student=world.cve.student,
        issued_on=today - timedelta(days=30),
        expires_on=today + timedelta(days=300),
    )
    entry = _log(world, world.cve, world.cve_student_user, today, hourly_wage=Decimal("17.50"))
    assert entry.minutes == 180
