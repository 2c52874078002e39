"""The one way ropdesk sends text messages, modelled on the mail path (core/mail.py).

`sms_queue(...)` writes one SmsMessage, composed in the recipient's language, to a number
normalised to E.164, and once the surrounding transaction commits enqueues a task that sends it
(`sms_deliver`, run by the worker). A provider that is down never breaks the page or job that
queued the text: the text waits, is tried again with the mail path's growing waits
(ROPDESK["TASK_RETRY_DELAYS"], mail.retry_delay) and, after the last attempt, is marked failed
with the reason, where administrators see it beside failed e-mail and can send it again. A
refusal the provider says is final (a number that cannot receive texts: an HTTP 4xx answer) is
failed at once, without the retries.

The backend is settings.SMS_BACKEND: the console one prints (development, the demo), the
locmem one keeps the texts in `outbox` (tests), the Twilio one posts to Twilio's REST API.
A text is kept within two segments (GSM-7, 306 characters): the letters outside the GSM
alphabet that Spanish uses (á í ó ú) are written without their accent, which keeps a segment at
153 characters instead of 67 (UCS-2); a longer text is refused before it is queued.

Inbound texts (replies, STOP) come to the app's webhook; `twilio_signature` checks that a post
is Twilio's (X-Twilio-Signature, HMAC-SHA1 with the auth token).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from datetime import timedelta
from functools import partial
from typing import ClassVar, Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ropdesk.core.mail import retry_delay
from ropdesk.core.models import SmsMessage
from ropdesk.core.types import Actor

ComposeText = Callable[[], str]  # returns the text, in the active language

MAX_SEGMENTS = 2
GSM_SINGLE, GSM_PART = 160, 153  # characters of one segment; of each part of a longer text

# The GSM 03.38 alphabet (basic set) and its extension table (each of those counts twice).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€")

# ~~ The backends ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

# The texts the locmem backend "sent" (tests empty it before each test).
outbox: list[dict[str, str]] = []


class SmsRefused(Exception):
    """The provider did not take the text. `final`: it never will (a bad number), so no retry."""

    def __init__(self, reason: str, *, final: bool = False) -> None:
        super().__init__(reason)
        self.final = final


class SmsBackend(Protocol):
    """What a backend is (settings.SMS_BACKEND names one): `send` sends one text and returns
    the provider's id of the message, or raises SmsRefused."""

    def send(self, *, to: str, body: str) -> str: ...


class ConsoleSmsBackend(SmsBackend):
    """Prints each text to the process's output (development and the demo)."""

    count: ClassVar[int] = 0

    def send(self, *, to: str, body: str) -> str:
        ConsoleSmsBackend.count += 1
        sys.stdout.write(f"SMS to {to}:\n{body}\n{'-' * 40}\n")
        sys.stdout.flush()
        return f"console-{ConsoleSmsBackend.count}"


class LocmemSmsBackend(SmsBackend):
    """Keeps each text in `outbox` (tests)."""

    def send(self, *, to: str, body: str) -> str:
        outbox.append({"to": to, "body": body})
        return f"locmem-{len(outbox)}"


class TwilioSmsBackend(SmsBackend):
    """Twilio's Programmable Messaging REST API: POST {TWILIO_API_URL}/2010-04-01/Accounts/
    {sid}/Messages.json, HTTP basic auth (account SID, auth token), form-encoded To, From (or
    MessagingServiceSid for an "MG..." sender) and Body; the answer's "sid" is the message id."""

    timeout = 20

    def send(self, *, to: str, body: str) -> str:
        sid, token, sender = (
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            settings.SMS_FROM,
        )
        if not (sid and token and sender):
            raise SmsRefused(
                "Twilio is not configured: set ROPDESK_TWILIO_ACCOUNT_SID, "
                "ROPDESK_TWILIO_AUTH_TOKEN and ROPDESK_SMS_FROM"
            )
        url = (
            f"{settings.TWILIO_API_URL.rstrip('/')}/2010-04-01/Accounts/"
            f"{urllib.parse.quote(sid)}/Messages.json"
        )
        sender_field = "MessagingServiceSid" if sender.startswith("MG") else "From"
        data = urllib.parse.urlencode({"To": to, sender_field: sender, "Body": body}).encode()
        if not url.startswith(("https://", "http://")):
            raise SmsRefused(f"ROPDESK_TWILIO_API_URL is not an http(s) address: {url}")
        request = urllib.request.Request(url, data=data, method="POST")  # noqa: S310
        credentials = base64.b64encode(f"{sid}:{token}".encode()).decode()
        request.add_header("Authorization", f"Basic {credentials}")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Accept", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                payload = json.loads(answer.read().decode() or "{}")
        except urllib.error.HTTPError as refusal:
            raise _twilio_refusal(refusal) from refusal
        except (urllib.error.URLError, TimeoutError, OSError) as failure:
            raise SmsRefused(f"Twilio could not be reached: {failure}") from failure
        message_id = str(payload.get("sid") or "")
        if not message_id:
            raise SmsRefused("Twilio answered without a message id")
        return message_id


def _twilio_refusal(refusal: urllib.error.HTTPError) -> SmsRefused:
    """Twilio's error answer ({"code": 21211, "message": "...", "status": 400}) as a reason.
    A 4xx other than 429 (too many requests) is final; 429 and 5xx are tried again."""
    try:
        payload = json.loads(refusal.read().decode() or "{}")
    except (ValueError, OSError):
        payload = {}
    code = payload.get("code", "")
    message = payload.get("message", "") or refusal.reason
    reason = f"Twilio refused ({refusal.code}{f', error {code}' if code else ''}): {message}"
    return SmsRefused(reason, final=400 <= refusal.code < 500 and refusal.code != 429)


def sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend


# ~~ Numbers and length ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~


class InvalidPhoneNumber(ValueError):
    """A number no text can go to; the message says why, in the active language."""


_SEPARATORS = re.compile(r"[\s().\-/]")


def phone_e164(number: str, *, country_code: str | None = None) -> str:
    """`number` in E.164 ("+15305550123"). Without "+" it is a number of the default country
    (ROPDESK_SMS_DEFAULT_COUNTRY_CODE, "1": the US and Canada, whose numbers have ten digits
    with an area code and exchange that start 2-9, optionally after a 1)."""
    country = country_code or settings.SMS_DEFAULT_COUNTRY_CODE
    text = _SEPARATORS.sub("", number or "")
    if not text:
        raise InvalidPhoneNumber(_("There is no phone number."))
    if text.startswith("00"):
        text = "+" + text[2:]
    plus = text.startswith("+")
    digits = text[1:] if plus else text
    if not digits.isdigit():
        raise InvalidPhoneNumber(
            _("“%(number)s” is not a phone number: only digits, spaces, dashes and brackets.")
            % {"number": number}
        )
    if not plus:
        if country == "1" and len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        digits = country + digits
    if digits.startswith("1"):
        national = digits[1:]
        if len(national) != 10 or national[0] in "01" or national[3] in "01":
            raise InvalidPhoneNumber(
                _("“%(number)s” is not a US number: it needs 10 digits, the area code first.")
                % {"number": number}
            )
    elif not 8 <= len(digits) <= 15 or digits.startswith("0"):
        raise InvalidPhoneNumber(
            _("“%(number)s” is not a phone number: E.164 has 8 to 15 digits.") % {"number": number}
        )
    return "+" + digits


def gsm_fold(text: str) -> str:
    """The text in the GSM-7 alphabet: a letter outside it written without its accent (á → a,
    í → i), typographic quotes and dashes as plain ones; what is left outside it is kept (and
    makes the text UCS-2)."""
    replacements = {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."}
    folded = []
    for char in text:
        if char in GSM_BASIC or char in GSM_EXTENDED:
            folded.append(char)
        elif char in replacements:
            folded.append(replacements[char])
        else:
            base = unicodedata.normalize("NFD", char)[0]
            folded.append(base if base in GSM_BASIC else char)
    return "".join(folded)


def segments(text: str) -> int:
    """How many segments the text takes: GSM-7 160 (153 per part), else UCS-2 70 (67)."""
    if all(c in GSM_BASIC or c in GSM_EXTENDED for c in text):
        length = sum(2 if c in GSM_EXTENDED else 1 for c in text)
        single, part = GSM_SINGLE, GSM_PART
    else:
        length = sum(2 if ord(c) > 0xFFFF else 1 for c in text)
        single, part = 70, 67
    return 1 if length <= single else -(-length // part)


class SmsTooLong(ValueError):
    """A text over MAX_SEGMENTS segments."""


def text_fit(text: str) -> str:
    """The text as it is sent (GSM-folded, spaces tidied), or SmsTooLong."""
    body = gsm_fold("\n".join(" ".join(line.split()) for line in text.strip().splitlines()))
    if segments(body) > MAX_SEGMENTS:
        raise SmsTooLong(
            _("The text is %(length)s characters: more than %(segments)s text messages.")
            % {"length": len(body), "segments": MAX_SEGMENTS}
        )
    return body


# ~~ Queue, send, retry ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~


def sms_queue(
    *, kind: str, to: str, compose: ComposeText, language: str, reference: str = ""
) -> SmsMessage:
    """Queue one text to one number, composed in `language`; sent by a task enqueued when the
    current transaction commits. Raises InvalidPhoneNumber or SmsTooLong, saving nothing."""
    number = phone_e164(to)
    with translation.override(language):
        body = text_fit(compose())
    message = SmsMessage.objects.create(
        kind=kind[:60],
        to=number,
        body=body,
        language=language,
        reference=reference[:80],
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(partial(sms_enqueue, message_id=message.pk))
    return message


def sms_enqueue(*, message_id: int, attempt_after: timedelta | None = None) -> None:
    """Hand a queued text to the worker, now or after a wait."""
    from ropdesk.core.tasks import sms_deliver

    task = sms_deliver
    if attempt_after is not None:
        task = task.using(run_after=timezone.now() + attempt_after)
    result = task.enqueue(message_id=message_id)
    SmsMessage.objects.filter(pk=message_id).update(task_id=str(result.id)[:64])


def sms_send(*, message_id: int) -> str:
    """One delivery attempt (the task's body). Returns the text's status afterwards."""
    with transaction.atomic():
        message = SmsMessage.objects.select_for_update().get(pk=message_id)
        if message.status != SmsMessage.Status.QUEUED:
            return message.status  # sent already (a duplicate task) or given up
        message.attempts += 1
        message.save(update_fields=["attempts", "updated_at"])
    try:
        provider_id = sms_backend().send(to=message.to, body=message.body)
    except SmsRefused as refusal:
        return _attempt_failed(message, str(refusal), final=refusal.final)
    except Exception as failure:  # noqa: BLE001 -- any failure of the provider is recorded
        return _attempt_failed(message, f"{type(failure).__name__}: {failure}", final=False)
    message.status = SmsMessage.Status.SENT
    message.sent_at = timezone.now()
    message.provider_id = provider_id[:64]
    message.last_error = ""
    message.next_attempt_at = None
    message.save(
        update_fields=[
            "status",
            "sent_at",
            "provider_id",
            "last_error",
            "next_attempt_at",
            "updated_at",
        ]
    )
    return message.status


def _attempt_failed(message: SmsMessage, reason: str, *, final: bool) -> str:
    message.last_error = reason[:2000]
    if final or message.attempts >= settings.ROPDESK["TASK_ATTEMPTS"]:
        message.status = SmsMessage.Status.FAILED
        message.next_attempt_at = None
    else:
        wait = retry_delay(message.attempts)
        message.next_attempt_at = timezone.now() + wait
        transaction.on_commit(lambda: sms_enqueue(message_id=message.pk, attempt_after=wait))
    message.save(update_fields=["status", "last_error", "next_attempt_at", "updated_at"])
    return message.status


def failed_texts() -> QuerySet[SmsMessage]:
    return SmsMessage.objects.filter(status=SmsMessage.Status.FAILED)


@transaction.atomic
def text_resend(*, message: SmsMessage, actor: Actor) -> SmsMessage:
    """An administrator sends a failed text again: it is queued for a fresh set of tries."""
    from ropdesk.core.services import audit_record

    message = SmsMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != SmsMessage.Status.FAILED:
        return message
    message.status = SmsMessage.Status.QUEUED
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    audit_record(actor=actor, action="sms.resend", obj=message, kind=message.kind)
    transaction.on_commit(lambda: sms_enqueue(message_id=message.pk))
    return message


# ~~ Inbound ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~


def twilio_signature(url: str, params: Mapping[str, list[str]], token: str) -> str:
    """Twilio's X-Twilio-Signature of a form post: HMAC-SHA1, keyed by the auth token, of the
    full URL followed by each parameter's name and value, sorted by name; base64."""
    payload = url + "".join(name + value for name in sorted(params) for value in params[name])
    digest = hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def twilio_signed(url: str, params: Mapping[str, list[str]], signature: str) -> bool:
    """Whether a post carries Twilio's signature. Without an auth token configured nothing
    can be checked and every post is taken (development); with one, an unsigned or wrongly
    signed post is not."""
    token = settings.TWILIO_AUTH_TOKEN
    if not token:
        return True
    if not signature:
        return False
    return hmac.compare_digest(twilio_signature(url, params, token), signature)


# Keywords by which a person stops texts (CTIA and Twilio's standard opt-out words, and the
# Spanish ones); compared on the whole reply, trimmed and in capitals, accents ignored.
STOP_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ALTO", "PARAR", "PARE"}
)


def is_stop(body: str) -> bool:
    word = unicodedata.normalize("NFD", (body or "").strip().upper())
    word = "".join(c for c in word if not unicodedata.combining(c)).strip(" .!¡")
    return word in STOP_WORDS
