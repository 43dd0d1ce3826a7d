"""Numbers in a panel report's own words that its tables would hide.

A report's tables hide counts of people from 1 to below the disclosure threshold
(`reports`, parity.analysis.protection). The words the chair and the force write to be
published (the meeting's summary for the public, each finding and the force's answer) are
not tables, so nothing hides a number in them: "two of the young men searched were Black"
states what the table hides. Before publishing, each such number is flagged, in its sentence,
for the chair to change or confirm; the report is not published until they do.

A number is flagged when it could be a count of people: written in figures or words, from 1
to below the threshold. Dates ("3 May"), times and decimals, shares ("4%") and numbers that
name something ("case 3", "finding 2", "section 1") are not counts, so are not flagged. The
check cannot tell whether a number counts people ("two meetings"); the chair decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from parity.scrutiny import reports

WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "single": 1,
    "twice": 2,
}
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# Words before a number that make it a name, not a count: "case 3", "section 60".
NAMING = (
    "case|cases|finding|findings|section|sections|s|question|questions|item|items|page|pages|point|points"
    "|quarter|q|number|no|meeting|stage|step|part|paragraph|version|room|level|tier|year|years"
)
_NUMBER = re.compile(r"(?<![\w.,:£$/-])(\d{1,3}(?:,\d{3})*|" + "|".join(WORDS) + r")(?![\w%/]|[.,:]\d)", re.I)
_NAMED_BEFORE = re.compile(rf"\b(?:{NAMING})\.?\s*$", re.I)
_DATE_AFTER = re.compile(rf"^\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{MONTHS})\b", re.I)
_DATE_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s*$", re.I)
_SHARE_AFTER = re.compile(r"^\s*(?:%|per\s*cent|percent)", re.I)
_TIME_AFTER = re.compile(r"^\s*(?:am|pm|a\.m\.|p\.m\.|o'clock|o’clock)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class SmallNumber:
    """One number in published words that the tables would hide, in its sentence."""

    where: str  # "The summary of the meeting on 3 November 2026", "Finding 12"
    said: str  # the number as written: "2", "two"
    sentence: str


def _value(token: str) -> int:
    word = token.lower()
    return WORDS[word] if word in WORDS else int(token.replace(",", ""))


def in_text(text: str, where: str = "", *, threshold: int | None = None) -> list[SmallNumber]:
    """Numbers in `text` that could be counts of people the tables would hide."""
    limit = reports.threshold() if threshold is None else threshold
    found = []
    for words in _SENTENCE_END.split(text or ""):
        for match in _NUMBER.finditer(words):
            before, after = words[: match.start()], words[match.end() :]
            if not 0 < _value(match.group()) < limit:
                continue
            if _NAMED_BEFORE.search(before) or _DATE_BEFORE.search(before):
                continue
            if _DATE_AFTER.match(after) or _SHARE_AFTER.match(after) or _TIME_AFTER.match(after):
                continue
            found.append(SmallNumber(where, match.group(), " ".join(words.split())))
    return found


def in_report(content: dict[str, Any]) -> list[SmallNumber]:
    """Numbers the tables would hide, in a report's published words: the meetings' summaries
    for the public, and each finding with the force's answer."""
    found = []
    for summary in content.get("summaries") or []:
        found += in_text(summary["text"], f"The summary of the meeting on {summary['meeting']}")
    for referral in content.get("referrals") or []:
        where = f"Finding {referral['number']}"
        for key in ("summary", "action_taken", "officer_learning"):
            found += in_text(referral.get(key) or "", where)
    return found
