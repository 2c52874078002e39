"""Work-based learning on every role's start page: hours to approve, visits and evaluations
overdue, agreements to sign — each with its count, its link and its nearest date."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from ropdesk.worksite import attention, compliance, services

pytestmark = pytest.mark.django_db


def labels(user):
    return {item.label: item for item in attention.items(user) if item.count}


@pytest.mark.clock("2026-11-06 19:00")
def test_the_supervisor_start_page_shows_the_hours_waiting_first(client, world):
    for day in (date(2026, 11, 3), date(2026, 11, 4)):
        services.timesheet_log(
            actor=world.cc_student_user,
            enrollment=world.cc,
            day=day,
            started_at=time(8, 0),
            ended_at=time(11, 0),
        )
    client.force_login(world.supervisor)

    page = client.get(reverse("dashboard")).content.decode()

    item = labels(world.supervisor)["Days of hours waiting for your approval"]
    assert (item.count, item.url, item.due) == (2, "/worksite/", date(2026, 11, 3))
    assert page.index("Needs attention") < page.index("Students training at your site")
    assert "Days of hours waiting for your approval: <strong>2</strong>" in page
    assert "2 days in the week of" in page


def test_a_supervisor_start_page_lists_only_students_enrolled_now(client, world):
    from ropdesk.core.tests import factories as f

    dropped = f.enroll(
        f.student(first="Dropped"), world.cc.section, worksite=world.site, status="dropped"
    )
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboard")).content.decode()
    assert str(world.cc.student) in page
    assert str(dropped.student) not in page


def test_a_recorded_evaluation_no_longer_shows_as_due():
    started = date(2026, 9, 1)
    every = 9  # weeks, ROPDESK["EVALUATION_EVERY_WEEKS"]
    before = compliance.evaluation_due(
        started_on=started, points_done=set(), today=date(2026, 10, 20)
    )
    assert before.due_on == started + timedelta(weeks=every)
    recorded_early = compliance.evaluation_due(
        started_on=started, points_done={1}, today=date(2026, 10, 20)
    )
    assert recorded_early.ok
    assert recorded_early.due_on == started + timedelta(weeks=2 * every)
    assert "(2)" in recorded_early.reason


def test_overdue_visits_are_counted_for_the_instructor(world):
    # Both trainees were placed at the start of the term and never visited.
    item = labels(world.instructor)["Site visits overdue"]
    assert (item.count, item.url) == (2, "/worksite/compliance/")
    assert item.due is not None and item.due < date(2026, 11, 2)


def test_an_agreement_waiting_for_the_supervisors_signature(world):
    agreement = services.agreement_create(
        actor=world.instructor,
        kind="cve",
        site=world.other_site,
        term=world.cve.section.term,
        enrollment=world.cve,
        terms="Terms.",
        starts_on=world.cve.section.term.start_date,
        ends_on=world.cve.section.term.end_date,
    )
    item = labels(world.other_supervisor)["Training agreements to sign"]
    assert (item.count, item.url) == (1, f"/worksite/agreements/{agreement.pk}/")


@pytest.mark.clock("2026-11-06 19:00")
def test_the_start_page_checks_its_trainees_rules_once_and_again_only_after_a_change(
    client, world, monkeypatch
):
    from ropdesk.worksite import queries

    computed = []
    real = queries.trainee_statuses

    def counting(enrollments, today):
        computed.append(today)
        return real(enrollments, today)

    monkeypatch.setattr(queries, "trainee_statuses", counting)
    client.force_login(world.instructor)

    page = client.get(reverse("dashboard")).content.decode()

    # the attention list ("Site visits overdue") and the compliance chart share one computation
    assert "Site visits overdue" in page and "Work-based learning compliance by rule" in page
    assert computed == [date(2026, 11, 6)]
    assert labels(world.instructor)["Site visits overdue"].count == 2
    client.get(reverse("dashboard"))
    assert len(computed) == 1  # the next request reads the summary kept in the cache

    # a visit recorded moves the summary's version: the next page counts again, and sees it
    services.visit_log(
        actor=world.instructor,
        enrollment=world.cc,
        visited_on=date(2026, 11, 5),
        observed_working=True,
    )
    client.get(reverse("dashboard"))
    assert len(computed) == 2
    assert labels(world.instructor)["Site visits overdue"].count == 1
    assert len(computed) == 2


@pytest.mark.clock("2026-11-06 19:00")
def test_each_users_summary_is_their_own(world):
    # Kept per user: the instructor's summary holds their trainees, the supervisor's only
    # the one at their site.
    from ropdesk.worksite import queries

    today = date(2026, 11, 6)
    assert queries.compliance_summary(world.instructor, today).trainees == 2
    assert queries.compliance_summary(world.other_supervisor, today).trainees == 1
    assert queries.compliance_summary(world.instructor, today).trainees == 2  # still its own


@pytest.mark.clock("2026-11-06 19:00")
def test_an_office_with_more_trainees_than_a_request_checks_has_the_worker_count_them(
    client, world, settings
):
    # The county's office: every trainee's every rule takes seconds, so the start page shows
    # the last figures (or that they are coming) while the worker computes them.
    from ropdesk.core.models import Role
    from ropdesk.core.tests import factories as f
    from ropdesk.core.tests.work import committed_then_worked, work

    settings.ROPDESK = {**settings.ROPDESK, "WBL_SUMMARY_INLINE_TRAINEES": 1}
    office = f.user("office", role=Role.ADMINISTRATOR)
    client.force_login(office)

    with committed_then_worked():
        page = client.get(reverse("dashboard")).content.decode()
    assert "The work-based learning figures are being computed" in page
    assert "Work-based learning compliance by rule" not in page
    page = client.get(reverse("dashboard")).content.decode()  # the worker has counted them
    assert "0 of 2 trainees meet every rule." in page
    assert "Work-based learning compliance by rule" in page
    assert "Figures as of" not in page
    assert labels(office)["Site visits overdue"].count == 2

    services.visit_log(
        actor=world.instructor,
        enrollment=world.cc,
        visited_on=date(2026, 11, 5),
        observed_working=True,
    )
    with committed_then_worked():
        page = client.get(reverse("dashboard")).content.decode()
        # the figures of before the visit, said to be so, while the worker counts again
        assert labels(office)["Site visits overdue"].count == 2
    assert "Figures as of 7:00 PM: records have changed since" in page
    page = client.get(reverse("dashboard")).content.decode()
    assert "Figures as of" not in page
    assert labels(office)["Site visits overdue"].count == 1
    assert work() == 0  # nothing more was asked of the worker


@pytest.mark.clock("2026-11-06 19:00")
def test_an_instructor_s_few_trainees_are_counted_in_the_request(client, world):
    from ropdesk.core.tests.work import work

    client.force_login(world.instructor)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Work-based learning compliance by rule" in page
    assert work() == 0
