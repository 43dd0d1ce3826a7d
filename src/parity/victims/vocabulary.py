"""The words of a victims' extract: outcomes, hate crime strands, survey answers.

Outcomes are the Home Office crime outcome types (type 19 no longer exists). "Nothing further"
gathers every kind of "no further action": the outcomes where the crime is closed without a
charge, an out-of-court resolution or a hand-over to another body, which victims told the
forces they still want to hear about.
"""

from __future__ import annotations

OUTCOMES: dict[str, str] = {
    "1": "Charged or summonsed",
    "2": "Youth caution",
    "3": "Adult caution",
    "4": "Taken into consideration",
    "5": "The offender has died",
    "6": "Penalty notice for disorder",
    "7": "Cannabis or khat warning",
    "8": "Community resolution",
    "9": "Prosecution not in the public interest (Crown Prosecution Service)",
    "10": "Formal action not in the public interest (police)",
    "11": "Prosecution prevented: suspect under the age of criminal responsibility",
    "12": "Prosecution prevented: suspect too ill",
    "13": "Prosecution prevented: victim or key witness dead or too ill",
    "14": "Evidential difficulties: suspect not identified, victim does not support action",
    "15": "Evidential difficulties: suspect identified, victim supports action",
    "16": "Evidential difficulties: victim does not support action",
    "17": "Prosecution time limit expired",
    "18": "Investigation complete: no suspect identified",
    "20": "Further action by another body or agency",
    "21": "Further investigation not in the public interest",
    "22": "Diversionary, educational or intervention activity",
}
CHARGED = frozenset({"1"})
OUT_OF_COURT = frozenset({"2", "3", "4", "6", "7", "8", "22"})
NOTHING_FURTHER = frozenset({"5", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "21"})
OTHER_BODY = frozenset({"20"})
OUTCOME_CLASSES: tuple[tuple[str, str], ...] = (
    ("charged", "Charged or summonsed"),
    ("out_of_court", "Out-of-court resolution"),
    ("nothing_further", "No further action"),
    ("other_body", "Passed to another body"),
    ("open", "Still open"),
)


def outcome_class(outcome: str) -> str:
    """The class of an outcome type; blank (no outcome yet) is open."""
    if not outcome:
        return "open"
    if outcome in CHARGED:
        return "charged"
    if outcome in OUT_OF_COURT:
        return "out_of_court"
    if outcome in NOTHING_FURTHER:
        return "nothing_further"
    return "other_body"


STRANDS: dict[str, str] = {
    "race": "Race or ethnicity",
    "religion": "Religion or belief",
    "sexual-orientation": "Sexual orientation",
    "disability": "Disability",
    "transgender": "Transgender identity",
}
AGE_BANDS = ("0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
# The satisfaction questions of a victims' survey, answered on a five-point scale:
# 1 very satisfied, 2 fairly satisfied, 3 neither, 4 fairly dissatisfied, 5 very dissatisfied.
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("ease_of_contact", "Ease of contacting the police"),
    ("actions_taken", "The actions the police took"),
    ("kept_informed", "How well they were kept informed"),
    ("treatment", "How they were treated"),
    ("whole_experience", "The whole experience"),
)
SATISFIED = frozenset({1, 2})
