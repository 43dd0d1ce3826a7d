"""A force administrator controls only their own force's people (issue 11, item 1).

The attack: an administrator of one force adds the e-mail address of someone another force
holds (or of the site administrator), which used to give them a role in the attacker's force,
and with it the attacker's power to remove their authenticator, unlock them and read their
account events. Now the account is left alone, the adder is told nothing about it, and the
other force is asked to agree.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from click.testing import CliRunner
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from parity.accounts import audit, services
from parity.accounts.models import AccountRequest, AuditEvent, RoleAssignment, User
from parity.accounts.pages import events_for
from parity.cli import main
from parity.reference.models import Force
from tests.roles import Case, RoleTable, RoleWorld, Route, sign_in_second_factor

pytestmark = pytest.mark.django_db


def _user(w: RoleWorld, persona: str) -> User:
    user = w.user(persona)
    assert user is not None
    return user


def _add(client: Any, w: RoleWorld, email: str, role: str = "analyst") -> Any:
    data = {"email": email, "full_name": "", "role": role, "force": w.home.pk, "panel": "", "team": ""}
    return client.post("/account/people/add", data)


def _shown_message(client: Any, response: Any) -> str:
    assert response.status_code == 302
    page = client.get(response["Location"])
    banner = page.page.select(".govuk-notification-banner__content")[-1]  # the newest message
    return " ".join(banner.get_text().split())


def _with_app(user: User) -> TOTPDevice:
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return device


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("root@example.org", password=None)


# --- the takeover ---------------------------------------------------------------------------


def test_adding_another_forces_person_leaves_their_account_alone_and_says_nothing(role_world: RoleWorld) -> None:
    w = role_world
    attacker = w.client("force-admin")
    victim = _user(w, "analyst@other-force")
    other_admin = _user(w, "force-admin@other-force")
    device = _with_app(victim)

    new = _shown_message(attacker, _add(attacker, w, "brand.new@example.org"))
    mail.outbox.clear()
    held = _shown_message(attacker, _add(attacker, w, victim.email.upper()))

    # The same answer, word for word, whether or not the address had an account.
    assert held == new.replace("brand.new@example.org", victim.email)
    assert not RoleAssignment.objects.filter(user=victim, force=w.home).exists()
    # Nothing e-mailed to the person (a new account would get a set-password link) ...
    assert victim.email not in [to for message in mail.outbox for to in message.to]
    # ... but the force that holds them is told, and asked.
    [notice] = mail.outbox
    assert notice.to == [other_admin.email] and "needs your agreement" in notice.subject
    assert "Give analyst for West Midlands to analyst.at.other-force@roles.test" in notice.body
    asked = AccountRequest.objects.get(user=victim)
    assert asked.status == "pending" and asked.force == w.home and asked.requested_by == _user(w, "force-admin")

    # So the attacker has no hold on the account: every route to it is refused and audited.
    refused_before = AuditEvent.objects.filter(allowed=False, actor=_user(w, "force-admin")).count()
    assert attacker.get(f"/account/people/{victim.pk}/").status_code == 403
    assert attacker.post(f"/account/people/{victim.pk}/unlock").status_code == 403
    assert attacker.post(f"/account/people/{victim.pk}/second-factor/reset").status_code == 403
    assert attacker.get(f"/account/people/{victim.pk}/roles/add").status_code == 403
    assert AuditEvent.objects.filter(allowed=False, actor=_user(w, "force-admin")).count() == refused_before + 4
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    # The list of people shows both addresses the same way: added, not in yet.
    page = attacker.get("/account/people/").page
    rows = {row.select("td")[0].get_text(): row for row in page.select("h2 + p + table tbody tr")}
    assert set(rows) == {"brand.new@example.org", victim.email}
    for row in rows.values():
        row.find("input", attrs={"name": "csrfmiddlewaretoken"}).decompose()  # masked anew each time
    shapes = {str(row).replace(email, "EMAIL") for email, row in rows.items()}
    assert len(shapes) == 1, shapes


def test_withdrawing_an_addition_is_the_same_whichever_it_was(role_world: RoleWorld) -> None:
    w = role_world
    admin = w.client("force-admin")
    victim = _user(w, "analyst@other-force")
    _add(admin, w, "brand.new@example.org")
    _add(admin, w, victim.email)
    answers = [
        _shown_message(admin, admin.post("/account/people/withdraw", {"email": email}))
        for email in ("brand.new@example.org", victim.email)
    ]
    assert answers[1] == answers[0].replace("brand.new@example.org", victim.email)
    assert not RoleAssignment.objects.filter(user__email="brand.new@example.org").exists()
    assert AccountRequest.objects.get(user=victim).status == "withdrawn"
    assert "Added, not in yet" not in admin.get("/account/people/").content.decode()
    assert services.requests_for(_user(w, "force-admin@other-force")) == []


def test_adding_the_site_administrator_asks_the_site_administrators(role_world: RoleWorld, site_admin: User) -> None:
    w = role_world
    attacker = w.client("force-admin")
    _with_app(site_admin)
    _add(attacker, w, "root@example.org", role="force-admin")
    assert not RoleAssignment.objects.filter(user=site_admin).exists()
    [notice] = mail.outbox
    assert notice.to == ["root@example.org"]
    asked = AccountRequest.objects.get(user=site_admin)
    # No force administrator can agree to it, not even the other force's.
    assert services.requests_for(_user(w, "force-admin@other-force")) == []
    with pytest.raises(PermissionDenied):
        services.decide(asked, by=_user(w, "force-admin@other-force"), accept=True)
    # A site administrator can, at the command line.
    result = CliRunner().invoke(main, ["user", "requests", "--accept", str(asked.pk)], catch_exceptions=False)
    assert result.exit_code == 0 and "Agreed and carried out" in result.stdout
    assert RoleAssignment.objects.filter(user=site_admin, force=w.home, role="force-admin").exists()
    # Even then, the site administrator's account stays out of the force administrator's hands.
    assert not services.may_manage(_user(w, "force-admin"), site_admin)
    assert attacker.post(f"/account/people/{site_admin.pk}/second-factor/reset").status_code == 302
    assert TOTPDevice.objects.filter(user=site_admin).exists()
    assert AccountRequest.objects.filter(user=site_admin, kind="reset-second-factor", status="pending").exists()


def test_the_services_refuse_a_force_administrator_what_they_do_not_control(role_world: RoleWorld) -> None:
    """The check lives in the services, so the pages, the API and the command line share it."""
    w = role_world
    admin, victim = _user(w, "force-admin"), _user(w, "analyst@other-force")
    _with_app(victim)
    RoleAssignment.objects.create(user=victim, role="panel-member", force=w.home, panel=w.panel)  # shared
    with pytest.raises(services.NotPermitted):
        services.reset_second_factor(victim, by=admin)
    with pytest.raises(services.NotPermitted):
        services.unlock(victim, by=admin)
    with pytest.raises(services.NotPermitted):
        services.invite("someone@example.org", "analyst", w.other, by=admin)  # not their force
    assert TOTPDevice.objects.filter(user=victim).exists()
    # Their own force's people they control; the command line (a site operator) controls all.
    assert services.may_manage(admin, _user(w, "analyst")) and services.may_manage(None, victim)
    assert services.reset_second_factor(_user(w, "analyst"), by=admin) == 0


def test_an_account_no_force_holds_waits_for_its_owner_like_a_new_one(role_world: RoleWorld) -> None:
    """An existing account with no roles does not join at once (that would tell the adder it
    existed): like a new one, it waits until its owner signs in, and the adder is told the same."""
    w = role_world
    loner = User.objects.create_user("loner@example.org", password="a long enough passphrase")
    admin = w.client("force-admin")
    new = _shown_message(admin, _add(admin, w, "brand.new@example.org"))
    mail.outbox.clear()
    held = _shown_message(admin, _add(admin, w, "loner@example.org"))
    assert held == new.replace("brand.new@example.org", "loner@example.org")
    assert not RoleAssignment.objects.filter(user=loner).exists()
    assert not RoleAssignment.objects.filter(user__email="brand.new@example.org").exists()
    [notice] = mail.outbox  # the owner is told, and no one else
    assert notice.to == ["loner@example.org"] and "next time you sign in" in notice.body
    assert User.objects.get(email="loner@example.org").full_name == "", "an existing account is left as it was"

    Client().force_login(loner)  # the owner signs in: the role is theirs
    assert RoleAssignment.objects.filter(user=loner, force=w.home, role="analyst").exists()
    assert AccountRequest.objects.get(user=loner).status == "accepted"
    fresh = User.objects.get(email="brand.new@example.org")
    fresh.set_password("another long passphrase")
    fresh.save()
    Client().force_login(fresh)
    assert RoleAssignment.objects.filter(user=fresh, force=w.home, role="analyst").exists()
    in_force = {p.email for p in services.people_in(Force.objects.filter(pk=w.home.pk))}
    assert in_force >= {"loner@example.org", fresh.email}


def test_the_adders_trail_is_the_same_whether_or_not_the_address_had_an_account(role_world: RoleWorld) -> None:
    """What the adding force's trail shows, after adding and after the person is in, has the
    same shape for a new address, an account no force holds and one another force holds; and
    nothing from before the person joined (the account's making, its earlier sign-ins)."""
    w = role_world
    forces = Force.objects.filter(pk=w.home.pk)
    loner = User.objects.create_user("loner@example.org", password="a long enough passphrase")
    audit.record(audit.Action.SIGN_IN, obj=loner, summary="loner@example.org signed in", actor=loner)  # long ago
    victim = _user(w, "analyst@other-force")
    admin = w.client("force-admin")

    def shown(email: str, step: Any) -> list[tuple[str, str]]:
        before = set(events_for(forces, administered=forces).values_list("pk", flat=True))
        step()
        after = events_for(forces, administered=forces).exclude(pk__in=before).order_by("id")
        return [(e.action, e.object_type) for e in after]

    emails = ("new@example.org", loner.email, victim.email)
    added = {email: shown(email, lambda e=email: _add(admin, w, e)) for email in emails}
    assert (
        added["new@example.org"] == added[loner.email] == added[victim.email] == [(audit.Action.PERSON_INVITED, "")]
    ), added

    def sign_in_new() -> None:
        fresh = User.objects.get(email="new@example.org")
        fresh.set_password("a long enough passphrase")
        fresh.save()
        Client().force_login(fresh)

    joined = {
        "new": shown("new@example.org", sign_in_new),
        "loner": shown(loner.email, lambda: Client().force_login(loner)),
    }
    assert (
        joined["new"]
        == joined["loner"]
        == [
            (audit.Action.CREATE, "accounts.roleassignment"),
            (audit.Action.SIGN_IN, "accounts.user"),
        ]
    ), joined
    trail = " ".join(events_for(forces).values_list("summary", flat=True))
    assert trail.count("loner@example.org signed in") == 1, "the sign-in before joining stays hidden"
    assert not AuditEvent.objects.filter(pk__in=events_for(forces), action=audit.Action.PASSWORD_LINK_SENT).exists()


# --- agreement ------------------------------------------------------------------------------


def test_the_other_force_agrees_and_then_changes_to_the_shared_account_need_agreement(role_world: RoleWorld) -> None:
    w = role_world
    home_admin, other_admin = w.client("force-admin"), w.client("force-admin@other-force")
    person = _user(w, "analyst@other-force")
    device = _with_app(person)
    _add(home_admin, w, person.email)

    waiting = other_admin.get("/account/people/requests/")
    assert "Give analyst for West Midlands to analyst.at.other-force@roles.test" in waiting.content.decode()
    assert "Nothing is waiting" in home_admin.get("/account/people/requests/").content.decode()
    asked = AccountRequest.objects.get(user=person)
    response = other_admin.post(f"/account/people/requests/{asked.pk}/decide", {"answer": "agree"})
    assert response.status_code == 302
    assert RoleAssignment.objects.get(user=person, force=w.home).granted_by == _user(w, "force-admin")
    assert AccountRequest.objects.get(pk=asked.pk).status == "accepted"
    agreed = AuditEvent.objects.get(action=audit.Action.CHANGE_AGREED)
    assert agreed.actor == _user(w, "force-admin@other-force") and agreed.force == w.other

    # Now the person is in both forces: the home administrator sees them, but only asks.
    page = home_admin.get(f"/account/people/{person.pk}/")
    assert page.status_code == 200 and "Another force also holds this account" in page.content.decode()
    mail.outbox.clear()
    response = home_admin.post(f"/account/people/{person.pk}/second-factor/reset")
    assert response.status_code == 302 and "asked its administrator" in _shown_message(home_admin, response)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    [notice] = mail.outbox
    assert notice.to == [_user(w, "force-admin@other-force").email]
    reset = AccountRequest.objects.get(user=person, kind="reset-second-factor")
    other_admin.post(f"/account/people/requests/{reset.pk}/decide", {"answer": "agree"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(action=audit.Action.SECOND_FACTOR_RESET, object_id=str(person.pk)).exists()


def test_a_declined_request_changes_nothing_and_cannot_be_decided_again(role_world: RoleWorld) -> None:
    w = role_world
    person = _user(w, "analyst@other-force")
    _add(w.client("force-admin"), w, person.email)
    asked = AccountRequest.objects.get(user=person)
    other_admin = w.client("force-admin@other-force")
    other_admin.post(f"/account/people/requests/{asked.pk}/decide", {"answer": "decline"})
    assert AccountRequest.objects.get(pk=asked.pk).status == "declined"
    assert not RoleAssignment.objects.filter(user=person, force=w.home).exists()
    assert AuditEvent.objects.filter(action=audit.Action.CHANGE_DECLINED, force=w.other).exists()
    response = other_admin.post(f"/account/people/requests/{asked.pk}/decide", {"answer": "agree"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=person, force=w.home).exists()


def test_every_force_holding_the_account_must_agree(role_world: RoleWorld) -> None:

    w = role_world
    third = Force.objects.get(slug="kent")
    person = _user(w, "analyst@other-force")
    RoleAssignment.objects.create(user=person, role="analyst", force=third)
    kent_admin = User.objects.create_user("admin@kent.example.org", password=None)
    RoleAssignment.objects.create(user=kent_admin, role="force-admin", force=third)
    asked = services.ask(AccountRequest.Kind.ADD_ROLE, person, w.home, by=_user(w, "force-admin"), role="analyst")
    assert services.decide(asked, by=_user(w, "force-admin@other-force"), accept=True).status == "pending"
    assert not RoleAssignment.objects.filter(user=person, force=w.home).exists()
    assert services.decide(asked, by=kent_admin, accept=True).status == "accepted"
    assert RoleAssignment.objects.filter(user=person, force=w.home).exists()


# --- account events -------------------------------------------------------------------------


def test_the_audit_trail_shows_no_account_events_of_people_another_force_holds(role_world: RoleWorld) -> None:
    w = role_world
    own, other, shared = _user(w, "analyst"), _user(w, "analyst@other-force"), _user(w, "officer@other-force")
    RoleAssignment.objects.create(user=shared, role="panel-member", force=w.home, panel=w.panel)
    for person in (own, other, shared):
        audit.record(audit.Action.SIGN_IN, obj=person, summary=f"{person.email} signed in", actor=person)
    admin = w.client("force-admin")
    _add(admin, w, "analyst.at.other-force@roles.test")
    trail = admin.get("/account/audit/").content.decode()
    assert f"{own.email} signed in" in trail
    assert f"{other.email} signed in" not in trail and f"{shared.email} signed in" not in trail
    assert audit.Action.CHANGE_ASKED not in trail  # the request is in the other force's trail, not the asker's
    other_trail = w.client("force-admin@other-force").get("/account/audit/").content.decode()
    assert audit.Action.CHANGE_ASKED in other_trail


# --- who may open the new pages -------------------------------------------------------------


def _request(w: RoleWorld) -> int:
    person = _user(w, "analyst@other-force")
    found = AccountRequest.objects.filter(user=person).first()
    if found is None:
        found = services.ask(AccountRequest.Kind.ADD_ROLE, person, w.home, by=_user(w, "force-admin"), role="analyst")
    return found.pk


REQUEST_PAGES = RoleTable(
    routes={
        "requests": "/account/people/requests/",
        "agree": Route(lambda w: f"/account/people/requests/{_request(w)}/decide", "post", {"answer": "agree"}),
        "agree-by-get": lambda w: f"/account/people/requests/{_request(w)}/decide",
        "withdraw": Route("/account/people/withdraw", "post", {"email": "nobody@example.org"}),
    },
    table="""
        persona                  requests  agree    agree-by-get  withdraw
        anonymous                sign-in   sign-in  sign-in       sign-in
        no-role                  403       403      403           403
        force-admin              200       403      405           302
        force-admin/unverified   2fa       2fa      2fa           2fa
        force-admin@other-force  200       302      405           302
        analyst                  403       403      403           403
        analyst@other-force      403       403      403           403
        officer                  403       403      403           403
        supervisor               403       403      403           403
        panel-chair              403       403      403           403
        panel-member             403       403      403           403
        action-owner             403       403      403           403
        board-member             403       403      403           403
    """,
)


@REQUEST_PAGES.parametrize
def test_request_pages_follow_their_role_table(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


# --- Django admin and sessions --------------------------------------------------------------


def _admin_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    sign_in_second_factor(client, user)
    return client


def test_django_admin_never_shows_an_authenticator_secret(site_admin: User, role_world: RoleWorld) -> None:
    person = _user(role_world, "analyst")
    device = _with_app(person)
    client = _admin_client(site_admin)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200 and "phone" in page.content.decode()
    for secret in (device.key, device.key.upper(), device.config_url, "otpauth://"):
        assert secret not in page.content.decode()
    listing = client.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200 and device.key not in listing.content.decode()
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 403  # the add form shows a new key
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code == 403
    assert client.get("/admin/accounts/accountrequest/").status_code == 200
    # Saving the change form keeps the key it never showed.
    key = device.key
    client.post(
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        {
            "user": person.pk,
            "name": "renamed",
            "confirmed": "on",
            "step": 30,
            "t0": 0,
            "digits": 6,
            "tolerance": 1,
            "drift": 0,
            "throttling_failure_count": 0,
        },
    )
    device.refresh_from_db()
    assert device.name == "renamed" and device.key == key


def test_a_session_ends_at_its_absolute_lifetime_however_busy(role_world: RoleWorld, settings: Any) -> None:
    from parity.accounts.middleware import SIGNED_IN_AT

    settings.PARITY_SESSION_MAX_SECONDS = 3600
    client = role_world.client("analyst")
    assert client.get("/account/").status_code == 200
    assert isinstance(client.session[SIGNED_IN_AT], int)
    session = client.session
    # used all along, signed in just under an hour ago (a minute's margin for a slow machine)
    session[SIGNED_IN_AT] = int(time.time()) - 3540
    session.save()
    assert client.get("/account/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 3601
    session.save()
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/account/sign-in")
    assert client.get("/account/").status_code == 302  # signed out, not just turned away once
    ended = AuditEvent.objects.get(action=audit.Action.SESSION_ENDED)
    assert ended.actor == _user(role_world, "analyst")


def test_putting_another_forces_person_on_a_panel_says_nothing_and_gives_no_hold(role_world: RoleWorld) -> None:
    """The panel's own route to adding people: the same answer for a new address and one held
    elsewhere, and the panel role does not put the account in the adding force's hands."""
    w = role_world
    admin = w.client("force-admin")
    victim = _user(w, "analyst@other-force")
    _with_app(victim)

    def put_on_panel(email: str) -> str:
        form = {"email": email, "full_name": "", "role": "member"}
        return _shown_message(admin, admin.post(f"/scrutiny/panels/{w.panel.pk}/members/add", form))

    new = put_on_panel("brand.new@example.org")
    held = put_on_panel(victim.email)
    assert held == new.replace("brand.new@example.org", victim.email)
    assert RoleAssignment.objects.filter(user=victim, force=w.home, role="panel-member").exists()
    assert not services.may_manage(_user(w, "force-admin"), victim)
    assert admin.post(f"/account/people/{victim.pk}/second-factor/reset").status_code == 302
    assert TOTPDevice.objects.filter(user=victim).exists()


def test_the_panel_shows_the_name_the_adder_typed_never_the_accounts_own(role_world: RoleWorld) -> None:
    """An account made elsewhere keeps its name to itself: the panel's pages show what the
    person adding them typed, or the address they typed."""
    w = role_world
    admin = w.client("force-admin")
    victim, other = _user(w, "analyst@other-force"), _user(w, "officer@other-force")
    User.objects.filter(pk__in=[victim.pk, other.pk]).update(full_name="Kept Elsewhere")
    for email, typed in ((victim.email, ""), (other.email, "Pat Typed")):
        form = {"email": email, "full_name": typed, "role": "member"}
        assert admin.post(f"/scrutiny/panels/{w.panel.pk}/members/add", form).status_code == 302
    listing = admin.get(f"/scrutiny/panels/{w.panel.pk}/members/").content.decode()
    assert "Kept Elsewhere" not in listing
    assert victim.email in listing and "Pat Typed" in listing
    assert User.objects.get(pk=other.pk).full_name == "Kept Elsewhere", "the adder's words stay on the panel"
