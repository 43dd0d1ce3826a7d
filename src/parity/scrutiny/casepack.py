"""Sections of the case pack that other domains add: a registry, so scrutiny needs no
knowledge of them.

The case pack always shows the redacted record, the grounds and the body-worn-video log
(scrutiny's own). A registered section adds more under its own heading, such as the
feedback the person gave through their receipt:

    from parity.scrutiny.casepack import register_section

    def feedback(record: StopSearch, viewer: User) -> dict | None:
        answer = Feedback.objects.filter(receipt__record=record).first()
        return {"feedback": answer} if answer else None      # None: leave the section out

    register_section("receipt-feedback", "What the person told us", "receipts/casepack_feedback.html",
                     feedback, order=50)

`provide(record, viewer)` runs each time the pack is shown, for the live record behind the
case (a pack whose record was replaced by a re-import shows no registered sections). It
must return only what a panel member may see: nothing that names or locates a person. The
template is rendered with `data` (what `provide` returned), `record`, `viewer` and
`request`, and goes under an `<h2>` of the title; start its own headings at `<h3>`. Every
view of a case pack is audited by scrutiny, so sections need not audit themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from markupsafe import Markup

from parity.accounts.models import User
from parity.powers.models import StopSearch

Provide = Callable[[StopSearch, User], Mapping[str, Any] | None]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    provide: Provide
    order: int = 100


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str
    html: Markup


_SECTIONS: dict[str, Section] = {}


def register_section(key: str, title: str, template: str, provide: Provide, *, order: int = 100) -> Section:
    """Add a section to every case pack. Lower `order` comes first (scrutiny's own are 10-30)."""
    section = Section(key, title, template, provide, order)
    held = _SECTIONS.get(key)
    if held is not None and held != section:
        raise ValueError(f"another case-pack section is already registered as {key!r}: {held.title}")
    _SECTIONS[key] = section
    return section


def unregister_section(key: str) -> None:
    """Remove a section (for tests that register their own)."""
    _SECTIONS.pop(key, None)


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def shown_sections(record: StopSearch | None, viewer: User, request: HttpRequest | None = None) -> list[ShownSection]:
    """The registered sections that have something to show for this record, rendered."""
    if record is None:
        return []
    shown = []
    for section in sections():
        data = section.provide(record, viewer)
        if data is None:
            continue
        html = render_to_string(section.template, {"data": data, "record": record, "viewer": viewer}, request=request)
        shown.append(ShownSection(section.key, section.title, Markup(html)))  # noqa: S704 - our own rendered template
    return shown
