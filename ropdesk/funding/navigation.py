"""The funding menu entry: the ADA report."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ropdesk.core import access
from ropdesk.core.contributions import NavLink
from ropdesk.core.types import Actor


def links(user: Actor) -> list[NavLink]:
    if user.is_authenticated and access.can_see_ada_report(user):
        return [NavLink(reverse("ada_report"), _("ADA report"), 63)]
    return []
