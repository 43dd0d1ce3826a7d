"""The outcome test and strip searches, by ethnic group, for one force and period."""

from __future__ import annotations

from parity.analysis.outcomes import (
    COUNTS,
    ObjectInputs,
    OutcomeInputs,
    OutcomesByObject,
    OutcomeTest,
    outcome_test,
    outcomes_by_object,
)
from parity.analysis.period import Period
from parity.analysis.rules import Rules
from parity.analysis.strip_search import StripInputs, StripSearches, strip_searches
from parity.powers.statistics.common import (
    Filters,
    Prepared,
    census_year_for,
    context_for,
    grouping_of,
    populations_for,
    prepare,
    quality_fields,
)
from parity.powers.statistics.rates import excluded_searches
from parity.reference import vocab
from parity.warehouse import queries

OUTCOME_FIELDS = ("outcome",)  # the link is judged below: it is rightly blank for "no further action"
EXTRA = ("other_outcomes", "other_outcomes_linked_known", "vehicle_only", "type_unknown")
STRIP_FIELD = "removal of more than outer clothing"


def stop_search_outcomes(
    force: str,
    period: str | Period,
    *,
    ethnicity: str = "self",
    reference: str = "White",
    filters: Filters | None = None,
    rules: Rules | None = None,
) -> OutcomeTest:
    """Find, arrest and no-further-action rates by ethnic group, with intervals and ratios."""
    rules = rules or Rules.from_settings()
    basis, chosen, eth = grouping_of(ethnicity, "5+1", reference)
    prep = prepare(force, period, filters, quality_fields(eth, filters, *OUTCOME_FIELDS), rules)
    tally = queries.tally(prep.selection, [eth], (*COUNTS, *EXTRA))
    counts = {row[0]: dict(zip(COUNTS, (int(v) for v in row[1 : 1 + len(COUNTS)]), strict=True)) for row in tally.rows}
    warnings, unavailable = _recorded(prep, tally, rules)
    item = OutcomeInputs(
        context=context_for(prep, None, basis, "5+1", filters),
        scheme=chosen,
        reference=reference,
        counts=counts,
        exclusions=excluded_searches(tally.total("vehicle_only"), tally.total("type_unknown"), rules),
        warnings=tuple(warnings),
        unavailable=unavailable,
    )
    return outcome_test(item, rules)


def _recorded(prep: Prepared, tally: queries.Tally, rules: Rules) -> tuple[list[str], dict[str, str]]:
    """The warnings on an outcome table and the measures it cannot give: a find rate needs
    the link between outcome and object recorded, arrest and no-further-action rates an outcome."""
    unavailable: dict[str, str] = {}
    warnings = list(prep.quality.warnings)
    other, linked = tally.total("other_outcomes"), tally.total("other_outcomes_linked_known")
    if other and not linked:
        unavailable["find"] = (
            f"{prep.force.name} did not record whether outcomes were linked to the object of search in this "
            "period, so no find rate can be given."
        )
    elif other and 100 * (other - linked) / other >= rules.mostly_blank_percent:
        warnings.append(
            f"For {100 * (other - linked) / other:.0f}% of outcomes other than no further action, {prep.force.name} "
            "did not record whether the outcome was linked to the object of search; those searches are left out of "
            "find rates, which rest on the rest and may be too high or too low."
        )
    if prep.searches and tally.total("outcome_known") == 0:
        for name in ("arrest", "no_further_action"):
            unavailable[name] = f"{prep.force.name} recorded no outcomes in this period."
    return warnings, unavailable


def stop_search_outcomes_by_object(
    force: str,
    period: str | Period,
    *,
    ethnicity: str = "self",
    reference: str = "White",
    filters: Filters | None = None,
    rules: Rules | None = None,
) -> OutcomesByObject:
    """What officers searched for (the object of search, as the records give it), by ethnic
    group: searches, finds and the find rate for each object, every object's table protected
    together with the outcome table of all searches."""
    rules = rules or Rules.from_settings()
    basis, chosen, eth = grouping_of(ethnicity, "5+1", reference)
    prep = prepare(force, period, filters, quality_fields(eth, filters, "object of search", *OUTCOME_FIELDS), rules)
    tally = queries.tally(prep.selection, ["object", eth], (*COUNTS, *EXTRA))
    counts = {
        (row[0], row[1]): dict(zip(COUNTS, (int(v) for v in row[2 : 2 + len(COUNTS)]), strict=True))
        for row in tally.rows
    }
    warnings, unavailable = _recorded(prep, tally, rules)
    labels: dict[str | None, str] = {code: term.label for code, term in vocab.OBJECT_BY_CODE.items()}
    labels.update({o: o for o, _ in counts if o is not None and o not in labels})
    labels[None] = "Object of search not recorded"
    item = ObjectInputs(
        context=context_for(prep, None, basis, "5+1", filters),
        scheme=chosen,
        reference=reference,
        counts=counts,
        labels=labels,
        exclusions=excluded_searches(tally.total("vehicle_only"), tally.total("type_unknown"), rules),
        warnings=tuple(warnings),
        unavailable=unavailable,
    )
    return outcomes_by_object(item, rules)


def stop_search_strip_searches(
    force: str,
    period: str | Period,
    *,
    ethnicity: str = "self",
    reference: str = "White",
    filters: Filters | None = None,
    census_year: int | None = None,
    rules: Rules | None = None,
) -> StripSearches:
    """Searches removing more than outer clothing, by ethnic group and age; children separately."""
    rules = rules or Rules.from_settings()
    basis, chosen, eth = grouping_of(ethnicity, "5+1", reference)
    prep = prepare(force, period, filters, quality_fields(eth, filters, STRIP_FIELD, "age"), rules)
    warnings = list(prep.quality.warnings)
    year = census_year_for(prep.period, census_year, rules, warnings)
    found, problem = populations_for(year, "5+1", [prep.force.slug])
    tally = queries.tally(
        prep.selection, [eth, "age"], ("searches", "strip_known", "strips", "vehicle_only", "type_unknown")
    )
    counts = {
        (row[0], row[1]): {"searches": int(row[2]), "strip_known": int(row[3]), "strips": int(row[4])}
        for row in tally.rows
    }
    unavailable = None
    if STRIP_FIELD in prep.quality.never_recorded:
        unavailable = (
            f"{prep.force.name} did not record whether more than outer clothing was removed in any search in this "
            "period, so no strip-search figure can be given."
        )
    filtered_by_person = any(f in {"age", "gender"} for f in filters or {})
    no_rate = prep.quality.no_rate_reason or problem
    if filtered_by_person and not no_rate:
        no_rate = "No rate per 1,000 residents for an age band or gender: Parity holds no census population for them."
    item = StripInputs(
        context=context_for(prep, year, basis, "5+1", filters),
        scheme=chosen,
        reference=reference,
        counts=counts,
        populations=found.get(prep.force.slug),
        no_rate_reason=no_rate,
        exclusions=excluded_searches(tally.total("vehicle_only"), tally.total("type_unknown"), rules),
        warnings=tuple(warnings),
        unavailable=unavailable,
    )
    return strip_searches(item, rules)
