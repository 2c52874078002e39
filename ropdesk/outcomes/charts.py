"""Server-side SVG charts. Each chart is an image with a title and a text description, drawn
beside a table that holds the same numbers (the table is what a screen reader reads); bars
carry their value as text, so no meaning rests on colour alone (WCAG 1.4.1)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # a percent, 0-100; None: not shown (suppressed or no data)
    text: str  # what is written at the end of the bar


def bar_chart(
    *, title: str, description: str, bars: list[Bar], target: float | None = None
) -> SafeString:
    """Horizontal bars of percents, with an optional dashed target line."""
    row, label_width, width = 28, 200, 470
    height = row * len(bars) + 24
    scale = (width - label_width - 60) / 100
    parts = format_html_join(
        "",
        '<text x="{}" y="{}" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="16" class="chart-bar"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        (
            (
                label_width - 6,
                i * row + 16,
                bar.label[:30],
                label_width,
                i * row + 4,
                round((bar.value or 0) * scale, 1),
                label_width + round((bar.value or 0) * scale, 1) + 4,
                i * row + 16,
                bar.text,
            )
            for i, bar in enumerate(bars)
        ),
    )
    line = SafeString("")
    if target is not None:
        x = label_width + round(target * scale, 1)
        line = format_html(
            '<line x1="{}" x2="{}" y1="0" y2="{}" class="chart-target"></line>'
            '<text x="{}" y="{}" class="chart-value">{}</text>',
            x,
            x,
            height - 14,
            x + 2,
            height - 2,
            f"▲ {target:g} %",
        )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d">'
        '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}{}</svg>',
        width,
        height,
        _id(title),
        _id(title),
        _id(title),
        title,
        _id(title),
        description,
        parts,
        line,
    )


def _id(title: str) -> str:
    return "chart-" + "".join(c if c.isalnum() else "-" for c in title.lower())[:40]
