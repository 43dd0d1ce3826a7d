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
from parity.engagement import network, services, updates
from parity.engagement.models import NetworkMember, NetworkUpdate, UpdateDelivery
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
    "ethnicity": "black",
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
    assert "only ever counted with others" in consent and "never published" in consent  # and the ethnic group's use

    message = _join(public, slug)
    assert message.to == ["amira@example.org"]
    links = _links(message)
    assert set(links) == {"confirm", "unsubscribe"}  # the unsubscribe link even in the first message
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    member = NetworkMember.objects.get()
    assert member.confirmed_at is None and member.interests == ["recruitment", "stop-and-search"]
    assert member.ethnicity == "black"

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
    assert "Black" not in text(listing.page.select_one("main"))  # the ethnic group is only ever counted
    board.post(f"/engagement/{role_world.home.slug}/network/{member.pk}/erase")
    assert not NetworkMember.objects.exists()
    trail = AuditEvent.objects.filter(object_type="engagement.networkmember", object_id=str(member.pk))
    assert {e.action for e in trail} >= {"create", "update", "delete"}
    assert any(e.actor == role_world.user("board-member") and "Erased on request" in e.summary for e in trail)
    dumped = json.dumps([[e.summary, e.changes] for e in trail], default=str)
    for secret in ("Amira", "amira@example.org", "Salisbury", "black"):
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


def _update(w: RoleWorld) -> int:
    if not hasattr(w, "update"):
        _member(w)
        w.update = updates.compose(w.home, subject="Hello", body="News.")  # type: ignore[attr-defined]
    return w.update.pk  # type: ignore[attr-defined, no-any-return]


NETWORK = RoleTable(
    routes={
        "join": lambda w: f"/engagement/join/{w.home.slug}/",
        "check-mail": lambda w: f"/engagement/join/{w.home.slug}/sent",
        "list": lambda w: f"/engagement/{w.home.slug}/network/",
        "erase": Route(lambda w: f"/engagement/{w.home.slug}/network/{_member(w)}/erase", "post", {}),
        "updates": lambda w: f"/engagement/{w.home.slug}/network/updates/",
        "write": lambda w: f"/engagement/{w.home.slug}/network/updates/add?digest=1",
        "send": Route(
            lambda w: f"/engagement/{w.home.slug}/network/updates/add?to={_member(w)}",
            "post",
            {"subject": "S", "body": "B"},
        ),
        "sent": lambda w: f"/engagement/{w.home.slug}/network/updates/{_update(w)}/",
    },
    table="""
        persona                   join  check-mail  list     erase    updates  write    send     sent
        anonymous                 200   200         sign-in  sign-in  sign-in  sign-in  sign-in  sign-in
        no-role                   200   200         403      403      403      403      403      403
        analyst                   200   200         403      403      403      403      403      403
        officer                   200   200         403      403      403      403      403      403
        panel-chair               200   200         403      403      403      403      403      403
        action-owner              200   200         200      302      200      200      302      200
        board-member              200   200         200      302      200      200      302      200
        board-member@other-force  200   200         403      403      403      403      403      403
        action-owner/unverified   200   200         200      302      200      200      302      200
        engagement-officer        200   200         200      302      200      200      302      200
        engagement-officer@other-force 200 200      403      403      403      403      403      403
    """,
)


@NETWORK.parametrize
def test_who_sees_the_network(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


def _joined(w: RoleWorld, name: str, area: str, interests: list[str]) -> NetworkMember:
    return NetworkMember.objects.create(
        force=w.home, name=name, email=f"{name.lower()}@example.org", area=area, involvement="informed",
        interests=interests, key=f"key-{name}", consented_at=timezone.now(), confirmed_at=timezone.now(),
    )  # fmt: skip


def test_an_update_goes_to_those_who_chose_to_hear_with_a_record_of_who(role_world: RoleWorld, plan: Plan) -> None:
    searches = _joined(role_world, "Searches", "Salisbury", ["stop-and-search"])
    _joined(role_world, "Jobs", "Salisbury", ["recruitment"])
    elsewhere = _joined(role_world, "Elsewhere", "Swindon", ["stop-and-search", "recruitment"])
    NetworkMember.objects.create(  # not confirmed: never sent anything
        force=role_world.home, name="Pending", email="pending@example.org", involvement="informed",
        interests=["stop-and-search"], key="key-pending", consented_at=timezone.now(),
    )  # fmt: skip
    officer = role_world.client("board-member")
    base = f"/engagement/{role_world.home.slug}/network/updates"
    nobody = officer.post(f"{base}/add", {"subject": "S", "body": "B", "interests": ["hate-crime"]})
    assert "Nobody in the network chose" in text(nobody.page.select_one(".govuk-error-summary"))

    mail.outbox.clear()
    officer.post(f"{base}/add", {"subject": "Searches update", "body": "We changed the briefing.",
                                 "interests": ["stop-and-search"]})  # fmt: skip
    update = NetworkUpdate.objects.get()
    assert sorted(d.member.name for d in update.deliveries.all() if d.member) == ["Elsewhere", "Searches"]
    assert not mail.outbox  # queued, not sent by the page
    assert find("send-network-updates").target == "parity.engagement.updates.send_queued"

    elsewhere_pk = elsewhere.pk
    network.erase(elsewhere)  # erased before the job runs: nothing goes to them
    assert updates.send_queued() == 1
    [message] = mail.outbox
    assert message.to == [searches.email] and "We changed the briefing." in str(message.body)
    assert _links(message)["unsubscribe"]  # every copy carries the member's unsubscribe link
    assert updates.send_queued() == 0  # nothing sent twice

    record = officer.get(f"{base}/{update.pk}/")
    rows = [text(tr) for tr in record.page.select("tbody tr")]
    assert any("searches@example.org" in r for r in rows) and any("A member since erased" in r for r in rows)
    assert not UpdateDelivery.objects.filter(member_id=elsewhere_pk).exists()

    # By area (as members wrote it, in any case), every interest.
    officer.post(f"{base}/add", {"subject": "Salisbury", "body": "Meeting.", "area": "salisbury"})
    to = NetworkUpdate.objects.get(subject="Salisbury").deliveries.all()
    assert sorted(d.member.name for d in to if d.member) == ["Jobs", "Searches"]


def test_the_digest_starts_from_the_published_answers(role_world: RoleWorld, plan: Plan) -> None:
    theme = services.add_theme(plan.force, name="Explaining searches")
    services.respond(theme, you_said="Explain searches first.", we_did="Officers are briefed.", published=True)
    hidden = services.add_theme(plan.force, name="Draft")
    services.respond(hidden, you_said="Unpublished.", we_did="Not yet.", published=False)
    form = role_world.client("board-member").get(f"/engagement/{role_world.home.slug}/network/updates/add?digest=1")
    body = text(form.page.select_one("textarea"))
    assert "Explain searches first." in body and "Officers are briefed." in body and "Unpublished" not in body
