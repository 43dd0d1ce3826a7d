"""Who takes part in a force's community engagement, as CSV rows, one row a count.

`parity.public.downloads.rows_for("participation", result)` and the data dictionary include
these. Each row says which table it is from (`reach_table`) (places at conversations, or the network by area,
or the network by ethnic group), the area and the group; a withheld count is an empty cell
with `suppressed` true, never 0.
"""

from __future__ import annotations

from typing import Any

from parity.engagement.participation import ALL, GROUP_LABELS, GROUPS, Participation
from parity.engagement.participation import Row as AreaRow

Row = dict[str, Any]
PARTICIPATION_COLUMNS = (
    "force", "force_name", "reach_table", "area", "reach_group", "group_label", "people", "suppressed",
    "disclosure_threshold",
)  # fmt: skip
PARTICIPATION_DICTIONARY: dict[str, str] = {
    "reach_table": "Which table of who takes part: conversation-places (places at published community "
    "conversations), network-by-area or network-by-ethnic-group (confirmed members of the community network).",
    "reach_group": "The ethnic group people described: minority (every group but White British), white_british, "
    "not_said, total; in network-by-ethnic-group also each minority group (asian, black, mixed, white-other, other).",
    "people": "How many people (places taken, for conversations). Empty when withheld.",
    "area": "For participation: the area people gave, as they wrote it (spacing and capitals aside); "
    "All areas for the total, Area not given for those who gave none.",
    "disclosure_threshold": "Counts from 1 to one below this number are withheld, with any count "
    "that would give them away.",
}
TABLES = {
    "conversation-places": "Places at published community conversations, by area and ethnic group",
    "network-by-area": "Confirmed members of the community network, by area and ethnic group",
    "network-by-ethnic-group": "Confirmed members of the community network, by ethnic group, across every area",
}


def _area_rows(result: Participation, table: str, rows: tuple[AreaRow, ...]) -> list[Row]:
    return [
        _row(result, table, row.area, key, GROUP_LABELS[key], getattr(row, key))
        for row in rows
        for key in (*GROUPS, "total")
    ]


def _row(result: Participation, table: str, area: str, group: str, label: str, count: int | None) -> Row:  # noqa: PLR0917
    return {
        "force": result.force,
        "force_name": result.force_name,
        "reach_table": table,
        "area": area,
        "reach_group": group,
        "group_label": label,
        "people": count,
        "suppressed": count is None,
        "disclosure_threshold": result.threshold,
    }


def participation_rows(result: Participation) -> list[Row]:
    return [
        *_area_rows(result, "conversation-places", result.people),
        *_area_rows(result, "network-by-area", result.network),
        *(_row(result, "network-by-ethnic-group", ALL, g.key, g.group, g.members) for g in result.network_groups),
    ]
