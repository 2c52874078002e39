"""The documents module: a template becomes a tagged PDF/UA-1 in the shipped fonts, with the
county office in the header and page numbers in the document's language."""

from __future__ import annotations

import logging
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from ropdesk.core.models import Organization
from ropdesk.documents import pdf_response, render_pdf
from ropdesk.documents.pdf import page_label_css

pytestmark = pytest.mark.django_db

PAGE = """{% extends "documents/base.html" %}{% block content %}<h1>{{ title }}</h1>
{% for n in paragraphs %}<p>Párrafo {{ n }}: {{ text }}</p>{% endfor %}{% endblock %}"""


@pytest.fixture
def templates(settings: Any) -> dict[str, str]:
    """Test templates beside the apps' own (a locmem loader first)."""
    sources = {"test/page.html": PAGE}
    engine = {**settings.TEMPLATES[0], "APP_DIRS": False}
    engine["OPTIONS"] = {
        **engine["OPTIONS"],
        "loaders": [
            ("django.template.loaders.locmem.Loader", sources),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    }
    settings.TEMPLATES = [engine]
    return sources


def page(language: str = "en", pages: int = 1, text: str = "Texto.") -> PdfReader:
    context = {"title": "Informe de prueba", "paragraphs": range(pages * 40), "text": text}
    return PdfReader(BytesIO(render_pdf("test/page.html", context, language=language)))


def page_text(reader: PdfReader, number: int) -> str:
    return " ".join(reader.pages[number].extract_text().split())


def test_the_pdf_is_tagged_pdf_ua_with_its_language_and_title(templates):
    reader = page(language="es")
    catalog: Any = reader.trailer["/Root"]  # PDF dictionaries: pypdf types entries PdfObject
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "es"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Informe de prueba"
    document = catalog["/StructTreeRoot"]["/K"][0].get_object()
    assert document["/S"] == "/Document"
    kinds = [kid.get_object()["/S"] for kid in document["/K"]]
    assert kinds[0] == "/H1" and "/P" in kinds
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()


def test_page_numbers_and_the_county_office_head_every_page(templates):
    Organization.objects.create(kind=Organization.Kind.COUNTY, name="Condado de Prueba", code="C")
    english, spanish = page(language="en", pages=2), page(language="es", pages=2)
    assert len(english.pages) == len(spanish.pages) >= 2
    last = len(english.pages)
    # Margin boxes come after the page's content in the text.
    assert page_text(english, 1).endswith(f"Condado de Prueba Page 2 of {last}")
    assert page_text(spanish, 1).endswith(f"Condado de Prueba Página 2 de {last}")


def test_without_a_county_office_the_header_names_the_program(templates, settings):
    settings.ROPDESK = {**settings.ROPDESK, "PROGRAM_NAME": "Valle ROP"}
    assert page_text(page(pages=2), 0).endswith("Valle ROP Page 1 of 3")


def test_only_the_shipped_fonts_are_embedded_and_they_cover_every_script(templates):
    reader = page(text="Thị Ánh Nguyễn, Արամ Սարգսյան, 王小明.")
    page_resources: Any = reader.pages[0]["/Resources"]  # a PDF dictionary (see above)
    used = page_resources["/Font"]
    fonts = {str(used[name].get_object()["/BaseFont"]).split("+")[1] for name in used}
    assert fonts <= {"Ropdesk-Sans", "Ropdesk-Sans-Bold", "Ropdesk-CJK"}
    assert "Thị Ánh Nguyễn, Արամ Սարգսյան, 王小明." in page_text(reader, 0)


def test_a_pdf_fetches_nothing_but_its_shipped_fonts(templates, caplog):
    images = "".join(
        f'<img src="{url}" alt="">'
        for url in ("http://127.0.0.1:9/t.png", "/etc/hostname", "pdf.py")
    )
    templates["test/page.html"] = PAGE.replace("<h1>", images + "<h1>")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        page()
    refused = [r for r in caplog.records if "only its packaged files" in r.getMessage()]
    assert len(refused) == 3, caplog.text


def test_the_page_label_keeps_each_languages_word_order_and_escapes_quotes():
    assert page_label_css("Page %(page)s of %(pages)s") == (
        '"Page " counter(page) " of " counter(pages)'
    )
    assert page_label_css('%(pages)s" </style>') == 'counter(pages) "\\" \\3c /style>"'


def test_a_pdf_response_is_never_cached_and_keeps_its_file_name():
    inline = pdf_response(b"%PDF-1.7", filename="report-AB12.pdf")
    download = pdf_response(b"%PDF-1.7", filename="certificate-X.pdf", attachment=True)
    assert inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"] == 'inline; filename="report-AB12.pdf"'
    assert download["Content-Disposition"] == 'attachment; filename="certificate-X.pdf"'
    assert inline["Cache-Control"] == download["Cache-Control"] == "private, no-store"


def test_the_credits_page_names_the_shipped_fonts_and_their_licenses(client):
    page = client.get("/credits/").content.decode()
    assert "DejaVu Sans" in page and "Bitstream Vera license" in page
    assert "Droid Sans Fallback" in page and "Apache License 2.0" in page
