"""The daily follow-up reminder of job applications (core/schedule.py runs it)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from ropdesk.core.mail import message_queue
from ropdesk.portfolio.credentials import public_url
from ropdesk.portfolio.models import JobApplication
from ropdesk.portfolio.services import applications_due


def follow_ups_send(*, today: date) -> str:
    """Mail each student whose application's follow-up day is today."""
    sent = 0
    for application in applications_due(today):
        student = application.student
        address = student.email or (student.user.email if student.user_id else "")
        if not address:
            continue
        link = public_url(reverse("portfolio_student", args=[student.pk]) + "#applications")

        def compose(application: JobApplication = application, link: str = link) -> tuple[str, str]:
            subject = _("Follow up on your application: %(position)s") % {
                "position": application.position
            }
            body = _(
                "Today is the day you planned to follow up with %(employer)s about "
                "“%(position)s”. A short call or e-mail shows you are interested.\n\n%(link)s\n"
            ) % {
                "employer": application.employer_name,
                "position": application.position,
                "link": link,
            }
            return subject, body

        sent += len(message_queue(kind="portfolio_follow_up", to=[address], compose=compose))
    return f"{sent} follow-up reminders"
