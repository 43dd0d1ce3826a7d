"""The follow-up list: who may see it (role table), what it lists (victims owed an update or an
outcome, by team, oldest first, pseudonyms only), the gap beside it, and the audit of each look."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from parity.accounts.models import AuditEvent
from parity.victims.followup import follow_up
from parity.victims.importing.detect import ingest
from tests.conftest import SHARED
from tests.roles import Case, RoleTable, RoleWorld
from tests.victims.extracts import victim, write

SURVEY_TABLE = SHARED / "reference" / "ethnicity-facts-figures" / "victims" / "eff-victims-of-crime-data.csv"

pytestmark = pytest.mark.django_db

FOLLOW_UP = RoleTable(
    routes={
        "follow-up": lambda w: f"/victims/{w.home.slug}/follow-up",
        "other-force": lambda w: f"/victims/{w.other.slug}/follow-up",
        "figures": lambda w: f"/victims/{w.home.slug}/",
        "figures-other": lambda w: f"/victims/{w.other.slug}/?period=2024/25",
    },
    table="""
        persona                  follow-up  other-force  figures  figures-other
        anonymous                sign-in    sign-in      sign-in  sign-in
        no-role                  403        403          403      403
        analyst                  200        403          200      403
        analyst@other-force      403        200          403      200
        force-admin              200        403          200      403
        supervisor               200        403          200      403
        officer                  403        403          403      403
        panel-member             403        403          403      403
        panel-chair              403        403          403      403
        action-owner             403        403          403      403
        board-member             403        403          403      403
        analyst/unverified       2fa        2fa          2fa      2fa
    """,
)


@FOLLOW_UP.parametrize
def test_follow_up_pages(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _owed_victims(tmp_path: Path, force: str) -> None:
    rows = [
        # owed: first update overdue 20 days
        victim("WM/1", _day(30), force=force, team="East", first_update_due=_day(20), updates_due="1"),
        # owed: told nothing after "no further action" 40 days ago; the oldest in East
        victim("WM/2", _day(60), force=force, team="East", outcome="18", outcome_date=_day(40)),
        # owed: two updates due, one given
        victim("WM/3", _day(50), force=force, team="West", first_update_due=_day(45), first_update_made=_day(44),
               updates_due="2", updates_made="1"),
        # not owed: update given, outcome told
        victim("WM/4", _day(50), force=force, team="West", first_update_due=_day(45), first_update_made=_day(45),
               updates_due="1", updates_made="1", outcome="1", outcome_date=_day(10), outcome_notified_date=_day(9)),
        # not owed yet: first update due tomorrow
        victim("WM/5", _day(2), force=force, team="West", first_update_due=_day(-1), updates_due="0"),
    ]  # fmt: skip
    report = ingest([write(tmp_path / "wm.csv", rows)])
    assert not report.refused, report.problems


def test_the_list_is_by_team_oldest_first_with_what_is_owed(tmp_path: Path, role_world: RoleWorld) -> None:
    _owed_victims(tmp_path, role_world.home.slug)
    result = follow_up(role_world.home, on=timezone.localdate())
    teams = {t.name: t for t in result.teams}
    assert list(teams) == ["East", "West"]
    assert [o.crime_reference for o in teams["East"].owed] == ["WM/2", "WM/1"]
    assert [o.days for o in teams["East"].owed] == [40, 20]
    assert teams["East"].owed[0].reasons == (
        "Not told the outcome (no further action): Investigation complete: no suspect identified",
    )
    assert [(o.crime_reference, o.reasons) for o in teams["West"].owed] == [("WM/3", ("1 of 2 updates given",))]
    assert result.victims == 3
    # the gap beside it: first updates due for 3 victims, too few to assess a share
    on_time = result.gaps[0]
    assert on_time.name == "kept_informed_on_time" and on_time.group("white").assessable is False


def test_the_page_shows_pseudonyms_only_and_each_look_is_audited(tmp_path: Path, role_world: RoleWorld) -> None:
    _owed_victims(tmp_path, role_world.home.slug)
    page = role_world.client("analyst").get(f"/victims/{role_world.home.slug}/follow-up").page
    rows = [[c.get_text(strip=True) for c in tr.select("th, td")] for tr in page.select("main table tbody tr")]
    owed = [r for r in rows if r[0].startswith("WM/")]
    assert [r[0] for r in owed] == ["WM/2", "WM/1", "WM/3"]
    assert "White" not in " ".join(" ".join(r) for r in owed)  # no victim's ethnicity on a line
    event = AuditEvent.objects.get(action="view", object_type="victims-follow-up", actor=role_world.user("analyst"))
    assert event.force == role_world.home and "3 victims" in event.summary


def test_the_roles_reference_says_who_opens_the_follow_up_list_as_the_code_does() -> None:
    from parity.accounts.roles import Role
    from parity.victims.views import FOLLOW_UP_ROLES

    text = (Path(__file__).parents[2] / "docs" / "reference" / "roles.md").read_text()
    table = [[c.strip() for c in line.split("|")[1:-1]] for line in text.splitlines() if line.startswith("| ")]
    header = next(cells for cells in table if cells[0] == "Pages")[1:]
    for name in ("Victims' follow-up list", "Victims' and complaints figures"):
        row = dict(zip(header, next(c for c in table if c[0] == name)[1:], strict=True))
        for role in Role:
            assert (row[role.label] != "no") == (role in FOLLOW_UP_ROLES), (name, role)


def test_the_figures_page_shows_every_measure_and_refuses_a_bad_period(tmp_path: Path, role_world: RoleWorld) -> None:
    from tests.victims.extracts import complaints_sample, write_complaints

    _owed_victims(tmp_path, role_world.home.slug)
    rows = [{**r, "force": role_world.home.slug} for r in complaints_sample()]
    ingest([write_complaints(tmp_path / "c.csv", rows)])
    client = role_world.client("analyst")
    period = f"2024-01..{timezone.localdate():%Y-%m}"  # the sample complaints are from 2024
    page = client.get(f"/victims/{role_world.home.slug}/?period={period}").page
    captions = [c.get_text(" ", strip=True) for c in page.select("main caption")]
    for words in (
        "Given their first update on time",
        "Told when nothing further could be done",
        "Days from reporting to the first update",
        "The whole experience",
        "Hate crimes by strand and outcome",
        "Discrimination allegations upheld",
        "Days from receiving a complaint to finalising it",
    ):
        assert any(words in c for c in captions), words
    assert "5 victims" in page.get_text(" ", strip=True) and "3 complaints" in page.get_text(" ", strip=True)
    assert "fictional" not in page.get_text(" ", strip=True)
    assert "not loaded yet" in page.get_text(" ", strip=True)  # the survey's table, until it is imported
    ingest([SURVEY_TABLE])
    page = client.get(f"/victims/{role_world.home.slug}/?period={period}").page
    survey = page.select_one("table:has(#survey)")
    assert survey is not None
    cells = {
        tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in survey.select("tbody tr")
        if tr.th is not None
    }
    # West Midlands, 2017/18 to 2019/20, as published: White 14.7% of 2,989; Other withheld (49 asked)
    assert cells["White"][0] == "2,989" and cells["White"][1].startswith("14.7%")
    assert cells["Other"] == ["49", "withheld by the survey"]
    assert survey.caption is not None and "2017/18, 2018/19 and 2019/20" in survey.caption.get_text()
    bad = client.get(f"/victims/{role_world.home.slug}/?period=last+Tuesday")
    assert bad.status_code == 400
    message = bad.page.select_one("#period-error")
    assert message is not None and message.get_text(strip=True).startswith("Error:")
    field = bad.page.select_one("input#period")
    assert field is not None and field["value"] == "last Tuesday"
