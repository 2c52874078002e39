"""The server-side charts (core/charts.py): the SVG is parsed and its bars, points, labels and
names checked; the table beside it holds the same numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.utils import translation

from ropdesk.core import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    # Inline SVG in HTML carries no namespace; XML needs it to parse the same markup.
    # Our own markup, built in the test: no untrusted XML.
    markup = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return ET.fromstring(markup)  # noqa: S314


def num(element: ET.Element, attribute: str) -> float:
    return float(element.get(attribute) or "nan")


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


class Table(HTMLParser):
    """The cells of an HTML table, row by row, and its caption."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.caption = ""
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td", "caption"):
            self._in = tag
            if tag != "caption":
                self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag in ("th", "td", "caption"):
            self._in = None

    def handle_data(self, data):
        if self._in == "caption":
            self.caption += data
        elif self._in:
            self.rows[-1][-1] += data


def test_a_bar_chart_draws_one_bar_per_row_scaled_to_the_largest_with_its_value_written():
    chart = charts.bar_chart(
        title="Enrollment by district",
        description="Seated enrollments by district of residence.",
        bars=[charts.Bar("Downey Unified", 1250), charts.Bar("Pomona Unified", 625)],
        label_heading="District",
        value_heading="Enrollments",
    )
    root = parse(chart.svg)
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 400 86"
    assert root.get("width") is None  # shrinks with the page: viewBox only
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Enrollment by district"
    assert root.find(f"{SVG}desc").get("id") == desc_id
    rects = root.findall(f".//{SVG}rect")
    assert [num(r, "width") for r in rects] == [310.0, 155.0]
    assert [r.get("data-value") for r in rects] == ["1250", "625"]
    # Labels and values as text, the thousands grouped: no meaning rests on the bar's colour.
    assert texts(root) == ["Downey Unified", "1,250", "Pomona Unified", "625"]
    table = Table(chart.table)
    assert table.caption == "Enrollment by district"
    assert table.rows == [
        ["District", "Enrollments"],
        ["Downey Unified", "1,250"],
        ["Pomona Unified", "625"],
    ]


def test_a_bar_chart_of_percents_has_a_target_line_and_leaves_a_missing_value_undrawn():
    chart = charts.bar_chart(
        title="Rates",
        description="d",
        bars=[charts.Bar("1S1", 80, "80 %"), charts.Bar("2S1", None, "*")],
        maximum=100,
        target=90,
        target_text="▲ 90 %",
    )
    root = parse(chart.svg)
    assert [num(r, "width") for r in root.findall(f".//{SVG}rect")] == [248.0, 0.0]
    [line] = root.findall(f".//{SVG}line")
    assert num(line, "x1") == 279.0 and line.get("stroke-dasharray")
    assert "▲ 90 %" in texts(root) and "*" in texts(root)


def test_a_stacked_bar_chart_cuts_each_bar_into_patterned_segments_named_by_a_legend():
    chart = charts.stacked_bar_chart(
        title="Hours by month",
        description="Hours that count and hours waiting for approval.",
        series=["Classroom", "On the job, approved", "On the job, waiting"],
        stacks=[charts.Stack("August", [20, 10, 10]), charts.Stack("September", [10, 0, None])],
        label_heading="Month",
        decimals=1,
    )
    root = parse(chart.svg)
    legend = [
        g.find(f"{SVG}text").text for g in root.iter(f"{SVG}g") if g.get("class") == "chart-legend"
    ]
    assert legend == ["Classroom", "On the job, approved", "On the job, waiting"]
    segments = [r for r in root.iter(f"{SVG}rect") if r.get("data-series")]
    assert [(s.get("data-series"), num(s, "width")) for s in segments] == [
        ("Classroom", 155.0),
        ("On the job, approved", 77.5),
        ("On the job, waiting", 77.5),
        ("Classroom", 77.5),
    ]
    # The second and third series are patterns defined in the SVG, not colours alone.
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert segments[0].get("fill").startswith("#")
    assert segments[1].get("fill") == f"url(#{root.get('id')}-p1)"
    assert {f"{root.get('id')}-p1", f"{root.get('id')}-p2"} == patterns
    assert "40.0" in texts(root) and "10.0" in texts(root)  # each row's total
    assert Table(chart.table).rows == [
        ["Month", "Classroom", "On the job, approved", "On the job, waiting", "Total"],
        ["August", "20.0", "10.0", "10.0", "40.0"],
        ["September", "10.0", "0.0", "—", "10.0"],
    ]


def test_a_line_chart_draws_each_series_with_its_own_dash_and_marker_and_breaks_at_gaps():
    chart = charts.line_chart(
        title="ADA by school month",
        description="This year against last year.",
        labels=["1", "2", "3"],
        series=[
            charts.Series("2026-2027", [10.5, 12.25, None]),
            charts.Series("2025-2026", [9, 11, 13]),
        ],
        label_heading="School month",
        decimals=2,
    )
    root = parse(chart.svg)
    lines = root.findall(f".//{SVG}polyline")
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") == "none" and lines[1].get("stroke-dasharray") != "none"
    assert len(lines[0].get("points").split()) == 2  # the missing third month draws no point
    points = [g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-point"]
    assert [(p.get("data-series"), p.get("data-label"), p.get("data-value")) for p in points] == [
        ("2026-2027", "1", "10.5"),
        ("2026-2027", "2", "12.25"),
        ("2025-2026", "1", "9"),
        ("2025-2026", "2", "11"),
        ("2025-2026", "3", "13"),
    ]
    assert points[0].find(f"{SVG}circle") is not None and points[2].find(f"{SVG}rect") is not None
    # A higher value is drawn higher; the y axis has round ticks from 0.
    y = {p.get("data-value"): float(p[0].get("cy") or p[0].get("y") or "nan") for p in points}
    assert y["13"] < y["12.25"] < y["9"]
    assert {"0", "5", "10", "15"} <= set(texts(root))
    assert Table(chart.table).rows == [
        ["School month", "2026-2027", "2025-2026"],
        ["1", "10.50", "9.00"],
        ["2", "12.25", "11.00"],
        ["3", "—", "13.00"],
    ]


def test_charts_of_one_title_get_their_own_ids_and_an_empty_chart_says_so():
    one = charts.bar_chart(title="Hours", description="d", bars=[charts.Bar("a", 1)], key="1")
    two = charts.bar_chart(title="Hours", description="d", bars=[charts.Bar("a", 1)], key="2")
    assert parse(one.svg).get("id") != parse(two.svg).get("id")
    empty = charts.line_chart(title="Nothing", description="d", labels=[], series=[])
    assert "Nothing to show yet." in texts(parse(empty.svg))
    assert Table(empty.table).rows[-1] == ["Nothing to show yet."]


def test_a_chart_in_a_template_is_a_figure_with_its_title_and_the_table_in_details():
    chart = charts.bar_chart(
        title="A <b>bold</b> title", description="d", bars=[charts.Bar("x & y", 2)]
    )
    html = str(chart)
    assert html.startswith('<figure class="chart-figure"><figcaption>A &lt;b&gt;')
    assert "<details" in html and "<table" in html and "x &amp; y" in html
    parse(chart.svg)  # escaped text keeps the SVG well formed


def test_numbers_follow_the_language_and_too_many_series_are_refused():
    with translation.override("es"):
        chart = charts.bar_chart(
            title="t", description="d", bars=[charts.Bar("a", 1234.5)], decimals=1
        )
        assert "1,234.5" in texts(parse(chart.svg))
        assert "Los números de este gráfico" in str(chart)
    with pytest.raises(ValueError):
        charts.stacked_bar_chart(
            title="t", description="d", series=list("abcde"), stacks=[charts.Stack("x", [1] * 5)]
        )


def test_a_stacked_chart_asked_again_with_the_same_numbers_is_the_one_drawn_before():
    # A start page draws the same month charts until a mark changes a number: the drawing is
    # kept per process, by its arguments and the language.
    def draw(values, language="en", title="Attendance by month"):
        with translation.override(language):
            return charts.stacked_bar_chart(
                title=title,
                description="Days attended and missed",
                series=["Attended", "Absent"],
                stacks=[charts.Stack("Sep", list(values)), charts.Stack("Oct", [3, 1])],
                label_heading="Month",
            )

    first = draw([1200, 30])
    assert draw((1200, 30)) is first  # the same numbers, a list or a tuple
    changed = draw([1201, 30])
    assert changed is not first and "1,201" in str(changed) and "1,200" not in str(changed)
    assert draw([1200, 30], title="Hours by month") is not first
    spanish = draw([1200, 30], language="es")
    assert spanish is not first
    assert draw([1200, 30], language="es") is spanish
