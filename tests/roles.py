"""Role tables: who may open which page, written as a grid and checked one cell per test.

Every view is tested for every kind of person, on the server. Write the table as the people
who use Parity would read it, one row per persona, one column per route:

    from tests.roles import Route, RoleTable, RoleWorld

    PANEL_PAGES = RoleTable(
        routes={
            "panel": lambda w: f"/scrutiny/panels/{w.panel.pk}/",
            "close": Route(lambda w: f"/scrutiny/panels/{w.panel.pk}/close", method="post"),
        },
        table='''
            persona                    panel    close
            anonymous                  sign-in  sign-in
            no-role                    403      403
            panel-member               200      403
            panel-member@other-panel   403      403
            panel-chair                200      302
            analyst/unverified         2fa      2fa
        ''',
    )

    @PANEL_PAGES.parametrize
    def test_panel_pages(case: Case, role_world: RoleWorld) -> None:
        case.check(role_world)

Personas are `role[@scope][/unverified]`, or `anonymous`, or `no-role` (signed in, no role):

- `role` is a value of parity.accounts.roles.Role (`force-admin`, `panel-member` ...), held in
  the home force (`world.home`); panel roles on `world.panel`, officers in `world.team`,
  supervisors supervising `world.team`.
- `@other-force`: the same role in `world.other` (on `world.other_force_panel`, `world.other_force_team`).
- `@other-panel`: a panel role on `world.other_panel` (same force, another panel).
- `@other-team`: an officer or supervisor in `world.other_team` (same force, another team).
- `/unverified`: signed in with a password but not yet through the second factor. Without
  it, personas whose role needs the second factor (force staff, panel chairs and members:
  parity.accounts.roles.SECOND_FACTOR_ROLES) have passed it.

Cells: a status code (`200`, `403`, `404`, `405`, `302` ...), `sign-in` (a redirect to the
sign-in page, for people who are not signed in) or `2fa` (a redirect to the second-factor
step). Every `403` cell also checks that the refusal was written to the audit trail.

Routes are a path, a callable `world -> path`, or a `Route` with a method and form data. To
reach objects a persona owns (an officer's own record), build them in a fixture from
`role_world.user("officer")` before the check. `role_world` is a fixture (tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, overload

import pytest
from django.conf import settings
from django.test import Client

from parity.accounts.models import AuditEvent, RoleAssignment, Team, User
from parity.accounts.roles import PANEL_ROLES, SECOND_FACTOR_ROLES, TEAM_ROLES, Role
from parity.reference.models import Force
from parity.scrutiny.models import Panel
from tests.pagecheck import CheckedClient

HOME_FORCE = "west-midlands"
OTHER_FORCE = "merseyside"
SCOPES = ("home", "other-force", "other-panel", "other-team")


@dataclass
class RoleWorld:
    """Two real forces, their panels and teams, and people made on demand for each persona."""

    home: Force
    other: Force
    panel: Panel
    other_panel: Panel
    other_force_panel: Panel
    team: Team
    other_team: Team
    other_force_team: Team
    _users: dict[str, User] = field(default_factory=dict)

    @classmethod
    def build(cls) -> RoleWorld:
        home = Force.objects.get(slug=HOME_FORCE)
        other = Force.objects.get(slug=OTHER_FORCE)
        return cls(
            home=home,
            other=other,
            panel=Panel.objects.create(force=home, name="Stop and search panel", kind=Panel.Kind.STOP_AND_SEARCH),
            other_panel=Panel.objects.create(force=home, name="Use of force panel", kind=Panel.Kind.USE_OF_FORCE),
            other_force_panel=Panel.objects.create(
                force=other, name="Stop and search panel", kind=Panel.Kind.STOP_AND_SEARCH
            ),
            team=Team.objects.create(force=home, name="Response team A"),
            other_team=Team.objects.create(force=home, name="Response team B"),
            other_force_team=Team.objects.create(force=other, name="Response team A"),
        )

    # Any other persona gives a person; a persona held in a variable is typed as one too.
    @overload
    def user(self, persona: Literal["anonymous"]) -> None: ...  # type: ignore[overload-overlap]
    @overload
    def user(self, persona: str) -> User: ...
    def user(self, persona: str) -> User | None:
        """The person behind a persona (None for `anonymous`), made the first time it is asked for."""
        role_part = persona.split("/")[0]
        if role_part == "anonymous":
            return None
        if role_part not in self._users:
            self._users[role_part] = self._make(role_part)
        return self._users[role_part]

    def _make(self, role_part: str) -> User:
        email = f"{role_part.replace('@', '.at.')}@roles.test"
        user = User.objects.create_user(email, password=None, full_name=role_part)
        if role_part == "no-role":
            return user
        role_name, _, scope = role_part.partition("@")
        role, scope = Role(role_name), scope or "home"
        if scope not in SCOPES:
            raise ValueError(f"persona {role_part!r}: the scope must be one of {', '.join(SCOPES)}")
        force = self.other if scope == "other-force" else self.home
        panel = team = None
        if role in PANEL_ROLES:
            panel = {"other-force": self.other_force_panel, "other-panel": self.other_panel}.get(scope, self.panel)
        if role in TEAM_ROLES:
            team = {"other-force": self.other_force_team, "other-team": self.other_team}.get(scope, self.team)
        RoleAssignment.objects.create(user=user, role=role, force=force, panel=panel, team=team)
        return user

    def client(self, persona: str) -> CheckedClient:
        """A test client signed in as the persona (and through the second factor, unless
        /unverified). It runs the page checks on every page it fetches (tests/pagecheck.py)."""
        client = CheckedClient()
        if persona.split("/")[0] == "anonymous":
            return client
        client.force_login(self.user(persona))
        if not persona.endswith("/unverified") and _needs_second_factor(persona):
            sign_in_second_factor(client, self.user(persona))
        return client


def _needs_second_factor(persona: str) -> bool:
    """Whether the persona's role needs the second factor: force staff, panel chairs and members."""
    role_name = persona.split("/")[0].partition("@")[0]
    return role_name in {r.value for r in SECOND_FACTOR_ROLES}


def sign_in_second_factor(client: Client, user: User) -> None:
    """Mark the client's session as through the second factor, as django_otp.login does.

    The second-factor pages themselves are tested through the browser-facing views in
    tests/accounts/test_two_factor.py; role tables only need a verified session.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@dataclass(frozen=True)
class Route:
    path: str | Callable[[RoleWorld], str]
    method: str = "get"
    data: dict[str, Any] | Callable[[RoleWorld], dict[str, Any]] | None = None

    def resolve(self, world: RoleWorld) -> tuple[str, dict[str, Any]]:
        path = self.path(world) if callable(self.path) else self.path
        data = self.data(world) if callable(self.data) else (self.data or {})
        return path, data


@dataclass(frozen=True)
class Case:
    """One cell of a role table: this persona, this route, this expected answer."""

    persona: str
    view: str
    route: Route
    expected: str

    def check(self, world: RoleWorld) -> None:
        client = world.client(self.persona)
        user = None if self.persona.split("/")[0] == "anonymous" else world.user(self.persona)
        path, data = self.route.resolve(world)
        refusals = AuditEvent.objects.filter(allowed=False, actor=user).count() if user else 0
        response = getattr(client, self.route.method)(path, data)
        where = f"{self.persona} {self.route.method.upper()} {path} ({self.view})"
        location = response.get("Location", "")
        if self.expected == "sign-in":
            assert response.status_code == 302 and location.startswith(settings.LOGIN_URL), (
                f"{where}: expected a redirect to sign in, got {response.status_code} {location}"
            )
        elif self.expected == "2fa":
            assert response.status_code == 302 and "/account/two-factor/" in location, (
                f"{where}: expected a redirect to the second factor, got {response.status_code} {location}"
            )
        else:
            assert response.status_code == int(self.expected), (
                f"{where}: expected {self.expected}, got {response.status_code} {location}"
            )
        if self.expected == "403" and user is not None:
            after = AuditEvent.objects.filter(allowed=False, actor=user).count()
            assert after == refusals + 1, f"{where}: the refusal was not written to the audit trail"


class RoleTable:
    """A grid of persona × route → expected answer, turned into one pytest case per cell."""

    def __init__(self, routes: dict[str, str | Callable[[RoleWorld], str] | Route], table: str) -> None:
        self.routes = {name: r if isinstance(r, Route) else Route(r) for name, r in routes.items()}
        self.cases = self._parse(table)

    def _parse(self, table: str) -> list[Case]:
        lines = [line.split() for line in table.strip().splitlines() if line.strip()]
        header, rows = lines[0], lines[1:]
        if header[0] != "persona":
            raise ValueError("the first column of a role table is headed 'persona'")
        views = header[1:]
        unknown = set(views) - set(self.routes)
        if unknown:
            raise ValueError(f"role table columns with no route: {', '.join(sorted(unknown))}")
        cases = []
        for row in rows:
            if len(row) != len(header):
                raise ValueError(f"role table row {' '.join(row)!r} has {len(row)} cells, not {len(header)}")
            persona, cells = row[0], row[1:]
            for view, cell in zip(views, cells, strict=True):
                if cell != "-":  # "-": not applicable, deliberately not checked
                    cases.append(Case(persona, view, self.routes[view], cell))
        return cases

    def parametrize(self, test: Callable[..., None]) -> Callable[..., None]:
        """Decorate a test taking `case` (and `role_world`): one test per cell, named persona-view."""
        params = [pytest.param(case, id=f"{case.persona}-{case.view}") for case in self.cases]
        marked: Callable[..., None] = pytest.mark.django_db(pytest.mark.parametrize("case", params)(test))
        return marked
