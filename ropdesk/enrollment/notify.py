"""The e-mails admissions sends. Services call these through transaction.on_commit, so that no
one is told about a change that was rolled back. Each message is queued through core.mail,
written in its recipient's language (their account's, else the language they applied in),
and sent by the worker: a mail server that is down never undoes or breaks the saved form."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ropdesk.core.content import shown
from ropdesk.core.mail import Compose, language_code_for, message_queue


def _send(kind: str, to: str, compose: Compose, language: str | None = None) -> None:
    message_queue(
        kind=f"enrollment.{kind}",
        to=[to],
        compose=compose,
        language=language or translation.get_language(),
    )


def _student_language(student: Any) -> str | None:
    """A student's language: their account's preference wins (core.mail), else home language."""
    return student.home_language or None


def _program() -> str:
    return settings.ROPDESK["PROGRAM_NAME"]


def set_password_url(account: Any, base_url: str) -> str:
    """Where a new student account chooses its password (Django's password-reset link)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    return f"{base_url.rstrip('/')}{path}"


def application_received(application: Any) -> None:
    def compose() -> tuple[str, str]:
        body = _(
            "Hello %(name)s,\n\nWe received your application to the %(program)s. Your "
            "reference is %(reference)s. A counselor will review it and write to you.\n"
        ) % {
            "name": application.full_name,
            "program": _program(),
            "reference": application.reference,
        }
        return _("Your application %(ref)s") % {"ref": application.reference}, body

    _send("application_received", application.email, compose)


def consent_requested(application: Any, url: str) -> None:
    def compose() -> tuple[str, str]:
        body = _(
            "Hello %(guardian)s,\n\n%(name)s applied to the %(program)s. Because %(name)s is under "
            "18, we need the consent of a parent or guardian. Please read the application and give "
            "your consent here:\n\n%(url)s\n\nStudents provide their own transportation to class.\n"
            "If you did not expect this message, you can ignore it.\n"
        ) % {
            "guardian": application.guardian_name or _("parent or guardian"),
            "name": application.full_name,
            "program": _program(),
            "url": url,
        }
        subject = _("Consent needed for %(name)s's ROP application") % {
            "name": application.full_name
        }
        return subject, body

    # The family's language: the parent's account, if any, decides (core.mail), else the
    # language spoken at home given on the application, else the language it was filled in.
    _send(
        "consent_requested",
        application.guardian_email,
        compose,
        language_code_for(application.home_language) or translation.get_language(),
    )


def admitted(enrollment: Any, account_url: str) -> None:
    student = enrollment.student

    def compose() -> tuple[str, str]:
        if enrollment.status == "waitlisted":
            news = _(
                "You were admitted to %(course)s. The section is full, so you are on its waitlist; "
                "we will write to you as soon as a seat opens."
            )
        else:
            news = _("You were admitted and have a seat in %(course)s (section %(section)s).")
        body = (
            _("Hello %(name)s,") % {"name": student.full_name}
            + "\n\n"
            + news
            % {
                "course": shown(enrollment.section.course, "title"),
                "section": enrollment.section.code,
            }
            + "\n"
        )
        if account_url:
            body += "\n" + _(
                "Choose a password for your student account here, then sign in to see your "
                "schedule:\n\n%(url)s\n"
            ) % {"url": account_url}
        return _("Your ROP application was accepted"), body

    _send("admitted", student.email, compose, _student_language(student))


def promoted(enrollment: Any) -> None:
    student = enrollment.student

    def compose() -> tuple[str, str]:
        body = _(
            "Hello %(name)s,\n\nA seat opened in %(course)s (section %(section)s), and it is "
            "yours. Sign in to see your schedule.\n"
        ) % {
            "name": student.full_name,
            "course": shown(enrollment.section.course, "title"),
            "section": enrollment.section.code,
        }
        return _("A seat opened for you"), body

    _send("promoted", student.email, compose, _student_language(student))
