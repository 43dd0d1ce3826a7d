""" "You said, we did": what people and panels told the force, and the actions that followed.

Two kinds of entry, built from the same records the pages and reports show:

- community feedback: a feedback theme and the force's response to it, with the actions
  the response links;
- scrutiny panels: each recommendation whose source is a panel's findings, with the
  actions taken on it.

For the public (`public=True`) only published responses and published actions appear, and
counts of comments below the disclosure threshold are not published.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from parity.actions.models import Action, Recommendation
from parity.analysis.protection import Status, suppress
from parity.analysis.rules import Rules
from parity.engagement.models import Channel, Feedback, Response
from parity.reference.models import Force


@dataclass(frozen=True)
class LinkedAction:
    pk: int
    reference: str
    title: str
    status: str
    status_label: str
    published: bool


@dataclass(frozen=True)
class Entry:
    kind: str  # "community" or "panel"
    heading: str
    you_said: str
    we_did: str
    origin: str  # where it was said: conversations, a panel
    actions: tuple[LinkedAction, ...]
    on: date | None = None
    feedback_count: int | None = None  # None when not published (too few) or not applicable
    feedback_suppressed: bool = False
    illustrative: bool = False
    links: tuple[tuple[str, str], ...] = field(default=())  # (text, href) to the finding, when there is one

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "heading": self.heading,
            "you_said": self.you_said,
            "we_did": self.we_did,
            "origin": self.origin,
            "on": self.on.isoformat() if self.on else None,
            "feedback_count": self.feedback_count,
            "feedback_suppressed": self.feedback_suppressed,
            "illustrative": self.illustrative,
            "actions": [{"reference": a.reference, "title": a.title, "status": a.status} for a in self.actions],
        }


def _linked(actions: list[Action], public: bool) -> tuple[LinkedAction, ...]:
    return tuple(
        LinkedAction(a.pk, a.reference, a.title, a.status, a.get_status_display(), a.published)
        for a in actions
        if a.published or not public
    )


def _feedback_counts(force: Force, public: bool) -> dict[int, tuple[int | None, bool]]:
    """Comments per theme; in public, small counts withheld (primary suppression only: no
    total is published beside them, so nothing can be worked back)."""
    counts = Counter(Feedback.objects.filter(force=force, theme__isnull=False).values_list("theme_id", flat=True))
    if not public:
        return {theme: (n, False) for theme, n in counts.items()}
    themes = list(counts)
    status = suppress([counts[t] for t in themes], [], Rules.from_settings().disclosure_threshold)
    return {t: (None, True) if s != Status.SHOWN else (counts[t], False) for t, s in zip(themes, status, strict=True)}


def _origins(response: Response) -> str:
    """Where the theme's comments were made: the meetings by name, and receipts apart, so a
    comment left on a receipt after a stop is never counted as said at a meeting."""
    feedback = list(response.theme.feedback.all())
    events = sorted({f.event for f in feedback if f.event is not None}, key=lambda e: (e.held_on, e.pk))
    on_receipts = any(f.channel == Channel.RECEIPT for f in feedback)
    receipts = "comments left on receipts after a stop"
    if not events:
        return receipts.capitalize() if on_receipts else "Community feedback"
    named = ", ".join(e.title for e in events[:3]) + (f" and {len(events) - 3} more" if len(events) > 3 else "")
    return f"Said at {named}" + (f"; and {receipts}" if on_receipts else "")


def community(force: Force, *, public: bool) -> list[Entry]:
    responses = (
        Response.objects.filter(force=force)
        .select_related("theme")
        .prefetch_related("actions", "theme__feedback__event")
    )
    if public:
        responses = responses.filter(published=True)
    counts = _feedback_counts(force, public)
    entries = []
    for response in responses.order_by("theme__name", "-responded_on", "pk"):
        count, suppressed = counts.get(response.theme_id, (0, False))
        entries.append(
            Entry(
                kind="community",
                heading=response.theme.name,
                you_said=response.you_said,
                we_did=response.we_did,
                origin=_origins(response),
                actions=_linked(sorted(response.actions.all(), key=lambda a: a.reference), public),
                on=response.responded_on,
                feedback_count=count,
                feedback_suppressed=suppressed,
                illustrative=response.theme.illustrative,
            )
        )
    return entries


def _panel_recommendations(force: Force) -> list[Recommendation]:
    from parity.actions.findings import panel_recommendations

    return panel_recommendations(force)


def panels(force: Force, *, public: bool) -> list[Entry]:
    from parity.actions.findings import finding_links, finding_said

    entries = []
    for recommendation in _panel_recommendations(force):
        actions = _linked(list(recommendation.actions.all()), public)
        if public and not actions:
            continue
        source = recommendation.source
        panel = recommendation.finding.panel if recommendation.finding is not None else source.panel
        said = finding_said(recommendation, public=public)
        you_said, origin = said or (recommendation.text, str(panel) if panel is not None else source.title)
        done = "; ".join(f"{a.reference} {a.status_label.lower()}" for a in actions) or "No action yet"
        entries.append(
            Entry(
                kind="panel",
                heading=f"{source.title}: recommendation {recommendation.reference}",
                you_said=you_said,
                we_did=done,
                origin=origin,
                actions=actions,
                on=source.published_on,
                illustrative=source.illustrative,
                links=finding_links(recommendation),
            )
        )
    return entries


def entries(force: Force, *, public: bool) -> list[Entry]:
    """Community responses first, then panel findings."""
    return community(force, public=public) + panels(force, public=public)
