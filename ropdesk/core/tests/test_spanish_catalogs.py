"""One translation per message: the main catalog and the app catalogs (marks, outcomes,
partners, portfolio, returns) never give the same msgid (in the same context) two Spanish
texts. Django looks in the main catalog first (LOCALE_PATHS), then in the apps in
INSTALLED_APPS order, so a second text would never show: the page would read whichever
catalog comes first, not the one written for it. A word with two meanings ("Minutes" of a
meeting, "Import" as a button or as the name of a job) takes a context (pgettext)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from ropdesk.core.tests.test_spanish import PO_PATH, read_po

APP_CATALOGS = sorted(Path(settings.BASE_DIR).glob("*/locale/es/LC_MESSAGES/django.po"))


def _keyed(path: Path) -> dict[tuple[str | None, str], dict[int, str]]:
    return {(e.get("msgctxt"), e["msgid"]): e["msgstr"] for e in read_po(path) if e["msgid"]}


def test_the_app_catalogs_are_found():
    assert {p.parts[-5] for p in APP_CATALOGS} >= {"marks", "outcomes", "partners", "portfolio"}


def test_no_message_has_two_spanish_texts():
    catalogs = {"main": _keyed(PO_PATH)} | {p.parts[-5]: _keyed(p) for p in APP_CATALOGS}
    seen: dict[tuple[str | None, str], tuple[str, dict[int, str]]] = {}
    twice = []
    for name, entries in catalogs.items():
        for key, text in entries.items():
            if key in seen and seen[key][1] != text:
                twice.append((key, seen[key][0], seen[key][1], name, text))
            seen.setdefault(key, (name, text))
    assert not twice, f"{len(twice)} messages with two translations, e.g. {twice[:5]}"
