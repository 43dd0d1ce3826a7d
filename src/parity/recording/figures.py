"""Published figures from recorded stops: vehicle stops by ethnicity, the veil-of-darkness
test, and receipt feedback by ethnicity.

This module gathers the records and calls the analysis functions (`parity.analysis`:
vehicle_stops, veil_of_darkness, feedback), which do the statistics and the small-number
protection; nothing here computes a figure itself.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, QuerySet
from django.shortcuts import get_object_or_404

from parity.analysis import feedback as feedback_analysis
from parity.analysis import vehicle_stops, veil_of_darkness
from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.powers.models import StopSearch
from parity.presentation.formatting import month_span
from parity.recording import choices
from parity.recording.feedback import respondent_group
from parity.recording.models import Feedback, Stop
from parity.reference.models import Force
from parity.warehouse import queries

CENSUS_YEAR = 2021
ARREST = {"arrest"}
SEARCHED = {"searched"}


def vehicle_stops_of(force: Force) -> QuerySet[Stop]:
    return Stop.objects.filter(force=force, kind=Stop.Kind.VEHICLE).prefetch_related("people")


def as_analysis_records(stops: QuerySet[Stop]) -> list[vehicle_stops.VehicleStop]:
    """Recorded vehicle stops in the form the analysis takes: every person, stop fields once.

    A stop is "searched" when its outcome says so or a recorded search followed it; outcomes
    are the recorded words, so the table reads as the officer recorded them.
    """
    records = []
    for stop in stops:
        people = tuple(
            vehicle_stops.Occupant(
                role="driver" if p.role == "driver" else "passenger",
                self_defined=p.self_defined,
                officer_defined=p.officer_defined,
                age_band=p.age_band,
                gender=p.gender,
            )
            for p in stop.people.all()
        )
        records.append(
            vehicle_stops.VehicleStop(
                reference=str(stop.pk),
                stopped_at=stop.occurred_at,
                occupants=people,
                latitude=stop.latitude,
                longitude=stop.longitude,
                area=stop.force.slug,
                reason=choices.label(choices.VehicleReason.choices, stop.vehicle_reason),
                outcome=stop.outcome_label.lower(),
                searched=stop.outcome in SEARCHED or stop.followed_by_id is not None,
                arrested=stop.outcome in ARREST,
            )
        )
    return records


def reference_point(force: Force) -> veil_of_darkness.Place | None:
    """Where sun times are worked out for stops recorded without coordinates: the centre of
    the force's searches with coordinates (data.police.uk places them), if any are held."""
    centre = StopSearch.objects.filter(force=force, latitude__isnull=False).aggregate(
        lat=Avg("latitude"), lon=Avg("longitude"), n=Count("id")
    )
    if not centre["n"]:
        return None
    return veil_of_darkness.Place(f"centre of {force.name}'s recorded searches", centre["lat"], centre["lon"])


@dataclass(frozen=True)
class VehicleFigures:
    force: Force
    stops: int
    drivers: vehicle_stops.VehicleStopCounts
    passengers: vehicle_stops.VehicleStopCounts
    officer_view: vehicle_stops.VehicleStopCounts
    outcomes: vehicle_stops.VehicleStopOutcomes
    darkness: veil_of_darkness.VeilOfDarkness | None
    darkness_withheld: str | None  # why the test is not published, when it is not
    stops_suppressed: bool = False  # the number of stops is small, or would give a hidden total back

    @property
    def published_stops(self) -> int | None:
        return None if self.stops_suppressed else self.stops

    def as_dict(self) -> dict[str, object]:
        return {
            "force": self.force.slug,
            "stops": self.published_stops,
            "stops_suppressed": self.stops_suppressed,
            "drivers": self.drivers.as_dict(),
            "passengers": self.passengers.as_dict(),
            "drivers_officer_defined": self.officer_view.as_dict(),
            "outcomes": self.outcomes.as_dict(),
            "veil_of_darkness": self.darkness.as_dict() if self.darkness else None,
            "veil_of_darkness_withheld": self.darkness_withheld,
        }


def _context(force: Force, records: list[vehicle_stops.VehicleStop], basis: str) -> Context:
    """The period of the stops, in whole months: the day of the first or last stop would date
    one person's stop, and two such periods could be subtracted, as for every published table."""
    days = [r.stopped_at.date() for r in records if r.stopped_at is not None] or [date.today()]
    first, last = min(days).replace(day=1), max(days)
    last = last.replace(day=monthrange(last.year, last.month)[1])
    return Context(
        force=force.slug,
        force_name=force.name,
        period_start=first.isoformat(),
        period_end=last.isoformat(),
        period_label=f"Stops recorded in {month_span(first, last)}",
        census_year=CENSUS_YEAR,
        ethnicity=basis,
        classification="5+1",
    )


def _darkness_withheld(result: veil_of_darkness.VeilOfDarkness, rules: Rules) -> str | None:
    """Publish the test only when it was estimated and no light-or-dark count is small."""
    if result.status != "estimated":
        return f"The test could not be run on these stops: {result.reason}."
    small = [s for s in result.shares for n in (s.minority, s.stops - s.minority) if 0 < n < rules.disclosure_threshold]
    if small:
        return (
            "Too few stops of one group in daylight or after dark to publish the test without risk of "
            "identifying someone."
        )
    return None


def vehicle_figures(force: Force, *, rules: Rules | None = None) -> VehicleFigures:
    """Stops by driver and passenger ethnicity, outcomes, and the veil-of-darkness test."""
    rules = rules or Rules.from_settings()
    records = as_analysis_records(vehicle_stops_of(force).select_related("force"))
    populations = queries.populations(CENSUS_YEAR, "5+1", [force.slug]).get(force.slug) if records else None
    if populations is not None and not force.resident_population:
        populations = None
    self_context = _context(force, records, "self-defined")
    frame = vehicle_stops.occupants_frame(records)
    drivers = vehicle_stops.stop_counts(
        frame, role="driver", populations=populations, census_year=CENSUS_YEAR, context=self_context, rules=rules
    )
    passengers = vehicle_stops.stop_counts(
        frame, role="passenger", populations=populations, census_year=CENSUS_YEAR, context=self_context, rules=rules
    )
    officer_view = vehicle_stops.stop_counts(
        frame,
        role="driver",
        basis="officer-defined",
        populations=populations,
        census_year=CENSUS_YEAR,
        context=_context(force, records, "officer-defined"),
        rules=rules,
    )
    outcomes = vehicle_stops.stop_outcomes(frame, context=self_context, rules=rules)
    darkness = withheld = None
    if records:
        darkness = veil_of_darkness.veil_of_darkness(
            vehicle_stops.driver_frame(frame),
            reference_point=reference_point(force),
            confidence=rules.confidence,
        )
        withheld = _darkness_withheld(darkness, rules)
    else:
        withheld = "No vehicle stops have been recorded yet."
    stops = len(records)
    hidden = 0 < stops < rules.disclosure_threshold or drivers.total.suppressed
    return VehicleFigures(
        force, stops, drivers, passengers, officer_view, outcomes, darkness, withheld, stops_suppressed=hidden
    )


def vehicle_page(slug: str) -> dict[str, object]:
    """The vehicle-stop figures page of one force (404 for a force that does not exist)."""
    force = get_object_or_404(Force, slug=slug)
    return {"force": force, "figures": vehicle_figures(force)}


def feedback_page(slug: str) -> dict[str, object]:
    """The receipt feedback page of one force (404 for a force that does not exist)."""
    force = get_object_or_404(Force, slug=slug)
    return {"force": force, "result": feedback_figures(force)}


def feedback_figures(force: Force, *, rules: Rules | None = None) -> feedback_analysis.FeedbackByGroup:
    """Receipt feedback by the respondent's ethnic group, protected like every public figure."""
    rows = Feedback.objects.filter(stop__force=force).select_related("stop").prefetch_related("stop__people")
    responses = []
    for item in rows:
        group = respondent_group(item, [p.self_defined for p in item.stop.people.all()])
        responses.append(
            feedback_analysis.Response(
                self_defined=group,
                respect=None if not item.respect else item.respect == choices.Answer.YES,
                told_why=None if not item.told_why else item.told_why == choices.Answer.YES,
                satisfied=None if not item.satisfaction else item.satisfaction in choices.SATISFIED,
            )
        )
    return feedback_analysis.feedback_by_group(responses, rules=rules or Rules.from_settings())
