"""Every link Parity sends starts with the configured site address, never the request's Host.

A Host header is the sender's to choose; were it used, anyone could have Parity e-mail a
set-password link (or text a receipt) pointing at their own site. The tests allow every
host, as a careless deployment would (`check-deploy` refuses it), and forge one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from parity.accounts.roles import Role
from parity.recording.models import Stop
from tests.accounts.helpers import person
from tests.recording.helpers import vehicle_form
from tests.recording.test_api import bearer, post, vehicle
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db

SITE = "https://parity.example.police.uk"
FORGED = {"HTTP_HOST": "attacker.example"}


@pytest.fixture(autouse=True)
def any_host(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = SITE


def only_site_links(text: str) -> None:
    assert f"{SITE}/" in text and "attacker.example" not in text, text


def test_a_set_password_link_asked_for_with_a_forged_host(client: Any) -> None:
    person("member@example.org", Role.BOARD_MEMBER)
    assert client.post("/account/password-reset", {"email": "member@example.org"}, **FORGED).status_code == 302
    [message] = mail.outbox
    only_site_links(str(message.body))


def test_a_new_persons_link_sent_from_a_page_with_a_forged_host(role_world: RoleWorld) -> None:
    admin = role_world.client("force-admin")
    form = {"email": "new@example.org", "full_name": "New", "role": "analyst", "force": role_world.home.pk}
    assert admin.post("/account/people/add", {**form, "panel": "", "team": ""}, **FORGED).status_code == 302
    [message] = mail.outbox
    only_site_links(str(message.body))


def test_a_receipt_sent_from_a_page_and_the_api_with_a_forged_host(role_world: RoleWorld, scratch_home: Path) -> None:
    officer = role_world.client("officer")
    officer.post("/record/new/vehicle", vehicle_form(contact="07700 900123"), **FORGED)
    stop = Stop.objects.get()
    [sent] = [json.loads(line) for line in (scratch_home / "outbox" / "receipts.log").read_text().splitlines()]
    only_site_links(sent["body"])
    shown = officer.get(f"/record/records/{stop.pk}/receipt", **FORGED).content.decode()
    only_site_links(shown)
    answer = post(officer, vehicle(), {**bearer(role_world.user("officer")), "Host": "attacker.example"})
    assert answer.status_code == 201 and answer.json()["receipt_url"].startswith(f"{SITE}/receipt/")
