"""Recording on the web form: every kind of stop, everyone in the vehicle, defaults and memory,
slow-connection retries, and the stop and search that becomes a record panels can sample."""

from __future__ import annotations

from typing import cast

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as conf
from django.utils import timezone

from parity.accounts.models import AuditEvent
from parity.powers.models import SourceFile, StopSearch
from parity.powers.partitions import sync_pending
from parity.recording import mirror
from parity.recording.models import OfficerProfile, Person, Stop
from tests.pagecheck import text
from tests.recording.helpers import account_form, person_fields, search_form, vehicle_form
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db

PASSENGERS = [
    {"self_defined": "W1", "officer_defined": "white", "age_band": "18-24", "gender": "female"},
    {"self_defined": "NS", "officer_defined": "black", "age_band": "10-17", "gender": "male"},
]


def test_a_vehicle_stop_with_a_driver_and_two_passengers_is_saved_with_everyone(role_world: RoleWorld) -> None:
    client = role_world.client("officer")
    response = client.post("/record/new/vehicle", vehicle_form(PASSENGERS))
    stop = Stop.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/record/records/{stop.pk}/receipt"
    assert stop.kind == "vehicle" and stop.vehicle_reason == "defect" and stop.outcome == "advice"
    assert stop.officer == role_world.user("officer") and stop.force == role_world.home and stop.team == role_world.team
    people = list(stop.people.values_list("role", "self_defined", "officer_defined", "age_band", "gender"))
    assert people == [
        ("driver", "B1", "black", "25-34", "male"),
        ("passenger", "W1", "white", "18-24", "female"),
        ("passenger", "NS", "black", "10-17", "male"),
    ]
    assert stop.stop_search is None, "only searches become StopSearch rows"
    created = AuditEvent.objects.get(action="create", object_type="recording.stop", object_id=str(stop.pk))
    assert created.changes["reference"] == {"before": None, "after": "(redacted)"}
    assert stop.reference not in str(created.changes), "the trail never holds a key to the receipt page"


def test_the_receipt_page_shows_the_reference_and_a_qr_code_for_it(role_world: RoleWorld) -> None:
    client = role_world.client("officer")
    client.post("/record/new/vehicle", vehicle_form())
    stop = Stop.objects.get()
    page = client.get(f"/record/records/{stop.pk}/receipt").page
    assert text(page.select_one("#receipt-reference")) == stop.display_reference
    code = text(page.select_one("#survey-code")).replace("-", "")
    assert page.select_one("#receipt-link")["href"] == f"{conf.SITE_URL}/receipt/{stop.reference}?code={code}"
    svg = page.select_one(".parity-receipt-qr svg")
    assert svg["role"] == "img" and "QR code" in svg["aria-label"]
    assert AuditEvent.objects.filter(action="view", object_id=str(stop.pk), actor=role_world.user("officer")).exists()


def test_adding_and_removing_passengers_keeps_what_was_typed_without_errors(role_world: RoleWorld) -> None:
    client = role_world.client("officer")
    data = vehicle_form(PASSENGERS[:1]) | {"action": "add-passenger"}
    page = client.post("/record/new/vehicle", data).page
    assert not page.select(".govuk-error-summary"), "adding a passenger must not mark unfinished answers wrong"
    headings = [text(h) for h in page.select("h2")]
    assert "Passenger 1" in headings and "Passenger 2" in headings
    assert page.select_one("#id_passenger-0-self_defined option[selected]")["value"] == "W1"
    assert page.select_one("input[name=passengers]")["value"] == "2"
    assert page.select_one("#id_location")["value"] == "Soho Road, near the library"
    removed = client.post("/record/new/vehicle", vehicle_form(PASSENGERS) | {"action": "remove-passenger-0"}).page
    assert removed.select_one("#id_passenger-0-self_defined option[selected]")["value"] == "NS"
    assert removed.select_one("input[name=passengers]")["value"] == "1"
    assert not Stop.objects.exists()


def test_a_passenger_left_blank_is_dropped_not_marked_wrong(role_world: RoleWorld) -> None:
    """Pressing Enter sends the first button, "Add a passenger": a blank one must not block saving."""
    client = role_world.client("officer")
    data = vehicle_form(PASSENGERS[:1]) | {"passengers": "2"}
    response = client.post("/record/new/vehicle", data)
    assert response.status_code == 302
    assert Person.objects.filter(stop=Stop.objects.get()).count() == 2


def test_a_blank_passenger_stays_on_the_form_while_something_else_is_corrected(role_world: RoleWorld) -> None:
    client = role_world.client("officer")
    data = vehicle_form(PASSENGERS[:1]) | {"passengers": "2", "location": ""}
    page = client.post("/record/new/vehicle", data).page
    assert [text(a) for a in page.select(".govuk-error-summary a")] == ["Enter the street or place"]
    assert "Passenger 2" in [text(h) for h in page.select("h2")]
    assert page.select_one("input[name=passengers]")["value"] == "2"


def test_missing_answers_are_listed_and_linked_in_the_error_summary(role_world: RoleWorld) -> None:
    client = role_world.client("officer")
    data = vehicle_form(PASSENGERS[:1])
    for name in ("vehicle_reason", "passenger-0-self_defined", "driver-gender"):
        data.pop(name)
    response = client.post("/record/new/vehicle", data)
    page = response.page
    assert response.status_code == 200 and not Stop.objects.exists()
    assert page.title.string.startswith("Error: Record a vehicle stop")
    links = {a["href"]: text(a) for a in page.select(".govuk-error-summary a")}
    assert links == {
        "#id_vehicle_reason": "Choose why you stopped the vehicle",
        "#id_driver-gender": "Choose their gender",
        "#id_passenger-0-self_defined": "Choose the ethnic group they gave, or ‘Prefer not to say’",
    }


def test_the_form_fills_in_now_and_remembers_the_last_place_station_and_power(role_world: RoleWorld) -> None:
    client = role_world.client("officer")
    client.post("/record/new/search", search_form(location="Ladywood Middleway", station="Ladywood"))
    page = client.get("/record/new/search").page
    assert page.select_one("#id_location")["value"] == "Ladywood Middleway"
    assert page.select_one("#id_station")["value"] == "Ladywood"
    assert page.select_one("#id_legislation option[selected]")["value"] == "mda-s23"
    assert page.select_one("#id_object_of_search option[selected]")["value"] == "drugs"
    assert page.select_one("#id_clock")["inputmode"] == "numeric" and page.select_one("#id_clock")["value"]
    assert page.select_one("input[name=bwv_recorded][value=yes]").has_attr("checked")
    # The vehicle form shares the place and station.
    vehicle = client.get("/record/new/vehicle").page
    assert vehicle.select_one("#id_location")["value"] == "Ladywood Middleway"


def _unanswered(page: BeautifulSoup) -> list[str]:
    """Questions a routine stop still needs answered on a freshly opened form."""
    names: set[str] = set()
    for control in page.select("form.parity-record input, form.parity-record select, form.parity-record textarea"):
        name = str(control.get("name", ""))
        if control.get("type") in {"hidden", "submit"} or name in {"csrfmiddlewaretoken", "action", ""}:
            continue
        names.add(name)
    answered = set()
    for name in names:
        controls = page.select(f'[name="{name}"]')
        if any(c.has_attr("checked") for c in controls) or any(c.select("option[selected]") for c in controls):
            answered.add(name)
        elif any(c.get("value") for c in controls if c.name == "input" and c.get("type") not in {"radio", "checkbox"}):
            answered.add(name)
    optional = {"neighbourhood", "contact"}
    return sorted(names - answered - optional)


def test_a_routine_vehicle_stop_needs_six_answers(role_world: RoleWorld) -> None:
    """Under a minute at the roadside: after the first stop, only what differs is asked for."""
    client = role_world.client("officer")
    client.post("/record/new/vehicle", vehicle_form())
    page = client.get("/record/new/vehicle").page
    assert _unanswered(page) == [
        "driver-age_band",
        "driver-gender",
        "driver-officer_defined",
        "driver-self_defined",
        "outcome",
        "vehicle_reason",
    ]


def test_the_same_form_sent_twice_saves_one_stop(role_world: RoleWorld) -> None:
    """A slow connection: the officer presses save again before the first answer arrives."""
    client = role_world.client("officer")
    data = vehicle_form()
    first = client.post("/record/new/vehicle", data)
    second = client.post("/record/new/vehicle", data)
    assert Stop.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_stop_and_search_becomes_a_stop_search_record_panels_can_sample(role_world: RoleWorld) -> None:
    client = role_world.client("officer")
    client.post(
        "/record/new/search", search_form(outcome="arrest", outcome_linked="yes", removal_more_than_outer="yes")
    )
    stop = Stop.objects.get()
    record = StopSearch.objects.select_related("detail", "source_file").get(pk=cast(int, stop.stop_search_id))
    assert record.force == role_world.home
    assert (record.sde_code, record.ode_group, record.age_band, record.gender) == ("B1", "black", "25-34", "male")
    assert (record.legislation, record.object_of_search, record.outcome, record.type) == (
        "mda-s23",
        "drugs",
        "arrest",
        "person",
    )
    assert record.outcome_linked is True and record.removal_more_than_outer is True
    assert record.occurred_at == stop.occurred_at
    assert record.detail.grounds == stop.grounds
    assert record.detail.officer_pseudonym == stop.officer_pseudonym.strip() and record.detail.bwv_recorded is True
    assert record.detail.neighbourhood == "Handsworth"
    assert stop.reference not in record.raw and stop.reference not in record.detail.force_reference
    source = record.source_file
    assert (source.dataset, source.format, source.warehouse_written) == (mirror.DATASET, mirror.FORMAT, True)
    assert record.raw_values()["officer"] == stop.officer_pseudonym


def test_recorded_searches_share_one_source_file_per_force_month_and_stay_out_of_the_warehouse(
    role_world: RoleWorld,
) -> None:
    client = role_world.client("officer")
    client.post("/record/new/search", search_form())
    client.post("/record/new/search", search_form(grounds="Seen passing a package through a car window."))
    source = SourceFile.objects.get(dataset="recorded")
    assert (source.rows_read, source.rows_imported) == (2, 2)
    assert sorted(source.records.values_list("line", flat=True)) == [1, 2]
    assert len(source.sha256) == 64
    assert sync_pending() == 0, "recorded searches must never be written into the published warehouse"


def test_a_search_recorded_after_a_vehicle_stop_is_linked_to_it(role_world: RoleWorld) -> None:
    client = role_world.client("officer")
    client.post("/record/new/vehicle", vehicle_form(outcome="searched"))
    vehicle = Stop.objects.get()
    receipt = client.get(f"/record/records/{vehicle.pk}/receipt").page
    follow = receipt.find("a", string="Record the search that followed this stop")
    assert follow["href"] == f"/record/new/search?after={vehicle.pk}"
    client.post(follow["href"], search_form() | {"after": str(vehicle.pk)})
    vehicle.refresh_from_db()
    assert vehicle.followed_by is not None and vehicle.followed_by.kind == "search"


def test_a_stop_and_account_is_saved(role_world: RoleWorld) -> None:
    client = role_world.client("officer")
    assert client.post("/record/new/account", account_form()).status_code == 302
    stop = Stop.objects.get()
    assert (stop.kind, stop.outcome, stop.people.get().role) == ("account", "nfa", "subject")


def test_the_officer_gets_a_pseudonym_that_does_not_name_them(role_world: RoleWorld) -> None:
    client = role_world.client("officer")
    client.post("/record/new/vehicle", vehicle_form())
    profile = OfficerProfile.objects.get(user=role_world.user("officer"))
    assert profile.pseudonym.startswith("Officer ") and len(profile.pseudonym) == len("Officer 7KQ2")
    assert "officer" not in profile.pseudonym[8:].lower()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("clock", "25:00", "Enter the time on the 24-hour clock, for example 14:30"),
        (
            "contact",
            "not a number",
            "Enter a mobile number like 07700 900123, or an e-mail address like name@example.com",
        ),
        ("driver-self_defined", "ZZ", "Choose an ethnic group from the list"),
        ("vehicle_reason", "<script>alert(1)</script>", "Choose one of the answers given"),
    ],
)
def test_wrong_answers_are_explained(role_world: RoleWorld, field: str, value: str, message: str) -> None:
    client = role_world.client("officer")
    page = client.post("/record/new/vehicle", vehicle_form() | {field: value}).page
    assert message in [text(a) for a in page.select(".govuk-error-summary a")]
    assert "<script>alert(1)</script>" not in str(page)
    assert not Stop.objects.exists()


def test_a_stop_in_the_future_is_refused(role_world: RoleWorld) -> None:
    client = role_world.client("officer")
    data = vehicle_form() | {"day-year": "2099"}
    page = client.post("/record/new/vehicle", data).page
    assert "The date and time of the stop must be in the past" in text(page.select_one(".govuk-error-summary"))


def test_person_fields_helper_matches_the_form() -> None:
    """The helpers send exactly the fields the form asks for (so the tests above test the form)."""
    from parity.recording.forms import PersonForm

    assert set(person_fields("x")) == {f"x-{name}" for name in PersonForm.base_fields}


@pytest.mark.parametrize("kind", ["vehicle", "search", "account"])
def test_the_form_is_a_small_page_for_a_slow_connection(role_world: RoleWorld, kind: str) -> None:
    """One request, no script needed, and sent compressed: a few KB over a weak signal."""
    client = role_world.client("officer")
    with client.unchecked():
        response = client.get(f"/record/new/{kind}", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 6_000, f"{len(response.content):,} bytes sent"


@pytest.mark.parametrize("separator", ["", ".", ":"])
def test_the_time_can_be_typed_on_a_number_pad(role_world: RoleWorld, separator: str) -> None:
    """A phone's number pad has no colon: 1430 and 14.30 are read as 14:30."""
    data = vehicle_form()
    hours, minutes = data["clock"].split(":")
    assert (
        role_world.client("officer")
        .post("/record/new/vehicle", data | {"clock": hours + separator + minutes})
        .status_code
        == 302
    )
    stop = Stop.objects.get()
    assert timezone.localtime(stop.occurred_at).strftime("%H:%M") == f"{hours}:{minutes}"
