"""Parts of the action-plan reports that other workflows provide.

Actions sit below engagement: engagement knows actions ("you said, we did" links feedback to
the actions that followed), so actions may not import engagement. Engagement registers its
section here from its `AppConfig.ready()`, and both reports render every registered section
where the register's own parts end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parity.reference.models import Force


@dataclass(frozen=True)
class ReportSection:
    """`provide(force, public)` gives the value the template reads under `name`; `public` is
    True for the quarterly public report and False for the internal steering-group pack."""

    name: str
    template: str
    provide: Callable[[Force, bool], Any]


_SECTIONS: dict[str, ReportSection] = {}


def register_section(name: str, template: str, provide: Callable[[Force, bool], Any]) -> None:
    """Add a section to both reports; registering a name again replaces it."""
    _SECTIONS[name] = ReportSection(name, template, provide)


def sections() -> list[ReportSection]:
    return list(_SECTIONS.values())


def context(force: Force, *, public: bool) -> dict[str, Any]:
    """Each section's value under its name, and the templates in order under `report_sections`."""
    values: dict[str, Any] = {s.name: s.provide(force, public) for s in _SECTIONS.values()}
    return {**values, "report_sections": [s.template for s in _SECTIONS.values()]}
