"""No published quarter of victims' or complaints' figures gives a small number back: every
share, days and hate-crime table of every quarter of the demonstration's fictional year (small
groups in every quarter) is attacked as an integer programme over what the API publishes
(tests/attacker.py), and no count from 1 to 4 may be pinned down."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from parity.analysis.rules import Rules
from parity.reference.models import Force
from parity.victims import example
from tests import attacker
from tests.attacker import Published
from tests.pagecheck import CheckedClient

pytestmark = pytest.mark.django_db
THRESHOLD = Rules().disclosure_threshold


def share_table(measure: Mapping[str, Any], name: str) -> Published:
    """One share by group: per group the people it happened to and the people it applies to
    (what is left is an unknown), every group adding up to Everyone."""
    table = Published(name)
    rows = [g["group"] for g in measure["groups"]]
    for g in (*measure["groups"], measure["total"]):
        table.cell((g["group"], "yes"), g["count"])
        table.cell((g["group"], "n"), g["denominator"])
        table.cell((g["group"], "other"), None)
        table.line((g["group"], "n"), [(g["group"], "yes"), (g["group"], "other")])
    for column in ("yes", "n", "other"):
        table.line((measure["total"]["group"], column), [(r, column) for r in rows])
    return table


def days_table(days: list[Mapping[str, Any]], name: str) -> Published:
    table = Published(name)
    for d in days:
        table.cell(d["group"], d["victims"])
    table.line("all", [d["group"] for d in days if d["group"] != "all"])
    return table


def hate_table(hate: list[Mapping[str, Any]], name: str) -> Published:
    """Hate crimes by strand and outcome, with each strand's total and each outcome's total."""
    table = Published(name)
    strands = [h["strand"] for h in hate if h["strand"] != "all"]
    outcomes = list(hate[0]["outcomes"])
    for h in hate:
        table.cell((h["strand"], "all"), h["crimes"])
        for outcome, count in h["outcomes"].items():
            table.cell((h["strand"], outcome), count)
        table.line((h["strand"], "all"), [(h["strand"], o) for o in outcomes])
    for outcome in [*outcomes, "all"]:
        table.line(("all", outcome), [(s, outcome) for s in strands])
    return table


def _published(client: CheckedClient, quarter: str) -> Iterator[Published]:
    where = f"wiltshire {quarter}"
    victims = client.get(f"/api/victims-and-complaints/forces/wiltshire/victims?quarter={quarter}").json()["victims"]
    for m in (*victims["records"], *victims["satisfaction"]):
        yield share_table(m, f"{where} {m['measure']}")
    yield days_table(victims["days_to_first_update"], f"{where} days to first update")
    yield hate_table(victims["hate_crime"], f"{where} hate crime")
    complaints = client.get(f"/api/victims-and-complaints/forces/wiltshire/complaints?quarter={quarter}").json()
    for m in complaints["complaints"]["shares"]:
        yield share_table(m, f"{where} {m['measure']}")
    yield days_table(complaints["complaints"]["days_to_finalise"], f"{where} days to finalise")


def test_no_quarter_gives_back_a_small_count(client: CheckedClient, tmp_path: Path) -> None:
    example.load(Force.objects.get(slug="wiltshire"), tmp_path, today=date(2025, 6, 30))
    listed = client.get("/api/victims-and-complaints/forces").json()["items"]
    assert listed[0]["latest_quarter"] == "2025-Q2"
    seen, hidden, found = 0, 0, list[str]()
    for quarter in ("2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"):
        for table in _published(client, quarter):
            seen += 1
            hidden += len(table.hidden)
            found += [f"{table.name}: {key!r} = {value}" for key, value in attacker.recovered(table, THRESHOLD)]
    assert seen == 4 * (3 + 5 + 2 + 3 + 1)
    assert hidden > 20, "the fictional year has small groups to protect"
    assert found == []
