"""Typed readers for the settings that come from the environment.

settings.py reads every `ROPDESK_*` variable through one `Env`: each reader returns a value of
its type, and a value that is not of that type (`ROPDESK_SECURE_COOKIES=ture`,
`ROPDESK_REVENUE_PER_ADA=lots`) is recorded rather than guessed at. `Env.raise_if_invalid()`
then stops the start-up with one message that names every bad variable and its value, so
`ropdesk check`, the web server and the worker refuse to run on a typo instead of running with
a silently different rule. This module imports nothing from Django's models: settings.py
imports it before Django is set up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_MMDD = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


class InvalidEnvironment(ImproperlyConfigured):
    """One or more environment variables hold a value of the wrong kind."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "ropdesk cannot start: fix these environment variables (docs/operations.md):\n"
            + "\n".join(f"  - {problem}" for problem in problems)
        )


@dataclass
class Env:
    """Reads variables from `environ` (os.environ by default) and collects the problems."""

    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    problems: list[str] = field(default_factory=list)

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        return None if value is None else value.strip()

    def _bad(self, name: str, value: str, expected: str) -> None:
        self.problems.append(f"{name}={value!r} is not {expected}.")

    def text(self, name: str, default: str) -> str:
        value = self.environ.get(name)
        return default if value is None else value

    def boolean(self, name: str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        if value.lower() in TRUE_WORDS:
            return True
        if value.lower() not in FALSE_WORDS:
            self._bad(name, value, "a boolean (true/false, yes/no, on/off, 1/0)")
            return default
        return False

    def integer(self, name: str, default: int, *, minimum: int = 0) -> int:
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            self._bad(name, value, "a whole number")
            return default
        if number < minimum:
            self._bad(name, value, f"a whole number of at least {minimum}")
            return default
        return number

    def decimal(self, name: str, default: str) -> str:
        """A decimal number, kept as its text (services read it with Decimal(...))."""
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or number < 0:
            self._bad(name, value, "a decimal number such as 2100.00 (no currency sign)")
            return default
        return value

    def address(self, name: str, schemes: tuple[str, ...], expected: str) -> str:
        """An address (URL) starting with one of `schemes`, or "" when unset."""
        value = self._raw(name)
        if not value:
            return ""
        if not value.startswith(schemes):
            self._bad(name, value, expected)
            return ""
        return value

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self._raw(name)
        if value is None:
            return default
        if value not in choices:
            self._bad(name, value, "one of " + ", ".join(choices))
            return default
        return value

    def time_of_day(self, name: str, default: str) -> str:
        """A time of day HH:MM (24-hour), kept as its text."""
        value = self._raw(name)
        if value is None:
            return default
        if not _HHMM.match(value):
            self._bad(name, value, "a time HH:MM (24-hour, e.g. 07:30)")
            return default
        return value

    def month_day(self, name: str, default: str) -> str:
        value = self._raw(name)
        if value is None:
            return default
        if not _MMDD.match(value):
            self._bad(name, value, "a month and day MM-DD (e.g. 12-31)")
            return default
        return value

    def items(self, name: str, default: str = "") -> list[str]:
        value = self.environ.get(name, default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def raise_if_invalid(self) -> None:
        if self.problems:
            raise InvalidEnvironment(self.problems)
