"""`parity maps build`: simplify ONS's boundaries into the small geometry Parity draws.

Reads, in place, from an ONS geography folder laid out like ../shared/data/geography:

    PFA_DEC_2023_EW_BUC.geojson        police force areas, longitude/latitude (WGS84)
    lad23_buc/LAD_DEC_2023_UK_BUC.shp  local authority districts, British National Grid

Both are projected to the British National Grid (metres, so a map keeps its shape), each
layer is simplified as a coverage (neighbours keep one shared edge, so no gaps or overlaps
open between them) and coordinates are rounded to whole metres. Each local authority is
placed in the force area that holds a point inside it. Scotland's and Northern Ireland's
districts are dropped. The result is one JSON file in PARITY_HOME/geography, a few hundred
kilobytes, with the attribution ONS's licence asks for and the checksum of each file read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapefile
import shapely
from numpy.typing import NDArray
from pyproj import Transformer
from shapely.geometry import shape

from parity.errors import ParityError

FORMAT = 2
GEOMETRY_FILE = "boundaries.json"
FORCES_FILE = "PFA_DEC_2023_EW_BUC.geojson"
DISTRICTS_FILE = "lad23_buc/LAD_DEC_2023_UK_BUC.shp"
FORCE_TOLERANCE_M = 1500.0  # a whole-country map is about 1 km a pixel
DISTRICT_TOLERANCE_M = 100.0  # a force's map is about 150 m a pixel
ENGLAND_AND_WALES = ("E", "W")
ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right {year}."
)


class GeographyMissing(ParityError, FileNotFoundError):
    """The ONS files are not where the build step was told to look."""


@dataclass(frozen=True)
class Built:
    path: Path
    forces: int
    districts: int
    bytes: int


def to_grid() -> Transformer:
    """Longitude/latitude (WGS84) to British National Grid eastings and northings."""
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def _project(geometry: shapely.Geometry, transformer: Transformer) -> shapely.Geometry:
    def move(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, move)


def _polygons(geometry: shapely.Geometry) -> list[list[list[int]]]:
    """Each polygon of a (multi)polygon as its rings (outside first, then any holes), each a
    flat [x0, y0, x1, y1, ...] list of whole metres."""
    out = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.is_empty:
            continue
        rings = []
        for ring in (polygon.exterior, *polygon.interiors):
            coords = np.rint(np.asarray(ring.coords)[:-1]).astype(int)  # the closing point is implied
            if len(coords) >= 3:
                rings.append([int(v) for v in coords.ravel()])
        if rings:
            out.append(rings)
    return out


def _vintage(name: str) -> int:
    found = re.search(r"_(\d{4})_", name)
    if not found:
        raise GeographyMissing(f"cannot tell the year of the boundaries from the file name {name}")
    return int(found.group(1))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(source: Path, target: Path) -> Built:
    """Read ONS's files under `source`, write the simplified geometry to `target` (a folder)."""
    forces_path, districts_path = source / FORCES_FILE, source / DISTRICTS_FILE
    for path in (forces_path, districts_path):
        if not path.exists():
            raise GeographyMissing(f"no {path.relative_to(source)} in {source}: give the ONS geography folder")
    transformer = to_grid()
    features = json.loads(forces_path.read_text(encoding="utf-8"))["features"]
    forces = [
        (f["properties"]["PFA23CD"], f["properties"]["PFA23NM"], _project(shape(f["geometry"]), transformer))
        for f in features
    ]
    reader = shapefile.Reader(str(districts_path.with_suffix("")))
    districts = [
        (record["LAD23CD"], record["LAD23NM"], shape(item.__geo_interface__))
        for item, record in zip(reader.shapes(), reader.records(), strict=True)
        if record["LAD23CD"].startswith(ENGLAND_AND_WALES)
    ]
    reader.close()
    tree = shapely.STRtree([g for _, _, g in forces])
    homes: list[str | None] = []
    for _, _, geometry in districts:
        inside = tree.query(geometry.representative_point(), predicate="within")
        homes.append(forces[int(inside[0])][0] if len(inside) else None)
    simple_forces = shapely.coverage_simplify([g for _, _, g in forces], FORCE_TOLERANCE_M)
    simple_districts = shapely.coverage_simplify([g for _, _, g in districts], DISTRICT_TOLERANCE_M)
    year = _vintage(FORCES_FILE)
    document: dict[str, Any] = {
        "format": FORMAT,
        "attribution": ATTRIBUTION.format(year=year),
        "crs": "EPSG:27700",
        "sources": [
            {"file": str(path.relative_to(source)), "sha256": _digest(path)} for path in (forces_path, districts_path)
        ],
        "forces": [
            {"code": code, "name": name, "polygons": _polygons(g)}
            for (code, name, _), g in zip(forces, simple_forces, strict=True)
        ],
        "districts": [
            {"code": code, "name": name, "force": home, "polygons": _polygons(g)}
            for (code, name, _), home, g in zip(districts, homes, simple_districts, strict=True)
        ],
    }
    target.mkdir(parents=True, exist_ok=True)
    encoded = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    path = target / GEOMETRY_FILE
    fd, tmp = tempfile.mkstemp(dir=target, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(encoded)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Built(path, len(forces), len(districts), len(encoded))
