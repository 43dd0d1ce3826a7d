"""England and Wales: Parity's figure from the forces held for a whole year, labelled with what
it covers, protected against the forces' own tables, and agreeing with the Home Office's
published figures where both cover the same forces and year."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.analysis.national import PublishedFigure, same_forces
from parity.justice.importing.stop_search import ingest
from parity.justice.national import national_series, parity_figures
from tests.justice.test_published_stop_search import SMALL

pytestmark = pytest.mark.django_db
TWO = ("avon-and-somerset", "bedfordshire")


def test_the_national_figure_counts_only_forces_held_for_the_whole_year(loaded: Path) -> None:
    ingest(SMALL)
    series = national_series()
    first = series.parity_for("2019/20")
    assert first is not None
    assert first.coverage == "9 of 43 forces held" and len(first.forces) == 9
    left = {f.force: f.reason for f in first.left_out}
    assert len(left) == 2 and left["Greater Manchester"] == "only 3 of the year's 12 months are held"
    assert [reason for name, reason in left.items() if name.startswith("Metropolitan")] == [
        "none of the year's months are held"
    ]
    table = first.table
    assert table.context.force == "england-and-wales" and "9 of 43 forces held" in table.context.force_name
    assert table.context.census_year == 2011
    black = table.group("Black")
    assert black.ratio is not None and black.ratio_ci_low is not None and black.ratio_ci_high is not None
    assert black.ratio_ci_low < black.ratio < black.ratio_ci_high
    # the sum is the forces' own counts over their own residents
    parts = [t for t in parity_figures(forces=("wiltshire",)) if t.period == "2019/20"]
    assert parts and parts[0].coverage == "1 of 43 forces held"
    assert table.total.searches is not None and table.total.searches > (parts[0].table.total.searches or 0)
    # the published series runs from 2006/07 and breaks at the census
    assert series.published[0].period == "2019/20"  # only the small tables imported here
    assert any("2011 census" in note for note in series.notes)


def test_parity_agrees_with_the_published_figures_for_the_same_forces_and_years(loaded: Path) -> None:
    """Avon and Somerset with Bedfordshire, 2019/20 and 2020/21: the published table gives both
    forces, so the published figures are summed as Parity sums its own. The residents agree
    exactly; the searches within the gaps reconciliation.md documents for each force."""
    ingest(SMALL)
    figures = {f.period: f for f in parity_figures(forces=TWO)}
    assert set(figures) >= {"2019/20", "2020/21"}
    for year in ("2019/20", "2020/21"):
        ours = figures[year]
        published = ours.same_forces_published
        assert published is not None and set(published) == {"all", "black", "white"}
        for code, label in (("all", "All"), ("black", "Black"), ("white", "White")):
            group = ours.table.total if code == "all" else ours.table.group(label)
            assert group.population == published[code].population, (year, code)
            assert group.searches is not None
            gap = 100 * (group.searches - (published[code].searches or 0)) / (published[code].searches or 1)
            assert -10 < gap < 2, (year, code, gap)
        black = ours.table.group("Black")
        assert black.ratio_ci_low is not None and black.ratio_ci_high is not None
        published_ratio = published["black"].rate_per_1000 / published["white"].rate_per_1000  # type: ignore[operator]
        assert black.ratio_ci_low <= published_ratio <= black.ratio_ci_high, (year, published_ratio)


def test_same_forces_needs_every_force() -> None:
    one = {"all": PublishedFigure(10, 1000, 10.0), "black": PublishedFigure(5, 100, 50.0)}
    assert same_forces({"a": one}, ["a", "b"]) is None
    both = same_forces({"a": one, "b": one}, ["a", "b"])
    assert both is not None and both["all"] == PublishedFigure(20, 2000, 10.0)
    assert both["black"].rate_per_1000 == 50.0
