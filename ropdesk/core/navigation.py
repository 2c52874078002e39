"""Core's menu entries: the Django admin and failed e-mail and texts (core/contributions.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ropdesk.core import access, mail, sms
from ropdesk.core.contributions import NavLink
from ropdesk.core.types import Actor


def links(user: Actor) -> list[NavLink]:
    if not user.is_authenticated:
        return []
    items = []
    if access.can_use_admin(user):
        items.append(NavLink(reverse("admin:index"), _("Administration"), 90))
    # Shown only while some e-mail or text message could not be sent.
    if access.can_resend_mail(user) and (
        # One query for both: SELECT ... UNION SELECT ... LIMIT 1.
        mail.failed_messages().values("pk").union(sms.failed_texts().values("pk")).exists()
    ):
        items.append(NavLink(reverse("mail_failed"), _("Failed e-mail"), 91))
    return items
