"""`parity user ...` and `parity audit verify`, run as a force's first administrator would."""

from __future__ import annotations

import json
from typing import cast

import click
import pytest
from click.testing import CliRunner
from django.core import mail

from parity.accounts.models import ApiToken, AuditEvent, RoleAssignment, User
from parity.cli import main
from parity.reference.models import Force
from parity.scrutiny.models import Panel

pytestmark = pytest.mark.django_db


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_adding_the_first_administrator_emails_a_link_and_never_prints_a_password() -> None:
    code, out, _ = run(
        "user",
        "add",
        "Admin@Force.Police.uk",
        "--role",
        "force-admin",
        "--force",
        "west-midlands",
        "--name",
        "Sam Admin",
    )
    assert code == 0
    user = User.objects.get(email="admin@force.police.uk")
    assert user.full_name == "Sam Admin" and not user.has_usable_password()
    assert RoleAssignment.objects.get(user=user).role == "force-admin"
    assert "Added admin@force.police.uk; now force administrator for West Midlands." in out
    assert "E-mailed admin@force.police.uk a one-time link to set a password" in out
    [message] = mail.outbox
    assert "http://127.0.0.1:8000/account/password-reset/" in message.body  # PARITY_SITE_URL
    event = AuditEvent.objects.get(action="create", object_type="accounts.roleassignment")
    assert event.actor is None and event.actor_label.startswith("command line (")


def test_a_password_can_be_given_on_standard_input_only() -> None:
    code, out, _ = run(
        "user",
        "add",
        "a@example.org",
        "--role",
        "analyst",
        "--force",
        "kent",
        "--password-stdin",
        stdin="a long enough passphrase\n",
    )
    assert code == 0 and "Password set from standard input." in out and mail.outbox == []
    user = User.objects.get(email="a@example.org")
    assert user.check_password("a long enough passphrase") and user.password.startswith("argon2$")
    code, _, err = run(
        "user", "add", "b@example.org", "--role", "analyst", "--force", "kent", "--password-stdin", stdin="short\n"
    )
    assert code == 1 and "too short" in err
    assert "--password " not in " ".join(
        p.opts[0] for p in cast(click.Group, main.commands["user"]).commands["add"].params
    )


def test_panel_roles_name_the_panel_and_its_force_is_found_from_it() -> None:
    kent = Force.objects.get(slug="kent")
    panel = Panel.objects.create(force=kent, name="Kent stop and search panel", kind=Panel.Kind.STOP_AND_SEARCH)
    code, out, _ = run(
        "user", "add", "m@example.org", "--role", "panel member", "--panel", "kent stop and search panel"
    )
    assert code == 0 and "panel member for Kent: Kent stop and search panel" in out
    assert RoleAssignment.objects.get(user__email="m@example.org").panel == panel


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--role", "sheriff", "--force", "kent"], 2, "unknown role 'sheriff'"),
        (["--role", "analyst", "--force", "ruritania"], 2, "--force 'ruritania' is not a force"),
        (["--role", "analyst"], 2, "every role is held in a force: add --force SLUG"),
        (["--role", "panel-member", "--force", "kent"], 2, "sits on a panel: add --panel NAME"),
        (["--role", "panel-member", "--force", "kent", "--panel", "Nope"], 2, "'Nope' is not a panel in Kent"),
        (["--role", "supervisor", "--force", "kent"], 1, "A supervisor supervises a team: name the team."),
        (["--role", "analyst", "--force", "kent", "--panel", "Kent panel"], 1, "An analyst is not held on a panel"),
    ],
)
def test_add_explains_what_is_wrong(args: list[str], code: int, message: str) -> None:
    Panel.objects.create(force=Force.objects.get(slug="kent"), name="Kent panel", kind=Panel.Kind.YOUTH)
    exit_code, out, err = run("user", "add", "x@example.org", *args)
    assert exit_code == code and message in out + err
    assert not RoleAssignment.objects.filter(user__email="x@example.org").exists()


def test_adding_a_role_to_an_existing_person_sends_no_new_link() -> None:
    run("user", "add", "o@example.org", "--role", "officer", "--force", "kent", "--team", "Tactical aid")
    mail.outbox.clear()
    User.objects.filter(email="o@example.org").update(password="argon2$set")  # they have set a password since
    code, out, _ = run("user", "add", "o@example.org", "--role", "action-owner", "--force", "kent")
    assert code == 0 and "Found o@example.org" in out and mail.outbox == []
    roles = set(RoleAssignment.objects.filter(user__email="o@example.org").values_list("role", "team__name"))
    assert roles == {("officer", "Tactical aid"), ("action-owner", None)}


def test_list_as_json_and_as_a_table() -> None:
    run("user", "add", "k@example.org", "--role", "analyst", "--force", "kent")
    run("user", "add", "e@example.org", "--role", "board-member", "--force", "essex", "--name", "Eve")
    code, out, _ = run("user", "list", "--format", "json")
    assert code == 0
    people = {p["email"]: p for p in json.loads(out)["people"]}
    assert people["k@example.org"]["roles"] == [{"role": "analyst", "force": "kent", "panel": None, "team": None}]
    assert people["e@example.org"]["full_name"] == "Eve" and people["e@example.org"]["second_factor"] is False
    assert people["k@example.org"]["password_set"] is False and people["k@example.org"]["locked_out"] is False
    code, out, _ = run("user", "list", "--force", "kent", "--format", "json")
    assert [p["email"] for p in json.loads(out)["people"]] == ["k@example.org"]
    code, out, _ = run("user", "list")
    assert code == 0 and "k@example.org" in out and "e@example.org" in out and "board-member" in out


def test_list_with_no_one_says_how_to_add_someone() -> None:
    code, out, _ = run("user", "list")
    assert code == 0 and "parity user add" in out


def test_remove_role_unlock_and_reset_second_factor() -> None:
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    run("user", "add", "k@example.org", "--role", "analyst", "--force", "kent")
    user = User.objects.get(email="k@example.org")
    AccessAttempt.objects.create(
        username="k@example.org",
        ip_address="192.0.2.1",
        user_agent="x",
        failures_since_start=9,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
    )
    code, out, _ = run("user", "unlock", "k@example.org")
    assert code == 0 and "1 failed-attempt record cleared" in out and not AccessAttempt.objects.exists()
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    assert run("user", "reset-second-factor", "k@example.org")[0] == 0 and not TOTPDevice.objects.exists()
    code, out, _ = run("user", "remove-role", "k@example.org", "--role", "analyst", "--force", "kent")
    assert code == 0 and "Removed: Analyst, Kent." in out and not RoleAssignment.objects.exists()
    code, _, err = run("user", "remove-role", "k@example.org", "--role", "analyst", "--force", "kent")
    assert code == 1 and "is not analyst in Kent" in err
    assert run("user", "unlock", "nobody@example.org")[0] == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"unlocked", "second-factor.reset", "delete"} <= actions


def test_token_lookups_never_start_with_a_dash_so_the_command_line_takes_them() -> None:
    """token_urlsafe starts with "-" one time in 64: in 3,000 draws, about 47 would."""
    from parity.accounts.tokens import draw_raw_token

    lookups = [draw_raw_token()[len(ApiToken.PREFIX) :][:8] for _ in range(3000)]
    assert not [lookup for lookup in lookups if lookup.startswith("-")]
    assert any("-" in lookup or "_" in lookup for lookup in lookups), "still drawn from the URL-safe alphabet"


def test_tokens_are_printed_once_and_can_be_revoked() -> None:
    run("user", "add", "system@example.org", "--role", "officer", "--force", "kent")
    code, out, err = run("user", "token", "system@example.org", "--name", "Force RMS", "--days", "90")
    raw = out.strip()
    assert code == 0 and raw.startswith("parity_") and "shown only this once" in err
    token = ApiToken.objects.get()
    assert token.digest == ApiToken.hash(raw) and token.expires_at is not None and raw not in err
    code, out, _ = run("user", "revoke-token", token.lookup)
    assert code == 0 and ApiToken.objects.get().revoked_at is not None
    assert run("user", "revoke-token", "nosuch")[0] == 1


def test_audit_verify() -> None:
    run("user", "add", "k@example.org", "--role", "analyst", "--force", "kent")
    code, out, _ = run("audit", "verify", "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["intact"] and report["checked"] >= 2
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET actor_label = 'someone else'")
    code, out, _ = run("audit", "verify")
    assert code == 1 and "has been altered at event" in out
