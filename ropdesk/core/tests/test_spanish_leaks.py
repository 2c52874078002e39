"""No English of the interface on a page in Spanish.

Every role of the small county (core/tests/county.py) opens, in Spanish, each page the access
policy lets it open (the pages the authorization sweep opens), and the text a person reads —
text, and the `placeholder`, `title`, `aria-label`, `alt` and `data-label` (shown as the
column name on a phone) attributes — is checked against the interface's English: the msgids
of the main catalog and of the app catalogs whose Spanish differs from the English.

Data is not interface: text inside an element marked `lang="en"` (a course title with no
Spanish yet, core/content.py), inside `<code>`, `<pre>`, scripts and styles is skipped. A
one-word message counts only when it is a whole text (a column heading "Student"), so that a
person's or a site's name holding the word does not; a longer one counts anywhere in a text,
on word boundaries. Messages of three characters or fewer, and words that Spanish text of the
catalogs uses too ("Email", "CALPADS"), are not checked. The Django admin is Django's own
(translated by Django) and is not checked.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

import pytest

from ropdesk.core.pages import rule_for
from ropdesk.core.tests import county as c
from ropdesk.core.tests.test_authorization_sweep import (
    FILES,
    NOT_A_PAGE_TO_GET,
    NOT_THEIRS,
    SIGNS_OUT,
)
from ropdesk.core.tests.test_authorization_sweep import county as county  # noqa: F401 -- fixture
from ropdesk.core.tests.test_spanish import PO_PATH, read_po
from ropdesk.core.tests.test_spanish_catalogs import APP_CATALOGS
from ropdesk.core.tests.urlmap import pages

pytestmark = pytest.mark.django_db

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>|\n")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr", "param"}
SKIPPED = {"script", "style", "code", "pre", "textarea"}
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-label")

# Words on the pages that are a msgid of the catalogs but are data, not interface text.
DATA = {
    # A language's own name (an autonym), as the language menus show it.
    "English": "an autonym",
}


class _Reader(HTMLParser):
    """The texts of a page a person reads, without data marked lang="en"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.texts: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skipped = self._skipping() or tag in SKIPPED or values.get("lang") == "en"
        if not skipped:
            self.texts += [values[a] or "" for a in READ_ATTRIBUTES if values.get(a)]
            if (
                tag == "input"
                and values.get("type") in ("submit", "button")
                and values.get("value")
            ):
                self.texts.append(values["value"] or "")
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.texts.append(data)


def read_texts(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    return [" ".join(t.split()) for t in reader.texts if t.strip()]


def _entries() -> list[dict]:
    return [e for path in [PO_PATH, *APP_CATALOGS] for e in read_po(path) if e["msgid"]]


def interface_english() -> tuple[set[str], list[tuple[str, re.Pattern[str]]]]:
    """(one-word messages, [(longer message or fragment, its pattern)]) to look for."""
    entries = _entries()
    spanish = "\n".join(text for e in entries for text in e["msgstr"].values())
    words: set[str] = set()
    phrases: dict[str, re.Pattern[str]] = {}
    for e in entries:
        for source, index in ((e["msgid"], 0), (e["msgid_plural"], 1)):
            if not source or e["msgstr"].get(index, source) == source:
                continue
            for fragment in _PLACEHOLDER.split(source):
                fragment = " ".join(fragment.split()).strip(" :.,;()—-·")
                if len(fragment) <= 3 or not re.search(r"[a-z]", fragment):
                    continue
                bounded = re.compile(r"(?<![\w-])" + re.escape(fragment) + r"(?![\w-])")
                if bounded.search(spanish):
                    continue  # Spanish uses it too
                if " " not in fragment:
                    if fragment == source.strip(" :.,;"):
                        words.add(fragment)
                elif fragment.count(" ") >= 1 and (fragment == source or len(fragment) >= 12):
                    phrases[fragment] = bounded
    return words, sorted(phrases.items())


def leaks(
    html: str,
    words: set[str],
    phrases: list[tuple[str, re.Pattern[str]]],
    names: frozenset[str] = frozenset(),
) -> set[str]:
    """The interface's English on the page; `names` are people's names and usernames (data)."""
    found = set()
    for text in read_texts(html):
        if text in names:
            continue
        if text.strip(" :.,;") in words:
            found.add(text.strip(" :.,;"))
        for phrase, pattern in phrases:
            if phrase[0] in text and pattern.search(text):
                found.add(phrase)
    return found - set(DATA)


def test_the_reader_skips_data_marked_english_and_reads_labels():
    html = (
        '<h1>Cursos</h1><p><span lang="en">Welding Technology</span></p>'
        '<td data-label="Student">Ana</td><script>var x = "Student";</script>'
        '<input type="submit" value="Save"><br><p>Fin</p>'
    )
    assert read_texts(html) == ["Cursos", "Student", "Ana", "Save", "Fin"]


def test_a_leak_is_found_and_data_is_not_taken_for_one():
    words, phrases = interface_english()
    assert "Student" in words
    page = (
        "<h2>Sections</h2><p>Riverside Student Services Center</p><p>Course catalog</p>"
        "<p>parent</p><p>Student</p>"
    )
    assert leaks(page, words, phrases, frozenset({"parent"})) == {
        "Sections",
        "Course catalog",
        "Student",
    }


@pytest.mark.parametrize("persona", [p for p in c.PERSONAS if p != "no_role"])
def test_no_page_in_spanish_shows_english_of_the_interface(county, client, persona, caplog):  # noqa: F811
    caplog.set_level(logging.CRITICAL, logger="django.request")
    words, phrases = interface_english()
    user = county.users[persona]
    roles = frozenset(user.roles.values_list("role", flat=True))
    client.force_login(user)
    client.cookies["django_language"] = "es"
    names = frozenset(
        text for u in county.users.values() if u for text in (u.username, str(u), u.first_name)
    )
    found: dict[str, set[str]] = {}
    for page in pages(county):
        if page.name.startswith("admin:") or page.name in FILES or page.name in SIGNS_OUT:
            continue
        if page.name in NOT_A_PAGE_TO_GET or (page.name, persona) in NOT_THEIRS:
            continue
        rule = rule_for(page.name)
        if rule is None or not rule.allows(roles, signed_in=True):
            continue
        response = client.get(page.url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        english = leaks(response.content.decode(), words, phrases, names)
        if english:
            found[page.url] = english
    report = "\n".join(f"{url}: {sorted(texts)}" for url, texts in sorted(found.items()))
    assert not found, f"English on Spanish pages of the {persona}:\n{report}"
