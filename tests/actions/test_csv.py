"""The register as CSV: import all or nothing with every problem named, re-import brings it
up to date without deleting, and export reads back in unchanged."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from parity.accounts.models import AuditEvent
from parity.accounts.roles import Role
from parity.actions import progress
from parity.actions.csv_register import COLUMNS, ImportRefused, export_register, import_register
from parity.actions.example import register_csv
from parity.actions.models import Action, Milestone, Recommendation, Source, Status
from parity.reference.models import Force
from tests.actions.helpers import person

pytestmark = pytest.mark.django_db
HEADER = ",".join(COLUMNS)


@pytest.fixture
def essex() -> Force:
    force = Force.objects.get(slug="essex")
    person("owner@essex.test", Role.ACTION_OWNER, force)
    return force


def row(**values: str) -> str:
    base = {
        "source_reference": "RES",
        "source_kind": "Local research report",
        "source_title": "Research (test)",
        "recommendation_reference": "R1",
        "recommendation_text": "Explain every search.",
        "theme": "stop-and-search",
    }
    merged = {**base, **values}
    return ",".join(f'"{merged.get(c, "")}"' for c in COLUMNS)


def test_the_example_register_imports_with_owners_milestones_and_measures(essex: Force) -> None:
    result = import_register(essex, register_csv(date(2026, 7, 1), ["owner@essex.test"]), on=date(2026, 7, 1))
    assert result.created == {"sources": 3, "recommendations": 30, "actions": 35}
    assert result.milestones == 70 and result.measures == 5
    action = Action.objects.get(force=essex, reference="R3.1")
    assert action.owner is not None and action.owner.email == "owner@essex.test"
    assert action.due_on == date(2026, 9, 1) and action.added_on == date(2026, 7, 1)
    assert {(m.kind, m.group) for m in action.measures.all()} == {
        ("stop-search-ratio", "Black"),
        ("stop-search-ratio", "Asian"),
    }
    assert Recommendation.objects.get(force=essex, reference="P2").pillar == "performance-and-data"
    assert AuditEvent.objects.filter(object_type="actions.action", action="create").count() == 35


def test_every_problem_is_listed_by_line_column_and_value_and_nothing_is_saved(essex: Force) -> None:
    text = "\n".join(
        [
            HEADER,
            row(action_reference="R1.1", action_title="Brief officers", due_on="31/09/2026"),
            row(recommendation_reference="R2", theme="parking", action_title="Something"),
            row(action_reference="R1.2", action_title="Owned", owner_email="stranger@essex.test"),
            row(action_reference="R1.3", action_title="Done already", status="complete"),
            row(action_reference="R1.4", action_title="Measured", measures="stop-search-ratio White"),
            row(source_reference="", action_title="No source"),
        ]
    )
    with pytest.raises(ImportRefused) as refused:
        import_register(essex, text, name="plan.csv")
    problems = [str(p) for p in refused.value.problems]
    assert "plan.csv, line 2, due_on '31/09/2026': is not a date; write it as 2026-09-30 (or 30/09/2026)" in problems
    assert any(
        p.startswith("plan.csv, line 3, theme 'parking': is not a theme; use one of stop-and-search") for p in problems
    )
    assert (
        "plan.csv, line 4, owner_email 'stranger@essex.test': is not an action owner in Essex: "
        "a force administrator gives them that role first"
    ) in problems
    assert any(p.startswith("plan.csv, line 6, measures 'stop-search-ratio White': measure") for p in problems)
    assert "plan.csv, line 7, source_reference: is empty: every row needs a source reference" in problems
    assert not Source.objects.filter(force=essex).exists()


def test_a_new_action_cannot_start_complete(essex: Force) -> None:
    text = "\n".join([HEADER, row(action_reference="R1.3", action_title="Done already", status="complete")])
    with pytest.raises(ImportRefused) as refused:
        import_register(essex, text, name="plan.csv")
    assert [str(p) for p in refused.value.problems] == [
        "plan.csv, line 2, status 'complete': a new action cannot start complete or closed: "
        "the board decides that in Parity"
    ]
    assert not Source.objects.filter(force=essex).exists()


def test_a_problem_found_while_saving_rolls_back_the_rows_before_it(essex: Force) -> None:
    text = "\n".join(
        [
            HEADER,
            row(action_reference="R1.1", action_title="First"),
            row(source_reference="NEW", source_kind="", source_title="", action_title="Second"),
        ]
    )
    with pytest.raises(ImportRefused) as refused:
        import_register(essex, text, name="plan.csv")
    assert [str(p) for p in refused.value.problems] == [
        "plan.csv, line 3, source_title: A new source needs a source_kind and a source_title"
    ]
    assert not Action.objects.filter(force=essex).exists()


def test_a_missing_column_is_named(essex: Force) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_register(essex, "source_reference,title\nRES,x\n", name="plan.csv")
    [problem] = refused.value.problems
    assert "the header has no recommendation_reference, action_title column" in str(problem)


def test_reimporting_brings_the_register_up_to_date_and_keeps_progress(essex: Force) -> None:
    owner = person("owner@essex.test", Role.ACTION_OWNER, essex)
    first = "\n".join([HEADER, row(action_reference="R1.1", action_title="Brief officers", due_on="2026-12-31")])
    import_register(essex, first)
    action = Action.objects.get(force=essex, reference="R1.1")
    progress.add_update(action, owner, status="at-risk", note="Slow.")
    second = "\n".join(
        [
            HEADER,
            row(
                action_reference="R1.1",
                action_title="Brief every officer",
                due_on="2027-01-31",
                status="on-track",
                owner_email="owner@essex.test",
                milestones="2026-12-01 Plan agreed | 2027-01-15 Half briefed (done 2027-01-10)",
            ),
            row(recommendation_reference="R2", recommendation_text="Review video.", theme="training"),
        ]
    )
    result = import_register(essex, second)
    assert result.created == {"sources": 0, "recommendations": 1, "actions": 0}
    assert result.updated["actions"] == 1 and result.milestones == 2
    assert result.status_kept == ["R1.1"]
    action.refresh_from_db()
    assert action.title == "Brief every officer" and action.due_on == date(2027, 1, 31) and action.owner == owner
    assert action.status == Status.AT_RISK, "the file's status does not overwrite the owner's update"
    assert action.updates.count() == 1
    assert Milestone.objects.get(action=action, title="Half briefed").done_on == date(2027, 1, 10)
    assert "Status left as it is in Parity for 1 existing action (R1.1)" in " ".join(result.lines())


def test_export_reads_back_in_with_nothing_changed(essex: Force) -> None:
    import_register(essex, register_csv(date(2026, 7, 1), ["owner@essex.test"]))
    exported = export_register(essex)
    assert exported.splitlines()[0] == HEADER
    result = import_register(essex, exported)
    assert result.created == {"sources": 0, "recommendations": 0, "actions": 0}
    assert result.updated == {"sources": 0, "recommendations": 0, "actions": 0}
    assert result.milestones == 0 and result.measures == 0 and result.status_kept == []
    assert export_register(essex) == exported


def test_an_export_with_decided_actions_reads_back_in_with_nothing_changed(essex: Force) -> None:
    """Actions the board completed or closed are exported as such; re-importing that file is no
    attempt to start an action complete, so nothing is refused and nothing changes."""
    import_register(essex, register_csv(date(2026, 7, 1), ["owner@essex.test"]))
    actions = list(Action.objects.filter(force=essex).order_by("reference"))
    assert len(actions) >= 2, "the fixture register needs two actions"
    Action.objects.filter(pk=actions[0].pk).update(status=Status.COMPLETE)  # as the board's decision leaves them
    Action.objects.filter(pk=actions[1].pk).update(status=Status.CLOSED)
    exported = export_register(essex)
    result = import_register(essex, exported)
    assert result.created == {"sources": 0, "recommendations": 0, "actions": 0}
    assert result.updated == {"sources": 0, "recommendations": 0, "actions": 0}
    assert result.status_kept == []
    assert export_register(essex) == exported


FORMULAS = ['=HYPERLINK("http://x.test","Click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]


def test_export_cannot_carry_a_formula_and_reads_back_as_typed(essex: Force) -> None:
    typed = io.StringIO()  # as a spreadsheet would save what people typed
    writer = csv.DictWriter(typed, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for number, text in enumerate(FORMULAS, start=1):
        base = next(csv.DictReader([HEADER, row(recommendation_reference=f"R{number}")]))
        writer.writerow({**base, "recommendation_text": text, "action_title": text})
    import_register(essex, typed.getvalue())
    exported = export_register(essex)
    cells = [cell for line in csv.reader(io.StringIO(exported)) for cell in line]
    for text in FORMULAS:
        assert text not in cells and "'" + text in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    result = import_register(essex, exported)
    assert result.updated == {"sources": 0, "recommendations": 0, "actions": 0}
    assert sorted(Action.objects.filter(force=essex).values_list("title", flat=True)) == sorted(FORMULAS)
