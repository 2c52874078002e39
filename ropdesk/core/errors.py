"""Error pages in the site's layout and the visitor's language, with a way back.

Django's own handlers render 404/403/400 with the request but 500 without it (so a broken
context processor cannot break the error page too). Ours render every page with the request,
and the 500 page falls back to a page that needs nothing when the layout itself fails.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Used when even the site layout cannot be rendered (the database is down, say).
BARE_500 = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
<body><main><h1>{title}</h1><p>{body}</p><p><a href="/">{home}</a></p></main></body></html>"""


def _page(request: HttpRequest, status: int) -> HttpResponse:
    body = loader.render_to_string(f"errors/{status}.html", {"status": status}, request)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return _page(request, 500)
    except Exception:  # the layout needs the database and the session; neither may work now
        logger.exception("The 500 page could not be rendered in the site layout")
        html = BARE_500.format(
            lang=getattr(request, "LANGUAGE_CODE", "en"),
            title=_("Something went wrong on our side"),
            body=_("Nothing you did caused this. Please try again in a few minutes."),
            home=_("Go to the start page"),
        )
        return HttpResponse(html, status=500)
