"""Where the selected person searches were recorded: one row per map point, with its count.

data.police.uk gives each record the nearest of a fixed set of anonymised map points, so the
records of a force share a few thousand points; grouping by them keeps the query small. The
points are never published: `parity.public.maps` bins them into local authorities and
protects the counts before anything is shown.
"""

from __future__ import annotations

from parity.warehouse.connection import connect
from parity.warehouse.queries import PERSON, Selection, _source


def points(selection: Selection) -> list[tuple[float | None, float | None, int]]:
    """(longitude, latitude, person searches) per point; a search with no location has None, None."""
    source = _source()
    if source is None:
        return []
    where, params = selection.where()
    person = f"{where} AND {PERSON}" if where else f" WHERE {PERSON}"
    sql = f"SELECT longitude, latitude, count(*) FROM {source}{person} GROUP BY 1, 2"
    return [(lon, lat, int(n)) for lon, lat, n in connect().execute(sql, params).fetchall()]
