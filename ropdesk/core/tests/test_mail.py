"""One mail path: every message is a MailMessage sent by a task after the commit, in the
recipient's language, retried with growing waits, failed with its reason after the last try,
and listed for administrators to send again. A mail server that is down never turns a saved
form into a server error."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from ropdesk.complaints.models import Complaint
from ropdesk.complaints.tests.conftest import file_complaint
from ropdesk.core.models import AuditEvent, MailMessage, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked, work
from ropdesk.enrollment.models import Application
from ropdesk.enrollment.tests.test_pages import form_data as application_form

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class MailServerDown(BaseEmailBackend):
    """The outside world: an SMTP server that refuses every connection."""

    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
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
