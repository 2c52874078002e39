"""One mail path: every message is a MailMessage sent by a task after the commit, in the
recipient's language, retried with growing waits, failed with its reason after the last try,
and listed for administrators to send again. A mail server that is down never turns a saved
form into a server error."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import TestCase

from ropdesk.complaints.models import Complaint
from ropdesk.complaints.tests.conftest import file_complaint
from ropdesk.core.models import AuditEvent, MailMessage, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_now
from ropdesk.core.tests.work import committed_then_worked, work
from ropdesk.enrollment.models import Application
from ropdesk.enrollment.tests.test_pages import form_data as application_form

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class MailServerDown(BaseEmailBackend):
    """The outside world: an SMTP server that refuses every connection."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def mail_down(settings):
    settings.EMAIL_BACKEND = "ropdesk.core.tests.test_mail.MailServerDown"
    return settings


def apply(client):
    district = f.district()
    school = f.school(district)
    with committed_then_worked():
        return client.post("/apply/", application_form(f.section(), district, school))


def test_an_application_is_saved_once_and_answered_normally_while_the_mail_server_is_down(
    client, mail_down
):
    response = apply(client)

    assert response.status_code == 302
    assert Application.objects.count() == 1
    messages = MailMessage.objects.order_by("to")
    assert [(m.to, m.status, m.attempts) for m in messages] == [
        ("mateo@example.org", "queued", 1),
        ("rosa@example.org", "queued", 1),
    ]
    assert all("Connection refused" in m.last_error for m in messages)
    assert mail.outbox == []


def test_a_complaint_is_filed_once_and_answered_normally_while_the_mail_server_is_down(
    client, mail_down
):
    data = {
        "kind": "ucp_discrimination",
        "bases": ["national_origin"],
        "description": "The lab aide mocks my accent.",
        "incident_date": "2026-10-30",
        "location": "Auto lab",
        "filer_name": "Rosa Flores",
        "filer_email": "rosa@example.org",
        "language": "en",
    }
    with committed_then_worked():
        response = client.post("/complaints/file/", data)

    assert response.status_code == 302
    assert Complaint.objects.count() == 1
    receipt = MailMessage.objects.get(kind="complaint.receipt")
    assert (receipt.to, receipt.status, receipt.attempts) == ("rosa@example.org", "queued", 1)
    assert "Connection refused" in receipt.last_error


def test_a_message_is_retried_with_growing_waits_then_failed_and_shown_to_administrators(
    client, mail_down, _frozen_clock
):
    apply(client)
    waits = []
    for _attempt in range(3):
        message = MailMessage.objects.get(to="rosa@example.org")
        assert message.status == "queued"
        assert work() == 0  # the next try waits for its time
        assert message.next_attempt_at is not None
        waits.append(round((message.next_attempt_at - message.updated_at).total_seconds()))
        _frozen_clock.shift(message.next_attempt_at - message.updated_at + timedelta(seconds=1))
        work()
    message = MailMessage.objects.get(to="rosa@example.org")
    assert waits == [30, 120, 600]
    assert (message.status, message.attempts) == ("failed", 4)
    assert "Connection refused" in message.last_error

    admin = f.user("admin", role=Role.ADMINISTRATOR)
    client.force_login(admin)
    page = client.get("/mail/failed/").content.decode()
    assert "rosa@example.org" in page and "Connection refused" in page

    mail_down.EMAIL_BACKEND = LOCMEM  # the server is back
    with committed_then_worked():
        response = client.post(f"/mail/{message.pk}/resend/")
    assert response["Location"] == "/mail/failed/"
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]
    assert AuditEvent.objects.filter(action="mail.resend", object_id=str(message.pk)).exists()
    still_failed = client.get("/mail/failed/").context["page"].object_list
    assert [m.to for m in still_failed] == ["mateo@example.org"]


def test_a_message_that_fails_once_is_sent_on_the_next_try(client, mail_down, _frozen_clock):
    apply(client)
    mail_down.EMAIL_BACKEND = LOCMEM
    _frozen_clock.shift(timedelta(seconds=31))
    work()
    assert sorted(MailMessage.objects.values_list("status", "attempts")) == [
        ("sent", 2),
        ("sent", 2),
    ]
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.SUPPORT_SERVICES, Role.STUDENT])
def test_only_administrators_see_and_resend_failed_mail(client, role):
    message = MailMessage.objects.create(
        kind="t", to="x@example.org", subject="s", body="b", language="en", status="failed"
    )
    client.force_login(f.user(role=role))
    assert client.get("/mail/failed/").status_code == 404
    assert client.post(f"/mail/{message.pk}/resend/").status_code == 404
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 0)


def test_a_message_is_sent_after_the_commit_and_recorded_as_sent():
    with committed_then_worked():
        file_complaint(base_url="https://rop.example.org/")
    receipt = MailMessage.objects.get(kind="complaint.receipt")
    assert (receipt.status, receipt.attempts, receipt.last_error) == ("sent", 1, "")
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]


def test_nothing_is_queued_when_the_change_is_rolled_back():
    from django.db import transaction

    with committed_then_worked():
        with pytest.raises(RuntimeError), transaction.atomic():
            file_complaint(base_url="https://rop.example.org/")
            raise RuntimeError("the filing failed after the mail was queued")
    assert not MailMessage.objects.exists() and mail.outbox == []


def test_each_recipient_reads_the_message_in_their_own_language():
    f.user("denise", role=Role.SUPPORT_SERVICES, email="denise@rop.example.org")
    spanish = f.user("marta", role=Role.SUPPORT_SERVICES, email="marta@rop.example.org")
    spanish.preferred_language = "es"
    spanish.save(update_fields=["preferred_language"])

    with committed_then_worked():
        filed = file_complaint(base_url="https://rop.example.org/")

    subjects = {m.to[0]: m.subject for m in mail.outbox if m.to[0].endswith("rop.example.org")}
    reference = filed.complaint.reference
    assert subjects == {
        "denise@rop.example.org": f"New complaint {reference}",
        "marta@rop.example.org": f"Nueva queja {reference}",
    }
    assert MailMessage.objects.get(to="marta@rop.example.org").language == "es"


def test_a_message_whose_worker_was_killed_mid_send_is_sent_by_the_next_worker(_frozen_clock):
    """The worker took the task and died before it finished (kill -9, a power cut): the task
    stays "running" in the queue forever. The next worker's housekeeping closes it and sends
    the message, once."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from ropdesk.core import mail as ropdesk_mail

    with TestCase.captureOnCommitCallbacks(execute=True):
        (message,) = ropdesk_mail.message_queue(
            kind="test", to=["rosa@example.org"], compose=lambda: ("Hello", "A body")
        )
    taken = DBTaskResult.objects.get(id=MailMessage.objects.get(pk=message.pk).task_id)
    DBTaskResult.objects.filter(pk=taken.pk).update(
        status=TaskResultStatus.RUNNING, started_at=suite_now(), worker_ids=["killed"]
    )
    assert work() == 0 and mail.outbox == []  # nothing is ready: the dead worker holds it

    _frozen_clock.shift(timedelta(minutes=11))
    ropdesk_mail.mail_requeue_stranded(older_than=timedelta(minutes=10))
    work()

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]
    taken.refresh_from_db()
    assert taken.status == TaskResultStatus.FAILED


def test_a_message_being_sent_right_now_is_left_to_its_worker(_frozen_clock):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from ropdesk.core import mail as ropdesk_mail

    with TestCase.captureOnCommitCallbacks(execute=True):
        (message,) = ropdesk_mail.message_queue(
            kind="test", to=["rosa@example.org"], compose=lambda: ("Hello", "A body")
        )
    _frozen_clock.shift(timedelta(minutes=11))
    DBTaskResult.objects.filter(id=MailMessage.objects.get(pk=message.pk).task_id).update(
        status=TaskResultStatus.RUNNING, started_at=suite_now()
    )
    ropdesk_mail.mail_requeue_stranded(older_than=timedelta(minutes=10))
    assert DBTaskResult.objects.count() == 1  # not handed to a second worker
