"""Who took part, in aggregate only: how many of those who gave feedback describe themselves
as from an ethnic minority, so a force can say "30 people from ethnic minorities" and no
more. Counts below the disclosure threshold are withheld (with the count that would reveal
them), by the same protection every published figure uses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from parity.analysis.protection import Line, Status, suppress
from parity.engagement.models import MINORITY, SelfEthnicity


@dataclass(frozen=True)
class Reach:
    """Totals for one event or many; None where the number is withheld as too small."""

    total: int | None
    minority: int | None
    white_british: int | None
    not_said: int | None
    threshold: int

    @property
    def withheld(self) -> bool:
        return None in (self.total, self.minority, self.white_british, self.not_said)

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "withheld": self.withheld}


def reach(ethnicities: Iterable[str], threshold: int) -> Reach:
    """`ethnicities`: each person's answer ("" for none given)."""
    values = list(ethnicities)
    minority = sum(1 for v in values if v in MINORITY)
    white = sum(1 for v in values if v == SelfEthnicity.WHITE_BRITISH)
    not_said = len(values) - minority - white
    counts = [minority, white, not_said, len(values)]
    # When a second number must go, hide White British before the minority figure the force
    # reports, and the total last.
    status = suppress(counts, [Line(3, (0, 1, 2))], threshold, tiers=[2, 0, 1, 3])
    shown = [c if s == Status.SHOWN else None for c, s in zip(counts, status, strict=True)]
    return Reach(shown[3], shown[0], shown[1], shown[2], threshold)
