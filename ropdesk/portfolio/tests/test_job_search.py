"""The job search: applications through the pipeline with the minor's work-permit steps and
a follow-up reminder, mock interviews, networking contacts, the Job Finders Guide."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ropdesk.core.models import MailMessage, Role
from ropdesk.core.tests import factories as f
from ropdesk.enrollment.models import Enrollment
from ropdesk.portfolio import queries, services
from ropdesk.portfolio.models import InterviewPractice, JobApplication, WorkReadinessRating
from ropdesk.portfolio.reminders import follow_ups_send


def _apply(world, **fields):
    return services.job_application_save(
        actor=world.student_user,
        student=world.student,
        fields={
            "employer_name": "Gateway Clinic",
            "position": "Front desk",
            "source": "job_site",
            **fields,
        },
    )


def test_applying_dates_the_application_and_a_decision_ends_the_follow_up(world):
    application = _apply(world, status="applied", follow_up_on=date(2026, 11, 9))
    assert application.applied_on == date(2026, 11, 2)

    application = services.job_application_save(
        actor=world.student_user,
        student=world.student,
        application=application,
        fields={"status": "hired"},
    )
    assert (application.decided_on, application.follow_up_on) == (date(2026, 11, 2), None)


def test_a_minors_paid_job_needs_b1_1_then_b1_4(world):
    application = _apply(world, permit_step="b1_1")
    assert services.permit_steps_for(world.student, application) == [
        ("B1-1", True),
        ("B1-4", False),
    ]


def test_an_unpaid_trainee_needs_b1_6_and_b1_6_is_only_for_them(world):
    unpaid = _apply(world, unpaid=True, permit_step="b1_6")
    assert services.permit_steps_for(world.student, unpaid) == [("B1-6", True)]
    with pytest.raises(ValidationError, match="B1-6"):
        _apply(world, permit_step="b1_6")


def test_an_adult_needs_no_permit_steps(world):
    world.student.birth_date = date(2000, 1, 1)
    world.student.save(update_fields=["birth_date"])
    assert services.permit_steps_for(world.student, _apply(world)) == []


def test_the_follow_up_reminder_mails_the_student_on_the_day(
    world, django_capture_on_commit_callbacks
):
    _apply(world, status="applied", follow_up_on=date(2026, 11, 5))
    _apply(world, status="withdrawn", follow_up_on=date(2026, 11, 5))

    assert follow_ups_send(today=date(2026, 11, 4)) == "0 follow-up reminders"
    assert follow_ups_send(today=date(2026, 11, 5)) == "1 follow-up reminders"
    message = MailMessage.objects.get(kind="portfolio_follow_up")
    assert (message.to, message.subject) == (
        "cora@example.org",
        "Follow up on your application: Front desk",
    )


def test_a_due_follow_up_waits_for_the_student(world):
    from ropdesk.portfolio.attention import items

    _apply(world, status="applied", follow_up_on=date(2026, 11, 2))
    [waiting] = items(world.student_user)
    assert (waiting.count, waiting.due) == (1, date(2026, 11, 2))


def test_a_counselor_records_a_mock_interview_and_the_student_sees_the_feedback(client, world):
    client.force_login(world.counselor)
    response = client.post(
        reverse("portfolio_interview_new", args=[world.student.pk]),
        {
            "kind": "counselor",
            "held_on": "2026-11-02",
            "score_first_impression": "3",
            "score_answers": "2",
            "feedback": "Use a STAR example for teamwork.",
        },
    )
    assert response.status_code == 302
    interview = InterviewPractice.objects.get()
    assert interview.scores == {"first_impression": 3, "answers": 2}

    client.force_login(world.student_user)
    page = client.get(reverse("portfolio_student", args=[world.student.pk])).content.decode()
    assert "Use a STAR example for teamwork." in page


def test_the_student_does_not_grade_their_own_interview(client, world):
    client.force_login(world.student_user)
    response = client.post(
        reverse("portfolio_interview_new", args=[world.student.pk]),
        {"kind": "peer", "held_on": "2026-11-02"},
    )
    assert response.status_code == 404
    assert InterviewPractice.objects.count() == 0


def test_the_checklist_is_done_item_by_item_from_the_evidence(client, world):
    assert [i.done_on for i in queries.checklist_for(world.student)] == [None] * 6

    WorkReadinessRating.objects.create(
        enrollment=world.trainee,
        site=world.site,
        rater=world.supervisor,
        rated_on=date(2026, 10, 30),
        scores={"attendance": 3},
    )
    _apply(world, status="applied")
    services.resume_create(
        actor=world.student_user, student=world.student, fields={"name": "Clinic", "language": "en"}
    )
    services.interview_record(
        actor=world.counselor,
        student=world.student,
        fields={"kind": "counselor", "held_on": date(2026, 10, 29)},
    )
    services.contact_save(
        actor=world.student_user,
        student=world.student,
        fields={"name": "Dr. Lee", "met_at": "job_fair"},
    )
    services.share_link_create(
        actor=world.student_user,
        student=world.student,
        resume=None,
        audience="Gateway HR",
        expires_on=date(2026, 11, 20),
    )

    assert [(i.key, i.done_on) for i in queries.checklist_for(world.student)] == [
        ("work_maturity", date(2026, 10, 30)),
        ("application", date(2026, 11, 2)),
        ("resume", date(2026, 11, 2)),
        ("interview", date(2026, 10, 29)),
        ("networking", date(2026, 11, 2)),
        ("portfolio", date(2026, 11, 2)),
    ]
    figure = queries.completers_figure(f.student().__class__.objects.all())
    assert (figure.completers, figure.all_done, figure.percent) == (1, 1, 100)


def _classmates(section, count):
    for _k in range(count):
        f.enroll(f.student(), section)


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_section_page_keeps_its_queries_as_the_section_grows(client, world):
    section = world.trainee.section
    client.force_login(world.instructor)
    url = reverse("portfolio_job_finders", args=[section.pk])
    _classmates(section, 2)
    client.get(url)  # the first request warms the session and the menu
    small = _queries(client, url)
    _classmates(section, 12)

    assert _queries(client, url) == small
    assert client.get(url).content.decode().count('scope="row"') == 15


def test_the_portfolio_list_keeps_its_queries_as_the_county_grows(client, world):
    client.force_login(world.admin)
    url = reverse("portfolio_students")
    client.get(url)
    small = _queries(client, url)
    for _k in range(20):
        f.student()

    assert _queries(client, url) == small


def test_another_instructor_does_not_see_the_section(client, world):
    other = f.user("other", role=Role.INSTRUCTOR)
    client.force_login(other)
    assert (
        client.get(reverse("portfolio_job_finders", args=[world.trainee.section.pk])).status_code
        == 404
    )


def test_the_office_sees_the_share_of_completers_with_everything_done(client, world):
    client.force_login(world.admin)
    page = client.get(reverse("portfolio_job_finders_figures")).content.decode()
    assert "Completers" in page
    assert Enrollment.objects.filter(status="completed").count() == 1


def test_contacts_and_applications_are_the_students_own(client, world):
    client.force_login(world.student_user)
    client.post(
        reverse("portfolio_contact_new", args=[world.student.pk]),
        {"name": "Dr. Lee", "met_at": "job_fair"},
    )
    client.post(
        reverse("portfolio_application_new", args=[world.student.pk]),
        {"employer_name": "Gateway", "position": "Aide", "source": "job_site", "status": "saved"},
    )
    assert world.student.network_contacts.count() == 1
    assert JobApplication.objects.filter(student=world.student).count() == 1

    client.force_login(world.counselor)
    response = client.post(
        reverse("portfolio_contact_new", args=[world.student.pk]),
        {"name": "X", "met_at": "job_fair"},
    )
    assert response.status_code == 404
    assert world.student.network_contacts.count() == 1


def test_the_figures_page_keeps_its_queries_as_sections_grow(client, world):
    client.force_login(world.admin)
    url = reverse("portfolio_job_finders_figures")
    client.get(url)
    small = _queries(client, url)
    for _k in range(8):
        f.section(instructor=world.instructor)

    assert _queries(client, url) == small


def test_the_student_sees_practice_questions_of_their_sector_in_spanish_too(client, world):
    client.force_login(world.student_user)
    url = reverse("portfolio_student", args=[world.student.pk])
    page = client.get(url).content.decode()
    assert "Tell me about yourself." in page
    assert "How would you keep a patient&#x27;s information private?" in page
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Hábleme de usted." in spanish
