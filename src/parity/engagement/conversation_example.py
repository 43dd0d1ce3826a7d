"""An illustrative community conversation for `parity demo`: set up for registration, with
made-up people registered (every name ends "(illustrative)", every address is at
example.org) and a few points the facilitator noted. It belongs to the fictional force only,
and the event is marked illustrative, so every page showing it says so.

Loading twice changes nothing: a force that already has it is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import User
from parity.engagement import conversations, services
from parity.engagement.models import Event, EventKind
from parity.reference.models import Force

LABEL = "(illustrative)"
TITLE = "Illustrative example: community conversation on stop and search"
TOPICS = ("Being searched: what happened and how it felt", "Telling the force what went wrong")
PEOPLE = (
    ("Amara Okafor", "Borchester"),
    ("Ravi Sharma", "Felpersham"),
    ("Joe Whitfield", "Ambridge"),
    ("Nadia Rahman", "Felpersham"),
    ("Chris Bello", "Borchester"),
)
POINTS = (
    (0, "Officers should say why they are searching someone before they start. (Illustrative.)"),
    (0, "Being searched in front of neighbours is humiliating when no reason is given. (Illustrative.)"),
    (1, "Nobody told me how to complain after I was searched. (Illustrative.)"),
)


@dataclass
class Made:
    registrations: int
    points: int


@transaction.atomic
def load(force: Force, *, by: User | None = None) -> Made:
    """The illustrative conversation of `force`, held today, made once."""
    if Event.objects.filter(force=force, title=TITLE, illustrative=True).exists():
        return Made(0, 0)
    with audit.acting_as(by, label="command line (parity demo)"):
        event = services.add_event(
            force,
            kind=EventKind.COMMUNITY_CONVERSATION,
            title=TITLE,
            held_on=timezone.localdate(),
            place="Borchester community centre (illustrative)",
            facilitator=f"An independent facilitator {LABEL}",
            summary="A made-up conversation with residents about stop and search, to show how Parity takes "
            "registrations and notes what people say.",
            published=True,
            illustrative=True,
            by=by,
        )
        conversation = conversations.set_up(
            event,
            registration_open=True,
            capacity=20,
            waiting_list=True,
            online_link="",
            facilitator=f"An independent facilitator {LABEL}",
            facilitator_from=f"Borsetshire Community Voice {LABEL}",
            topics=TOPICS,
        )
        for number, (name, area) in enumerate(PEOPLE, start=1):
            conversations.register(
                event,
                name=f"{name} {LABEL}",
                email=f"illustrative.resident{number}@example.org",
                area=area,
                consent=True,
            )
        topics = list(event.topics.order_by("position"))
        for topic, text in POINTS:
            conversations.note(conversation, text=text, topic=topics[topic], by=by)
    return Made(len(PEOPLE), len(POINTS))
