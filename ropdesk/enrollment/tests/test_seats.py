"""Seats: capacity, the waitlist by priority then time, promotion when a seat frees, and the
race for the last seat."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

import pytest
from django.core import mail

from ropdesk.core.models import Role, Site
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_now
from ropdesk.core.tests.concurrency import run_together, shared_database  # noqa: F401 -- a fixture
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.enrollment import services
from ropdesk.enrollment.models import Enrollment
from ropdesk.enrollment.tests.helpers import BASE_URL, application

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return f.user("office", role=Role.ADMINISTRATOR)


def admitted(section, *, birth_date=date(2008, 1, 1), grade="12", **fields):
    """An applicant admitted to the section (18 or older, so no consent is needed)."""
    filed = application(section=section, birth_date=birth_date, grade=grade, **fields)
    return filed


def admit(filed, actor):
    return services.application_admit(
        application=filed, actor=actor, will_benefit=True, base_url=BASE_URL
    )


def test_admission_takes_a_seat_while_there_is_one_and_then_the_waitlist(office):
    section = f.section(capacity=2)
    first, second, third = (admit(admitted(section), office) for _ in range(3))
    assert [e.status for e in (first, second, third)] == ["enrolled", "enrolled", "waitlisted"]
    assert Enrollment.objects.filter(section=section, status__in=Enrollment.SEATED).count() == 2


def test_the_waitlist_is_ordered_by_priority_then_by_the_time_of_the_request(office):
    section = f.section(capacity=1, site_obj=f.site(kind=Site.Kind.COMMUNITY))
    admit(admitted(section), office)
    now = suite_now()
    adult_early = admit(
        admitted(
            section,
            birth_date=date(1990, 1, 1),
            grade="AD",
            kind="adult",
            submitted_at=now - timedelta(days=3),
        ),
        office,
    )
    junior_late = admit(
        admitted(section, birth_date=date(2009, 6, 1), submitted_at=now, consent=True), office
    )
    junior_early = admit(
        admitted(
            section,
            birth_date=date(2009, 6, 1),
            submitted_at=now - timedelta(days=1),
            consent=True,
        ),
        office,
    )
    order = list(
        Enrollment.objects.filter(section=section, status="waitlisted")
        .order_by("priority", "requested_at", "pk")
        .values_list("pk", flat=True)
    )
    assert order == [junior_early.pk, junior_late.pk, adult_early.pk]


def test_a_dropped_seat_goes_to_the_next_student_on_the_waitlist_who_is_told(
    office, django_capture_on_commit_callbacks
):
    section = f.section(capacity=1)
    seated = admit(admitted(section), office)
    waiting = admit(admitted(section, email="next@example.org"), office)
    assert waiting.status == "waitlisted"
    mail.outbox.clear()
    with committed_then_worked():
        services.enrollment_end(
            enrollment=seated, actor=office, status="dropped", reason="Moved away"
        )
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"
    assert waiting.events.last().reason == "A seat opened; promoted from the waitlist."
    assert waiting.events.last().by is None
    assert [m.to for m in mail.outbox] == [["next@example.org"]]
    assert "A seat opened" in mail.outbox[0].subject
    assert Enrollment.objects.filter(section=section, status__in=Enrollment.SEATED).count() == 1


def test_a_student_seated_elsewhere_in_the_same_course_is_passed_over(office):
    section = f.section(capacity=1)
    sister = f.section(course_obj=section.course, capacity=5)
    seated = admit(admitted(section), office)
    already = admit(admitted(section), office)
    nxt = admit(admitted(section), office)
    f.enroll(already.student, sister)
    services.enrollment_end(enrollment=seated, actor=office, status="withdrawn", reason="Job")
    already.refresh_from_db()
    nxt.refresh_from_db()
    assert (already.status, nxt.status) == ("waitlisted", "enrolled")


def test_leaving_the_waitlist_frees_no_seat(office):
    section = f.section(capacity=1)
    admit(admitted(section), office)
    first = admit(admitted(section), office)
    second = admit(admitted(section), office)
    services.enrollment_end(enrollment=first, actor=office, status="withdrawn", reason="Changed")
    second.refresh_from_db()
    assert second.status == "waitlisted"


def test_ending_an_enrollment_needs_a_reason(office):
    section = f.section(capacity=1)
    seated = admit(admitted(section), office)
    with pytest.raises(services.ValidationError) as error:
        services.enrollment_end(enrollment=seated, actor=office, status="dropped", reason=" ")
    assert error.value.message_dict == {"reason": ["Say why the student leaves the section."]}


# --- the race for the last seat ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_two_people_taking_the_last_seat_at_once_one_gets_it_the_other_waits():
    office = f.user("office", role=Role.ADMINISTRATOR)
    section = f.section(capacity=3)
    for _ in range(2):
        admit(admitted(section), office)
    rivals = []
    for _ in range(2):
        filed = admitted(section)
        student = f.student()
        enrollment = Enrollment.objects.create(
            student=student, section=section, status="admitted", application=filed
        )
        rivals.append(enrollment)
    results = run_together(
        [
            partial(lambda e: services.enrollment_enroll(enrollment=e, actor=office).status, e)
            for e in rivals
        ]
    )
    assert sorted(results) == ["enrolled", "waitlisted"]
    assert Enrollment.objects.filter(section=section, status__in=Enrollment.SEATED).count() == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_two_counselors_admitting_to_the_last_seat_at_once_never_overfill_it():
    office = f.user("office", role=Role.ADMINISTRATOR)
    section = f.section(capacity=1)
    rivals = [admitted(section) for _ in range(3)]
    results = run_together(
        [
            partial(
                lambda a: (
                    services.application_admit(
                        application=a, actor=office, will_benefit=True, base_url=BASE_URL
                    ).status
                ),
                a,
            )
            for a in rivals
        ]
    )
    assert sorted(results) == ["enrolled", "waitlisted", "waitlisted"]
    assert Enrollment.objects.filter(section=section, status="enrolled").count() == 1
