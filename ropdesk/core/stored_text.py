"""Words the system writes into a record for people to read later ("Completed with final grade
A."), kept as a code and its arguments and put into words for each reader, in the reader's
language, rather than frozen in the language of whoever happened to cause them.

An app registers each of its messages once, at import time:

    COMPLETED = stored_text.register(
        "enrollment.completed", gettext_lazy("Completed with final grade %(grade)s.")
    )

and records `COMPLETED.say(grade="A")`: the record keeps the code, the arguments and, for
whoever reads the table without ropdesk (an export, SQL), the English words. A page shows
`stored_text.words(code, args, fallback)`: the message in the active language, or the stored
words when the code is unknown (a record from before the code existed, or a person's own
reason typed into a form, which has no code and is shown as typed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise

_MESSAGES: dict[str, Promise] = {}


@dataclass(frozen=True)
class Said:
    """One message said with its arguments: what a record stores."""

    code: str
    args: dict[str, Any] = field(default_factory=dict)

    def english(self) -> str:
        with translation.override("en"):
            return words(self.code, self.args)

    def __str__(self) -> str:
        return words(self.code, self.args)


@dataclass(frozen=True)
class Message:
    code: str

    def say(self, **args: Any) -> Said:
        return Said(self.code, args)


def register(code: str, text: Promise) -> Message:
    """A message under a code that is stored in records: never rename a code once used, and
    keep its arguments (old records carry them); the words may be improved at any time."""
    _MESSAGES[code] = text
    return Message(code)


def words(code: str, args: dict[str, Any] | None = None, fallback: str = "") -> str:
    """The message in the active language; the stored words when the code is unknown."""
    text = _MESSAGES.get(code) if code else None
    if text is None:
        return fallback
    try:
        return str(text) % (args or {})
    except (KeyError, TypeError, ValueError):
        return fallback or str(text)


def known_codes() -> list[str]:
    return sorted(_MESSAGES)
