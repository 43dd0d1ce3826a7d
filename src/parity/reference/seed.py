"""Keep the Force table in step with reference.forces."""

from __future__ import annotations

from typing import Any

from parity.reference.forces import FORCES


def sync_forces(force_model: Any) -> int:
    """Create or update every force; returns how many rows changed. Used by a migration."""
    changed = 0
    for info in FORCES:
        values = {
            "name": info.name,
            "police_uk_name": info.police_uk_name,
            "eff_name": info.eff_name,
            "ons_name": info.ons_name or "",
            "ons_code_2011": info.ons_code_2011 or "",
            "ons_code_2016": info.ons_code_2016 or "",
            "ons_code_2022": info.ons_code_2022 or "",
            "country": info.country,
            "resident_population": info.resident_population,
            "rate_note": info.rate_note,
        }
        _, created = force_model.objects.update_or_create(slug=info.slug, defaults=values)
        changed += 1 if created else 0
    return changed
