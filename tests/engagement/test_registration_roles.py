"""Who may open the conversation pages, and what an attacker can get from them: the online
link and registrants' details reach neither the public nor another force, and the published
"who takes part" tables give no small number back (attacked as tests/attacker.py does)."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from parity.analysis.rules import Rules
from parity.engagement import conversations
from parity.engagement.models import Conversation, Event, NetworkMember, Place, Registration
from parity.engagement.participation import DETAIL, GROUPS, GroupCount, Row, network_tables, participation, people_table
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
    assert "amira@example.org" in shown
    # What the registrant wrote waits for an engagement officer's check before staff read it.
    assert "Captions, please" not in shown and "Waiting to be checked by an engagement officer" in shown


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
    assert found == []


def _network_published(rows: tuple[Row, ...], groups: tuple[GroupCount, ...], name: str) -> Published:
    """Both network tables as a reader has them: the area grid, and each minority group adding
    up to the grid's "All areas" minority count."""
    table = _published(rows, name)
    by_key = {g.key: g.members for g in groups}
    for ethnicity in DETAIL:
        table.cell(("detail", ethnicity.value), by_key[ethnicity.value])
    table.line((rows[-1].area, "minority"), [("detail", e.value) for e in DETAIL])
    return table


def test_no_network_table_gives_back_a_small_count_alone_or_with_the_other() -> None:
    detail = ["black", "asian", "mixed", "white-british", "", "other"]
    areas = ["A", "B", ""]
    found: list[str] = []
    for sizes in itertools.islice(itertools.product(range(0, 9, 3), repeat=3), 0, 27, 2):
        answers = [(area, detail[(i + j) % 6]) for j, (area, n) in enumerate(zip(areas, sizes, strict=True))
                   for i in range(n * 2)]  # fmt: skip
        rows, groups = network_tables(answers, THRESHOLD)
        assert [g.key for g in groups][-4:] == [*GROUPS, "total"]
        assert rows[-1].minority == next(g.members for g in groups if g.key == "minority")
        table = _network_published(rows, groups, f"network {sizes}")
        found += [f"network {sizes}: {k}={v}" for k, v in attacker.recovered(table, THRESHOLD)]
    assert found == []


def test_the_network_by_ethnic_group_counts_each_group_people_described() -> None:
    answers = (
        [("Salisbury", "black")] * 12
        + [("Swindon", "asian")] * 11
        + [("Swindon", "mixed")] * 2
        + [("Devizes", "white-british")] * 20
    )
    rows, groups = network_tables(answers, THRESHOLD)
    shown = {g.key: g.members for g in groups}
    assert shown["mixed"] is None  # 2: too small
    assert shown["minority"] == 25 and shown["white_british"] == 20 and shown["total"] == 45
    assert None in (shown["black"], shown["asian"])  # else 25 - 12 - 11 would give the 2 away
    assert rows[-1].minority == 25  # the headline stays


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
    assert reach.everyone.minority == 12 and reach.network[-1].total == 5
    assert participation(role_world.home, public=False).everyone.minority == 19
    page = role_world.client("anonymous").get(f"/engagement/public/{role_world.home.slug}/take-part")
    assert "12 people from ethnic minorities across the force area" in text(page.page.select_one("main"))
    assert participation(role_world.other).everyone.total == 0  # another force's people are not counted


def test_the_reach_figures_are_open_data_and_in_the_api(role_world: RoleWorld) -> None:
    event = conversation(role_world)
    for i in range(12):
        Registration.objects.create(event=event, ethnicity="black", area="Salisbury", key=f"r{i}")
    for i, ethnicity in enumerate(["asian"] * 11 + ["white-british"] * 2):
        NetworkMember.objects.create(
            force=role_world.home, name=f"M{i}", email=f"m{i}@example.org", area="Swindon", involvement="informed",
            key=f"m{i}", consented_at=timezone.now(), confirmed_at=timezone.now(), ethnicity=ethnicity,
        )  # fmt: skip
    slug = role_world.home.slug
    public = role_world.client("anonymous")
    api = public.get(f"/api/engagement/forces/{slug}/participation")
    assert api.status_code == 200
    data = api.json()
    assert data["people"][-1] == {
        "area": "All areas", "minority": 12, "white_british": 0, "not_said": 0, "total": 12,
    }  # fmt: skip
    groups = {g["key"]: g["members"] for g in data["network_groups"]}
    assert groups["white_british"] is None and groups["asian"] is None and groups["total"] == 13  # 2 would show
    assert data["withheld"] is True and data["threshold"] == THRESHOLD
    assert public.get(f"/engagement/public/{slug}/take-part/participation.json").json() == data
    download = public.get(f"/engagement/public/{slug}/take-part/participation.csv")
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    asian = next(r for r in rows if r["reach_table"] == "network-by-ethnic-group" and r["reach_group"] == "asian")
    assert (asian["people"], asian["suppressed"]) == ("", "true")
    places = next(r for r in rows if r["reach_table"] == "conversation-places" and r["area"] == "Salisbury"
                  and r["reach_group"] == "minority")  # fmt: skip
    assert places["people"] == "12" and places["force"] == slug
    assert public.get("/api/engagement/forces/no-such-force/participation").status_code == 404
    assert public.get(f"/engagement/public/{slug}/take-part/nothing.csv").status_code == 404
    listing = text(public.get("/open-data").page.select_one("main"))
    assert "/api/engagement/forces/FORCE/participation" in listing
    endpoints = public.get("/api/").json()["endpoints"]
    assert any(e["path"] == "/api/engagement/forces/{force}/participation" and e["open"] for e in endpoints)


def test_a_full_conversation_without_a_waiting_list_is_refused_by_the_service_too(role_world: RoleWorld) -> None:
    event = conversation(role_world, capacity=1, waiting_list=False)
    conversations.register(event, **{**FORM, "consent": True})  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        conversations.register(event, **{**FORM, "email": "b@example.org", "consent": True})  # type: ignore[arg-type]
    assert Registration.objects.filter(place=Place.PLACE).count() == 1
