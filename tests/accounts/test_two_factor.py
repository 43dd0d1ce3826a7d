"""The second factor: force staff, panel chairs and panel members must set up and use an
authenticator app; others need not."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from parity.accounts.models import AuditEvent
from parity.accounts.roles import PANEL_ROLES, SECOND_FACTOR_ROLES, Role
from parity.reference.models import Force
from parity.scrutiny.models import Panel
from tests.accounts.helpers import PASSWORD, code, person
from tests.pagecheck import CheckedClient, CheckedResponse

pytestmark = pytest.mark.django_db


def let_time_pass(device: TOTPDevice) -> None:
    """After a wrong code django-otp makes the next try wait; move the failure into the past."""
    from datetime import timedelta

    from django.utils import timezone

    past = timezone.now() - timedelta(hours=1)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=past)
    device.refresh_from_db()


def sign_in(client: CheckedClient, email: str, **extra: str) -> CheckedResponse:
    return client.post("/account/sign-in", {"email": email, "password": PASSWORD, **extra})


def panel() -> Panel:
    return Panel.objects.create(force=Force.objects.get(slug="west-midlands"), name="Panel", kind="youth")


@pytest.mark.parametrize("role", sorted(SECOND_FACTOR_ROLES))
def test_staff_and_panel_people_must_set_up_an_authenticator_app(client: CheckedClient, role: Role) -> None:
    person("staff@example.org", role, panel=panel() if role in PANEL_ROLES else None)
    response = sign_in(client, "staff@example.org")
    assert response.status_code == 302 and response["Location"] == "/account/two-factor/set-up"
    # Until they have, every page sends them back to set it up, not only role-guarded ones.
    for path in ("/account/", "/account/people/", "/"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked["Location"].startswith("/account/two-factor/set-up?next=")


@pytest.mark.parametrize("role", sorted(set(Role) - SECOND_FACTOR_ROLES))
def test_other_roles_sign_in_with_a_password_alone(client: CheckedClient, role: Role) -> None:
    person("member@example.org", role)
    assert sign_in(client, "member@example.org")["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


@pytest.mark.parametrize("role", [Role.PANEL_CHAIR, Role.PANEL_MEMBER])  # advisors: tests/victims/test_advisors.py
def test_a_panel_member_opens_no_case_pack_and_no_api_before_the_second_factor(
    client: CheckedClient, role: Role
) -> None:
    """Case packs hold stop records and body-worn-video logs: a password alone does not open them."""
    from tests.scrutiny.helpers import build

    on = panel()
    user = person("member@example.org", role, panel=on)
    records = build(on, member_user=user)
    pack = f"/scrutiny/cases/{records.case.pk}/"
    sign_in(client, "member@example.org")
    for path in (pack, f"/scrutiny/panels/{on.pk}/"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked["Location"].startswith("/account/two-factor/set-up?next=")
    refused = client.get(f"/api/scrutiny/panels/{on.pk}/findings")
    assert refused.status_code == 403 and "second factor" in refused.json()["detail"]

    client.get(f"/account/two-factor/set-up?next={pack}")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(f"/account/two-factor/set-up?next={pack}", {"token": code(device)})["Location"] == pack
    assert client.get(pack).status_code == 200
    assert client.get(f"/api/scrutiny/panels/{on.pk}/findings").status_code == 200


def test_setting_up_shows_a_qr_code_and_the_key_and_needs_a_right_code(client: CheckedClient) -> None:
    user = person("analyst@example.org", Role.ANALYST)
    sign_in(client, "analyst@example.org", next="/account/audit/")
    page = client.get("/account/two-factor/set-up?next=/account/audit/")
    assert page.status_code == 200
    svg = page.page.find("svg", class_="parity-qr")
    assert svg is not None and svg["role"] == "img" and svg.find("path")  # drawn inline, nothing fetched
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    assert page.page.find(id="totp-secret").get_text().replace(" ", "") == secret

    wrong = client.post(
        "/account/two-factor/set-up?next=/account/audit/", {"token": "000000" if code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and "The code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    not_digits = client.post("/account/two-factor/set-up", {"token": "12ab56"})
    assert "Enter the 6 digits" in not_digits.content.decode()

    let_time_pass(device)
    done = client.post("/account/two-factor/set-up?next=/account/audit/", {"token": code(device)})
    assert done.status_code == 302 and done["Location"] == "/account/audit/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/account/").status_code == 200
    assert AuditEvent.objects.filter(action="second-factor.set-up", actor=user).exists()


def test_once_set_up_every_sign_in_asks_for_a_code(client: CheckedClient) -> None:
    user = person("analyst@example.org", Role.ANALYST)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    response = sign_in(client, "analyst@example.org")
    assert response["Location"] == "/account/two-factor/verify"
    # The set-up page cannot be used to enrol another phone with just the password.
    assert client.get("/account/two-factor/set-up")["Location"] == "/account/two-factor/verify"
    assert client.get("/account/")["Location"].startswith("/account/two-factor/verify")
    wrong = client.post("/account/two-factor/verify", {"token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "The code is not right" in wrong.content.decode()
    assert AuditEvent.objects.filter(action="second-factor.failed", allowed=False, actor=user).exists()
    let_time_pass(device)
    right = client.post("/account/two-factor/verify", {"token": code(device)})
    assert right.status_code == 302 and right["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


def test_a_code_cannot_be_used_twice(client: CheckedClient) -> None:
    user = person("analyst@example.org", Role.ANALYST)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sign_in(client, "analyst@example.org")
    used = code(device)
    assert client.post("/account/two-factor/verify", {"token": used}).status_code == 302
    client.post("/account/sign-out")
    sign_in(client, "analyst@example.org")
    again = client.post("/account/two-factor/verify", {"token": used})
    assert again.status_code == 200 and "not right" in again.content.decode()


def test_repeated_wrong_codes_are_slowed_down(client: CheckedClient) -> None:
    user = person("analyst@example.org", Role.ANALYST)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sign_in(client, "analyst@example.org")
    wrong = "000000" if code(device) != "000000" else "111111"
    client.post("/account/two-factor/verify", {"token": wrong})
    # Straight after a failure even the right code is refused until the wait is over.
    refused = client.post("/account/two-factor/verify", {"token": code(device)})
    assert "Too many wrong codes" in refused.content.decode()


def test_an_administrator_can_remove_a_lost_authenticator(client: CheckedClient) -> None:
    from tests.roles import sign_in_second_factor

    admin = person("admin@example.org", Role.FORCE_ADMIN)
    lost = person("analyst@example.org", Role.ANALYST)
    TOTPDevice.objects.create(user=lost, name="app", confirmed=True)
    client.force_login(admin)
    sign_in_second_factor(client, admin)
    page = client.get(f"/account/people/{lost.pk}/")
    assert "Remove their authenticator app" in page.content.decode()
    response = client.post(f"/account/people/{lost.pk}/second-factor/reset")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=lost).exists()
    event = AuditEvent.objects.get(action="second-factor.reset")
    assert event.actor == admin and event.object_id == str(lost.pk)
    # At their next sign-in they set up a new one.
    other = CheckedClient()
    assert sign_in(other, "analyst@example.org")["Location"] == "/account/two-factor/set-up"
