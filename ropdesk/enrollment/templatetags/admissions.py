"""Small helpers for the admissions templates."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


@register.filter
def widget_kind(bound_field: Any) -> str:
    """How a field is laid out: a group of choices (fieldset), a single checkbox, or a box."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "box"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None
