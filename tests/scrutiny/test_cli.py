"""`parity panel ...`: setting up a panel from the command line, as a force's operator would."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from parity.accounts.models import AuditEvent, RoleAssignment
from parity.accounts.roles import Role
from parity.cli import main
from parity.scrutiny.models import Case, Meeting, Member, Panel

pytestmark = pytest.mark.django_db


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_a_panel_from_nothing_to_a_sample() -> None:
    code, out, _ = run("panel", "add", "Stop search panel", "--force", "wiltshire")
    assert code == 0 and "Set up the panel 'Stop search panel' in Wiltshire" in out
    panel = Panel.objects.get(name="Stop search panel")
    code, out, _ = run(
        "panel", "add-member", "chair@panel.test", "--panel", "Stop search panel", "--role", "chair",
        "--vetted", "2026-01-05", "--trained", "2026-02-01", "--password-stdin", stdin="a long enough passphrase\n",
    )  # fmt: skip
    assert code == 0 and "as chair" in out and "Password set from standard input." in out
    member = Member.objects.get(panel=panel, user__email="chair@panel.test")
    assert member.vetted_on == dt.date(2026, 1, 5) and member.user.check_password("a long enough passphrase")
    assert RoleAssignment.objects.filter(user=member.user, role=Role.PANEL_CHAIR, panel=panel).exists()
    code, out, _ = run("panel", "add-meeting", "--panel", "Stop search panel", "--date", "2021-04-06")
    assert code == 0
    meeting = Meeting.objects.get(panel=panel)
    assert f"(id {meeting.pk})" in out
    code, out, _ = run(
        "panel", "sample", "--meeting", str(meeting.pk), "--rule", "strip-searches",
        "--from", "2021-01-01", "--to", "2021-03-31", "--size", "50", "--seed", "77", "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    drawn = json.loads(out)
    assert drawn["seed"] == 77 and len(drawn["cases"]) == Case.objects.filter(panel=panel).count() > 0
    assert {c.snapshot["removal_more_than_outer"] for c in Case.objects.filter(panel=panel)} == {"Yes"}
    event = AuditEvent.objects.get(action="sample.drawn")
    assert event.actor_label.startswith("command line (") and "seed 77" in event.summary
    code, out, _ = run("panel", "list", "--format", "json")
    listed = json.loads(out)["panels"]
    assert listed[0]["members"] == [{"email": "chair@panel.test", "role": "chair", "current": True}]


def test_sampling_nothing_exits_1_with_the_reason() -> None:
    run("panel", "add", "Youth panel", "--force", "wiltshire", "--kind", "youth")
    run("panel", "add-meeting", "--panel", "Youth panel", "--date", "2031-01-06")
    meeting = Meeting.objects.get(panel__name="Youth panel")
    result = CliRunner().invoke(
        main, ["panel", "sample", "--meeting", str(meeting.pk), "--from", "2030-01-01", "--to", "2030-03-31"]
    )
    assert result.exit_code == 1
    assert "There is nothing to sample: Parity holds no stop-and-search records for Wiltshire" in result.output


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("panel", "sample", "--meeting", "999999", "--from", "2021-01-01", "--to", "2021-02-01"), "is not a meeting"),
        (
            ("panel", "sample", "--meeting", "1", "--rule", "nope", "--from", "2021-01-01", "--to", "2021-02-01"),
            "not a sampling rule",
        ),
        (("panel", "add-meeting", "--panel", "Nowhere", "--date", "2021-01-01"), "is not a panel"),
        (("panel", "add-meeting", "--panel", "x", "--date", "5 May"), "is not a date"),
    ],
)
def test_usage_problems_exit_2_and_say_what_to_do(args: tuple[str, ...], problem: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 2 and problem in result.output


def test_expire_takes_access_from_members_whose_term_has_ended() -> None:
    run("panel", "add", "Stop search panel", "--force", "wiltshire")
    run("panel", "add-member", "old@panel.test", "--panel", "Stop search panel", "--term-ends", "2099-01-01")
    member = Member.objects.get(user__email="old@panel.test")
    assert RoleAssignment.objects.filter(user=member.user, role=Role.PANEL_MEMBER).exists()
    Member.objects.filter(pk=member.pk).update(term_ends_on=dt.date(2020, 1, 1))
    code, out, _ = run("panel", "expire")
    assert code == 0 and "old@panel.test no longer has access to Stop search panel." in out
    assert not RoleAssignment.objects.filter(user=member.user).exists()
    assert run("panel", "expire")[1].strip().endswith("0 memberships ended.")


def test_the_rules_are_listed_with_their_keys() -> None:
    code, out, _ = run("panel", "rules", "--format", "json")
    assert code == 0
    keys = [rule["key"] for rule in json.loads(out)["rules"]]
    for key in ("random", "stratified-ethnicity", "children-no-further-action", "strip-searches", "one-officer"):
        assert key in keys
    assert keys[0] == "random"
