"""The navigation a signed-in user sees, by role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from ropdesk.core.contributions import app_modules


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu: each app's entries (ropdesk/<app>/navigation.py, core/contributions.py), in
    their order; each shown when the access function its page calls lets the user in."""
    user = request.user

    def items() -> list[tuple[str, Any]]:
        links = [link for module in app_modules("navigation") for link in module.links(user)]
        return [(link.url, link.label) for link in sorted(links, key=lambda link: link.order)]

    # Built when a template shows them, once: a fragment (a row that take.js asks back, an
    # htmx part) renders without the menu and runs none of its queries.
    return {
        "nav_items": SimpleLazyObject(items),
        "program_name": settings.ROPDESK["PROGRAM_NAME"],
    }
