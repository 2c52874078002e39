"""What the apps above core contribute to shared screens, found by convention.

Core is the ground floor and imports no app above it (the import contract in `make lint`).
Where a shared screen needs every app's part (the page table, the menu, "needs attention"),
each app keeps its part in a module of a known name and core finds it among the installed
apps, the way Django's admin finds `admin.py`:

- `ropdesk/<app>/pages.py`: `PAGES`, the app's rows of the page table (core/pages.py);
- `ropdesk/<app>/navigation.py`: `links(user) -> list[NavLink]`, the menu entries the user may
  open, each decided by the same access function its view calls;
- `ropdesk/<app>/attention.py`: `items(user) -> list[Attention]`, the work waiting for the user;
- `ropdesk/<app>/evidence.py`: `TABLES`, a dict of topic -> `provider(user=, years=)` giving
  `EvidenceTable`s an app above or beside it shows (e.g. the outcomes indicators that the
  partners app's needs assessment shows as its "student performance" evidence).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.apps import apps

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@cache
def app_modules(name: str) -> tuple[ModuleType, ...]:
    """The `name` module of each installed ropdesk app that has one, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("ropdesk."):
            continue
        module = f"{config.name}.{name}"
        if find_spec(module) is not None:
            found.append(import_module(module))
    return tuple(found)


@dataclass(frozen=True)
class NavLink:
    url: str
    label: StrOrPromise  # a lazy translation, read in the user's language when shown
    order: int = 50  # lower comes first


@dataclass(frozen=True)
class Attention:
    """One kind of work waiting for the user: how many, where it is done, when it is due."""

    label: str
    count: int
    url: str
    due: date | None = None  # the nearest deadline among them, if any


@dataclass(frozen=True)
class EvidenceTable:
    """A table of figures one app offers another as evidence (already in the user's words)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source: str = ""  # where the figures come from, for the reader

    @property
    def labelled(self) -> list[list[tuple[str, str]]]:
        """Each row's cells with their column's name (for tables that stack on a phone)."""
        return [list(zip(self.columns, row, strict=False)) for row in self.rows]


def evidence_tables(topic: str, **arguments: Any) -> list[EvidenceTable]:
    """Every installed app's tables on `topic`; none when no app offers any."""
    found: list[EvidenceTable] = []
    for module in app_modules("evidence"):
        provider = getattr(module, "TABLES", {}).get(topic)
        if provider is not None:
            found.extend(provider(**arguments))
    return found
