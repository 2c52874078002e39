"""`{{ amount|money }}` → $1,736,920.00, `{{ amount|money:0 }}` → $1,736,920 (core/formatting.py).
Loaded on every template (settings TEMPLATES "builtins")."""

from __future__ import annotations

from decimal import Decimal

from django import template

from ropdesk.core.formatting import money_text

register = template.Library()


@register.filter
def money(amount: Decimal | float | int | None, cents: int = 2) -> str:
    if amount is None or amount == "":
        return ""
    return money_text(amount, cents=bool(cents))
