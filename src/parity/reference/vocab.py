"""Controlled vocabularies for stop and search: types, legislation, objects, outcomes.

Each vocabulary maps the labels that data.police.uk has used (current and older) to one
stable code. Labels the vocabulary does not know are never guessed: the importer keeps the
raw value, leaves the code empty and flags the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Term:
    code: str
    label: str


class PowerGroup(StrEnum):
    """How the Home Office groups powers in its headline figures."""

    SECTION_1 = "s1"  # section 1 PACE and associated legislation
    SECTION_60 = "s60"  # section 60 CJPOA 1994 (no suspicion needed)
    SECTION_47A = "s47a"  # section 47A Terrorism Act 2000
    OTHER = "other"


@dataclass(frozen=True)
class Legislation(Term):
    power_group: PowerGroup = PowerGroup.SECTION_1


SEARCH_TYPES: dict[str, Term] = {
    "Person search": Term("person", "Person search"),
    "Person and Vehicle search": Term("person_and_vehicle", "Person and vehicle search"),
    "Vehicle search": Term("vehicle", "Vehicle-only search"),
}

_S1 = PowerGroup.SECTION_1
LEGISLATION: tuple[tuple[str, Legislation], ...] = (
    (
        "Police and Criminal Evidence Act 1984 (section 1)",
        Legislation("pace-s1", "Section 1, Police and Criminal Evidence Act 1984", _S1),
    ),
    (
        "Police and Criminal Evidence Act 1984 (section 6)",
        Legislation("pace-s6", "Section 6, Police and Criminal Evidence Act 1984", _S1),
    ),
    (
        "Misuse of Drugs Act 1971 (section 23)",
        Legislation("mda-s23", "Section 23, Misuse of Drugs Act 1971", _S1),
    ),
    ("Firearms Act 1968 (section 47)", Legislation("firearms-s47", "Section 47, Firearms Act 1968", _S1)),
    (
        "Criminal Justice Act 1988 (section 139B)",
        Legislation("cja-s139b", "Section 139B, Criminal Justice Act 1988", _S1),
    ),
    (
        "Psychoactive Substances Act 2016 (s36(2))",
        Legislation("psa-s36", "Section 36(2), Psychoactive Substances Act 2016", _S1),
    ),
    (
        "Psychoactive Substances Act 2016 (s37(2))",
        Legislation("psa-s37", "Section 37(2), Psychoactive Substances Act 2016", _S1),
    ),
    (
        "Poaching Prevention Act 1862 (section 2)",
        Legislation("poaching-s2", "Section 2, Poaching Prevention Act 1862", _S1),
    ),
    (
        "Aviation Security Act 1982 (section 27(1))",
        Legislation("aviation-s27", "Section 27(1), Aviation Security Act 1982", _S1),
    ),
    (
        "Customs and Excise Management Act 1979 (section 163)",
        Legislation("cema-s163", "Section 163, Customs and Excise Management Act 1979", _S1),
    ),
    ("Hunting Act 2004 (section 8)", Legislation("hunting-s8", "Section 8, Hunting Act 2004", _S1)),
    ("Crossbows Act 1987 (section 4)", Legislation("crossbows-s4", "Section 4, Crossbows Act 1987", _S1)),
    (
        "Wildlife and Countryside Act 1981 (section 19)",
        Legislation("wildlife-s19", "Section 19, Wildlife and Countryside Act 1981", _S1),
    ),
    (
        "Protection of Badgers Act 1992 (section 11)",
        Legislation("badgers-s11", "Section 11, Protection of Badgers Act 1992", _S1),
    ),
    (
        "Sporting Events Act 1985 (section 7)",
        Legislation("sporting-s7", "Section 7, Sporting Events (Control of Alcohol etc.) Act 1985", _S1),
    ),
    (
        "Conservation of Seals Act 1970 (section 4)",
        Legislation("seals-s4", "Section 4, Conservation of Seals Act 1970", _S1),
    ),
    ("Deer Act 1991 (section 12)", Legislation("deer-s12", "Section 12, Deer Act 1991", _S1)),
    (
        "Criminal Justice and Public Order Act 1994 (section 60)",
        Legislation("cjpoa-s60", "Section 60, Criminal Justice and Public Order Act 1994", PowerGroup.SECTION_60),
    ),
    (
        "Terrorism Act 2000 (section 47A)",
        Legislation("tact-s47a", "Section 47A, Terrorism Act 2000", PowerGroup.SECTION_47A),
    ),
    (
        "Terrorism Act 2000 (section 44)",
        Legislation("tact-s44", "Section 44, Terrorism Act 2000 (repealed 2012)", PowerGroup.SECTION_47A),
    ),
    (
        "Terrorism Act 2000 (section 43)",
        Legislation("tact-s43", "Section 43, Terrorism Act 2000", PowerGroup.OTHER),
    ),
    (
        "Terrorism Act 2000 (section 43A)",
        Legislation("tact-s43a", "Section 43A, Terrorism Act 2000", PowerGroup.OTHER),
    ),
    (
        "Public Order Act 2023 (section 11)",
        Legislation("poa-s11", "Section 11, Public Order Act 2023", PowerGroup.OTHER),
    ),
    (
        "Sentencing Act 2020 (section 342E)",
        Legislation(
            "sa-s342e",
            "Section 342E, Sentencing Act 2020 (serious violence reduction orders)",
            PowerGroup.OTHER,
        ),
    ),
)
LEGISLATION_BY_LABEL: dict[str, Legislation] = dict(LEGISLATION)
LEGISLATION_BY_CODE: dict[str, Legislation] = {t.code: t for _, t in LEGISLATION}

OBJECTS: tuple[tuple[str, Term], ...] = (
    ("Controlled drugs", Term("drugs", "Controlled drugs")),
    ("Offensive weapons", Term("offensive-weapons", "Offensive weapons")),
    ("Stolen goods", Term("stolen-goods", "Stolen goods")),
    ("Article for use in theft", Term("theft-articles", "Articles for use in theft")),
    ("Evidence of offences under the Act", Term("evidence", "Evidence of offences under the Act")),
    ("Firearms", Term("firearms", "Firearms")),
    ("Articles for use in criminal damage", Term("criminal-damage", "Articles for use in criminal damage")),
    ("Anything to threaten or harm anyone", Term("threaten-harm", "Anything to threaten or harm anyone")),
    ("Fireworks", Term("fireworks", "Fireworks")),
    ("Psychoactive substances", Term("psychoactive", "Psychoactive substances")),
    (
        "Goods on which duty has not been paid etc.",
        Term("duty-unpaid", "Goods on which duty has not been paid"),
    ),
    ("Game or poaching equipment", Term("poaching", "Game or poaching equipment")),
    ("Evidence of hunting any wild mammal with a dog", Term("hunting", "Evidence of hunting with a dog")),
    ("Crossbows", Term("crossbows", "Crossbows")),
    ("Evidence of wildlife offences", Term("wildlife", "Evidence of wildlife offences")),
    ("Seals or hunting equipment", Term("seals", "Seals or hunting equipment")),
    ("Detailed object of search unavailable", Term("unavailable", "Object not recorded in detail")),
)
OBJECT_BY_LABEL: dict[str, Term] = dict(OBJECTS)
OBJECT_BY_CODE: dict[str, Term] = {t.code: t for _, t in OBJECTS}


class Outcome(StrEnum):
    NO_FURTHER_ACTION = "nfa"
    ARREST = "arrest"
    SUMMONS = "summons"
    CAUTION = "caution"
    CANNABIS_WARNING = "cannabis-warning"
    PENALTY_NOTICE = "penalty-notice"
    COMMUNITY_RESOLUTION = "community-resolution"
    FOUND_UNSPECIFIED = "found-unspecified"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.NO_FURTHER_ACTION: "No further action",
    Outcome.ARREST: "Arrest",
    Outcome.SUMMONS: "Summons or charged by post",
    Outcome.CAUTION: "Caution",
    Outcome.CANNABIS_WARNING: "Khat or cannabis warning",
    Outcome.PENALTY_NOTICE: "Penalty notice for disorder",
    Outcome.COMMUNITY_RESOLUTION: "Community resolution",
    Outcome.FOUND_UNSPECIFIED: "Article found, outcome not given",
}

OUTCOMES: dict[str, Outcome] = {
    # data.police.uk since 2019
    "A no further action disposal": Outcome.NO_FURTHER_ACTION,
    "Arrest": Outcome.ARREST,
    "Community resolution": Outcome.COMMUNITY_RESOLUTION,
    "Khat or Cannabis warning": Outcome.CANNABIS_WARNING,
    "Summons / charged by post": Outcome.SUMMONS,
    "Penalty Notice for Disorder": Outcome.PENALTY_NOTICE,
    "Caution (simple or conditional)": Outcome.CAUTION,
    # older data.police.uk labels
    "Nothing found - no further action": Outcome.NO_FURTHER_ACTION,
    "Suspect arrested": Outcome.ARREST,
    "Local resolution": Outcome.COMMUNITY_RESOLUTION,
    "Offender given drugs possession warning": Outcome.CANNABIS_WARNING,
    "Offender given penalty notice": Outcome.PENALTY_NOTICE,
    "Offender cautioned": Outcome.CAUTION,
    "Suspect summonsed to court": Outcome.SUMMONS,
    "Article found - Detailed outcome unavailable": Outcome.FOUND_UNSPECIFIED,
    # data.police.uk API outcome_object ids
    "bu-no-further-action": Outcome.NO_FURTHER_ACTION,
    "bu-arrest": Outcome.ARREST,
    "bu-community-resolution": Outcome.COMMUNITY_RESOLUTION,
    "bu-khat-or-cannabis-warning": Outcome.CANNABIS_WARNING,
    "bu-summons": Outcome.SUMMONS,
    "bu-penalty-notice": Outcome.PENALTY_NOTICE,
    "bu-caution": Outcome.CAUTION,
}

AGE_BANDS: dict[str, Term] = {
    "under 10": Term("under-10", "Under 10"),
    "10-17": Term("10-17", "10 to 17"),
    "18-24": Term("18-24", "18 to 24"),
    "25-34": Term("25-34", "25 to 34"),
    "over 34": Term("over-34", "Over 34"),
}
AGE_BAND_ORDER: tuple[str, ...] = tuple(t.code for t in AGE_BANDS.values())
CHILD_AGE_BANDS: frozenset[str] = frozenset({"under-10", "10-17"})

GENDERS: dict[str, Term] = {
    "Male": Term("male", "Male"),
    "Female": Term("female", "Female"),
    "Other": Term("other", "Other"),
}

BOOLEANS: dict[str, bool] = {"true": True, "false": False}
