"""The words of a complaints extract: how a complaint was handled, allegation categories
(the IOPC's), protected characteristics (Equality Act 2010) and allegation results."""

from __future__ import annotations

HANDLING: dict[str, str] = {
    "outside-schedule-3": "Handled outside Schedule 3 (resolved informally)",
    "schedule-3-otherwise": "Schedule 3, handled otherwise than by investigation",
    "local-investigation": "Schedule 3, investigated by the force",
    "directed-investigation": "Investigated by the force under the IOPC's direction",
    "independent-investigation": "Investigated by the IOPC",
}
CATEGORIES: dict[str, str] = {
    "delivery-of-duties": "Delivery of duties and service",
    "police-powers": "Police powers, policies and procedures",
    "individual-behaviours": "Individual behaviours",
    "discriminatory-behaviour": "Discriminatory behaviour",
    "use-of-vehicles": "Use of police vehicles",
    "property": "Handling of or damage to property",
    "information": "Access to or disclosure of information",
    "abuse-of-position": "Abuse of position, fraud and corruption",
    "sexual-conduct": "Sexual conduct",
    "other": "Other",
}
DISCRIMINATION = "discriminatory-behaviour"
CHARACTERISTICS: dict[str, str] = {
    "race": "Race",
    "religion": "Religion or belief",
    "sex": "Sex",
    "sexual-orientation": "Sexual orientation",
    "disability": "Disability",
    "age": "Age",
    "gender-reassignment": "Gender reassignment",
    "pregnancy-maternity": "Pregnancy and maternity",
    "marriage-civil-partnership": "Marriage and civil partnership",
}
RESULTS: dict[str, str] = {
    "upheld": "Upheld: the service was not acceptable",
    "not-upheld": "Not upheld: the service was acceptable",
    "no-further-action": "No further action",
    "resolved": "Resolved other than by a finding",
    "withdrawn": "Withdrawn",
    "open": "Not yet finalised",
}
DECIDED = frozenset({"upheld", "not-upheld"})
