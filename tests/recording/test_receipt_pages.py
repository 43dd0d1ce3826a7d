"""The public receipt pages: found by reference, written plainly, feedback saved, and hostile
input (random and malformed references, oversized feedback, script injection) refused safely."""

from __future__ import annotations

import pytest
from django.conf import settings as conf
from django.test import Client

from parity.accounts.models import AuditEvent
from parity.engagement.models import Feedback as EngagementFeedback
from parity.recording import moderation, receipts, references
from parity.recording.models import Feedback, Stop
from tests.pagecheck import CheckedClient, text
from tests.recording.helpers import save_stop, search_form, survey_url
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def search(role_world: RoleWorld) -> Stop:
    return save_stop(role_world.user("officer"), role_world.home, "search")


def _summary(page: object) -> dict[str, str]:
    return {text(row.dt): text(row.dd) for row in page.select(".govuk-summary-list__row")}  # type: ignore[attr-defined]


def test_the_receipt_says_what_was_recorded_in_plain_english(client: CheckedClient, search: Stop) -> None:
    page = client.get(f"/receipt/{search.reference}").page
    lines = _summary(page)
    assert lines["Reference"] == search.display_reference
    assert lines["What happened"] == "You were stopped and searched"
    assert lines["Power used"] == "Section 1, Police and Criminal Evidence Act 1984"
    assert lines["Why the officer searched you"] == search.grounds
    assert lines["What the officer was looking for"] == "Stolen goods"
    assert lines["Outcome"] == "Arrest"
    assert lines["Officer"] == "Warrant or collar number PC 2175"
    assert lines["Station"] == "Steelhouse Lane"
    assert lines["Police force"] == search.force.name
    main = text(page.select_one("main"))
    assert f"Call 101, the police non-emergency number, and ask for {search.force.name}" in main
    assert "for up to 12 months after it" in main, "after an arrest the full record can be asked for for 12 months"
    assert "Independent Office for Police Conduct" in main
    assert page.select_one("form[method=post]") is not None, "the survey is on the page"


def test_nothing_else_in_parity_is_reachable_from_a_receipt(client: CheckedClient, search: Stop) -> None:
    response = client.get(f"/receipt/{search.reference}")
    page = response.page
    assert not page.select(".govuk-service-navigation"), "no header navigation on a receipt"
    links = [a["href"] for a in page.select("main a")]
    assert links == ["https://www.policeconduct.gov.uk/complaints-reviews-and-appeals/make-complaint"]
    footer = [a["href"] for a in page.select("footer a")]
    assert footer == [
        "/accessibility",
        "/cookies",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ]
    assert [a["href"] for a in page.select("header a")] == ["/"], "the header keeps only the service name"
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin", "the reference in the address never leaves the site"


def test_a_vehicle_stop_receipt_gives_no_one_elses_ethnicity(client: CheckedClient, role_world: RoleWorld) -> None:
    from parity.recording.services import PersonData

    people = (
        PersonData("driver", "M1", "mixed", "25-34", "female"),
        PersonData("passenger", "A2", "asian", "18-24", "male"),
        PersonData("passenger", "W3", "white", "10-17", "male"),
    )
    stop = save_stop(role_world.user("officer"), role_world.home, "vehicle", people=people)
    page = client.get(f"/receipt/{stop.reference}").page
    lines = _summary(page)
    assert lines["People recorded"] == "The driver and 2 passengers"
    assert lines["Power used"].startswith("Section 163 of the Road Traffic Act 1988")
    recorded = " ".join(lines.values())
    assert "Pakistani" not in recorded and "Gypsy" not in recorded and "Mixed" not in recorded
    assert not page.select("main option[selected][value]:not([value=''])"), "nothing chosen for them in the survey"


def test_a_reference_typed_in_lower_case_with_spaces_finds_the_receipt(client: CheckedClient, search: Stop) -> None:
    typed = " ".join(search.display_reference.lower().split("-"))
    response = client.get("/receipt/", {"reference": typed})
    assert response.status_code == 302 and response["Location"] == f"/receipt/{search.reference}"
    hyphenated = client.get(f"/receipt/{search.display_reference.lower()}")
    assert hyphenated.status_code == 302 and hyphenated["Location"] == f"/receipt/{search.reference}"


def test_leaving_feedback_links_it_to_the_stop(client: CheckedClient, search: Stop) -> None:
    response = client.post(
        survey_url(search),
        {
            "respect": "no",
            "told_why": "yes",
            "satisfaction": "dissatisfied",
            "comments": "He was rude.",
            "self_defined": "B2",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/receipt/{search.reference}/thanks"
    feedback = Feedback.objects.get()
    assert (feedback.stop, feedback.respect, feedback.negative, feedback.self_defined) == (search, "no", True, "B2")
    event = AuditEvent.objects.get(action="create", object_type="recording.feedback")
    assert event.changes["comments"] == {"before": None, "after": "(redacted)"}
    thanks = client.get(response["Location"]).page
    assert text(thanks.h1) == "Thank you for your feedback"


def test_feedback_needs_at_least_one_answer(client: CheckedClient, search: Stop) -> None:
    page = client.post(survey_url(search), {"self_defined": "W1"}).page
    assert "Answer at least one question, or write a comment" in text(page.select_one(".govuk-error-summary"))
    assert not Feedback.objects.exists()


def test_feedback_closes_once_everyone_recorded_has_answered(client: CheckedClient, search: Stop) -> None:
    client.post(survey_url(search), {"satisfaction": "satisfied"})
    page = client.get(f"/receipt/{search.reference}").page
    assert page.select_one("form[method=post]") is None
    assert "Feedback has already been given" in text(page.select_one("main"))
    client.post(survey_url(search), {"satisfaction": "very-dissatisfied"})
    assert Feedback.objects.count() == 1


# --- hostile input ------------------------------------------------------------------------


def test_random_references_are_not_found_and_each_try_is_logged(client: CheckedClient, search: Stop) -> None:
    for _ in range(3):
        guess = references.new_reference()  # well formed, right check symbol, not issued
        response = client.get(f"/receipt/{guess}")
        assert response.status_code == 404
        assert "No receipt has that reference" in text(response.page.select_one(".govuk-error-summary"))
    events = AuditEvent.objects.filter(action="receipt.not-found", allowed=False)
    assert events.count() == 3 and all(e.ip_address == "127.0.0.1" for e in events)
    assert all(search.reference[:5] not in e.summary for e in events)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "A",
        "not-a-reference",
        "UUUUU-UUUUU-UUUUU",  # U is not in the alphabet
        "%00%0A",
        "../../etc/passwd",
        "x" * 5000,
        "7KQ2M-D9XWA-4TRB8-00000",
        "’; DROP TABLE recording_stop; --",
        "\u202e\u0000",
    ],
)
def test_malformed_references_are_refused_with_a_plain_message(client: CheckedClient, search: Stop, typed: str) -> None:
    response = client.get("/receipt/", {"reference": typed})
    assert response.status_code in (200, 404)
    summary = text(response.page.select_one(".govuk-error-summary"))
    assert summary.startswith("There is a problem")
    assert Stop.objects.count() == 1


def test_a_mistyped_symbol_is_caught_by_the_check_symbol(client: CheckedClient, search: Stop) -> None:
    ref = search.reference
    wrong = ref[:3] + ("A" if ref[3] != "A" else "B") + ref[4:]
    response = client.get("/receipt/", {"reference": wrong})
    assert "Check the reference: it is 15 letters and numbers" in text(response.page.select_one(".govuk-error-summary"))


def test_guessing_is_rate_limited_per_address_and_logged(client: CheckedClient, search: Stop, settings: object) -> None:
    settings.PARITY_RECEIPT_GUESS_LIMIT = 3  # type: ignore[attr-defined]
    for _ in range(3):
        assert client.get(f"/receipt/{references.new_reference()}").status_code == 404
    blocked = client.get(f"/receipt/{search.reference}")
    assert blocked.status_code == 429, "even the right reference is refused while guessing is blocked"
    assert text(blocked.page.h1) == "Too many tries"
    assert AuditEvent.objects.filter(action="receipt.too-many-tries", allowed=False).count() == 1
    elsewhere = CheckedClient(REMOTE_ADDR="192.0.2.7")
    assert elsewhere.get(f"/receipt/{search.reference}").status_code == 200


def test_oversized_feedback_is_refused_with_a_message(client: CheckedClient, search: Stop) -> None:
    page = client.post(survey_url(search), {"satisfaction": "satisfied", "comments": "a" * 2001}).page
    assert "Your comments must be 2,000 characters or fewer" in text(page.select_one(".govuk-error-summary"))
    assert not Feedback.objects.exists()
    assert client.post(survey_url(search), {"comments": "b" * 2000}).status_code == 302


def test_a_request_too_large_to_read_is_refused(client: CheckedClient, search: Stop) -> None:
    response = client.post(survey_url(search), {"comments": "c" * (11 * 1024 * 1024)})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_unknown_answers_are_refused(client: CheckedClient, search: Stop) -> None:
    page = client.post(survey_url(search), {"respect": SCRIPT, "self_defined": "XX"}).page
    errors = text(page.select_one(".govuk-error-summary"))
    assert "Choose one of the answers given" in errors and "Choose an ethnic group from the list" in errors
    assert "<script>" not in str(page.select_one("main"))
    assert not Feedback.objects.exists()


def test_script_in_feedback_is_shown_as_text_to_staff(
    client: CheckedClient, search: Stop, role_world: RoleWorld
) -> None:
    client.post(survey_url(search), {"comments": SCRIPT, "respect": "no"})
    assert Feedback.objects.get().comments == SCRIPT
    moderation.approve(Feedback.objects.get(), [], by=role_world.user("analyst"))
    page = role_world.client("officer").get(f"/record/records/{search.pk}/").page  # checked: no inline script
    assert SCRIPT in text(page.select_one("main"))
    assert not page.select("main script") and not page.select("main img")


def test_feedback_without_the_csrf_token_is_refused(search: Stop) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(survey_url(search), {"satisfaction": "satisfied"})
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_references_have_at_least_64_random_bits_and_a_check_symbol() -> None:
    assert references.RANDOM_BITS >= 64
    issued = {references.new_reference() for _ in range(2000)}
    assert len(issued) == 2000
    assert all(len(r) == 15 and set(r) <= set(references.ALPHABET) for r in issued)
    assert all(references.normalise(r) == r for r in issued)


def test_the_check_symbol_catches_every_single_mistyped_symbol() -> None:
    for _ in range(20):
        reference = references.new_reference()
        for position in range(len(reference)):
            for symbol in references.ALPHABET:
                if symbol != reference[position]:
                    typo = reference[:position] + symbol + reference[position + 1 :]
                    assert references.normalise(typo) is None, (reference, typo)


def test_the_check_symbol_catches_most_swapped_neighbours() -> None:
    caught = missed = 0
    for _ in range(200):
        reference = references.new_reference()
        for i in range(len(reference) - 1):
            if reference[i] != reference[i + 1]:
                swapped = reference[:i] + reference[i + 1] + reference[i] + reference[i + 2 :]
                if references.normalise(swapped) is None:
                    caught += 1
                else:
                    missed += 1
    assert caught / (caught + missed) > 0.95


def test_typing_i_l_and_o_reads_as_one_and_zero() -> None:
    payload = "0123456789ABCD"
    reference = payload + references.check_symbol(payload)
    assert references.normalise("o1" + reference[2:].lower()) == reference
    assert references.normalise("Ol" + reference[2:]) == reference
    assert references.display(reference) == "01234-56789-ABCD" + reference[-1]


def test_guessing_a_reference_would_not_succeed() -> None:
    """Sanity of the claim in the module docstring: with a million receipts issued, a million
    guesses an hour would take over 100,000 years to expect one hit."""
    hours = 2**references.RANDOM_BITS / 1_000_000 / 1_000_000
    assert hours / (24 * 365) > 100_000


def test_look_ups_leave_the_token_secret_out_of_the_log(client: CheckedClient, search: Stop) -> None:
    client.get(f"/receipt/{search.reference}")
    viewed = AuditEvent.objects.get(action="receipt.viewed")
    assert search.reference not in viewed.summary and viewed.object_id == str(search.pk)


def test_receipt_comments_join_the_forces_feedback_once_approved(
    client: CheckedClient, search: Stop, role_world: RoleWorld
) -> None:
    said = "Mr Hollis Grant searched me outside 14 Mill Road, call me on 07700 900123. Nobody said why."
    client.post(survey_url(search), {"comments": said, "told_why": "no"})
    receipt = Feedback.objects.get()
    assert not EngagementFeedback.objects.exists(), "nothing joins community feedback unchecked"
    moderation.approve(receipt, [], by=role_world.user("analyst"))
    comment = EngagementFeedback.objects.get()
    assert (comment.force, comment.channel, comment.theme, comment.receipt_feedback) == (
        search.force,
        "receipt",
        None,
        receipt,
    )
    assert "Hollis" not in comment.text and "07700" not in comment.text and "Mill Road" not in comment.text
    assert "Nobody said why." in comment.text and "[removed: phone number]" in comment.text
    page = role_world.client("board-member").get(f"/engagement/{search.force.slug}/").page
    listed = text(page.select_one("main"))
    assert "Nobody said why." in listed and "(Through a receipt for a stop and search)" in listed
    # Answers without comments add nothing to theme.
    client.post(survey_url(search), {"satisfaction": "satisfied"})
    assert EngagementFeedback.objects.count() == 1


def test_the_receipt_names_the_officer_by_number_never_by_pseudonym(
    client: CheckedClient, role_world: RoleWorld
) -> None:
    officer = role_world.client("officer")
    officer.post("/record/new/search", search_form(officer_identifier=" pc  4821 "))
    stop = Stop.objects.get()
    assert stop.officer_identifier == "PC 4821"
    for page in (client.get(f"/receipt/{stop.reference}").page, officer.get(f"/record/records/{stop.pk}/receipt").page):
        shown = text(page.select_one("main"))
        assert "Warrant or collar number PC 4821" in shown
        assert stop.officer_pseudonym not in shown, "the pseudonym would tie the receipt to a panel's case pack"
    assert stop.officer_identifier not in str(stop.stop_search.raw)
    # The form remembers the number for next time.
    assert officer.get("/record/new/vehicle").page.select_one("#id_officer_identifier")["value"] == "PC 4821"


def test_an_officer_signed_in_cannot_answer_the_survey_for_the_person(search: Stop, role_world: RoleWorld) -> None:
    for persona in ("officer", "supervisor", "analyst"):
        officer = role_world.client(persona)
        page = officer.get(f"/receipt/{search.reference}").page
        assert page.select_one("form[method=post]") is None
        assert "you cannot answer this survey" in text(page.select_one("main"))
        response = officer.post(f"/receipt/{search.reference}", {"satisfaction": "very-satisfied"})
        assert response.status_code == 403
    assert not Feedback.objects.exists()
    refused = AuditEvent.objects.filter(action="access.denied", object_id=str(search.pk))
    assert refused.count() == 3 and all(search.reference not in e.summary for e in refused)
    assert receipts.feedback_open(search), "the person can still answer"
    anonymous = Client()
    assert anonymous.post(survey_url(search), {"satisfaction": "satisfied"}).status_code == 302
    assert Feedback.objects.count() == 1


def test_the_officer_signed_out_holding_the_reference_cannot_answer_in_the_persons_place(
    role_world: RoleWorld, settings: object
) -> None:
    """The reference is on the officer's records; the survey code only on the person's receipt,
    in the message sent to them, and on the officer's screen at the hand-over."""
    settings.PARITY_RECEIPT_GUESS_LIMIT = 3  # type: ignore[attr-defined]
    officer = role_world.client("officer")
    officer.post("/record/new/search", search_form())
    stop = Stop.objects.get()
    handed = officer.get(f"/record/records/{stop.pk}/receipt").page
    code = handed.select_one("#survey-code").get_text(strip=True)
    link = handed.select_one("#receipt-link")["href"]
    assert link.endswith(f"?code={code.replace('-', '')}")
    assert code.replace("-", "") not in str(list(Stop.objects.values()) + list(AuditEvent.objects.values())), (
        "only a hash"
    )

    # Later, signed out, with the reference from their records: the survey is refused.
    signed_out = Client(REMOTE_ADDR="192.0.2.44")
    page = signed_out.get(f"/receipt/{stop.reference}")
    assert page.status_code == 200 and "Survey code" in page.content.decode()
    refused = signed_out.post(f"/receipt/{stop.reference}", {"satisfaction": "very-satisfied"})
    assert refused.status_code == 200 and "Enter the survey code from your receipt" in refused.content.decode()
    wrong = signed_out.post(f"/receipt/{stop.reference}", {"satisfaction": "very-satisfied", "code": "ABCDE-FGHJK"})
    assert wrong.status_code == 200 and not Feedback.objects.exists()
    assert AuditEvent.objects.filter(action=receipts.WRONG_CODE, allowed=False).count() == 2
    # Wrong codes count as guesses: the third locks that address out of the receipt altogether.
    signed_out.post(f"/receipt/{stop.reference}", {"satisfaction": "very-satisfied", "code": "ABCDE-FGHJ0"})
    assert signed_out.get(f"/receipt/{stop.reference}").status_code == 429
    assert receipts.feedback_open(stop), "the person can still answer"

    # The person, with their link (or typing the code, in any case), answers.
    person = Client(REMOTE_ADDR="198.51.100.9")
    assert person.post(link.removeprefix(conf.SITE_URL), {"satisfaction": "satisfied"}).status_code == 302
    assert Feedback.objects.count() == 1


def test_the_survey_code_is_shown_only_during_the_hand_over(role_world: RoleWorld) -> None:
    from datetime import timedelta

    from django.utils import timezone

    officer = role_world.client("officer")
    officer.post("/record/new/search", search_form())
    stop = Stop.objects.get()
    assert officer.get(f"/record/records/{stop.pk}/receipt").page.select_one("#survey-code") is not None
    session = officer.session
    key = f"survey-code:{stop.pk}"
    session[key] = [session[key][0], (timezone.now() - timedelta(seconds=1)).timestamp()]
    session.save()
    later = officer.get(f"/record/records/{stop.pk}/receipt").page
    assert later.select_one("#survey-code") is None and "?code=" not in later.select_one("#receipt-link")["href"]
    assert "The survey code was shown only while you handed the receipt over" in text(later.select_one("main"))
    assert key not in officer.session
    officer.post("/record/new/search", search_form())
    officer.post("/record/new/search", search_form())
    assert Stop.objects.count() == 3
    assert len([k for k in officer.session.keys() if k.startswith("survey-code:")]) == 1, "one code at a time"


def test_a_receipt_from_before_survey_codes_keeps_its_survey_open_to_its_link(search: Stop, client: Client) -> None:
    Stop.objects.filter(pk=search.pk).update(survey_digest="")
    assert "Survey code" not in client.get(f"/receipt/{search.reference}").content.decode()
    assert client.post(f"/receipt/{search.reference}", {"satisfaction": "satisfied"}).status_code == 302
