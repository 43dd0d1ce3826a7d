"""Who may open the conversation pages, and what an attacker can get from them: the online
link and registrants' details reach neither the public nor another force, and the published
"who takes part" tables give no small number back (attacked as tests/attacker.py does)."""

from __future__ import annotations

import itertools

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from parity.analysis.rules import Rules
from parity.engagement import conversations
from parity.engagement.models import Conversation, Event, NetworkMember, Place, Registration
from parity.engagement.participation import GROUPS, Row, network_table, participation, people_table
from tests import attacker
from tests.attacker import Published
from tests.engagement.test_registration import FORM, SECRET, conversation, register
from tests.pagecheck import text
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db
THRESHOLD = Rules().disclosure_threshold


def _event(w: RoleWorld) -> Event:
    if not hasattr(w, "conversation"):
        w.conversation = conversation(w)  # type: ignore[attr-defined]
    return w.conversation  # type: ignore[attr-defined, no-any-return]


def _staff(w: RoleWorld, tail: str) -> str:
    return f"/engagement/{w.home.slug}/events/{_event(w).pk}/{tail}"


def _public(w: RoleWorld, tail: str = "") -> str:
    return f"/engagement/public/{w.home.slug}/conversations/{_event(w).pk}/{tail}"


SETUP = {"registration_open": "on", "capacity": "20", "waiting_list": "on", "topics": "One\nTwo"}

CONVERSATIONS = RoleTable(
    routes={
        "setup": lambda w: _staff(w, "conversation"),
        "save": Route(lambda w: _staff(w, "conversation"), "post", SETUP),
        "list": lambda w: _staff(w, "registrations"),
        "invite": Route(lambda w: _staff(w, "invite-feedback"), "post", {}),
        "new-link": Route(lambda w: _staff(w, "facilitator-link"), "post", {}),
        "take-part": lambda w: f"/engagement/public/{w.home.slug}/take-part",
        "public": lambda w: _public(w),
        "register": lambda w: _public(w, "register"),
        "done": lambda w: _public(w, "registered"),
    },
    table="""
        persona                   setup    save     list     invite   new-link take-part public   register done
        anonymous                 sign-in  sign-in  sign-in  sign-in  sign-in  200       200      200      200
        no-role                   403      403      403      403      403      200       200      200      200
        analyst                   403      403      403      403      403      200       200      200      200
        officer                   403      403      403      403      403      200       200      200      200
        panel-chair               403      403      403      403      403      200       200      200      200
        action-owner              200      302      200      302      302      200       200      200      200
        board-member              200      302      200      302      302      200       200      200      200
        board-member@other-force  403      403      403      403      403      200       200      200      200
        engagement-officer        200      302      200      302      302      200       200      200      200
        engagement-officer@other-force 403 403     403      403      403      200       200      200      200
        action-owner/unverified   200      302      200      302      302      200       200      200      200
        board-member/unverified   200      302      200      302      302      200       200      200      200
    """,
)


@CONVERSATIONS.parametrize
def test_who_may_open_the_conversation_pages(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


def test_another_forces_staff_get_nothing_of_its_registrations(role_world: RoleWorld) -> None:
    event = conversation(role_world)
    register(role_world.client("anonymous"), event)
    theirs = role_world.client("board-member@other-force")
    # Their own force in the address, this force's event: answered as if it did not exist.
    for tail in ("registrations", "conversation"):
        answer = theirs.get(f"/engagement/{role_world.other.slug}/events/{event.pk}/{tail}")
        assert answer.status_code == 404
        assert SECRET not in answer.content.decode() and "amira@example.org" not in answer.content.decode()
    assert theirs.post(f"/engagement/{role_world.other.slug}/events/{event.pk}/invite-feedback").status_code == 404
    # Nor through the public pages of their own force.
    assert theirs.get(f"/engagement/public/{role_world.other.slug}/conversations/{event.pk}/").status_code == 404
    # This force's staff see them.
    own = role_world.client("board-member").get(f"/engagement/{role_world.home.slug}/events/{event.pk}/registrations")
    shown = text(own.page.select_one("table"))
    assert "amira@example.org" in shown and "Captions, please" in shown


def test_the_online_link_is_on_no_public_page_and_no_guessable_address(role_world: RoleWorld) -> None:
    event = conversation(role_world)
    public = role_world.client("anonymous")
    message = register(public, event)
    registration = Registration.objects.get()
    # Not by the registration's number or key, nor a token of another purpose or a forged one.
    forged = signing.dumps({"r": registration.pk, "k": "guessed"}, salt="parity.engagement.conversations.place")
    for path in (f"/engagement/conversations/place/{registration.pk}", f"/engagement/conversations/place/{forged}",
                 f"/engagement/conversations/place/{registration.key}"):  # fmt: skip
        answer = public.get(path)
        assert answer.status_code == 400 and SECRET not in answer.content.decode()
    # A facilitator's token is not a registrant's, nor the other way round.
    place = next(p for p in str(message.body).split() if "/conversations/place/" in p).split("/place/")[1]
    assert public.get(f"/engagement/facilitate/{place}").status_code == 400
    # Not in a page that lists conversations, nor an unpublished or closed conversation's.
    Conversation.objects.filter(event=event).update(registration_open=False)
    for path in (f"/engagement/public/{role_world.home.slug}/take-part", f"/engagement/public/{role_world.home.slug}/"):
        assert SECRET not in public.get(path).content.decode()
    assert public.get(f"/engagement/public/{role_world.home.slug}/conversations/{event.pk}/register").status_code == 404


def _published(rows: tuple[Row, ...], name: str) -> Published:
    table = Published(name, zero_never_hidden=False)
    areas = [r.area for r in rows[:-1]]
    for row in rows:
        for column in (*GROUPS, "total"):
            table.cell((row.area, column), getattr(row, column))
        table.line((row.area, "total"), [(row.area, g) for g in GROUPS])
    for column in (*GROUPS, "total"):
        table.line((rows[-1].area, column), [(a, column) for a in areas])
    return table


def test_thirty_people_from_ethnic_minorities_across_the_county_is_a_figure_parity_produces() -> None:
    answers = ([("Salisbury", "black")] * 9 + [("Swindon", "asian")] * 12 + [("Trowbridge", "mixed")] * 6
               + [("Devizes", "white-other")] * 3 + [("salisbury ", "white-british")] * 8 + [("", "")] * 5)  # fmt: skip
    rows = people_table(answers, THRESHOLD)
    everyone = rows[-1]
    assert (everyone.area, everyone.minority, everyone.white_british, everyone.not_said, everyone.total) == (
        "All areas", 30, 8, 5, 43,
    )  # fmt: skip
    by_area = {r.area: r for r in rows}
    assert set(by_area) == {"Devizes", "Salisbury", "Swindon", "Trowbridge", "Area not given", "All areas"}
    assert by_area["Devizes"].minority is None  # 3: too small
    assert by_area["Salisbury"].minority == 9 and by_area["Salisbury"].white_british == 8  # spellings joined
    assert attacker.recovered(_published(rows, "people"), THRESHOLD) == []


def test_no_reach_table_gives_back_a_small_count() -> None:
    groups = ["black", "white-british", ""]
    areas = ["A", "B", "C", ""]
    found: list[str] = []
    for sizes in itertools.islice(itertools.product(range(0, 7, 2), repeat=4), 0, 256, 5):
        answers = [(area, groups[i % 3]) for area, n in zip(areas, sizes, strict=True) for i in range(n)]
        rows = people_table(answers, THRESHOLD)
        found += [f"{sizes}: {k}={v}" for k, v in attacker.recovered(_published(rows, str(sizes)), THRESHOLD)]
        counts = network_table([a for a, _ in answers], THRESHOLD)
        table = Published(f"network {sizes}")
        for c in counts:
            table.cell(c.area, c.members)
        table.line(counts[-1].area, [c.area for c in counts[:-1]])
        found += [f"network {sizes}: {k}={v}" for k, v in attacker.recovered(table, THRESHOLD)]
    assert found == []


def test_the_public_reach_counts_published_conversations_and_confirmed_members_only(role_world: RoleWorld) -> None:
    shown = conversation(role_world)
    hidden = conversation(role_world)
    Event.objects.filter(pk=hidden.pk).update(published=False)
    for event, n in ((shown, 12), (hidden, 7)):
        for i in range(n):
            Registration.objects.create(event=event, ethnicity="black", area="Salisbury", key=f"{event.pk}-{i}")
    Registration.objects.create(event=shown, ethnicity="black", area="Salisbury", key="gone", place=Place.CANCELLED)
    for i in range(6):
        NetworkMember.objects.create(
            force=role_world.home, name=f"M{i}", email=f"m{i}@example.org", area="Swindon", involvement="informed",
            key=f"m{i}", consented_at=timezone.now(), confirmed_at=timezone.now() if i < 5 else None,
        )  # fmt: skip
    reach = participation(role_world.home)
    assert reach.everyone.minority == 12 and reach.network[-1].members == 5
    assert participation(role_world.home, public=False).everyone.minority == 19
    page = role_world.client("anonymous").get(f"/engagement/public/{role_world.home.slug}/take-part")
    assert "12 people from ethnic minorities across the force area" in text(page.page.select_one("main"))
    assert participation(role_world.other).everyone.total == 0  # another force's people are not counted


def test_a_full_conversation_without_a_waiting_list_is_refused_by_the_service_too(role_world: RoleWorld) -> None:
    event = conversation(role_world, capacity=1, waiting_list=False)
    conversations.register(event, **{**FORM, "consent": True})  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        conversations.register(event, **{**FORM, "email": "b@example.org", "consent": True})  # type: ignore[arg-type]
    assert Registration.objects.filter(place=Place.PLACE).count() == 1
