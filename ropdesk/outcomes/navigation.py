"""The outcomes entry of the menu, for whoever may see the figures."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ropdesk.core.contributions import NavLink
from ropdesk.outcomes.access import can_see_outcomes


def links(user: Any) -> list[NavLink]:
    if not can_see_outcomes(user):
        return []
    return [NavLink(reverse("outcomes_home"), _("Outcomes"), order=70)]
