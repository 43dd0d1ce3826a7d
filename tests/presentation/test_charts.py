"""Charts: the SVG shows what the table twin says, suppression included, and nothing else."""

from __future__ import annotations

import itertools
import re

import pytest
from bs4 import BeautifulSoup, Tag
from django.template import engines
from hypothesis import given
from hypothesis import strategies as st

from parity.presentation.charts import CHAR, Bar, Chart, Series, _x_axis, bar_chart, line_chart, nice_ticks
from parity.presentation.formatting import number
from tests.conftest import ROOT

BARS = [
    Bar("Asian", 6.44, 5.9, 7.0),
    Bar("Black", 21.7, 20.4, 23.1),
    Bar("White", 4.1, 4.0, 4.3, reference=True),
    Bar("Other ethnic group", None),
]


def rates() -> Chart:
    return bar_chart(
        BARS,
        id="rates",
        title="Searches per 1,000 people by ethnic group",
        description="Black people were searched at about five times the rate for White people.",
        value_label="Searches per 1,000 people",
        reference_value=5.2,
        reference_label="Rate for everyone",
    )


def svgs(markup: str) -> list[Tag]:
    return BeautifulSoup(markup, "html.parser").select("svg")


def test_bars_are_drawn_to_scale_with_whiskers_at_their_limits() -> None:
    chart = rates()
    wide, narrow = svgs(chart.svg)
    assert "parity-chart__svg--wide" in wide["class"] and "parity-chart__svg--narrow" in narrow["class"]
    for svg in (wide, narrow):
        bars = svg.select("rect.parity-chart__bar")
        assert len(bars) == 3  # the suppressed group has no bar
        lengths = [float(str(b["width"])) for b in bars]
        assert lengths[1] / lengths[0] == pytest.approx(21.7 / 6.44, rel=0.01)
        left = float(str(bars[0]["x"]))
        whiskers = svg.select("path.parity-chart__whisker")
        x1, x2 = (float(v) for v in re.match(r"M([\d.]+) [\d.]+H([\d.]+)", str(whiskers[1]["d"])).groups())
        scale = lengths[1] / 21.7
        assert (x1 - left) / scale == pytest.approx(20.4, abs=0.05)
        assert (x2 - left) / scale == pytest.approx(23.1, abs=0.05)
        reference = svg.select_one("line.parity-chart__reference")
        assert (float(str(reference["x1"])) - left) / scale == pytest.approx(5.2, abs=0.05)
        assert "parity-chart__bar--reference" in bars[2]["class"]


def test_a_suppressed_group_says_not_published_in_the_chart_and_the_table() -> None:
    chart = rates()
    texts = [t.get_text() for t in svgs(chart.svg)[0].select("text")]
    assert "not published" in texts
    assert "White (reference)" in texts  # the reference group is named, not only coloured
    row = chart.table.rows[3]
    assert [c.text for c in row] == ["Other ethnic group", "not published", "not published"]
    assert row[1].suppressed and row[2].suppressed


def test_the_table_twin_holds_every_number_the_chart_shows() -> None:
    chart = rates()
    assert [[c.text for c in row] for row in chart.table.rows] == [
        ["Asian", "6.4", "5.9 to 7.0"],
        ["Black", "21.7", "20.4 to 23.1"],
        ["White (reference)", "4.1", "4.0 to 4.3"],
        ["Other ethnic group", "not published", "not published"],
    ]
    figures = {t.get_text() for t in svgs(chart.svg)[0].select("text") if re.fullmatch(r"[\d.,]+", t.get_text())}
    ticks = {t.get_text() for t in svgs(chart.svg)[0].select("text[text-anchor=middle]")}
    table_figures = {c.text for row in chart.table.rows for c in row[1:2]}
    assert figures - ticks == table_figures - {"not published"}
    assert chart.notes == ["Dashed line: Rate for everyone, 5.2."]


def test_text_in_the_svg_is_escaped() -> None:
    chart = bar_chart(
        [Bar("<script>alert(1)</script>", 3.0)], id="x", title="T & <b>", description="d", value_label="v"
    )
    assert "<script>" not in chart.svg
    assert "&lt;script&gt;" in chart.svg
    assert "T &amp; &lt;b&gt;" in chart.svg


def test_line_chart_breaks_the_line_at_a_missing_value() -> None:
    chart = line_chart(
        [Series("Black", [1.0, 2.0, None, 4.0, 5.0]), Series("White", [1.0, 1.0, 1.0, 1.0, 1.0])],
        ["January 2021", "February 2021", "March 2021", "April 2021", "May 2021"],
        id="trend",
        title="Trend",
        description="Rising.",
        value_label="Searches",
        fmt=number,
    )
    wide = svgs(chart.svg)[0]
    assert len(wide.select("path.parity-chart__line--1")) == 2  # two runs either side of the gap
    assert len(wide.select("path.parity-chart__line--2")) == 1
    assert len(wide.select(".parity-chart__marker--1")) == 1 + 4  # the key's, and one per value held
    assert [c.text for c in chart.table.rows[2]] == ["March 2021", "not published", "1"]
    assert [c.text for c in chart.table.head] == ["Month", "Black", "White"]
    keys = [t.get_text() for t in wide.select("text")][:2]
    assert keys == ["Black", "White"]


def test_series_differ_by_shape_and_dash_as_well_as_colour() -> None:
    chart = line_chart(
        [Series(f"S{i}", [1.0, 2.0]) for i in range(3)], ["a", "b"], id="t", title="t", description="d", value_label="v"
    )
    wide = svgs(chart.svg)[0]
    first, second, third = (wide.select_one(f".parity-chart__marker--{i}") for i in (1, 2, 3))
    assert first.name == "circle"
    assert len(second["points"].split()) == 4  # square
    assert len(third["points"].split()) == 3  # triangle
    css = (ROOT / "src/parity/web/static/parity/parity.css").read_text()
    dashes = re.findall(r"\.parity-chart__line--(\d)[^{]*\{stroke-dasharray:([^}]+)\}", css)
    assert {n for n, _ in dashes} >= {"2", "3", "4", "5", "6"}
    assert len({d for _, d in dashes}) == len(dashes)


def test_line_chart_refuses_mismatched_lengths_and_too_many_series() -> None:
    with pytest.raises(ValueError, match="has 1 values for 2 x labels"):
        line_chart([Series("A", [1.0])], ["a", "b"], id="t", title="t", description="d", value_label="v")
    with pytest.raises(ValueError, match="at most 6 series"):
        line_chart(
            [Series(str(i), [1.0]) for i in range(7)], ["a"], id="t", title="t", description="d", value_label="v"
        )


def test_axis_labels_never_crowd_each_other() -> None:
    months = [f"M{i:02d} 2021" for i in range(36)]
    chart = line_chart(
        [Series("A", [float(i) for i in range(36)])], months, id="t", title="t", description="d", value_label="v"
    )
    for svg in svgs(chart.svg):
        ticks = [float(str(t["x1"])) for t in svg.select("line.parity-chart__tick")]
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        assert min(gaps) >= len("M00 2021") * 7  # room for a label between ticks


@pytest.mark.parametrize(
    ("top", "expected"),
    [(23.1, [0, 5, 10, 15, 20, 25]), (0.8, [0, 0.2, 0.4, 0.6, 0.8]), (4.3, [0, 1, 2, 3, 4, 5]), (0, [0, 1])],
)
def test_nice_ticks(top: float, expected: list[float]) -> None:
    assert nice_ticks(top) == pytest.approx(expected)


def test_the_chart_macro_renders_a_figure_with_caption_description_and_table() -> None:
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    html = env.from_string('{% from "web/charts.html" import chart %}{{ chart(c) }}').render(c=rates())
    page = BeautifulSoup(html, "html.parser")
    figure = page.select_one("figure#rates")
    assert figure["aria-labelledby"] == "rates-caption"
    assert page.select_one("#rates-caption").get_text() == "Searches per 1,000 people by ethnic group"
    for svg in page.select("svg"):
        assert svg["role"] == "img"
        assert svg["aria-labelledby"] == "rates-caption"
        assert svg["aria-describedby"] == "rates-description"
    table = page.select_one("table")
    assert table.select_one("caption").get_text().startswith("Searches per 1,000 people by ethnic group")
    suppressed = table.select("td.govuk-table__cell--suppressed")
    assert [td.get_text() for td in suppressed] == ["not published", "not published"]
    assert [th.get_text() for th in table.select("tbody th")] == [
        "Asian",
        "Black",
        "White (reference)",
        "Other ethnic group",
    ]


@given(
    count=st.integers(min_value=1, max_value=60),
    length=st.integers(min_value=3, max_value=20),
    step=st.floats(min_value=4, max_value=120),
)
def test_axis_labels_never_overlap_and_show_both_ends(count: int, length: int, step: float) -> None:
    labels = [f"{i:0{length}d}"[-length:] for i in range(count)]
    body = "".join(_x_axis(labels, 56.0, step, 200.0))
    texts = re.findall(r'<text[^>]*x="([\d.]+)"[^>]*text-anchor="(\w+)"[^>]*>([^<]*)</text>', body)
    spans = []
    for x, anchor, text in texts:
        width = len(text) * CHAR
        start = {"start": float(x), "end": float(x) - width, "middle": float(x) - width / 2}[anchor]
        spans.append((start, start + width, text))
    assert spans[0][2] == labels[0]
    if count > 1 and (count - 1) * step >= 2 * length * CHAR + 8:  # room for both ends
        assert spans[-1][2] == labels[-1]
    for (_, right, _), (left, _, _) in itertools.pairwise(spans):
        assert left >= right
