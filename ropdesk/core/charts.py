"""Server-side SVG charts, for every app: horizontal bars, stacked bars and lines.

Each chart is drawn from Python data as inline SVG (no JavaScript) and comes with a table
holding the same numbers:

- the SVG is an image (role="img") named by its <title> and described by its <desc>; a screen
  reader reads the table, which is the chart's text alternative (WCAG 1.1.1);
- every bar and point carries its value as text, series differ by pattern, line style and
  marker shape as well as by colour, and a legend names them, so no meaning rests on colour
  alone (WCAG 1.4.1); the colours have at least 3:1 contrast with the white page (1.4.11),
  the text at least 4.5:1 (1.4.3);
- the SVG has a viewBox and no fixed width, so it shrinks to a 390-px phone; it is drawn
  400 units wide, about its width on a phone, so that its text stays readable there;
- colours are presentation attributes, not styles: the site's Content-Security-Policy allows
  no inline style (core/middleware.py), and attributes are not styles.

`bar_chart`, `stacked_bar_chart` and `line_chart` return a `Chart`: `{{ chart }}` in a
template writes a <figure> with the SVG and the table in a <details> beside it;
`{{ chart.svg }}` and `{{ chart.table }}` write one part (a page that already shows its own
table uses `.svg`).
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

WIDTH = 400  # viewBox units; about a phone's width in CSS pixels
INK = "#1b1f24"  # text: 16:1 on white
MUTED = "#4d5560"  # axes and grid: 7.5:1 on white
FONT = 13
SMALL = 11

# Each series' look: fill, the pattern drawn over it (or none), line dash, marker shape.
# Fills have at least 3:1 contrast with white (brand blue 8.6:1, green 6.9:1, brown 7.3:1,
# purple 8.4:1); a segment is also told apart by its pattern and the legend.
STYLES = (
    {"fill": "#0b4f8a", "pattern": "", "dash": "", "marker": "circle"},
    {"fill": "#0b6b3a", "pattern": "stripes", "dash": "6 4", "marker": "square"},
    {"fill": "#8a3b00", "pattern": "dots", "dash": "2 3", "marker": "triangle"},
    {"fill": "#4b2a80", "pattern": "cross", "dash": "10 3 2 3", "marker": "diamond"},
)


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None: not drawn, e.g. a suppressed cell) and, if given,
    the text written at its end (otherwise the value, formatted)."""

    label: str
    value: float | None
    text: str = ""


@dataclass(frozen=True)
class Stack:
    """One stacked bar: its label and one value per series (None counts as 0)."""

    label: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Series:
    """One line of a line chart: its name and one value per x label (None: no point)."""

    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the SVG, the table of its numbers, and the two together."""

    title: str
    svg: SafeString
    table: SafeString

    def __html__(self) -> str:
        return format_html(
            '<figure class="chart-figure"><figcaption>{}</figcaption>{}'
            '<details class="chart-data"><summary>{}</summary>{}</details></figure>',
            self.title,
            self.svg,
            _("The numbers of this chart"),
            self.table,
        )

    def __str__(self) -> str:
        return self.__html__()


def number(value: float | None, decimals: int = 0) -> str:
    """A value as people read it in the active language (thousands separators), or a dash."""
    if value is None:
        return "—"
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


# --- Horizontal bars ------------------------------------------------------------------------


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[Bar],
    label_heading: str = "",
    value_heading: str = "",
    maximum: float | None = None,
    target: float | None = None,
    target_text: str = "",
    decimals: int = 0,
    key: str = "",
) -> Chart:
    """One horizontal bar per row, its label above it and its value at its end. `maximum`
    is the value of a full bar (100 for percents); by default the largest value. `target`
    draws a dashed line at that value, labelled `target_text`."""
    chart_id = _id(title, key, [(b.label, b.value) for b in bars])
    top = maximum if maximum is not None else max((b.value or 0 for b in bars), default=0)
    top = max(top, target or 0) or 1
    room = WIDTH - 90  # the longest bar leaves room for its value
    row = 40
    height = row * len(bars) + (22 if target is not None else 6)
    texts = [b.text or number(b.value, decimals) for b in bars]
    rows = format_html_join(
        "",
        '<g class="chart-row"><text x="0" y="{}" font-size="{}" fill="{}">{}</text>'
        '<rect x="0" y="{}" width="{}" height="16" fill="{}" data-value="{}"></rect>'
        '<text x="{}" y="{}" font-size="{}" fill="{}" class="chart-value">{}</text></g>',
        (
            (
                i * row + 14,
                FONT,
                INK,
                _short(bar.label, 56),
                i * row + 20,
                _length(bar.value, top, room),
                STYLES[0]["fill"],
                "" if bar.value is None else bar.value,
                _length(bar.value, top, room) + 5,
                i * row + 33,
                FONT,
                INK,
                text,
            )
            for i, (bar, text) in enumerate(zip(bars, texts, strict=True))
        ),
    )
    line = SafeString("")
    if target is not None:
        x = _length(target, top, room)
        line = format_html(
            '<line x1="{}" x2="{}" y1="16" y2="{}" stroke="{}" stroke-width="2" '
            'stroke-dasharray="5 3" class="chart-target"></line>'
            '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{}">{}</text>',
            x,
            x,
            height - 16,
            INK,
            x,
            height - 3,
            SMALL,
            INK,
            "end" if x > WIDTH / 2 else "start",
            target_text or f"▲ {number(target, decimals)}",
        )
    if not bars:
        rows, height = _empty(40), 40
    svg = _svg(chart_id, title, description, height, format_html("{}{}", rows, line))
    table = _table(
        title,
        [label_heading or _("Item"), value_heading or _("Value")],
        [(b.label, [t]) for b, t in zip(bars, texts, strict=True)],
    )
    return Chart(title, svg, table)


# --- Stacked bars ---------------------------------------------------------------------------


def stacked_bar_chart(
    *,
    title: str,
    description: str,
    series: Sequence[str],
    stacks: Sequence[Stack],
    label_heading: str = "",
    total_heading: str = "",
    decimals: int = 0,
    key: str = "",
) -> Chart:
    """One horizontal bar per row, cut into one segment per series (each with its own
    pattern); the legend names the series, the row's total is written at its end.

    The drawing depends on nothing but its arguments and the language (numbers are written
    in its format): the same chart asked again, as a start page is between two marks that
    change nothing, is the one drawn before (kept per process, the last DRAWN_KEPT)."""
    if len(series) > len(STYLES):
        raise ValueError(f"at most {len(STYLES)} series")
    return _stacked_bar_chart_drawn(
        get_language() or "",
        str(title),
        str(description),
        tuple(str(name) for name in series),
        tuple(Stack(str(s.label), tuple(s.values)) for s in stacks),
        str(label_heading),
        str(total_heading),
        decimals,
        key,
    )


DRAWN_KEPT = 512


@functools.lru_cache(maxsize=DRAWN_KEPT)
def _stacked_bar_chart_drawn(
    _language: str,
    title: str,
    description: str,
    series: tuple[str, ...],
    stacks: tuple[Stack, ...],
    label_heading: str,
    total_heading: str,
    decimals: int,
    key: str,
) -> Chart:
    chart_id = _id(title, key, [(s.label, tuple(s.values)) for s in stacks])
    totals = [sum(v or 0 for v in s.values) for s in stacks]
    top = max(totals, default=0) or 1
    room = WIDTH - 90
    legend, legend_height = _legend(chart_id, series, bars=True)
    row = 40
    height = legend_height + row * len(stacks) + 6
    parts = []
    for i, (stack, total) in enumerate(zip(stacks, totals, strict=True)):
        y = legend_height + i * row
        x = 0.0
        segments = []
        for k, value in enumerate(stack.values):
            width = _length(value, top, room)
            if width > 0:
                segments.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="16" fill="{}" stroke="#ffffff" '
                        'stroke-width="1" data-series="{}" data-value="{}"></rect>',
                        round(x, 1),
                        y + 20,
                        width,
                        _paint(chart_id, k),
                        series[k],
                        value,
                    )
                )
            x += width
        parts.append(
            format_html(
                '<g class="chart-row"><text x="0" y="{}" font-size="{}" fill="{}">{}</text>{}'
                '<text x="{}" y="{}" font-size="{}" fill="{}" class="chart-value">{}</text></g>',
                y + 14,
                FONT,
                INK,
                _short(stack.label, 56),
                mark_safe("".join(segments)),  # noqa: S308 -- each part is format_html's
                round(x, 1) + 5,
                y + 33,
                FONT,
                INK,
                number(total, decimals),
            )
        )
    body = mark_safe("".join(parts)) if stacks else _empty(legend_height + 30)  # noqa: S308
    if not stacks:
        height = legend_height + 40
    svg = _svg(
        chart_id,
        title,
        description,
        height,
        format_html("{}{}{}", _patterns(chart_id, len(series)), legend, body),
    )
    table = _table(
        title,
        [label_heading or _("Item"), *series, total_heading or _("Total")],
        [
            (s.label, [*(number(v, decimals) for v in s.values), number(t, decimals)])
            for s, t in zip(stacks, totals, strict=True)
        ],
    )
    return Chart(title, svg, table)


# --- Lines ----------------------------------------------------------------------------------


def line_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    label_heading: str = "",
    decimals: int = 0,
    key: str = "",
) -> Chart:
    """One line per series over the x labels (months, weeks), each with its own dash and
    marker shape; every point has its value written above it, and the y axis its scale."""
    if len(series) > len(STYLES):
        raise ValueError(f"at most {len(STYLES)} series")
    chart_id = _id(title, key, [(s.name, tuple(s.values)) for s in series])
    legend, legend_height = _legend(chart_id, [s.name for s in series], bars=False)
    left, right, plot_height = 44, 12, 160
    top_y = legend_height + 16
    bottom_y = top_y + plot_height
    height = bottom_y + 24
    found = [v for s in series for v in s.values if v is not None]
    step, top = _scale(max(found, default=0))
    count = max(len(labels), 1)
    gap = (WIDTH - left - right) / count

    def px(i: int) -> float:
        return round(left + gap * (i + 0.5), 1)

    def py(value: float) -> float:
        return round(bottom_y - plot_height * value / top, 1)

    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="{}"></line>'
        '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="end">{}</text>',
        (
            (
                left,
                WIDTH - right,
                py(tick),
                py(tick),
                MUTED,
                1 if tick == 0 else 0.4,
                left - 4,
                py(tick) + 4,
                SMALL,
                INK,
                number(tick, 0 if step >= 1 else 1),
            )
            for tick in _ticks(step, top)
        ),
    )
    axis = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="middle">{}</text>',
        ((px(i), bottom_y + 16, SMALL, INK, _short(label, 8)) for i, label in enumerate(labels)),
    )
    lines = []
    for k, s in enumerate(series):
        style = STYLES[k]
        points = [(i, v) for i, v in enumerate(s.values) if v is not None]
        # A missing value breaks the line: one path piece per run of known values.
        runs: list[list[tuple[int, float]]] = []
        for i, v in points:
            if runs and runs[-1][-1][0] == i - 1:
                runs[-1].append((i, v))
            else:
                runs.append([(i, v)])
        paths = format_html_join(
            "",
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" '
            'stroke-dasharray="{}"></polyline>',
            (
                (
                    " ".join(f"{px(i)},{py(v)}" for i, v in run),
                    style["fill"],
                    style["dash"] or "none",
                )
                for run in runs
                if len(run) > 1
            ),
        )
        marks = format_html_join(
            "",
            '<g class="chart-point" data-series="{}" data-label="{}" data-value="{}">{}'
            '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="middle">{}</text></g>',
            (
                (
                    s.name,
                    labels[i] if i < len(labels) else "",
                    v,
                    _marker(style["marker"], px(i), py(v), style["fill"]),
                    px(i),
                    py(v) - 8 - 12 * (k % 2),
                    SMALL,
                    INK,
                    number(v, decimals),
                )
                for i, v in points
            ),
        )
        lines.append(format_html('<g class="chart-series">{}{}</g>', paths, marks))
    body = format_html("{}{}{}", grid, axis, mark_safe("".join(lines)))  # noqa: S308
    if not found:
        body = format_html("{}{}{}", grid, axis, _empty(top_y + plot_height / 2 + 20))
    svg = _svg(chart_id, title, description, height, format_html("{}{}", legend, body))
    table = _table(
        title,
        [label_heading or _("Item"), *(s.name for s in series)],
        [
            (
                label,
                [number(s.values[i] if i < len(s.values) else None, decimals) for s in series],
            )
            for i, label in enumerate(labels)
        ],
    )
    return Chart(title, svg, table)


# --- The parts ------------------------------------------------------------------------------


def _id(title: str, key: str, data: object) -> str:
    """An id for the chart's title, description and patterns, unique on the page: two charts
    of one title (a parent's two children) differ by key or data."""
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())[:24].strip("-")
    digest = hashlib.sha1(f"{title}|{key}|{data!r}".encode(), usedforsecurity=False)
    return f"chart-{slug}-{digest.hexdigest()[:8]}"


def _svg(
    chart_id: str, title: str, description: str, height: float, body: SafeString
) -> SafeString:
    return format_html(
        '<svg class="chart" id="{}" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-t {}-d" font-family="inherit">'
        '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}</svg>',
        chart_id,
        WIDTH,
        round(height),
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )


def _table(
    caption: str, headings: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]]
) -> SafeString:
    head = format_html_join(
        "",
        '<th scope="col"{}>{}</th>',
        (("" if i == 0 else mark_safe(' class="num"'), h) for i, h in enumerate(headings)),
    )
    body = format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (
                label,
                format_html_join(
                    "",
                    '<td class="num" data-label="{}">{}</td>',
                    zip(headings[1:], cells, strict=False),
                ),
            )
            for label, cells in rows
        ),
    )
    if not rows:
        body = format_html(
            '<tr><td colspan="{}">{}</td></tr>', len(headings), _("Nothing to show yet.")
        )
    return format_html(
        '<table class="chart-table"><caption>{}</caption><thead><tr>{}</tr></thead>'
        "<tbody>{}</tbody></table>",
        caption,
        head,
        body,
    )


def _empty(y: float) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="middle">{}</text>',
        WIDTH / 2,
        round(y - 14),
        FONT,
        INK,
        _("Nothing to show yet."),
    )


def _length(value: float | None, top: float, room: float) -> float:
    return round(max(0.0, value or 0) * room / top, 1)


def _short(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scale(largest: float) -> tuple[float, float]:
    """A round step for the y axis and the top of the scale (4 or 5 steps)."""
    if largest <= 0:
        return 1.0, 4.0
    raw = largest / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return step, step * math.ceil(largest / step)


def _ticks(step: float, top: float) -> list[float]:
    return [round(step * i, 6) for i in range(int(round(top / step)) + 1)]


def _paint(chart_id: str, k: int) -> str:
    return f"url(#{chart_id}-p{k})" if STYLES[k]["pattern"] else str(STYLES[k]["fill"])


def _patterns(chart_id: str, count: int) -> SafeString:
    """The fills with a pattern over them: stripes, dots, cross-hatching (white on the
    series colour, so each segment keeps its colour's contrast)."""
    drawings = {
        "stripes": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#ffffff" '
        'stroke-width="1.6"></path>',
        "dots": '<circle cx="4" cy="4" r="1.7" fill="#ffffff"></circle>',
        "cross": '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#ffffff" stroke-width="1.2"></path>',
    }
    defs = format_html_join(
        "",
        '<pattern id="{}-p{}" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="{}"></rect>{}</pattern>',
        (
            (chart_id, k, STYLES[k]["fill"], mark_safe(drawings[str(STYLES[k]["pattern"])]))  # noqa: S308
            for k in range(count)
            if STYLES[k]["pattern"]
        ),
    )
    return format_html("<defs>{}</defs>", defs)


def _marker(shape: str, x: float, y: float, fill: str) -> SafeString:
    if shape == "square":
        return format_html(
            '<rect x="{}" y="{}" width="8" height="8" fill="{}"></rect>', x - 4, y - 4, fill
        )
    if shape == "triangle":
        return format_html(
            '<path d="M{},{} l5,9 h-10 z" fill="{}"></path>', x, round(y - 5, 1), fill
        )
    if shape == "diamond":
        return format_html(
            '<path d="M{},{} l5,5 l-5,5 l-5,-5 z" fill="{}"></path>', x, round(y - 5, 1), fill
        )
    return format_html('<circle cx="{}" cy="{}" r="4.5" fill="{}"></circle>', x, y, fill)


def _legend(chart_id: str, names: Sequence[str], *, bars: bool) -> tuple[SafeString, int]:
    """The series' names with their swatch (bars) or line and marker (lines), wrapped onto
    as many rows as the width needs."""
    items = []
    x, y = 0.0, 0
    for k, name in enumerate(names):
        width = 26 + 7.2 * len(str(name))
        if x and x + width > WIDTH:
            x, y = 0.0, y + 20
        style = STYLES[k]
        if bars:
            swatch = format_html(
                '<rect x="{}" y="{}" width="16" height="12" fill="{}" stroke="{}" '
                'stroke-width="0.5"></rect>',
                x,
                y + 3,
                _paint(chart_id, k),
                INK,
            )
        else:
            swatch = format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2.5" '
                'stroke-dasharray="{}"></line>{}',
                x,
                x + 18,
                y + 9,
                y + 9,
                style["fill"],
                style["dash"] or "none",
                _marker(str(style["marker"]), x + 9, y + 9, str(style["fill"])),
            )
        items.append(
            format_html(
                '<g class="chart-legend">{}'
                '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text></g>',
                swatch,
                x + 22,
                y + 13,
                SMALL + 1,
                INK,
                name,
            )
        )
        x += width + 10
    height = (y + 24) if names else 0
    return mark_safe("".join(items)), height  # noqa: S308 -- each item is format_html's
