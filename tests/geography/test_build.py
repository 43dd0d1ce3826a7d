"""`parity maps build` on ONS's real files: what it keeps, what it drops, how small it is."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

from parity.geography import areas
from parity.geography.build import DISTRICTS_FILE, FORCES_FILE, Built, GeographyMissing, build
from parity.reference.forces import FORCES
from tests.conftest import SHARED
from tests.geography.conftest import GEOGRAPHY

PARITY = Path(sys.executable).parent / "parity"


def test_every_force_area_and_every_english_and_welsh_district_is_kept(built_boundaries: Built) -> None:
    document = json.loads(built_boundaries.path.read_text())
    assert built_boundaries.forces == 43 and built_boundaries.districts == 318
    codes = {f["code"] for f in document["forces"]}
    assert codes == {f.ons_code for f in FORCES if f.ons_code}  # every territorial force, none else
    assert all(d["code"][0] in "EW" for d in document["districts"])  # Scotland's and Northern Ireland's dropped
    assert all(d["force"] in codes for d in document["districts"])  # each district placed in a force area
    homes = {d["name"]: d["force"] for d in document["districts"]}
    assert homes["City of London"] == "E23000034"
    assert homes["Swindon"] == homes["Wiltshire"] == "E23000038"
    assert homes["Cardiff"] == "W15000003"  # South Wales


def test_it_is_small_projected_and_says_whose_it_is(built_boundaries: Built) -> None:
    document = json.loads(built_boundaries.path.read_text())
    source_bytes = sum((GEOGRAPHY / name).stat().st_size for name in (FORCES_FILE, DISTRICTS_FILE))
    assert built_boundaries.bytes < source_bytes * 0.5
    assert "Office for National Statistics" in document["attribution"]
    assert "Open Government Licence v.3.0" in document["attribution"]
    assert "Crown copyright and database right 2023" in document["attribution"]
    assert {s["file"] for s in document["sources"]} == {FORCES_FILE, "lad23_buc/LAD_DEC_2023_UK_BUC.shp"}
    wiltshire = next(f for f in document["forces"] if f["code"] == "E23000038")
    xs = np.asarray(wiltshire["polygons"][0][0][0::2])
    ys = np.asarray(wiltshire["polygons"][0][0][1::2])
    # British National Grid metres: Wiltshire lies about 380-450 km east, 120-200 km north
    assert 370_000 < xs.min() < xs.max() < 460_000 and 110_000 < ys.min() < ys.max() < 210_000


def test_simplified_neighbours_share_their_edges(boundaries_home: Path) -> None:
    """Simplified as a coverage: neighbouring districts neither overlap nor leave gaps."""
    found = areas.boundaries()
    assert found is not None
    districts = found.districts_of("E23000038")
    shapes = [areas.polygon(d) for d in districts]
    assert all(shapely.is_valid(s) for s in shapes)
    overlap = shapely.intersection(shapes[0], shapes[1]).area
    assert overlap < 1.0
    union = shapely.union_all(shapes)
    assert len(getattr(union, "geoms", [union])) == 1  # one piece: no gap splits the force


def test_places_points_in_the_district_that_holds_them(boundaries_home: Path) -> None:
    found = areas.boundaries()
    assert found is not None
    # Salisbury Cathedral, Swindon station, and a point in the Bristol Channel
    codes = areas.place([(-1.7975, 51.0650), (-1.7855, 51.5654), (-3.4, 51.3)], found.districts_of("E23000038"))
    names = {d.code: d.name for d in found.districts}
    assert [names.get(c) if c else None for c in codes] == ["Wiltshire", "Swindon", None]


def test_a_folder_without_the_files_is_refused_plainly(tmp_path: Path) -> None:
    with pytest.raises(GeographyMissing, match=re.escape(FORCES_FILE)):
        build(tmp_path, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_no_boundaries_is_none_not_a_crash(scratch_home: Path) -> None:
    assert areas.boundaries() is None


def test_the_command_builds_into_parity_home(tmp_path: Path) -> None:
    env = {"PARITY_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [PARITY, "maps", "build", str(GEOGRAPHY)], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "43 police force areas and 318 local authority districts" in result.stdout
    assert (tmp_path / "geography" / "boundaries.json").exists()
    missing = subprocess.run(
        [PARITY, "maps", "build", str(tmp_path)], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert missing.returncode != 0 and "give the ONS geography folder" in missing.stderr


def test_the_demo_finds_the_shared_boundaries_and_builds_them(scratch_home: Path, settings: object) -> None:
    from parity.cli import demo

    assert demo.locate([SHARED]).geography == GEOGRAPHY
    assert demo.locate([SHARED / "police-uk" / "wiltshire"]).geography is None
    assert demo.build_maps(None) == [
        "No ONS boundaries found, so the maps say they are not ready: `parity maps build FOLDER`."
    ]
    settings.SAMPLE_DATA = str(SHARED)  # type: ignore[attr-defined]
    assert demo.geography_folder() == GEOGRAPHY
    assert demo._maps_if_missing() == ["Map boundaries: 43 police force areas and 318 local authority districts."]
    assert areas.boundaries() is not None
    assert demo._maps_if_missing() == []  # built already: nothing to do
