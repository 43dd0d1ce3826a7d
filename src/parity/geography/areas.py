"""The geometry `parity maps build` wrote, loaded once per file version, and map points placed in it.

`boundaries()` is None until the build step has run, so a page can say so plainly. Points
(longitude, latitude) are projected to the British National Grid and placed in the local
authority district that holds them; a point in none (out at sea, or off the simplified
coast) is placed nowhere.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from django.conf import settings

from parity.geography.build import FORMAT, GEOMETRY_FILE, to_grid

Ring = tuple[int, ...]  # x0, y0, x1, y1, ... in metres east and north


@dataclass(frozen=True)
class Area:
    code: str  # ONS's
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon's rings: outside first, then holes
    force: str | None = None  # a district's police force area (ONS code)

    @property
    def rings(self) -> tuple[Ring, ...]:
        """Every ring, for drawing (holes come out by the even-odd rule)."""
        return tuple(ring for polygon in self.polygons for ring in polygon)


@dataclass(frozen=True)
class Boundaries:
    attribution: str
    forces: tuple[Area, ...]
    districts: tuple[Area, ...]

    def force(self, code: str | None) -> Area | None:
        return next((a for a in self.forces if a.code == code), None)

    def districts_of(self, force_code: str | None) -> tuple[Area, ...]:
        return tuple(d for d in self.districts if d.force == force_code)


def directory() -> Path:
    return Path(settings.PARITY_HOME) / "geography"


_lock = threading.Lock()
_loaded: dict[Path, tuple[float, Boundaries | None]] = {}


def boundaries() -> Boundaries | None:
    """The built geometry, or None when `parity maps build` has not run (or wrote another format)."""
    path = directory() / GEOMETRY_FILE
    try:
        stamp = path.stat().st_mtime
    except FileNotFoundError:
        return None
    with _lock:
        kept = _loaded.get(path)
        if kept and kept[0] == stamp:
            return kept[1]
    document = json.loads(path.read_text(encoding="utf-8"))
    found = None
    if document.get("format") == FORMAT:
        found = Boundaries(
            document["attribution"],
            tuple(_area(a) for a in document["forces"]),
            tuple(_area(a) for a in document["districts"]),
        )
    with _lock:
        _loaded[path] = (stamp, found)
    return found


def _area(item: dict[str, object]) -> Area:
    polygons = item["polygons"]
    assert isinstance(polygons, list)
    force = item.get("force")
    shapes = tuple(tuple(tuple(ring) for ring in rings) for rings in polygons)
    return Area(str(item["code"]), str(item["name"]), shapes, str(force) if force else None)


def _ring(ring: Ring) -> np.ndarray:
    return np.asarray(ring, dtype=float).reshape(-1, 2)


def polygon(area: Area) -> shapely.Geometry:
    """The area as a shapely (multi)polygon."""
    return shapely.MultiPolygon(
        [shapely.Polygon(_ring(rings[0]), [_ring(r) for r in rings[1:]]) for rings in area.polygons]
    )


def place(points: Sequence[tuple[float, float]], areas: Sequence[Area]) -> list[str | None]:
    """The code of the area holding each (longitude, latitude), or None when none holds it."""
    if not points or not areas:
        return [None] * len(points)
    lon = np.fromiter((p[0] for p in points), dtype=float, count=len(points))
    lat = np.fromiter((p[1] for p in points), dtype=float, count=len(points))
    x, y = to_grid().transform(lon, lat)
    geometries = [polygon(a) for a in areas]
    tree = shapely.STRtree(geometries)
    found: list[str | None] = [None] * len(points)
    point_index, area_index = tree.query(shapely.points(x, y), predicate="within")
    for p, a in zip(point_index.tolist(), area_index.tolist(), strict=True):
        if found[p] is None:
            found[p] = areas[a].code
    return found
