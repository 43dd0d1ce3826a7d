"""The victims' API: who may read a force's figures (role table), and what it answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.accounts.tokens import issue_token
from parity.victims.importing.detect import ingest
from tests.conftest import SHARED
from tests.pagecheck import CheckedClient
from tests.roles import Case, RoleTable, RoleWorld

pytestmark = pytest.mark.django_db
SURVEY_TABLE = SHARED / "reference" / "ethnicity-facts-figures" / "victims" / "eff-victims-of-crime-data.csv"

API = RoleTable(
    routes={
        "figures": lambda w: f"/api/victims/forces/{w.home.slug}/figures",
        "other-force": lambda w: f"/api/victims/forces/{w.other.slug}/figures?period=2024/25",
    },
    table="""
        persona                  figures  other-force
        anonymous                401      401
        no-role                  403      403
        analyst                  200      403
        analyst@other-force      403      200
        force-admin              200      403
        supervisor               200      403
        officer                  403      403
        panel-member             403      403
        action-owner             403      403
    """,
)


@API.parametrize
def test_victims_api(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


def test_the_figures_by_token_with_the_survey_as_published(tmp_path: Path, role_world: RoleWorld) -> None:
    ingest([SURVEY_TABLE])
    _, raw = issue_token(role_world.user("analyst"), "Victims dashboard")
    client = CheckedClient()
    response = client.get(
        f"/api/victims/forces/{role_world.home.slug}/figures?period=2024/25", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["period"]["label"] == "2024/25" and body["fictional"] is False
    assert body["victims"]["analysis"] == "victims-by-ethnicity" and body["victims"]["records"][0]["measure"] == (
        "kept_informed_on_time"
    )
    assert body["complaints"]["analysis"] == "complaints-by-ethnicity"
    groups = {g["ethnicity"]: g for g in body["survey"]["groups"]}
    assert groups["White"]["value_percent"] == "14.7" and groups["White"]["sample_size"] == 2989
    assert groups["Other"]["withheld"] is True and groups["Other"]["value_percent"] is None
    bad = client.get(
        f"/api/victims/forces/{role_world.home.slug}/figures?period=soon", headers={"Authorization": f"Bearer {raw}"}
    )
    assert bad.status_code == 400
