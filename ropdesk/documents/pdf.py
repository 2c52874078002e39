"""HTML to PDF: `render_pdf` for builders, `pdf_response` for views.

Templates extend "documents/base.html", which sets the page, the header with the county
office's name, the page numbers in the document's language, and the shipped fonts
(fonts/README.md). The PDF is PDF/UA-1: tagged from the HTML's structure, with the language
and title in its catalog, so a screen reader reads it in order (Section 508; WCAG 2.1 AA).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.request import url2pathname

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

PACKAGE_DIR = Path(__file__).resolve().parent
FONTS_DIR = PACKAGE_DIR / "fonts"
# PDF/UA-1 (ISO 14289-1): tagged structure, document language and title, embedded fonts.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(template: str, context: Mapping[str, Any], *, language: str) -> bytes:
    """The PDF of `template` (which extends documents/base.html) in `language`.

    The context should hold `title`: it becomes the PDF's title, which PDF/UA requires."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    with translation.override(language):
        html = render_to_string(template, {**_frame(language), **context})
    document = HTML(string=html, base_url=PACKAGE_DIR.as_uri() + "/", url_fetcher=_fetcher())
    return document.write_pdf(font_config=FontConfiguration(), pdf_variant=PDF_VARIANT)


def pdf_response(content: bytes, *, filename: str, attachment: bool = False) -> HttpResponse:
    """A PDF download. Never cached: every ropdesk PDF may name a person."""
    response = HttpResponse(content, content_type="application/pdf")
    disposition = content_disposition_header(attachment, filename)
    if disposition is not None:  # None only without a file name shown inline
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    return response


def office_name() -> str:
    """The county office's name for the header; the program's name until one is set up."""
    from ropdesk.core.models import Organization  # not at import: the app loads first

    county = Organization.objects.filter(kind=Organization.Kind.COUNTY).first()
    return county.name if county else str(settings.ROPDESK["PROGRAM_NAME"])


def _frame(language: str) -> dict[str, Any]:
    return {
        "language": language,
        "office_name": office_name(),
        "page_label_css": page_label_css(_("Page %(page)s of %(pages)s")),
    }


def page_label_css(label: str) -> SafeString:
    """'Page %(page)s of %(pages)s' (translated) as a CSS `content` value with the page
    counters in place, so each language keeps its own word order."""
    parts = re.split(r"(%\((?:page|pages)\)s)", label)
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    values = [counters.get(part) or _css_string(part) for part in parts if part]
    return mark_safe(" ".join(values))  # noqa: S308 - every piece is a quoted CSS string


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'"{escaped}"'


def _packaged_file(url: str) -> Path:
    """Only the shipped fonts: a PDF never reaches the network or another file, whatever a
    template or a user's text may name."""
    path = Path(url2pathname(url.removeprefix("file:"))).resolve()
    if not url.startswith("file:") or not path.is_relative_to(FONTS_DIR) or not path.is_file():
        raise ValueError(f"a PDF loads only its packaged files, not {url}")
    return path


def _fetcher() -> URLFetcher:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PackagedFilesFetcher(URLFetcher):
        def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
            return URLFetcherResponse(url, body=_packaged_file(url).read_bytes())

    return PackagedFilesFetcher()
