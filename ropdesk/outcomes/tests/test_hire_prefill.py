"""A hire in the portfolio feeds the follow-up survey: the job application reaching "hired"
(ropdesk/portfolio) is kept through core.signals.job_hired, the student's survey opens with
the job pre-filled, and the answer records that the student confirmed it. portfolio and
outcomes sit on one layer and do not import each other."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.outcomes.models import FollowUpResponse, ReportedHire
from ropdesk.outcomes.tests import factories as of
from ropdesk.portfolio import services as portfolio
from ropdesk.portfolio.models import JobApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def lena():
    account = f.user("lena", role=Role.STUDENT)
    student = of.former_student(account=account, email="lena@example.org")
    of.invitation(student, token="tok-lena")
    return account, student


def _apply(account, student, status, application=None):
    return portfolio.job_application_save(
        actor=account,
        student=student,
        application=application,
        fields={
            "employer_name": "Valley Clinic",
            "position": "Medical Assistant",
            "source": JobApplication.Source.JOB_BOARD,
            "status": status,
        },
    )


def test_a_hire_is_kept_once_with_its_start_date(lena):
    account, student = lena
    application = _apply(account, student, JobApplication.Status.OFFER)
    assert not ReportedHire.objects.exists()  # an offer is not a hire
    application = _apply(account, student, JobApplication.Status.HIRED, application)
    _apply(account, student, JobApplication.Status.HIRED, application)  # saved again
    hire = ReportedHire.objects.get()
    assert (hire.student, hire.employer, hire.job_title, hire.started_on) == (
        student,
        "Valley Clinic",
        "Medical Assistant",
        date(2026, 11, 2),  # the day it was marked hired (the suite's clock)
    )
    assert hire.reference == f"portfolio.jobapplication:{application.pk}"


def test_the_survey_opens_with_the_job_and_the_student_confirms_it(client, lena):
    account, student = lena
    _apply(account, student, JobApplication.Status.HIRED)
    page = client.get(reverse("outcomes_survey", args=["tok-lena"])).content.decode()
    assert "Your portfolio says you were hired as Medical Assistant at Valley Clinic" in page
    assert 'value="Valley Clinic"' in page and 'value="Medical Assistant"' in page
    assert 'value="2026-11-02"' in page
    sent = client.post(
        reverse("outcomes_survey", args=["tok-lena"]),
        {
            "employment": "full_time",
            "employer": "Valley Clinic",
            "job_title": "Medical Assistant",
            "employment_started_on": "2026-11-02",
        },
    )
    assert "Thank you" in sent.content.decode()
    answer = FollowUpResponse.objects.get(invitation__student=student)
    assert answer.confirmed_hire == ReportedHire.objects.get()
    assert (answer.employment, answer.employment_started_on) == ("full_time", date(2026, 11, 2))
    assert "EMP" in answer.psts_codes


def test_an_answer_with_another_job_does_not_confirm_the_hire(client, lena):
    account, student = lena
    _apply(account, student, JobApplication.Status.HIRED)
    client.post(
        reverse("outcomes_survey", args=["tok-lena"]),
        {"employment": "part_time", "employer": "City Library", "job_title": "Page"},
    )
    answer = FollowUpResponse.objects.get(invitation__student=student)
    assert answer.confirmed_hire is None and answer.employer == "City Library"


def test_without_a_hire_the_survey_is_not_prefilled(client, lena):
    page = client.get(reverse("outcomes_survey", args=["tok-lena"])).content.decode()
    assert "Your portfolio says" not in page
