"""The one way ropdesk sends e-mail.

`message_queue(...)` writes one MailMessage per recipient, composed in that recipient's
language, and once the surrounding transaction commits enqueues a task that sends it
(`mail_send`, run by the worker). A refused or unreachable mail server therefore never breaks
the page that saved something: the message waits, is tried again with growing waits
(ROPDESK["TASK_RETRY_DELAYS"]) and, after the last attempt, is marked failed with the reason,
where administrators see it and can send it again (/mail/failed/).

Django's password-reset form sends its own mail through the same mail backend, directly:
that form shows the person its result at once, so it stays on Django's path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from ropdesk.core.models import MailMessage, User
from ropdesk.core.types import Actor

Compose = Callable[[], tuple[str, str]]  # returns (subject, body), in the active language

# A language written out ("Spanish", as the application form's home language) to its code.
_LANGUAGE_NAMES = {"english": "en", "spanish": "es", "español": "es", "espanol": "es"}


def language_code_for(text: str) -> str | None:
    """A language code of settings.LANGUAGES from a code or a name ("es", "Spanish"), or None."""
    value = (text or "").strip().lower()
    codes = {code for code, _name in settings.LANGUAGES}
    if value in codes:
        return value
    return _LANGUAGE_NAMES.get(value)


def mail_language(address: str, fallback: str | None = None) -> str:
    """The language to write to `address` in: the preferred language of the account with that
    address, else the fallback (what the person chose on the form), else the site's."""
    preferred = (
        User.objects.filter(email__iexact=address, is_active=True)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return (
        language_code_for(preferred or "")
        or language_code_for(fallback or "")
        or settings.LANGUAGE_CODE
    )


def message_queue(
    *, kind: str, to: Iterable[str], compose: Compose, language: str | None = None
) -> list[MailMessage]:
    """Queue one message per address, composed in each recipient's language; each is sent by
    a task enqueued when the current transaction commits."""
    messages = []
    for address in sorted({a.strip() for a in to if a and a.strip()}):
        code = mail_language(address, language)
        with translation.override(code):
            subject, body = compose()
        message = MailMessage.objects.create(
            kind=kind[:60],
            to=address,
            subject=" ".join(subject.split())[:250],
            body=body,
            language=code,
            next_attempt_at=timezone.now(),
        )
        transaction.on_commit(partial(mail_enqueue, message_id=message.pk))
        messages.append(message)
    return messages


def mail_enqueue(*, message_id: int, attempt_after: timedelta | None = None) -> None:
    """Hand a queued message to the worker, now or after a wait."""
    from ropdesk.core.tasks import mail_deliver

    task = mail_deliver
    if attempt_after is not None:
        task = task.using(run_after=timezone.now() + attempt_after)
    result = task.enqueue(message_id=message_id)
    MailMessage.objects.filter(pk=message_id).update(task_id=str(result.id)[:64])


def retry_delay(attempt: int) -> timedelta:
    """The wait after failed attempt `attempt` (1, 2, ...): the configured steps, then the last."""
    delays: list[int] = settings.ROPDESK["TASK_RETRY_DELAYS"]
    return timedelta(seconds=delays[min(attempt, len(delays)) - 1])


def mail_send(*, message_id: int) -> str:
    """One delivery attempt (the task's body). Returns the message's status afterwards."""
    with transaction.atomic():
        message = MailMessage.objects.select_for_update().get(pk=message_id)
        if message.status != MailMessage.Status.QUEUED:
            return message.status  # sent already (a duplicate task) or given up
        message.attempts += 1
        message.save(update_fields=["attempts", "updated_at"])
    try:
        send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to])
    except Exception as failure:  # noqa: BLE001 -- any refusal of the mail server is recorded
        return _attempt_failed(message, f"{type(failure).__name__}: {failure}")
    message.status = MailMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.next_attempt_at = None
    message.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at", "updated_at"])
    return message.status


def _attempt_failed(message: MailMessage, reason: str) -> str:
    message.last_error = reason[:2000]
    if message.attempts >= settings.ROPDESK["TASK_ATTEMPTS"]:
        message.status = MailMessage.Status.FAILED
        message.next_attempt_at = None
    else:
        wait = retry_delay(message.attempts)
        message.next_attempt_at = timezone.now() + wait
        transaction.on_commit(lambda: mail_enqueue(message_id=message.pk, attempt_after=wait))
    message.save(update_fields=["status", "last_error", "next_attempt_at", "updated_at"])
    return message.status


def failed_messages() -> QuerySet[MailMessage]:
    return MailMessage.objects.filter(status=MailMessage.Status.FAILED)


@transaction.atomic
def message_resend(*, message: MailMessage, actor: Actor) -> MailMessage:
    """An administrator sends a failed message again: it is queued for a fresh set of tries."""
    from ropdesk.core.services import audit_record

    message = MailMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != MailMessage.Status.FAILED:
        return message
    message.status = MailMessage.Status.QUEUED
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    audit_record(actor=actor, action="mail.resend", obj=message, kind=message.kind)
    transaction.on_commit(lambda: mail_enqueue(message_id=message.pk))
    return message


def mail_requeue_stranded(*, older_than: timedelta) -> int:
    """Queued messages whose task was lost (the process stopped between the commit and the
    enqueue, or the worker died mid-send) are handed to the worker again."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from ropdesk.core.tasks import mail_deliver

    cutoff = timezone.now() - older_than
    # A send takes seconds: a task still "running" after the cutoff belongs to a worker that
    # was killed mid-send, and will never finish. It is closed as failed and its message sent
    # again (at least once: a message whose send completed just before the kill goes twice).
    DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        task_path=mail_deliver.module_path,
        started_at__lt=cutoff,
    ).update(status=TaskResultStatus.FAILED, finished_at=timezone.now())
    waiting = {
        str(task_id)
        for task_id in DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        ).values_list("id", flat=True)
    }
    stranded = [
        pk
        for pk, task_id in MailMessage.objects.filter(
            status=MailMessage.Status.QUEUED, next_attempt_at__lt=cutoff, updated_at__lt=cutoff
        ).values_list("pk", "task_id")
        if task_id not in waiting
    ]
    for pk in stranded:
        MailMessage.objects.filter(pk=pk).update(next_attempt_at=timezone.now())
        mail_enqueue(message_id=pk)
    return len(stranded)
