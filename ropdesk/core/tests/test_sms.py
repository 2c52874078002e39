"""One text path, like the mail path: every text is an SmsMessage sent by a task after the
commit, to an E.164 number, within two segments, retried with growing waits, failed with its
reason (at once when the provider says the number can never take it), listed for
administrators beside failed e-mail to send again. The Twilio backend is checked against a
local HTTP server standing in for Twilio's API; the real API is never called."""

from __future__ import annotations

import base64
import json
import threading
import urllib.parse
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.utils import translation

from ropdesk.core import sms
from ropdesk.core.models import AuditEvent, Role, SmsMessage
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked, work

pytestmark = pytest.mark.django_db


class ProviderDown(sms.SmsBackend):
    """The outside world: a provider that cannot be reached."""

    def send(self, *, to: str, body: str) -> str:
        raise ConnectionRefusedError(111, "Connection refused")


def queue(to: str = "(530) 555-0123", text: str = "Hello") -> SmsMessage:
    with committed_then_worked():
        return sms.sms_queue(kind="test", to=to, compose=lambda: text, language="en")


# --- numbers and length -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("(530) 555-0123", "+15305550123"),
        ("530.555.0123", "+15305550123"),
        ("1-530-555-0123", "+15305550123"),
        ("+1 530 555 0123", "+15305550123"),
        ("+52 55 1234 5678", "+525512345678"),
        ("0052 55 1234 5678", "+525512345678"),
    ],
)
def test_numbers_are_written_in_e164_with_the_us_as_default(written, e164) -> None:
    assert sms.phone_e164(written) == e164


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("555-0123", "not a US number"),
        ("(130) 555-0123", "not a US number"),
        ("(530) 155-0123", "not a US number"),
        ("530 555 0123 x12", "only digits"),
        ("call me", "only digits"),
        ("+44 12", "8 to 15 digits"),
        ("", "no phone number"),
    ],
)
def test_a_bad_number_is_refused_saying_why_and_nothing_is_queued(written, why) -> None:
    with pytest.raises(sms.InvalidPhoneNumber, match=why):
        sms.sms_queue(kind="test", to=written, compose=lambda: "Hi", language="en")
    assert SmsMessage.objects.count() == 0


def test_a_bad_number_is_refused_in_spanish_too() -> None:
    with translation.override("es"), pytest.raises(sms.InvalidPhoneNumber) as refused:
        sms.phone_e164("555-0123")
    assert "no es un número de EE. UU." in str(refused.value)


def test_segments_count_gsm_and_ucs2_and_spanish_is_folded_into_gsm() -> None:
    assert sms.segments("a" * 160) == 1
    assert sms.segments("a" * 161) == 2
    assert sms.segments("a" * 306) == 2
    assert sms.segments("a" * 307) == 3
    assert sms.segments("[" * 80) == 1  # extension characters count twice
    assert sms.segments("á" * 70) == 1 and sms.segments("á" * 71) == 2  # UCS-2
    folded = sms.gsm_fold("¿Qué estás haciendo? Cuéntanos “ahora” – Año, ñandú")
    assert folded == '¿Qué estas haciendo? Cuéntanos "ahora" - Año, ñandu'
    assert sms.segments(folded * 4) == 2  # GSM: 153 a part, not UCS-2's 67


def test_a_text_over_two_segments_is_refused() -> None:
    with pytest.raises(sms.SmsTooLong, match="more than 2 text messages"):
        sms.sms_queue(kind="test", to="5305550123", compose=lambda: "x" * 307, language="en")
    assert sms.text_fit("x" * 306) == "x" * 306


def test_the_text_is_composed_in_the_recipients_language() -> None:
    from django.utils.translation import gettext

    with committed_then_worked():
        spanish = sms.sms_queue(
            kind="test", to="5305550123", compose=lambda: gettext("Attempts"), language="es"
        )
    assert spanish.body == "Intentos"


# --- queue, send, retry -----------------------------------------------------------------------


def test_a_text_is_sent_after_the_commit_by_the_task_and_recorded_sent(_sms_outbox) -> None:
    message = queue()
    message.refresh_from_db()
    assert (message.to, message.status, message.attempts) == ("+15305550123", "sent", 1)
    assert message.provider_id == "locmem-1" and message.sent_at is not None
    assert _sms_outbox == [{"to": "+15305550123", "body": "Hello"}]


def test_nothing_is_sent_when_the_transaction_rolls_back(_sms_outbox) -> None:
    sms.sms_queue(kind="test", to="5305550123", compose=lambda: "Hi", language="en")
    assert work() == 0
    assert _sms_outbox == []


def test_a_provider_down_is_tried_again_with_growing_waits_then_failed(
    settings, _frozen_clock, _sms_outbox
) -> None:
    settings.SMS_BACKEND = "ropdesk.core.tests.test_sms.ProviderDown"
    queue()
    waits = []
    for _attempt in range(3):
        message = SmsMessage.objects.get()
        assert message.status == "queued"
        assert work() == 0  # the next try waits for its time
        assert message.next_attempt_at is not None
        waits.append(round((message.next_attempt_at - message.updated_at).total_seconds()))
        _frozen_clock.shift(message.next_attempt_at - message.updated_at + timedelta(seconds=1))
        work()
    message = SmsMessage.objects.get()
    assert waits == [30, 120, 600]
    assert (message.status, message.attempts) == ("failed", 4)
    assert "Connection refused" in message.last_error
    assert _sms_outbox == []


def test_a_text_that_fails_once_is_sent_on_the_next_try(settings, _frozen_clock) -> None:
    settings.SMS_BACKEND = "ropdesk.core.tests.test_sms.ProviderDown"
    queue()
    settings.SMS_BACKEND = "ropdesk.core.sms.LocmemSmsBackend"
    _frozen_clock.shift(timedelta(seconds=31))
    work()
    assert SmsMessage.objects.values_list("status", "attempts").get() == ("sent", 2)


def test_a_sent_text_is_not_sent_again_by_a_duplicate_task(_sms_outbox) -> None:
    message = queue()
    assert sms.sms_send(message_id=message.pk) == "sent"
    assert len(_sms_outbox) == 1


# --- administrators ---------------------------------------------------------------------------


def test_administrators_see_failed_texts_beside_failed_mail_and_send_them_again(
    client, settings, _sms_outbox
) -> None:
    message = SmsMessage.objects.create(
        kind="outcomes.followup.invitation",
        to="+15305550123",
        body="Hi",
        language="en",
        status="failed",
        attempts=1,
        last_error="Twilio refused (400, error 21211): Invalid 'To' Phone Number",
    )
    client.force_login(f.user("admin", role=Role.ADMINISTRATOR))
    page = client.get("/mail/failed/").content.decode()
    assert "+15305550123" in page and "Invalid &#x27;To&#x27; Phone Number" in page
    assert "Failed e-mail" in client.get("/").content.decode()  # the menu entry shows
    with committed_then_worked():
        response = client.post(f"/mail/texts/{message.pk}/resend/")
    assert response["Location"] == "/mail/failed/"
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)
    assert _sms_outbox == [{"to": "+15305550123", "body": "Hi"}]
    assert AuditEvent.objects.filter(action="sms.resend", object_id=str(message.pk)).exists()


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.SUPPORT_SERVICES, Role.STUDENT])
def test_only_administrators_see_and_resend_failed_texts(client, role) -> None:
    message = SmsMessage.objects.create(
        kind="t", to="+15305550123", body="b", language="en", status="failed"
    )
    client.force_login(f.user(role=role))
    assert client.get("/mail/failed/").status_code == 404
    assert client.post(f"/mail/texts/{message.pk}/resend/").status_code == 404
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 0)


# --- Twilio, against a local stand-in --------------------------------------------------------


class FakeTwilio(BaseHTTPRequestHandler):
    """Twilio's Messages endpoint on 127.0.0.1: records each request, answers as told."""

    requests: list[dict[str, Any]] = []
    answer: tuple[int, dict[str, Any]] = (201, {"sid": "SM0123456789abcdef"})

    def do_POST(self) -> None:  # noqa: N802 -- the name http.server calls
        length = int(self.headers.get("Content-Length", 0))
        FakeTwilio.requests.append(
            {
                "path": self.path,
                "authorization": self.headers.get("Authorization", ""),
                "content_type": self.headers.get("Content-Type", ""),
                "form": urllib.parse.parse_qs(self.rfile.read(length).decode()),
            }
        )
        status, payload = FakeTwilio.answer
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return


@pytest.fixture
def twilio(settings) -> Iterator[type[FakeTwilio]]:
    server = HTTPServer(("127.0.0.1", 0), FakeTwilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeTwilio.requests = []
    FakeTwilio.answer = (201, {"sid": "SM0123456789abcdef", "status": "queued"})
    settings.SMS_BACKEND = "ropdesk.core.sms.TwilioSmsBackend"
    settings.TWILIO_API_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.TWILIO_ACCOUNT_SID = "AC1234"
    settings.TWILIO_AUTH_TOKEN = "secret-token"
    settings.SMS_FROM = "+15305550100"
    try:
        yield FakeTwilio
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_twilio_backend_posts_the_form_with_basic_auth_and_keeps_the_sid(twilio) -> None:
    message = queue(text="Tell us: ¿qué haces?")
    message.refresh_from_db()
    assert (message.status, message.provider_id) == ("sent", "SM0123456789abcdef")
    [request] = twilio.requests
    assert request["path"] == "/2010-04-01/Accounts/AC1234/Messages.json"
    assert request["content_type"] == "application/x-www-form-urlencoded"
    assert request["authorization"] == "Basic " + base64.b64encode(b"AC1234:secret-token").decode()
    assert request["form"] == {
        "To": ["+15305550123"],
        "From": ["+15305550100"],
        "Body": ["Tell us: ¿qué haces?"],
    }


def test_a_messaging_service_sender_is_sent_as_its_sid(twilio, settings) -> None:
    settings.SMS_FROM = "MG0001"
    queue()
    assert twilio.requests[0]["form"]["MessagingServiceSid"] == ["MG0001"]
    assert "From" not in twilio.requests[0]["form"]


def test_twilio_refusing_the_number_fails_the_text_at_once_with_its_reason(twilio) -> None:
    twilio.answer = (
        400,
        {"code": 21211, "message": "The 'To' number +15305550123 is not valid.", "status": 400},
    )
    message = queue()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 1)
    assert message.last_error == (
        "Twilio refused (400, error 21211): The 'To' number +15305550123 is not valid."
    )


def test_twilio_busy_is_tried_again(twilio) -> None:
    twilio.answer = (503, {"message": "Service unavailable"})
    message = queue()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 1)
    assert "503" in message.last_error and message.next_attempt_at is not None


def test_twilio_not_configured_is_a_recorded_failure_not_a_crash(twilio, settings) -> None:
    settings.TWILIO_ACCOUNT_SID = ""
    message = queue()
    message.refresh_from_db()
    assert "Twilio is not configured" in message.last_error
    assert twilio.requests == []


# --- inbound ----------------------------------------------------------------------------------


def test_twilio_signature_matches_twilios_documented_example() -> None:
    """The example of Twilio's "Webhooks security" page: this URL, these parameters and the
    token 12345 sign as 0/KCTR6DLpKmkAf8muzZqo1nDgQ= (HMAC-SHA1, base64)."""
    params = {
        "CallSid": ["CA1234567890ABCDE"],
        "Caller": ["+12349013030"],
        "Digits": ["1234"],
        "From": ["+12349013030"],
        "To": ["+18005551212"],
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert sms.twilio_signature(url, params, "12345") == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


@pytest.mark.parametrize(
    ("reply", "stops"),
    [
        ("STOP", True),
        (" stop ", True),
        ("StopAll", True),
        ("UNSUBSCRIBE", True),
        ("cancel", True),
        ("End", True),
        ("quit", True),
        ("Alto", True),
        ("PARAR", True),
        ("stop please", False),
        ("yes", False),
        ("", False),
    ],
)
def test_stop_words(reply, stops) -> None:
    assert sms.is_stop(reply) is stops
