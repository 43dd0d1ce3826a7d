"""Import counts of people at later stages: a partner's stage-counts file, or the Ethnicity facts
and figures prosecutions-and-convictions download (docs/reference/stage-counts.md).

Both give counts by area, period, stage and ethnic group, so both are held as `StageCount`s.
The Ethnicity facts and figures file gives, per row, the prosecutions (denominator) and the
convictions (numerator) with the published conviction ratio beside them; each row becomes two
counts, the ratio kept on the conviction count so it can be checked against the counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from parity.justice.importing.extract import OFFENCE_GROUPS
from parity.justice.importing.report import Parsed, Progress, csv_rows, run
from parity.justice.importing.store import CountRow
from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import IngestReport
from parity.reference.ethnicity import Group
from parity.reference.forces import find_force

STAGE_COUNTS = "stage-counts"
EFF = "eff-convictions"
LAYOUT = ("area", "period", "stage", "ethnicity", "offence_group", "count")
STAGES = ("search", "arrest", "charge", "out_of_court", "prosecution", "conviction", "remand", "custody")
GROUPS: dict[str, Group] = {
    "white": Group.WHITE,
    "black": Group.BLACK,
    "asian": Group.ASIAN,
    "mixed": Group.MIXED,
    "other": Group.OTHER,
    "other inc chinese": Group.OTHER,
    "not stated": Group.NOT_STATED,
}
NATIONAL = {"all": "england-and-wales", "england and wales": "england-and-wales"}
EFF_HEADER = (
    "Measure", "Ethnicity", "Ethnicity_type", "Time", "Time_type", "Sex", "Age group", "Offence group",
    "Police Force Area", "Value", "Value_type", "Denominator (Prosecutions at Magistrates Court)",
    "Numerator (Convictions and Magistrates Court and Crown Court)",
)  # fmt: skip
EFF_MEASURE = "Percentage of defendants convicted out of all those prosecuted (conviction ratio)"


def _area(text: str) -> str | None:
    key = " ".join(text.split()).lower()
    if key in NATIONAL:
        return NATIONAL[key]
    force = find_force(text)
    return force.slug if force else None


def _period(text: str) -> str | None:
    text = text.strip()
    if len(text) == 4 and text.isdigit():
        return text
    if (
        len(text) == 7
        and text[4] == "/"
        and (text[:4] + text[5:]).isdigit()
        and (int(text[:4]) + 1) % 100 == int(text[5:])
    ):
        return text
    return None


def _whole(text: str) -> int | None:
    text = text.strip().replace(",", "")
    return int(text) if text.isdigit() else None


def parse(path: Path) -> Parsed:
    header, rows = csv_rows(path, "stage counts")
    if tuple(header) == EFF_HEADER:
        return _eff(path, rows)
    if tuple(h.lower() for h in header) != LAYOUT:
        raise InputRefused(
            str(path),
            f"line 1, header = {','.join(header)!r}: not the stage counts layout ({','.join(LAYOUT)}) "
            "nor the Ethnicity facts and figures prosecutions and convictions download",
        )
    parsed = Parsed(STAGE_COUNTS)
    units: dict[str, list[CountRow]] = defaultdict(list)
    seen: dict[tuple[str, ...], int] = {}
    for line, cells in rows:
        parsed.rows_read += 1
        found = len(parsed.problems)

        def bad(field: str, value: str, reason: str, line: int = line) -> None:
            parsed.problems.append((str(path), Problem(line, field, value, reason, True)))

        if len(cells) != len(LAYOUT):
            bad("row", ",".join(cells), f"has {len(cells)} values, expected {len(LAYOUT)}")
            continue
        area_text, period_text, stage_text, group_text, offence_text, count_text = (c.strip() for c in cells)
        area, period = _area(area_text), _period(period_text)
        stage = stage_text.lower()
        group = GROUPS.get(group_text.lower())
        offence = " ".join(offence_text.lower().split()) or "all"
        count = _whole(count_text)
        if area is None:
            bad("area", area_text, "not a police force area Parity knows, nor 'England and Wales'")
        if period is None:
            bad("period", period_text, "not a financial year (2018/19) or a calendar year (2018)")
        if stage not in STAGES:
            bad("stage", stage_text, f"not a stage ({', '.join(STAGES)})")
        if group is None:
            bad("ethnicity", group_text, "not a 5+1 group (White, Black, Asian, Mixed, Other, Not stated)")
        if offence != "all" and offence not in OFFENCE_GROUPS:
            bad("offence_group", offence_text, "not a Home Office offence group, nor blank for all offences")
        if count is None:
            bad("count", count_text, "not a whole number of people, 0 or more")
        if len(parsed.problems) > found:
            continue
        assert area and period and group and count is not None
        key = (area, period, stage, group.value, offence)
        if key in seen:
            bad("row", ",".join(cells), f"the same count as line {seen[key]} (a duplicate)")
            continue
        seen[key] = line
        raw = dict(zip(LAYOUT, cells, strict=True))
        units[f"{area} {period}"].append(
            CountRow(STAGE_COUNTS, area, period, stage, group.value, count, line, raw, offence)
        )
    parsed.units = dict(units)
    return parsed


def _eff(path: Path, rows: list[tuple[int, list[str]]]) -> Parsed:
    parsed = Parsed(EFF)
    units: dict[str, list[CountRow]] = defaultdict(list)
    for line, cells in rows:
        parsed.rows_read += 2
        value = dict(zip(EFF_HEADER, cells, strict=False))

        def bad(field: str, reason: str, line: int = line, value: dict[str, str] = value) -> None:
            parsed.problems.append((str(path), Problem(line, field, value.get(field, ""), reason, True)))

        found = len(parsed.problems)
        if len(cells) != len(EFF_HEADER):
            bad("Measure", f"the row has {len(cells)} values, expected {len(EFF_HEADER)}")
            continue
        if value["Measure"] != EFF_MEASURE:
            bad("Measure", "not the conviction ratio measure")
        group = GROUPS.get(value["Ethnicity"].strip().lower())
        if group is None:
            bad("Ethnicity", "not an ONS 2001 5+1 group")
        area = _area(value["Police Force Area"])
        if area is None:
            bad("Police Force Area", "not a police force area Parity knows, nor All")
        period = _period(value["Time"])
        if period is None:
            bad("Time", "not a year")
        prosecuted = _whole(value["Denominator (Prosecutions at Magistrates Court)"])
        convicted = _whole(value["Numerator (Convictions and Magistrates Court and Crown Court)"])
        if prosecuted is None:
            bad("Denominator (Prosecutions at Magistrates Court)", "not a whole number")
        if convicted is None:
            bad("Numerator (Convictions and Magistrates Court and Crown Court)", "not a whole number")
        published = None
        if value["Value"].strip():
            try:
                published = float(value["Value"])
            except ValueError:
                bad("Value", "not a percentage")
        if len(parsed.problems) > found:
            continue
        assert group and area and period and prosecuted is not None and convicted is not None
        cuts = [(name, value[name].strip()) for name in ("Sex", "Age group") if value[name].strip().lower() != "all"]
        breakdown = ",".join(f"{name.lower()}={v}" for name, v in cuts) or "all"
        offence = " ".join(value["Offence group"].lower().split())
        raw = dict(value)
        for stage, count, rate in (("prosecution", prosecuted, None), ("conviction", convicted, published)):
            units[f"{area} {period}"].append(
                CountRow(EFF, area, period, stage, group.value, count, line, raw, offence, rate, breakdown)
            )
    parsed.units = dict(units)
    return parsed


def ingest(paths: Iterable[Path], *, progress: Progress | None = None) -> IngestReport:
    """Import stage-counts files and Ethnicity facts and figures conviction counts."""
    return run(paths, parse, progress=progress)
