"""Data-quality warnings: missing and low months, blank fields, areas with no residents."""

from __future__ import annotations

from parity.analysis.quality import QualityInputs, assess
from parity.analysis.rules import Rules
from parity.reference.calendar import financial_year_months
from parity.reference.forces import CITY_OF_LONDON_NOTE

MONTHS = tuple(financial_year_months("2019/20"))


def _inputs(**changes: object) -> QualityInputs:
    base: dict[str, object] = {
        "force_name": "Borsetshire (fictional)",
        "period_label": "2019/20",
        "period_months": MONTHS,
        "held": dict.fromkeys(MONTHS, 300),
        "low": frozenset(),
        "searches": 3_600,
        "blanks": {},
        "relevant": ("self-defined ethnicity", "gender"),
    }
    base.update(changes)
    return QualityInputs(**base)  # type: ignore[arg-type]


def test_a_complete_year_raises_nothing() -> None:
    quality = assess(_inputs(), Rules())
    assert quality.warnings == () and quality.no_rate_reason is None


def test_missing_months_are_named_and_rates_withheld() -> None:
    held = {m: 300 for m in MONTHS if m not in {"2019-07", "2019-08"}}
    quality = assess(_inputs(held=held), Rules())
    assert quality.missing_months == ("2019-07", "2019-08")
    assert "2019-07, 2019-08" in quality.warnings[0] and "not zero searches" in quality.warnings[0]
    assert quality.no_rate_reason is not None and "withheld" in quality.no_rate_reason
    relaxed = assess(_inputs(held=held), Rules(require_complete_period=False))
    assert relaxed.no_rate_reason is None and relaxed.warnings


def test_low_months_are_warned_about_but_not_withheld() -> None:
    quality = assess(_inputs(low=frozenset({"2019-10"}), held={**dict.fromkeys(MONTHS, 300), "2019-10": 87}), Rules())
    assert quality.low_months == ("2019-10",)
    assert "87 records" in quality.warnings[0] and quality.no_rate_reason is None


def test_a_field_never_recorded_and_one_mostly_blank() -> None:
    quality = assess(_inputs(blanks={"gender": 3_600, "self-defined ethnicity": 2_000}), Rules())
    assert quality.never_recorded == ("gender",)
    assert any("did not record gender for any of the 3,600 searches" in w for w in quality.warnings)
    assert any("Self-defined ethnicity is blank in 55.6%" in w for w in quality.warnings)
    assert not assess(_inputs(blanks={"self-defined ethnicity": 2_000}), Rules(mostly_blank_percent=60)).warnings


def test_an_area_without_residents_is_refused_a_rate_with_the_reason() -> None:
    quality = assess(_inputs(rate_note=CITY_OF_LONDON_NOTE), Rules())
    assert quality.no_rate_reason == CITY_OF_LONDON_NOTE


def test_a_period_shorter_than_a_year_says_rates_are_not_annual() -> None:
    quality = assess(_inputs(period_months=MONTHS[:3], whole_year=False), Rules())
    assert any("not per year" in w for w in quality.warnings)
