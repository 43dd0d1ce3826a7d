"""The compiled front end is committed; rebuilding it from the pinned packages changes nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import ROOT

STATIC = ROOT / "src/parity/web/static"
BUILT = ["parity/parity.css", "govuk/govuk-frontend.min.js", "govuk/VERSION"]
WRITTEN_BY_HAND = [
    "parity/parity.js",
    "parity/favicon.svg",
    "parity/print.css",
    "parity/api-docs.js",
    "parity/api-docs.css",
]


def test_rebuilding_the_assets_reproduces_the_committed_files(tmp_path: Path) -> None:
    result = subprocess.run([ROOT / "scripts/build-assets", tmp_path], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    for name in BUILT:
        assert (tmp_path / name).read_bytes() == (STATIC / name).read_bytes(), (
            f"{name} differs from a fresh build: run scripts/build-assets and commit the result"
        )
    built = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert built == sorted(BUILT)


def test_static_holds_only_the_build_and_the_hand_written_files() -> None:
    held = sorted(str(p.relative_to(STATIC)) for p in STATIC.rglob("*") if p.is_file())
    assert held == sorted(BUILT + WRITTEN_BY_HAND)


def test_the_build_is_brand_neutral_and_uses_the_pinned_version() -> None:
    css = (STATIC / "parity/parity.css").read_text()
    assert "GDS Transport" not in css
    assert "font-family:arial,sans-serif" in css
    assert "@font-face" not in css
    assert "url(" not in css, "the stylesheet must not load anything (fonts, crest images)"
    assert ".govuk-footer" not in css and ".govuk-header__" not in css
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["govuk-frontend"]
    assert (STATIC / "govuk/VERSION").read_text().strip() == f"govuk-frontend {pinned}"
    assert "sourceMappingURL" not in (STATIC / "govuk/govuk-frontend.min.js").read_text()


def test_the_script_is_a_module_importing_govuk_frontend_from_our_own_static() -> None:
    script = (STATIC / "parity/parity.js").read_text()
    assert 'import { initAll } from "../govuk/govuk-frontend.min.js";' in script
    assert "initAll();" in script
