"""Small victims' extracts made by code for the tests (fictional victims, Kent)."""

from __future__ import annotations

import csv
from pathlib import Path

from parity.victims.importing.extract import HEADER

BASE = {
    "force": "Kent",
    "team": "North CID",
    "self_defined_ethnicity": "W1",
    "age_band": "25-34",
    "gender": "Female",
    "offence_group": "Burglary",
    "hate_crime": "no",
    "hate_strand": "",
    "needs_assessment_date": "",
    "first_update_due": "",
    "first_update_made": "",
    "updates_due": "0",
    "updates_made": "0",
    "outcome": "open",
    "outcome_date": "",
    "outcome_notified_date": "",
    "sat_ease_of_contact": "",
    "sat_actions_taken": "",
    "sat_kept_informed": "",
    "sat_treatment": "",
    "sat_whole_experience": "",
    "survey_weight": "",
}


def victim(reference: str, reported: str, **fields: str) -> dict[str, str]:
    return {**BASE, "crime_reference": reference, "date_reported": reported, **fields}


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def sample() -> list[dict[str, str]]:
    """Eight victims over two months: every kind of contact and outcome the layout has."""
    return [
        victim("KT/24/0001", "2024-03-04", first_update_due="2024-03-11", first_update_made="2024-03-08",
               updates_due="2", updates_made="2", needs_assessment_date="2024-03-04", outcome="1",
               outcome_date="2024-04-20", outcome_notified_date="2024-04-21", sat_whole_experience="2",
               sat_kept_informed="1"),
        victim("KT/24/0002", "2024-03-09", self_defined_ethnicity="B2", hate_crime="yes", hate_strand="race",
               first_update_due="2024-03-16", updates_due="1", outcome="14", outcome_date="2024-03-30"),
        victim("KT/24/0003", "2024-03-15", self_defined_ethnicity="Black/African/Caribbean/Black British - Caribbean",
               team="South CID", first_update_due="2024-03-22", first_update_made="2024-03-25",
               updates_due="1", updates_made="1"),
        victim("KT/24/0004", "2024-03-20", self_defined_ethnicity="", age_band="", gender=""),
        victim("KT/24/0005", "2024-04-02", self_defined_ethnicity="NS", outcome="18", outcome_date="2024-04-10",
               outcome_notified_date="2024-04-10"),
        victim("KT/24/0006", "2024-04-05", self_defined_ethnicity="A1", hate_crime="Yes",
               hate_strand="Sexual orientation", sat_treatment="5"),
        victim("KT/24/0007", "2024-04-11", outcome="8", outcome_date="2024-04-30"),
        victim("KT/24/0008", "2024-04-28", team="South CID", first_update_due="2024-05-05"),
    ]  # fmt: skip


COMPLAINT_BASE = {
    "force": "Kent",
    "complainant_ethnicity": "W1",
    "handling": "local-investigation",
    "finalised_date": "",
    "category": "delivery-of-duties",
    "protected_characteristic": "",
    "allegation_result": "open",
}


def allegation(case: str, number: int, received: str, **fields: str) -> dict[str, str]:
    return {
        **COMPLAINT_BASE,
        "case_reference": case,
        "allegation_reference": f"{case}-A{number}",
        "received_date": received,
        **fields,
    }


def write_complaints(path: Path, rows: list[dict[str, str]], *, text: bool = False) -> Path:
    """The complaints extract; with `text`, the optional account and reply columns too."""
    from parity.victims.importing.complaints import HEADER as COMPLAINTS
    from parity.victims.importing.complaints import TEXT_COLUMNS

    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COMPLAINTS + TEXT_COLUMNS if text else COMPLAINTS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def complaints_sample() -> list[dict[str, str]]:
    """Three complaints, five allegations: one discrimination allegation not upheld."""
    done = {"finalised_date": "2024-05-10"}
    return [
        allegation("CO/1", 1, "2024-03-02", complainant_ethnicity="B1", category="discriminatory-behaviour",
                   protected_characteristic="race", allegation_result="not-upheld", **done),
        allegation("CO/1", 2, "2024-03-02", complainant_ethnicity="B1", allegation_result="upheld", **done),
        allegation("CO/2", 1, "2024-03-20", handling="outside-schedule-3", allegation_result="resolved",
                   finalised_date="2024-03-25"),
        allegation("CO/3", 1, "2024-04-04", complainant_ethnicity="A1", category="individual-behaviours"),
        allegation("CO/3", 2, "2024-04-04", complainant_ethnicity="A1", category="discriminatory-behaviour",
                   protected_characteristic="Religion"),
    ]  # fmt: skip
