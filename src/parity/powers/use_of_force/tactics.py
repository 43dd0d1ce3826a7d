"""The national use-of-force form's terms: tactics, reasons, outcomes, injuries, age bands.

Each term has a code (what Parity stores) and the form's label (what a force's export may
write instead); both are accepted, in any case. Taser (conducted energy device) discharge
is fired or drive-stun; drawn, aimed, red-dot and arcing are uses without discharge.
"""

from __future__ import annotations

from collections.abc import Mapping

TACTICS: dict[str, str] = {
    "tactical-communication": "Tactical communication",
    "compliant-handcuffing": "Compliant handcuffing",
    "non-compliant-handcuffing": "Non-compliant handcuffing",
    "limb-body-restraint": "Limb or body restraint",
    "ground-restraint": "Ground restraint",
    "unarmed-skills": "Unarmed skills",
    "baton-drawn": "Baton drawn",
    "baton-used": "Baton used",
    "irritant-spray-drawn": "Irritant spray drawn",
    "irritant-spray-used": "Irritant spray used",
    "spit-guard": "Spit and bite guard",
    "shield": "Shield",
    "taser-drawn": "Taser drawn",
    "taser-aimed": "Taser aimed",
    "taser-red-dot": "Taser red-dotted",
    "taser-arced": "Taser arced",
    "taser-fired": "Taser fired",
    "taser-drive-stun": "Taser drive-stun",
    "aep-aimed": "Attenuating energy projectile aimed",
    "aep-fired": "Attenuating energy projectile fired",
    "firearm-aimed": "Firearm aimed",
    "firearm-fired": "Firearm fired",
    "dog-deployed": "Dog deployed",
    "dog-bite": "Dog bite",
    "other-improvised": "Other or improvised",
}
TASER_DISCHARGE = frozenset({"taser-fired", "taser-drive-stun"})
TASER = frozenset(code for code in TACTICS if code.startswith("taser-"))
SPIT_GUARD = "spit-guard"
RESTRAINT = frozenset({"compliant-handcuffing", "non-compliant-handcuffing", "limb-body-restraint", "ground-restraint"})
# The tactic groups the figures count: a report is in a group if any of its tactics is.
TACTIC_GROUPS: dict[str, tuple[str, frozenset[str]]] = {
    "restraint": ("Restraint or handcuffing", RESTRAINT),
    "unarmed": ("Unarmed skills", frozenset({"unarmed-skills"})),
    "taser": ("Taser drawn, aimed or used", TASER),
    "taser-discharge": ("Taser fired or drive-stun", TASER_DISCHARGE),
    "spit-guard": ("Spit and bite guard", frozenset({SPIT_GUARD})),
    "baton-spray": ("Baton or irritant spray", frozenset(c for c in TACTICS if c.startswith(("baton", "irritant")))),
    "firearm": ("Firearm aimed or fired", frozenset({"firearm-aimed", "firearm-fired"})),
    "dog": ("Police dog", frozenset({"dog-deployed", "dog-bite"})),
}
REASONS: dict[str, str] = {
    "protect-self": "Protect self",
    "protect-public": "Protect public",
    "protect-subject": "Protect subject",
    "protect-officers": "Protect other officers",
    "prevent-offence": "Prevent offence",
    "secure-evidence": "Secure evidence",
    "effect-arrest": "Effect arrest",
    "effect-search": "Effect search",
    "prevent-harm": "Prevent harm",
    "prevent-escape": "Prevent escape",
    "method-of-entry": "Method of entry",
    "remove-from-place": "Remove from place",
    "other": "Other",
}
OUTCOMES: dict[str, str] = {
    "arrested": "Arrested",
    "hospitalised": "Hospitalised",
    "mental-health": "Detained under mental health legislation",
    "made-off": "Made off or escaped",
    "no-further-action": "No further action",
    "other": "Other",
}
INJURIES: dict[str, str] = {
    "none": "None",
    "minor": "Minor",
    "severe": "Severe",
    "not-known": "Not known",
}
AGE_BANDS: dict[str, str] = {
    "under-11": "Under 11",
    "11-17": "11 to 17",
    "18-34": "18 to 34",
    "35-49": "35 to 49",
    "50-64": "50 to 64",
    "65-over": "65 and over",
    "not-known": "Not known",
}
CHILD_AGE_BANDS = frozenset({"under-11", "11-17"})
GENDERS: dict[str, str] = {"male": "Male", "female": "Female", "other": "Other", "not-known": "Not known"}


def lookup(terms: Mapping[str, str], text: str) -> str | None:
    """The code for a term written as its code or its label, in any case; None if unknown."""
    key = " ".join(text.split()).lower()
    for code, label in terms.items():
        if key in {code, label.lower()}:
            return code
    return None


def labels(terms: Mapping[str, str], codes: list[str]) -> str:
    return ", ".join(terms.get(c, c) for c in codes)
