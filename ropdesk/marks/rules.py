"""The rules of marks and credits: which marks exist, which earn credit, which pass a capstone."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings

# The marks a California high school transcript carries: letter grades with plus and minus,
# Pass / No Pass and Incomplete (the CALPADS Student Course Final Grade code set has the same
# values; docs/district-returns.md marks which of its codes were confirmed).
LETTERS = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"]
MARKS = [*LETTERS, "P", "NP", "I"]
NO_CREDIT = frozenset({"F", "NP", "I"})
# A CTE completer passes the capstone "with a grade of C- or better" (anchors-wave2.md 3.1;
# CDE, CTE completer definition).
CAPSTONE_PASSING = frozenset({*LETTERS[: LETTERS.index("C-") + 1], "P"})


def earns_credit(mark: str) -> bool:
    """F, No Pass and Incomplete earn no credit; every other mark earns the course's credits."""
    return mark not in NO_CREDIT


def passes_capstone(mark: str) -> bool:
    return mark in CAPSTONE_PASSING


def credit_value(course: Any) -> Decimal:
    """The credits a section of `course` is worth: the course's own value, or the program's
    default (ROPDESK["MARKS_DEFAULT_CREDITS"]; ROP credits count toward the diploma, EC 52310)."""
    own = getattr(course, "credit", None)
    if own is not None:
        return Decimal(own.credits)
    return Decimal(settings.ROPDESK["MARKS_DEFAULT_CREDITS"])


def credits_for(mark: str, value: Decimal) -> Decimal:
    """The credits earned by default for a mark in a section worth `value`."""
    return value if earns_credit(mark) else Decimal("0.00")
