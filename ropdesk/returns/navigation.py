from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ropdesk.core.contributions import NavLink
from ropdesk.returns import access


def links(user: Any) -> list[NavLink]:
    if not access.can_get_returns(user):
        return []
    found = [NavLink(reverse("returns_home"), _("District return files"), 70)]
    if access.can_set_up_returns(user):
        found.append(NavLink(reverse("returns_setup_seids"), _("CALPADS ids and codes"), 71))
    return found
