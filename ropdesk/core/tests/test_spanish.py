"""Spanish works: the catalog is complete, Django serves it, and pages come out in Spanish.

The .mo file is compiled from the .po by `make translations`; these tests read both, so a
catalog edited but not compiled fails here too.
"""

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from ropdesk.core.tests import factories as f

PO_PATH = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES" / "django.po"

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$')
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\w+\}|<[^>]+>")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def read_po(path: Path = PO_PATH) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr {index: text}, flags.
    Obsolete (#~) entries are skipped. Enough of the format for a catalog makemessages wrote."""
    entries: list[dict] = []
    entry: dict | None = None
    key: tuple | None = None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line and entry is not None and "msgid" in entry:
                entries.append(entry)
                entry = None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}, "msgid_plural": None}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match:
            keyword, index, text = match.groups()
            key = ("msgstr", int(index or 0)) if keyword.startswith("msgstr") else (keyword,)
            if key[0] != "msgstr":
                entry[key[0]] = ""
        elif line.startswith('"') and line.endswith('"') and key is not None:
            text = line[1:-1]
        else:
            raise AssertionError(f"Unreadable line in {path.name}: {raw!r}")
        if key[0] == "msgstr":
            entry["msgstr"][key[1]] = entry["msgstr"].get(key[1], "") + _unescape(text)
        else:
            entry[key[0]] += _unescape(text)
    return entries


@pytest.fixture(scope="module")
def catalog() -> list[dict]:
    assert PO_PATH.exists(), f"{PO_PATH} is missing: run `make messages`"
    return read_po()


@pytest.fixture(scope="module")
def es(catalog) -> dict[str, str]:
    """msgid → Spanish text of the singular entries."""
    return {e["msgid"]: e["msgstr"][0] for e in catalog if e["msgid"] and not e["msgid_plural"]}


@pytest.fixture(scope="module")
def es_plural(catalog) -> dict[str, list[str]]:
    """msgid (singular) → [singular, plural] Spanish texts."""
    return {e["msgid"]: [e["msgstr"][0], e["msgstr"][1]] for e in catalog if e["msgid_plural"]}


def spanish_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


# The catalog file ----------------------------------------------------------------------------


def test_header_declares_spanish_with_two_plural_forms(catalog):
    header = catalog[0]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    text = header["msgstr"][0]
    assert "Language: es\n" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in text


def test_every_message_is_translated_and_none_is_fuzzy(catalog):
    messages = catalog[1:]
    assert len(messages) > 100, "the catalog looks truncated"
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    empty = [
        e["msgid"]
        for e in messages
        if not e["msgstr"]
        or any(not text.strip() for text in e["msgstr"].values())
        or (e["msgid_plural"] and sorted(e["msgstr"]) != [0, 1])
    ]
    assert not fuzzy, f"{len(fuzzy)} fuzzy translations, e.g. {fuzzy[:5]}"
    assert not empty, f"{len(empty)} untranslated messages, e.g. {empty[:5]}"


def test_translations_keep_every_placeholder_and_tag(catalog):
    wrong: list[tuple[Any, ...]] = []
    for e in catalog[1:]:
        sources = {0: e["msgid"], 1: e["msgid_plural"] or e["msgid"]}
        for index, text in e["msgstr"].items():
            expected = sorted(_PLACEHOLDER.findall(sources[min(index, 1)]))
            found = sorted(_PLACEHOLDER.findall(text))
            if found != expected:
                wrong.append((e["msgid"], index, expected, found))
            if text.endswith("\n") != e["msgid"].endswith("\n"):
                wrong.append((e["msgid"], index, "trailing newline"))
    assert not wrong, wrong[:5]


def test_django_serves_the_compiled_catalog(catalog):
    """Every entry comes back from gettext as the .po says; fails if the .mo is stale."""
    stale = []
    with translation.override("es"):
        for e in catalog[1:]:
            context = e.get("msgctxt")
            if e["msgid_plural"]:
                got: list[str] | str = [
                    translation.npgettext(context, e["msgid"], e["msgid_plural"], n)
                    if context is not None
                    else translation.ngettext(e["msgid"], e["msgid_plural"], n)
                    for n in (1, 2)
                ]
                want: list[str] | str = [e["msgstr"][0], e["msgstr"][1]]
            elif context is not None:
                got, want = translation.pgettext(context, e["msgid"]), e["msgstr"][0]
            else:
                got, want = translation.gettext(e["msgid"]), e["msgstr"][0]
            if got != want:
                stale.append(e["msgid"])
    assert not stale, (
        f"{len(stale)} messages differ from the compiled catalog (run `make translations`), "
        f"e.g. {stale[:5]}"
    )


# Pages -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_in_spanish(client, es):
    html = spanish_client(client).get("/").content.decode()
    assert '<html lang="es"' in html
    assert "Tres maneras de aprender" in html
    for msgid in (
        "Three ways to learn",
        "Classroom only",
        "Community classroom",
        "Cooperative vocational education",
        "Browse the course catalog",
        "Skip to main content",
        "Non-discrimination notice",
    ):
        assert escape(es[msgid]) in html, msgid
        assert msgid not in html
    assert "Educación vocacional cooperativa" in html
    assert "Aula comunitaria" in html


@pytest.mark.django_db
def test_catalog_page_in_spanish(client, es, es_plural):
    f.course(title="Certified Nursing Assistant", cc=True)
    html = spanish_client(client).get("/catalog/").content.decode()
    assert '<html lang="es"' in html
    assert "<h1>Catálogo de cursos</h1>" in html
    assert f"<h1>{escape(es['Course catalog'])}</h1>" in html
    for msgid in ("Keywords", "Industry sector", "All sectors", "All pathways", "Search"):
        assert escape(es[msgid]) in html, msgid
    assert "Course catalog" not in html and "Keywords" not in html
    # One course: the singular form; hours and the instruction modes in Spanish.
    found = es_plural["%(counter)s course found"]
    assert escape(found[0] % {"counter": 1}) in html
    assert "Se encontró 1 curso" in html
    assert escape(es["%(hours)s hours"] % {"hours": 180}) in html
    assert escape(es["Community classroom"]) in html


@pytest.mark.django_db
def test_catalog_uses_the_spanish_plural_for_zero(client, es, es_plural):
    html = spanish_client(client).get("/catalog/", {"q": "no such course"}).content.decode()
    assert escape(es_plural["%(counter)s course found"][1] % {"counter": 0}) in html
    assert "Se encontraron 0 cursos" in html
    assert escape(es["No course matches. Try fewer words or another sector."]) in html


@pytest.mark.django_db
def test_choosing_spanish_in_the_language_form(client, es):
    before = client.get("/catalog/").content.decode()
    assert '<html lang="en"' in before and "<h1>Course catalog</h1>" in before

    response = client.post("/i18n/setlang/", {"language": "es", "next": "/catalog/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/catalog/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert f"<h1>{escape(es['Course catalog'])}</h1>" in html
    assert "<h1>Course catalog</h1>" not in html

    # The choice sticks for the next page.
    home = client.get("/").content.decode()
    assert '<html lang="es"' in home
    assert escape(es["Three ways to learn"]) in home
