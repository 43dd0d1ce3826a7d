"""Ethnicity classifications and the mappings between them.

Parity holds every self-defined ethnicity as one detailed code from the PACE Code A list
(W1 ... O9, NS). The 2011 census "18+1" list and the 2021 census "19+1" list differ only in
White Roma (W4), which 2021 added; the 2001 "16+1" list used by older data.police.uk files
put Chinese under "Chinese or other ethnic group" (O1) and had no Arab or Gypsy categories.
Parity harmonises older records to the 2011 groups (Chinese is Asian), because the census
denominators it divides by are 2011 or 2021.

Officer-defined ethnicity is a separate, coarser observation (White, Black, Asian, Mixed,
Other). The two bases are never mixed in one ratio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Group(StrEnum):
    """The Home Office "5+1" broad groups."""

    ASIAN = "asian"
    BLACK = "black"
    MIXED = "mixed"
    WHITE = "white"
    OTHER = "other"
    NOT_STATED = "not_stated"

    @property
    def label(self) -> str:
        return GROUP_LABELS[self]


GROUP_LABELS: dict[Group, str] = {
    Group.ASIAN: "Asian",
    Group.BLACK: "Black",
    Group.MIXED: "Mixed",
    Group.WHITE: "White",
    Group.OTHER: "Other",
    Group.NOT_STATED: "Not stated",
}

# Order in which groups appear in tables: Home Office order, reference group first is the
# caller's choice.
GROUPS_STATED: tuple[Group, ...] = (Group.ASIAN, Group.BLACK, Group.MIXED, Group.WHITE, Group.OTHER)


@dataclass(frozen=True)
class Detailed:
    code: str
    label: str
    group: Group
    in_2011: bool = True
    in_2021: bool = True


DETAILED: tuple[Detailed, ...] = (
    Detailed("A1", "Asian: Indian", Group.ASIAN),
    Detailed("A2", "Asian: Pakistani", Group.ASIAN),
    Detailed("A3", "Asian: Bangladeshi", Group.ASIAN),
    Detailed("A4", "Asian: Chinese", Group.ASIAN),
    Detailed("A9", "Asian: any other Asian background", Group.ASIAN),
    Detailed("B1", "Black: Caribbean", Group.BLACK),
    Detailed("B2", "Black: African", Group.BLACK),
    Detailed("B9", "Black: any other Black background", Group.BLACK),
    Detailed("M1", "Mixed: White and Black Caribbean", Group.MIXED),
    Detailed("M2", "Mixed: White and Black African", Group.MIXED),
    Detailed("M3", "Mixed: White and Asian", Group.MIXED),
    Detailed("M9", "Mixed: any other Mixed background", Group.MIXED),
    Detailed("W1", "White: English, Welsh, Scottish, Northern Irish or British", Group.WHITE),
    Detailed("W2", "White: Irish", Group.WHITE),
    Detailed("W3", "White: Gypsy or Irish Traveller", Group.WHITE),
    Detailed("W4", "White: Roma", Group.WHITE, in_2011=False),
    Detailed("W9", "White: any other White background", Group.WHITE),
    Detailed("O1", "Other: Arab", Group.OTHER),
    Detailed("O9", "Other: any other ethnic group", Group.OTHER),
    Detailed("NS", "Not stated", Group.NOT_STATED),
)
DETAILED_BY_CODE: dict[str, Detailed] = {d.code: d for d in DETAILED}
CLASSIFICATION_2011 = tuple(d.code for d in DETAILED if d.in_2011)  # 18 + 1
CLASSIFICATION_2021 = tuple(d.code for d in DETAILED if d.in_2021)  # 19 + 1

# data.police.uk labels since 2019 (2011 "18+1" wording).
POLICE_UK_SDE: dict[str, str] = {
    "Asian/Asian British - Indian": "A1",
    "Asian/Asian British - Pakistani": "A2",
    "Asian/Asian British - Bangladeshi": "A3",
    "Asian/Asian British - Chinese": "A4",
    "Asian/Asian British - Any other Asian background": "A9",
    "Black/African/Caribbean/Black British - Caribbean": "B1",
    "Black/African/Caribbean/Black British - African": "B2",
    "Black/African/Caribbean/Black British - Any other Black/African/Caribbean background": "B9",
    "Mixed/Multiple ethnic groups - White and Black Caribbean": "M1",
    "Mixed/Multiple ethnic groups - White and Black African": "M2",
    "Mixed/Multiple ethnic groups - White and Asian": "M3",
    "Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background": "M9",
    "White - English/Welsh/Scottish/Northern Irish/British": "W1",
    "White - Irish": "W2",
    "White - Gypsy or Irish Traveller": "W3",
    "White - Roma": "W4",
    "White - Any other White background": "W9",
    "Other ethnic group - Arab": "O1",
    "Other ethnic group - Any other ethnic group": "O9",
    "Other ethnic group - Not stated": "NS",
}

# Older data.police.uk files used the 2001 "16+1" list with the code in brackets, for
# example "White - White British (W1)". In that list O1 was Chinese, not Arab.
PACE_2001_CODES: dict[str, str] = {
    "W1": "W1",
    "W2": "W2",
    "W9": "W9",
    "M1": "M1",
    "M2": "M2",
    "M3": "M3",
    "M9": "M9",
    "A1": "A1",
    "A2": "A2",
    "A3": "A3",
    "A9": "A9",
    "B1": "B1",
    "B2": "B2",
    "B9": "B9",
    "O1": "A4",  # Chinese, harmonised to the 2011 Asian group
    "O9": "O9",
    "NS": "NS",
}
_BRACKET_CODE = re.compile(r"\(([A-Za-z0-9]{2})\)\s*$")

# Census 2021 TS021 "Ethnic group (20 categories)" labels.
CENSUS_2021: dict[str, str] = {
    "Asian, Asian British or Asian Welsh: Bangladeshi": "A3",
    "Asian, Asian British or Asian Welsh: Chinese": "A4",
    "Asian, Asian British or Asian Welsh: Indian": "A1",
    "Asian, Asian British or Asian Welsh: Pakistani": "A2",
    "Asian, Asian British or Asian Welsh: Other Asian": "A9",
    "Black, Black British, Black Welsh, Caribbean or African: African": "B2",
    "Black, Black British, Black Welsh, Caribbean or African: Caribbean": "B1",
    "Black, Black British, Black Welsh, Caribbean or African: Other Black": "B9",
    "Mixed or Multiple ethnic groups: White and Asian": "M3",
    "Mixed or Multiple ethnic groups: White and Black African": "M2",
    "Mixed or Multiple ethnic groups: White and Black Caribbean": "M1",
    "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups": "M9",
    "White: English, Welsh, Scottish, Northern Irish or British": "W1",
    "White: Irish": "W2",
    "White: Gypsy or Irish Traveller": "W3",
    "White: Roma": "W4",
    "White: Other White": "W9",
    "Other ethnic group: Arab": "O1",
    "Other ethnic group: Any other ethnic group": "O9",
}
CENSUS_2021_NOT_APPLICABLE = "Does not apply"

# Census 2011 QS201EW (Nomis) column stems, after "Ethnic Group: " and before "; measures".
CENSUS_2011: dict[str, str] = {
    "White: English/Welsh/Scottish/Northern Irish/British": "W1",
    "White: Irish": "W2",
    "White: Gypsy or Irish Traveller": "W3",
    "White: Other White": "W9",
    "Mixed/multiple ethnic group: White and Black Caribbean": "M1",
    "Mixed/multiple ethnic group: White and Black African": "M2",
    "Mixed/multiple ethnic group: White and Asian": "M3",
    "Mixed/multiple ethnic group: Other Mixed": "M9",
    "Asian/Asian British: Indian": "A1",
    "Asian/Asian British: Pakistani": "A2",
    "Asian/Asian British: Bangladeshi": "A3",
    "Asian/Asian British: Chinese": "A4",
    "Asian/Asian British: Other Asian": "A9",
    "Black/African/Caribbean/Black British: African": "B2",
    "Black/African/Caribbean/Black British: Caribbean": "B1",
    "Black/African/Caribbean/Black British: Other Black": "B9",
    "Other ethnic group: Arab": "O1",
    "Other ethnic group: Any other ethnic group": "O9",
}

# Officer-defined ethnicity: data.police.uk words, and the older "IC" identity codes.
OFFICER_DEFINED: dict[str, Group] = {
    "white": Group.WHITE,
    "black": Group.BLACK,
    "asian": Group.ASIAN,
    "mixed": Group.MIXED,
    "other": Group.OTHER,
    "ic1": Group.WHITE,  # White, north European
    "ic2": Group.WHITE,  # White, south European
    "ic3": Group.BLACK,
    "ic4": Group.ASIAN,  # South Asian
    "ic5": Group.OTHER,  # Chinese, Japanese or other south-east Asian
    "ic6": Group.OTHER,  # Arab or north African
}
OFFICER_NOT_RECORDED = {"ic9", "ic0", "unknown", "not recorded", "not stated"}


def group_of(code: str) -> Group:
    """The 5+1 group of a detailed code."""
    return DETAILED_BY_CODE[code].group


def self_defined_code(raw: str) -> str | None:
    """The detailed code for a self-defined ethnicity as any source writes it, else None.

    Accepts the current data.police.uk labels, the older bracketed-code labels, bare PACE
    codes and census labels.
    """
    text = raw.strip()
    code = POLICE_UK_SDE.get(text) or CENSUS_2021.get(text) or CENSUS_2011.get(text)
    if code:
        return code
    if text.upper() in DETAILED_BY_CODE:
        return text.upper()
    if text.lower() in {"not stated", "not stated (ns)", "ns"}:
        return "NS"
    match = _BRACKET_CODE.search(text)
    if match:
        bracket = match.group(1).upper().replace("0", "O")  # "(01)" is a typo for O1
        return PACE_2001_CODES.get(bracket)
    return None


def officer_defined_group(raw: str) -> Group | None:
    """The group for an officer-defined ethnicity, NOT_STATED when unrecorded, else None."""
    key = raw.strip().lower()
    if key in OFFICER_NOT_RECORDED:
        return Group.NOT_STATED
    return OFFICER_DEFINED.get(key)
