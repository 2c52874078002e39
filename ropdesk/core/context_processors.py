"""The navigation a signed-in user sees, by role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from ropdesk.core import access
from ropdesk.core.contributions import app_modules


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu: each app's entries (ropdesk/<app>/navigation.py, core/contributions.py), in
    their order; each shown when the access function its page calls lets the user in."""
    user = request.user
    links = [link for module in app_modules("navigation") for link in module.links(user)]
    items = [(link.url, link.label) for link in sorted(links, key=lambda link: link.order)]
    return {
        "nav_items": items,
        "program_name": settings.ROPDESK["PROGRAM_NAME"],
        "current_role": access.primary_role(user) if user.is_authenticated else None,
    }
