"""Which ethnic groups a table has, how they are labelled, and what the reference group is.

Three schemes: self-defined 5+1 (the Home Office headline), self-defined detailed (the
18+1 or 19+1 census groups, where the census has a population for them), and officer-
defined (the officer's perception, five groups). "Not stated" and "not recorded" (blank or
unrecognised) are rows of every table but are excluded from the group counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from parity.reference.ethnicity import DETAILED, GROUP_LABELS, GROUPS_STATED, Group

Basis = Literal["self-defined", "officer-defined"]
Classification = Literal["5+1", "detailed"]

NOT_RECORDED_LABEL = "Not recorded"
HOME_OFFICE_BASIS = (
    "The Home Office publishes rates by self-defined ethnicity (how the person searched describes "
    "themselves, using the census categories), so those are the headline figures here. "
    "Officer-defined ethnicity is the officer's perception, in five groups; it is shown as a "
    "second view and never mixed with self-defined ethnicity in one ratio."
)


@dataclass(frozen=True)
class Reference:
    code: str
    label: str
    members: tuple[str, ...]  # the table rows it sums; just (code,) for a row of the table

    @property
    def aggregate(self) -> bool:
        return self.members != (self.code,)


@dataclass(frozen=True)
class Scheme:
    basis: Basis
    classification: Classification
    stated: tuple[str, ...]
    not_stated: str
    labels: dict[str, str] = field(repr=False)
    broad: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)  # detailed only

    def label(self, code: str | None) -> str:
        if code is None:
            return NOT_RECORDED_LABEL
        return self.labels.get(code, code)

    def reference(self, text: str) -> Reference:
        """The reference group named by code or label, case-insensitively ("White", "W1")."""
        key = text.strip().lower()
        for code in self.stated:
            if key in {code.lower(), self.labels[code].lower()}:
                return Reference(code, self.labels[code], (code,))
        for group, members in self.broad.items():
            if key in {group, GROUP_LABELS[Group(group)].lower()}:
                return Reference(group, f"{GROUP_LABELS[Group(group)]} (all groups)", members)
        choices = ", ".join(self.labels[c] if self.classification == "5+1" else c for c in self.stated)
        raise ValueError(
            f"{text!r} is not a {self.basis} {self.classification} group to compare against; choose one of: {choices}"
            + ("; or a broad group such as White" if self.broad else "")
        )


def scheme(basis: Basis = "self-defined", classification: Classification = "5+1") -> Scheme:
    """The groups for an ethnicity basis and classification; officer-defined has only 5+1."""
    if basis not in ("self-defined", "officer-defined"):
        raise ValueError(f"ethnicity must be self-defined or officer-defined, not {basis!r}")
    if classification == "detailed":
        if basis == "officer-defined":
            raise ValueError("officer-defined ethnicity has only the five broad groups; use the 5+1 classification")
        codes = tuple(d.code for d in DETAILED if d.code != "NS")
        labels = {d.code: d.label for d in DETAILED}
        broad = {g.value: tuple(d.code for d in DETAILED if d.group is g) for g in GROUPS_STATED}
        return Scheme(basis, classification, codes, "NS", labels, broad)
    if classification != "5+1":
        raise ValueError(f"classification must be 5+1 or detailed, not {classification!r}")
    labels = {g.value: g.label for g in Group}
    return Scheme(basis, classification, tuple(g.value for g in GROUPS_STATED), Group.NOT_STATED.value, labels)
