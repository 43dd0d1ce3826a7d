"""The demonstration's fictional force, made when first asked for.

Illustrative data (the demo's HR and stop-and-search extracts, the example action plan, the
example conversation) is kept apart from real forces by belonging to this force alone. Its
row is made here rather than by a migration, so an installation that never runs the
demonstration never holds it.
"""

from __future__ import annotations

from parity.reference.forces import FICTIONAL
from parity.reference.models import Force


def fictional_force() -> Force:
    """The fictional force's row (reference.forces.FICTIONAL), made if there is none."""
    force, _ = Force.objects.get_or_create(
        slug=FICTIONAL.slug,
        defaults={
            "name": FICTIONAL.name,
            "police_uk_name": FICTIONAL.police_uk_name,
            "eff_name": FICTIONAL.eff_name,
            "country": FICTIONAL.country,
            "resident_population": FICTIONAL.resident_population,
            "rate_note": FICTIONAL.rate_note,
            "fictional": True,
        },
    )
    return force
