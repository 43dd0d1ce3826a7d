"""Server-drawn maps: bands told apart without colour, escaped text, links kept off the Tab order."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from parity.presentation import maps
from parity.presentation.charts import Cell
from parity.presentation.formatting import ratio

SQUARE = [0, 0, 1000, 0, 1000, 1000, 0, 1000]
NEXT_DOOR = [1000, 0, 2000, 0, 2000, 1000, 1000, 1000]
TABLE = maps.MapTable("Areas", [Cell("Area", header=True)], [maps.Row([Cell("A", header=True)])])


def draw(regions: list[maps.Region], bands: int = 3) -> maps.Map:
    return maps.choropleth(
        regions,
        maps.banded([1.0, 2.0][: bands - 1], ratio),
        id="m",
        title="A map",
        description="Two squares.",
        table=TABLE,
        attribution="Source: ONS",
    )


def test_bands_are_labelled_in_words_and_values_fall_in_the_right_one() -> None:
    assert maps.banded([1.0, 1.5, 2.0], ratio) == ["Below 1.0", "1.0 to under 1.5", "1.5 to under 2.0", "2.0 or more"]
    assert [maps.band_of(v, [1.0, 1.5, 2.0]) for v in (0.4, 1.0, 1.49, 1.5, 7.0)] == [0, 1, 1, 2, 3]
    assert maps.count_breaks([0.0, 537.0]) == [200.0, 400.0]
    assert maps.count_breaks([]) == [1.0]


def test_each_band_has_its_own_pattern_and_shade() -> None:
    looks = {(p.fill, p.marks) for p in maps.PATTERNS}
    assert len(looks) == len(maps.PATTERNS) == len({p.marks for p in maps.PATTERNS})  # patterns alone differ
    assert len({p.words for p in maps.PATTERNS}) == len(maps.PATTERNS)


def test_a_map_without_links_is_one_image_named_by_its_caption() -> None:
    drawn = draw([maps.Region("A", [SQUARE], 0, "0.5"), maps.Region("B", [NEXT_DOOR], None, "not published")])
    svg = BeautifulSoup(str(drawn.svg), "html.parser").select_one("svg")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "m-caption" and svg["aria-describedby"] == "m-description"
    assert svg.select_one("a") is None
    fills = [p["fill"] for p in svg.select("path.parity-map__area")]
    assert fills == ["url(#m-band-0)", "url(#m-band-none)"]
    assert {p["id"] for p in svg.select("pattern")} == {"m-band-0", "m-band-1", "m-band-2", "m-band-none"}
    assert [s.label for s in drawn.legend] == ["Below 1.0", "1.0 to under 2.0", "2.0 or more", "No figure"]
    assert drawn.attribution == "Source: ONS"


def test_the_drawing_keeps_the_areas_shape_north_up() -> None:
    drawn = draw([maps.Region("A", [SQUARE], 0, "0.5"), maps.Region("B", [NEXT_DOOR], 1, "1.5")])
    svg = BeautifulSoup(str(drawn.svg), "html.parser").select_one("svg")
    width, height = (float(v) for v in svg["viewbox"].split()[2:])
    assert width == maps.WIDTH
    assert height == pytest.approx(maps.WIDTH / 2, abs=6)  # two squares side by side: twice as wide as tall


def test_linked_areas_are_named_links_out_of_the_tab_order_and_text_is_escaped() -> None:
    drawn = draw([maps.Region("<A & B>", [SQUARE], 2, "3.0", href="/forces/a?x=1&y=2")])
    assert drawn.links
    svg = BeautifulSoup(str(drawn.svg), "html.parser").select_one("svg")
    assert svg["role"] == "group"
    link = svg.select_one("a")
    assert link["href"] == "/forces/a?x=1&y=2" and link["tabindex"] == "-1"
    assert link["aria-label"] == "<A & B>: 3.0"
    assert "<A &" not in str(drawn.svg)


def test_more_bands_than_patterns_is_refused() -> None:
    with pytest.raises(ValueError, match="at most"):
        maps.choropleth(
            [], [str(i) for i in range(9)], id="m", title="t", description="d", table=TABLE, attribution="a"
        )
