"""Texts of a follow-up wave with the SMS channel: the first text when the wave opens and one
at each reminder step, in the former student's language, with a personal link of the SMS
channel and "Reply STOP"; STOP (or ALTO) to the webhook opts the invitation out, signed by
Twilio when an auth token is set; a text the provider refuses is a text bounce."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from ropdesk.core import sms
from ropdesk.core.models import AuditEvent, Role, SmsMessage
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked, work
from ropdesk.outcomes import services
from ropdesk.outcomes.models import FollowUpInvitation, FollowUpLink, FollowUpWave
from ropdesk.outcomes.tests import factories as of

pytestmark = pytest.mark.django_db
SMS_WAVE = {"channels": ["email", "sms", "phone"], "opens_on": date(2026, 10, 1)}
WEBHOOK = "/outcomes/sms/inbound/"


def _token(body: str) -> str:
    found = re.search(r"/outcomes/survey/([^/\s]+)/", body)
    assert found is not None
    return found.group(1)


def _open(wave) -> None:
    with committed_then_worked():
        services.wave_open(actor=None, wave=wave, base_url="https://rop.example.org/")


def test_opening_a_wave_texts_each_invitee_with_a_phone_in_their_language(_sms_outbox) -> None:
    of.former_student(phone="(530) 555-0101", home_language="Spanish", email="")
    of.former_student(phone="530-555-0102", email="b@example.org")
    of.former_student(phone="", email="c@example.org")
    wave = of.wave(**SMS_WAVE, opened_at=None)
    _open(wave)

    by_number = {m["to"]: m["body"] for m in _sms_outbox}
    assert set(by_number) == {"+15305550101", "+15305550102"}
    spanish, english = by_number["+15305550101"], by_number["+15305550102"]
    assert "Responde STOP (o ALTO) para no recibir mas mensajes." in spanish
    assert "cuéntanos si estudias" in spanish
    assert english.endswith("Reply STOP to opt out.")
    for body in (spanish, english):
        assert sms.segments(body) <= 2
        link = services.link_resolve(_token(body), today=date(2026, 10, 2))
        assert link.channel == "sms"
    assert SmsMessage.objects.filter(status="sent").count() == 2
    assert FollowUpInvitation.objects.filter(sent_at__isnull=False).count() == 3


def test_a_wave_without_the_sms_channel_sends_no_text(_sms_outbox) -> None:
    of.former_student(phone="(530) 555-0101")
    _open(of.wave(opened_at=None))
    assert _sms_outbox == [] and SmsMessage.objects.count() == 0


def test_an_answer_from_the_text_link_counts_for_sms(client, _sms_outbox) -> None:
    of.former_student(phone="(530) 555-0101")
    _open(of.wave(**SMS_WAVE, opened_at=None))
    token = _token(_sms_outbox[0]["body"])
    client.post(reverse("outcomes_survey", args=[token]), {"military": "guard"})
    assert FollowUpInvitation.objects.get().response.channel == "sms"


def test_a_bad_number_is_a_text_bounce_and_the_wave_still_opens(_sms_outbox) -> None:
    of.former_student(phone="555-0101", email="a@example.org")
    wave = of.wave(**SMS_WAVE, opened_at=None)
    _open(wave)
    invitation = FollowUpInvitation.objects.get()
    assert invitation.sms_bounced_at is not None
    assert "not a US number" in invitation.sms_bounce_reason
    assert invitation.bounced_at is None  # the e-mail goes on
    assert _sms_outbox == [] and not FollowUpLink.objects.filter(channel="sms").exists()


def test_reminders_text_on_each_step_and_stop_ends_them(client, _sms_outbox) -> None:
    of.former_student(phone="(530) 555-0101", email="")
    of.former_student(phone="(530) 555-0102", email="")
    wave = of.wave(**SMS_WAVE, opened_at=None)
    _open(wave)
    with committed_then_worked():
        services.reminders_send(today=date(2026, 10, 8))
    assert [m["to"] for m in _sms_outbox].count("+15305550101") == 2
    assert "ROP reminder" in _sms_outbox[-1]["body"]

    response = client.post(WEBHOOK, {"From": "+15305550101", "Body": "Stop"})
    assert response.status_code == 200 and response["Content-Type"] == "text/xml"
    stopped = FollowUpInvitation.objects.get(phone="(530) 555-0101")
    assert stopped.opted_out_at is not None
    assert AuditEvent.objects.filter(action="followup_opt_out", object_id=str(stopped.pk)).exists()

    _sms_outbox.clear()
    with committed_then_worked():
        reminded = services.reminders_send(today=date(2026, 10, 15))
    assert [i.phone for i in reminded] == ["(530) 555-0102"]
    assert [m["to"] for m in _sms_outbox] == ["+15305550102"]


def test_alto_stops_a_spanish_speaker_and_other_replies_do_nothing(client, _sms_outbox) -> None:
    of.former_student(phone="(530) 555-0101", home_language="Spanish")
    _open(of.wave(**SMS_WAVE, opened_at=None))
    client.post(WEBHOOK, {"From": "+15305550101", "Body": "gracias"})
    client.post(WEBHOOK, {"From": "+15305559999", "Body": "STOP"})  # a number never texted
    assert FollowUpInvitation.objects.get().opted_out_at is None
    client.post(WEBHOOK, {"From": "+15305550101", "Body": "ALTO"})
    assert FollowUpInvitation.objects.get().opted_out_at is not None


def test_with_an_auth_token_the_webhook_takes_only_twilios_signature(client, settings) -> None:
    of.former_student(phone="(530) 555-0101")
    _open(of.wave(**SMS_WAVE, opened_at=None))
    settings.TWILIO_AUTH_TOKEN = "auth-token"
    data = {"From": "+15305550101", "Body": "STOP", "MessageSid": "SM1"}
    params = {name: [value] for name, value in data.items()}

    assert client.post(WEBHOOK, data).status_code == 403  # unsigned
    wrong = sms.twilio_signature("http://testserver" + WEBHOOK, params, "another-token")
    assert client.post(WEBHOOK, data, HTTP_X_TWILIO_SIGNATURE=wrong).status_code == 403
    tampered = sms.twilio_signature("http://testserver" + WEBHOOK, params, "auth-token")
    other = {**data, "From": "+15305550102"}
    assert client.post(WEBHOOK, other, HTTP_X_TWILIO_SIGNATURE=tampered).status_code == 403
    assert FollowUpInvitation.objects.get().opted_out_at is None

    signed = sms.twilio_signature("http://testserver" + WEBHOOK, params, "auth-token")
    assert client.post(WEBHOOK, data, HTTP_X_TWILIO_SIGNATURE=signed).status_code == 200
    assert FollowUpInvitation.objects.get().opted_out_at is not None


def test_the_webhook_takes_only_posts(client) -> None:
    assert client.get(WEBHOOK).status_code == 405


def test_a_text_the_provider_refuses_is_recorded_as_the_invitations_text_bounce(
    settings, _sms_outbox
) -> None:
    settings.SMS_BACKEND = "ropdesk.outcomes.tests.test_sms_followup.NumberRefused"
    of.former_student(phone="(530) 555-0101", email="a@example.org")
    wave = of.wave(**SMS_WAVE, opened_at=None)
    _open(wave)
    message = SmsMessage.objects.get()
    assert (message.status, message.attempts) == ("failed", 1)

    settings.SMS_BACKEND = "ropdesk.core.sms.LocmemSmsBackend"
    with committed_then_worked():
        services.reminders_send(today=date(2026, 10, 8))
    invitation = FollowUpInvitation.objects.get()
    assert invitation.sms_bounce_reason.startswith("Twilio refused (400, error 21614)")
    assert invitation.bounced_at is None
    assert _sms_outbox == []  # no more texts to it; the e-mail reminder went
    assert invitation.reminder_count == 1
    work()


class NumberRefused(sms.SmsBackend):
    """A provider that says the number is not a mobile one (Twilio error 21614)."""

    def send(self, *, to: str, body: str) -> str:
        raise sms.SmsRefused(
            "Twilio refused (400, error 21614): 'To' number is not a valid mobile number",
            final=True,
        )


# --- staff ------------------------------------------------------------------------------------


@pytest.fixture
def office(client):
    admin = f.user(role=Role.ADMINISTRATOR)
    client.force_login(admin)
    return admin


def test_staff_create_a_wave_with_the_sms_channel(client, office) -> None:
    form = client.get(reverse("outcomes_wave_new")).content.decode()
    assert 'value="sms"' in form and "Reply STOP to opt out" in form
    response = client.post(
        reverse("outcomes_wave_new"),
        {"exit_year": "2025-2026", "population": "completers", "channels": ["email", "sms"]},
    )
    assert response.status_code == 302
    assert FollowUpWave.objects.get().channels == ["email", "sms"]


def _wave_with_failed_text(settings) -> tuple[FollowUpWave, SmsMessage]:
    settings.SMS_BACKEND = "ropdesk.outcomes.tests.test_sms_followup.NumberRefused"
    of.former_student(phone="(530) 555-0101")
    of.former_student(phone="530-555-0102")
    wave = of.wave(**SMS_WAVE, opened_at=None)
    _open(wave)
    settings.SMS_BACKEND = "ropdesk.core.sms.LocmemSmsBackend"
    return wave, SmsMessage.objects.filter(status="failed").first()  # type: ignore[return-value]


def test_the_dashboard_shows_the_waves_texts_and_their_failures_and_sends_one_again(
    client, office, settings, _sms_outbox
) -> None:
    wave, text = _wave_with_failed_text(settings)
    other_wave = of.wave(exit_year="2024-2025", **SMS_WAVE)
    page = client.get(reverse("outcomes_dashboard", args=[wave.pk])).content.decode()
    assert "Sent: 0. Waiting to be sent or tried again: 0. Failed: 2." in page
    assert "not a valid mobile number" in page and text.to in page

    url = reverse("outcomes_text_resend", args=[other_wave.pk, text.pk])
    assert client.post(url).status_code == 404  # not that wave's text
    with committed_then_worked():
        response = client.post(reverse("outcomes_text_resend", args=[wave.pk, text.pk]))
    assert response["Location"] == reverse("outcomes_dashboard", args=[wave.pk]) + "#texts"
    text.refresh_from_db()
    assert text.status == "sent"
    assert [m["to"] for m in _sms_outbox] == [text.to]
    assert AuditEvent.objects.filter(action="sms.resend", object_id=str(text.pk)).exists()


@pytest.mark.parametrize("role", [Role.SUPPORT_SERVICES, Role.INSTRUCTOR, Role.STUDENT])
def test_only_who_runs_the_follow_up_sees_and_resends_the_texts(client, settings, role) -> None:
    wave, text = _wave_with_failed_text(settings)
    client.force_login(f.user(role=role))
    page = client.get(reverse("outcomes_dashboard", args=[wave.pk]))
    assert text.to not in page.content.decode()
    assert client.post(reverse("outcomes_text_resend", args=[wave.pk, text.pk])).status_code in (
        403,
        404,
    )
    text.refresh_from_db()
    assert text.status == "failed"


def test_the_dashboard_keeps_its_query_count_as_texts_grow(
    client, office, django_assert_max_num_queries
) -> None:
    wave = of.wave(**SMS_WAVE, opened_at=None)

    def grow(k: int) -> None:
        of.former_student(phone=f"(530) 555-{k:04d}")

    grow(1)
    _open(wave)
    with django_assert_max_num_queries(60) as small:
        client.get(reverse("outcomes_dashboard", args=[wave.pk]))
    for k in range(2, 7):
        grow(k)
    _open(wave)
    assert SmsMessage.objects.count() == 6
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("outcomes_dashboard", args=[wave.pk]))


def test_a_wave_by_text_only_reminds_by_text_only(_sms_outbox) -> None:
    from django.core import mail

    of.former_student(phone="(530) 555-0101", email="a@example.org")
    _open(of.wave(channels=["sms"], opens_on=date(2026, 10, 1), opened_at=None))
    with committed_then_worked():
        services.reminders_send(today=date(2026, 10, 8))
    assert len(_sms_outbox) == 2
    assert mail.outbox == []
