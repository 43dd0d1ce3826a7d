"""Engagement's part of the illustrative action plan (`parity.actions.example`): a made-up
community conversation whose feedback is answered by the example's actions. Marked
illustrative wherever it is shown."""

from __future__ import annotations

from datetime import date, timedelta

from parity.accounts import audit
from parity.actions import example
from parity.actions.example import LABEL, Cast
from parity.actions.models import Action
from parity.engagement import services as engagement
from parity.engagement.models import EventKind
from parity.reference.models import Force

FEEDBACK = {
    "Explaining stop and search": (
        "Stop and search should be explained before it starts, not afterwards.",
        [
            "Officers should say why they are searching someone before they start.",
            "Young people do not know what their rights are during a search.",
            "Being searched in front of friends and neighbours is humiliating when no reason is given.",
            "The record of the search should be easy to get and easy to read.",
            "People want to know how to complain when a search went wrong.",
            "Searches feel targeted at the same streets and the same people.",
            "Community members should see body-worn video of searches.",
            "Officers were polite but did not explain what happens next.",
        ],
        ["R1.1", "R1.2", "F3.1"],
    ),
    "Follow-up after reporting a crime": (
        "Victims want to hear what happened after they report a crime, even when it cannot go further.",
        [
            "Nobody called back after I reported a crime, so I would not report again.",
            "Even a message saying there is not enough evidence would help.",
            "Victims of hate crime need someone to follow up with them.",
            "Information should be available in community languages.",
            "Reporting online felt like it went nowhere.",
        ],
        ["R16.1", "R20.1"],
    ),
    "A workforce that reflects the community": (
        "People want to see more officers and staff from their own communities.",
        [
            "We want to see more people like us in the police.",
            "Applicants from our community drop out and nobody asks why.",
            "Positive stories about minority ethnic officers would encourage others.",
        ],
        ["R8.1", "R9.1"],
    ),
    "Officers in schools and at community events": (
        "Officers should be a familiar, positive presence in schools and at local events.",
        [
            "Officers should visit schools from primary age so children trust them.",
            "Come to food festivals and street stalls, not only when something is wrong.",
            "Youth clubs would welcome regular visits from the same officers.",
            "Positive contact matters more than leaflets.",
            "Neighbourhood officers change too often for people to get to know them.",
            "Officers should take part in local cultural events.",
        ],
        ["R23.1", "R24.1"],
    ),
}


def load_engagement(force: Force, people: Cast, held_on: date, responded_on: date) -> None:
    """A made-up community conversation and advisory-group meeting, their feedback, themes and responses."""
    with audit.acting_as(people.secretary):
        conversation = engagement.add_event(
            force,
            kind=EventKind.COMMUNITY_CONVERSATION,
            title=f"{LABEL}: community conversation on trust and confidence",
            held_on=held_on,
            place="Online",
            facilitator="An independent facilitator",
            attendees=30,
            summary="Two online sessions in which residents from ethnic minority communities gave their views on "
            "stop and search, reporting crime, recruitment and trust in the police.",
            published=True,
            illustrative=True,
            by=people.secretary,
        )
        advisory = engagement.add_event(
            force,
            kind=EventKind.ADVISORY_GROUP,
            title=f"{LABEL}: independent advisory group meeting",
            held_on=held_on + timedelta(days=14),
            place="Community centre",
            attendees=4,
            summary="The advisory group discussed the conversation's themes.",
            published=True,
            illustrative=True,
            by=people.secretary,
        )
        for name, (said, items, references) in FEEDBACK.items():
            theme = engagement.add_theme(force, name=name, illustrative=True, by=people.secretary)
            for i, text in enumerate(items):
                event = advisory if i == len(items) - 1 and len(items) > 4 else conversation
                engagement.add_feedback(force, text=text, event=event, theme=theme, by=people.secretary)
            actions = Action.objects.filter(force=force, reference__in=references)
            engagement.respond(
                theme,
                you_said=said,
                we_did="The force agreed the actions below and reports on them every month to the steering group.",
                actions=actions,
                published=True,
                responded_on=responded_on,
                by=people.secretary,
            )


def register() -> None:
    """Join the example, so `load_example` builds the conversation after the register."""
    example.register_companion(load_engagement)
