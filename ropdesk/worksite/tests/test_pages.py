"""The pages: who sees what (forbidden is 404), disclosures, and constant query counts."""

from datetime import time
from decimal import Decimal

import pytest
from django.urls import reverse

from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import DisclosureLog
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today
from ropdesk.worksite import services


def test_a_supervisor_cannot_see_another_sites_trainee(client, world):
    client.force_login(world.supervisor)
    assert client.get(reverse("worksite_trainee", args=[world.cc.pk])).status_code == 200
    assert client.get(reverse("worksite_trainee", args=[world.cve.pk])).status_code == 404
    assert client.get(reverse("worksite_plan", args=[world.cve.pk])).status_code == 404
    home = client.get(reverse("worksite_home")).content.decode()
    assert str(world.cc.student) in home
    assert str(world.cve.student) not in home


@pytest.mark.clock("2026-11-02 19:00")  # after the day's shifts
def test_a_supervisor_cannot_approve_another_sites_hours(client, world):
    services.permit_record(
        actor=world.instructor,
        student=world.cve.student,
        issued_on=suite_today(),
        expires_on=suite_today(),
    )
    entry = services.timesheet_log(
        actor=world.cve_student_user,
        enrollment=world.cve,
        day=suite_today(),
        started_at=time(15, 0),
        ended_at=time(18, 0),
        hourly_wage=Decimal(17),
    )
    client.force_login(world.supervisor)
    response = client.post(reverse("worksite_hours_approve", args=[entry.pk]))
    assert response.status_code == 404
    entry.refresh_from_db()
    assert not entry.supervisor_approved


def test_a_supervisors_view_of_a_trainee_is_logged_as_a_disclosure(client, world):
    client.force_login(world.supervisor)
    client.get(reverse("worksite_trainee", args=[world.cc.pk]))
    assert DisclosureLog.objects.filter(student=world.cc.student, party=world.supervisor).exists()


def test_students_and_parents_see_only_their_own(client, world):
    client.force_login(world.cc_student_user)
    assert client.get(reverse("worksite_trainee", args=[world.cc.pk])).status_code == 200
    assert client.get(reverse("worksite_trainee", args=[world.cve.pk])).status_code == 404
    assert client.get(reverse("worksite_compliance")).status_code == 404
    client.force_login(world.parent)
    assert client.get(reverse("worksite_trainee", args=[world.cve.pk])).status_code == 200
    assert client.get(reverse("worksite_trainee", args=[world.cc.pk])).status_code == 404


@pytest.mark.clock("2026-11-02 19:00")  # after the day's shifts
def test_the_student_logs_hours_on_the_page(client, world):
    client.force_login(world.cc_student_user)
    response = client.post(
        reverse("worksite_hours_log", args=[world.cc.pk]),
        {"day": suite_today().isoformat(), "started_at": "15:00", "ended_at": "17:30"},
    )
    assert response.status_code == 302
    assert world.cc.on_the_job_hours.get().minutes == 150


def test_each_party_gets_a_pdf_copy(client, world):
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
    client.force_login(world.parent)
    response = client.get(reverse("worksite_agreement_pdf", args=[agreement.pk, "parent"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("extra", [0, 6])
def test_the_dashboard_runs_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries, extra
):
    for _k in range(extra):
        section = f.section(instructor=world.instructor, mode=InstructionMode.CVE)
        f.enroll(f.student(), section, worksite=world.site)
    client.force_login(world.instructor)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("worksite_compliance"))
    assert response.status_code == 200
    assert response.content.decode().count('data-status="') == 2 + extra


@pytest.mark.parametrize("status", ["requested", "admitted", "dropped", "withdrawn"])
def test_a_supervisor_cannot_open_a_trainee_who_is_not_seated_by_url(client, world, status):
    """The start page lists only seated trainees; the trainee page, reached by its URL, must
    refuse the rest too: the site's legitimate interest ends with the placement."""
    other = f.enroll(
        f.student(first="Unseated"), world.cc.section, worksite=world.site, status=status
    )
    client.force_login(world.supervisor)
    assert client.get(reverse("worksite_trainee", args=[other.pk])).status_code == 404
    assert client.get(reverse("worksite_plan", args=[other.pk])).status_code == 404
    assert not DisclosureLog.objects.filter(student=other.student).exists()


def test_a_supervisor_still_opens_a_completed_trainees_record(client, world):
    world.cc.status = "completed"
    world.cc.save(update_fields=["status"])
    client.force_login(world.supervisor)
    assert client.get(reverse("worksite_trainee", args=[world.cc.pk])).status_code == 200


@pytest.mark.clock("2026-11-02 19:00")  # after the day's shifts
@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("https://evil.example/phish", "/worksite/"),
        ("//evil.example/phish", "/worksite/"),
        ("/worksite/compliance/", "/worksite/compliance/"),
    ],
)
def test_approving_hours_goes_back_only_to_this_site(client, world, next_url, expected):
    entry = services.timesheet_log(
        actor=world.cc_student_user,
        enrollment=world.cc,
        day=suite_today(),
        started_at=time(15, 0),
        ended_at=time(17, 0),
    )
    client.force_login(world.supervisor)
    response = client.post(reverse("worksite_hours_approve", args=[entry.pk]), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == expected
