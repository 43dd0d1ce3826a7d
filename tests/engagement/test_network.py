"""The community network: register interest on a public form, confirm by e-mailed link,
unsubscribe by the link in every message, erasure on request and when the retention period
ends; personal data only to the force's engagement roles, every change audited, redacted."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from parity.accounts.models import AuditEvent
from parity.engagement import network
from parity.engagement.models import NetworkMember
from parity.jobs.registry import find
from tests.actions.helpers import Plan
from tests.pagecheck import CheckedClient, text
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Amira Test",
    "email": "amira@example.org",
    "area": "Salisbury",
    "involvement": "active",
    "interests": ["stop-and-search", "recruitment"],
    "age_band": "25-34",
    "consent": "on",
}


def _links(message: mail.EmailMessage) -> dict[str, str]:
    """The confirm and unsubscribe links in a message, by what they do."""
    found = re.findall(r"https?://\S+", str(message.body))
    return {("confirm" if "/confirm/" in u else "unsubscribe"): u.split("://", 1)[1].split("/", 1)[1] for u in found}


def _join(client: CheckedClient, slug: str, **changes: object) -> mail.EmailMessage:
    mail.outbox.clear()
    answer = client.post(f"/engagement/join/{slug}/", {**FORM, **changes}, follow=True)
    assert "Check your e-mail" in text(answer.page.select_one("h1"))
    [message] = mail.outbox
    return message


def test_nobody_is_added_until_they_confirm_and_then_they_can_leave_in_one_click(role_world: RoleWorld) -> None:
    slug = role_world.home.slug
    public = role_world.client("anonymous")
    form = public.get(f"/engagement/join/{slug}/")
    consent = text(form.page.select_one("label[for=id_consent]"))
    assert "2 years" in consent and "until I unsubscribe" in consent  # purpose and retention stated

    message = _join(public, slug)
    assert message.to == ["amira@example.org"]
    links = _links(message)
    assert set(links) == {"confirm", "unsubscribe"}  # the unsubscribe link even in the first message
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    member = NetworkMember.objects.get()
    assert member.confirmed_at is None and member.interests == ["recruitment", "stop-and-search"]

    # Opening the link (as a mail scanner would) adds nobody; pressing the button does.
    assert public.get("/" + links["confirm"]).status_code == 200
    assert NetworkMember.objects.get().confirmed_at is None
    done = public.post("/" + links["confirm"])
    assert "You have joined" in text(done.page.select_one("h1"))
    assert NetworkMember.objects.get().confirmed_at is not None

    # A mail program's one-click unsubscribe posts without a form or a sign-in.
    gone = CheckedClient(enforce_csrf_checks=True).post("/" + links["unsubscribe"], {"List-Unsubscribe": "One-Click"})
    assert gone.status_code == 200 and "removed" in text(gone.page.select_one("h1"))
    assert not NetworkMember.objects.exists()
    again = public.post("/" + links["unsubscribe"])
    assert again.status_code == 400 and "no longer held" in text(again.page.select_one("main"))


def test_a_consent_not_given_or_an_address_mistyped_keeps_nothing(role_world: RoleWorld) -> None:
    public = role_world.client("anonymous")
    slug = role_world.home.slug
    refused = public.post(f"/engagement/join/{slug}/", {**FORM, "consent": "", "email": "not-an-address"})
    summary = text(refused.page.select_one(".govuk-error-summary"))
    assert "Tick the box to agree" in summary and "Enter an e-mail address like" in summary
    assert not NetworkMember.objects.exists() and not mail.outbox


def test_altered_expired_and_mismatched_links_do_nothing(role_world: RoleWorld) -> None:
    public = role_world.client("anonymous")
    links = _links(_join(public, role_world.home.slug))
    member = NetworkMember.objects.get()
    altered = public.post("/" + links["confirm"][:-3] + "abc")
    assert altered.status_code == 400 and "changed" in text(altered.page.select_one("main"))
    # An unsubscribe token does not confirm, nor a confirm token unsubscribe (different salts).
    token = links["confirm"].rsplit("/", 1)[1]
    assert public.post(f"/engagement/network/unsubscribe/{token}").status_code == 400
    # A token for the right row but another key names nobody.
    forged = signing.dumps({"m": member.pk, "k": "guessed"}, salt=network._SALT["confirm"])
    assert public.post(f"/engagement/network/confirm/{forged}").status_code == 400
    # A link made eight days ago has expired (the clock turned back only while signing it).
    eight_days_ago = time.time() - 8 * 86400
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: eight_days_ago)
        old = network.token(member, "confirm")
    answer = public.post(f"/engagement/network/confirm/{old}")
    assert answer.status_code == 400 and "expired" in text(answer.page.select_one("main"))
    member.refresh_from_db()
    assert member.confirmed_at is None


def test_the_retention_job_erases_members_past_their_time_and_unconfirmed_sign_ups(
    role_world: RoleWorld, settings: object
) -> None:
    public = role_world.client("anonymous")
    for who in ("old", "recent", "pending", "abandoned"):
        links = _links(_join(public, role_world.home.slug, email=f"{who}@example.org", name=who))
        if who in ("old", "recent"):
            public.post("/" + links["confirm"])
    now = timezone.now()
    NetworkMember.objects.filter(name="old").update(confirmed_at=now - timedelta(days=731))
    NetworkMember.objects.filter(name="recent").update(confirmed_at=now - timedelta(days=729))
    NetworkMember.objects.filter(name="abandoned").update(consented_at=now - timedelta(days=8))
    assert find("erase-network-members").target == "parity.engagement.network.erase_expired"
    assert network.erase_expired() == 2
    assert sorted(NetworkMember.objects.values_list("name", flat=True)) == ["pending", "recent"]
    settings.PARITY_NETWORK_RETENTION_DAYS = 30  # type: ignore[attr-defined]
    assert network.erase_expired() == 1
    assert list(NetworkMember.objects.values_list("name", flat=True)) == ["pending"]


def test_a_second_sign_up_replaces_the_first_once_confirmed(role_world: RoleWorld) -> None:
    public = role_world.client("anonymous")
    public.post("/" + _links(_join(public, role_world.home.slug))["confirm"])
    public.post("/" + _links(_join(public, role_world.home.slug, area="Devizes"))["confirm"])
    assert list(NetworkMember.objects.values_list("area", flat=True)) == ["Devizes"]


def test_erasure_on_request_is_audited_without_the_personal_data(role_world: RoleWorld, plan: Plan) -> None:
    public = role_world.client("anonymous")
    public.post("/" + _links(_join(public, role_world.home.slug))["confirm"])
    member = NetworkMember.objects.get()
    board = role_world.client("board-member")
    listing = board.get(f"/engagement/{role_world.home.slug}/network/")
    assert "amira@example.org" in text(listing.page.select_one("table"))
    assert "Stop and search" in text(listing.page.select_one("table"))
    board.post(f"/engagement/{role_world.home.slug}/network/{member.pk}/erase")
    assert not NetworkMember.objects.exists()
    trail = AuditEvent.objects.filter(object_type="engagement.networkmember", object_id=str(member.pk))
    assert {e.action for e in trail} >= {"create", "update", "delete"}
    assert any(e.actor == role_world.user("board-member") and "Erased on request" in e.summary for e in trail)
    dumped = json.dumps([[e.summary, e.changes] for e in trail], default=str)
    for secret in ("Amira", "amira@example.org", "Salisbury"):
        assert secret not in dumped


def test_the_sign_up_form_is_rate_limited_like_every_public_page(role_world: RoleWorld, settings: object) -> None:
    settings.PARITY_PAGE_RATE_LIMITS = "2/m"  # type: ignore[attr-defined]
    public = role_world.client("anonymous")
    answers = [public.post(f"/engagement/join/{role_world.home.slug}/", {**FORM, "consent": ""}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]


def _member(w: RoleWorld) -> int:
    if not hasattr(w, "member"):
        w.member = NetworkMember.objects.create(  # type: ignore[attr-defined]
            force=w.home, name="N", email="n@example.org", involvement="informed", key="k" * 20,
            consented_at=timezone.now(), confirmed_at=timezone.now(),
        )  # fmt: skip
    return w.member.pk  # type: ignore[attr-defined, no-any-return]


NETWORK = RoleTable(
    routes={
        "join": lambda w: f"/engagement/join/{w.home.slug}/",
        "list": lambda w: f"/engagement/{w.home.slug}/network/",
        "erase": Route(lambda w: f"/engagement/{w.home.slug}/network/{_member(w)}/erase", "post", {}),
    },
    table="""
        persona                   join  list     erase
        anonymous                 200   sign-in  sign-in
        no-role                   200   403      403
        analyst                   200   403      403
        officer                   200   403      403
        panel-chair               200   403      403
        action-owner              200   200      302
        board-member              200   200      302
        board-member@other-force  200   403      403
        action-owner/unverified   200   200      302
    """,
)


@NETWORK.parametrize
def test_who_sees_the_network(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)
