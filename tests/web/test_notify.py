"""GOV.UK Notify: Parity's e-mail and receipts reach Notify's API as Notify expects them.

Notify is outside this machine, so a small HTTP server on this one answers as Notify's API
does (the 201 and 400 bodies of its documentation), and records what it was sent: the path,
the signed token and the JSON.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from django.core.mail import EmailMessage, send_mail
from django.test import override_settings

from parity.recording.delivery import DeliveryFailed, NotifyBackend, ReceiptMessage
from parity.web import notify
from tests.pagecheck import CheckedClient, text

SERVICE, SECRET = str(uuid.uuid4()), str(uuid.uuid4())
EMAIL_TEMPLATE, SMS_TEMPLATE = str(uuid.uuid4()), str(uuid.uuid4())


@dataclass
class FakeNotify:
    url: str
    received: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)  # path, claims, body
    refuse: bool = False


@pytest.fixture
def fake_notify() -> Iterator[FakeNotify]:
    state = FakeNotify("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            token = self.headers["Authorization"].removeprefix("Bearer ")
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
            state.received.append((self.path, claims, body))
            if state.refuse:
                refusal = {
                    "error": "BadRequestError",
                    "message": "Can't send to this recipient using a team-only API key",
                }
                answer: dict[str, Any] = {"status_code": 400, "errors": [refusal]}
                status = 400
            else:
                answer = {"id": str(uuid.uuid4()), "reference": body.get("reference"), "content": {}, "template": {}}
                status = 201
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings = {
        "PARITY_NOTIFY_API_KEY": f"parity_test-{SERVICE}-{SECRET}",
        "PARITY_NOTIFY_URL": state.url,
        "PARITY_NOTIFY_EMAIL_TEMPLATE": EMAIL_TEMPLATE,
        "PARITY_NOTIFY_SMS_TEMPLATE": SMS_TEMPLATE,
        "EMAIL_BACKEND": "parity.web.notify.EmailBackend",
    }
    with override_settings(**settings):
        yield state
    server.shutdown()
    server.server_close()


def test_django_mail_goes_through_notify_signed_with_the_services_key(fake_notify: FakeNotify) -> None:
    assert send_mail("Set your password", "Use this link.", None, ["a@example.org", "b@example.org"]) == 1
    assert [path for path, _, _ in fake_notify.received] == ["/v2/notifications/email"] * 2
    _, claims, body = fake_notify.received[0]
    assert claims["iss"] == SERVICE
    assert body == {
        "email_address": "a@example.org",
        "template_id": EMAIL_TEMPLATE,
        "personalisation": {"subject": "Set your password", "body": "Use this link."},
    }


def test_an_unsubscribe_header_becomes_notifys_one_click_unsubscribe(fake_notify: FakeNotify) -> None:
    headers = {"List-Unsubscribe": "<mailto:stop@example.org>, <https://parity.example.org/stop/abc>"}
    EmailMessage("An update", "News.", None, ["a@example.org"], headers=headers).send()
    assert fake_notify.received[0][2]["one_click_unsubscribe_url"] == "https://parity.example.org/stop/abc"


def test_a_refused_e_mail_raises_with_notifys_reason_unless_told_to_be_silent(fake_notify: FakeNotify) -> None:
    fake_notify.refuse = True
    with pytest.raises(notify.NotifyError, match=r"Notify refused the message \(400\).*team-only API key"):
        send_mail("Hello", "Body.", None, ["a@example.org"])
    assert send_mail("Hello", "Body.", None, ["a@example.org"], fail_silently=True) == 0


def test_receipts_go_by_text_message_and_e_mail_with_their_reference(fake_notify: FakeNotify) -> None:
    backend = NotifyBackend()
    backend.send(ReceiptMessage("sms", "+447700900123", "Your receipt", "Your receipt: see it here.", "R-1"))
    backend.send(ReceiptMessage("email", "a@example.org", "Your receipt", "Your receipt: see it here.", "R-2"))
    (sms_path, _, sms), (email_path, _, email) = fake_notify.received
    assert (sms_path, sms) == (
        "/v2/notifications/sms",
        {
            "phone_number": "+447700900123",
            "template_id": SMS_TEMPLATE,
            "personalisation": {"body": "Your receipt: see it here."},
            "reference": "R-1",
        },
    )
    assert email_path == "/v2/notifications/email" and email["reference"] == "R-2"
    fake_notify.refuse = True
    with pytest.raises(DeliveryFailed, match="team-only API key"):
        backend.send(ReceiptMessage("sms", "+447700900123", "Your receipt", "Body.", "R-3"))


def test_without_a_key_nothing_is_sent_and_the_reason_names_the_setting(fake_notify: FakeNotify) -> None:
    with override_settings(PARITY_NOTIFY_API_KEY=""), pytest.raises(DeliveryFailed, match="PARITY_NOTIFY_API_KEY"):
        NotifyBackend().send(ReceiptMessage("sms", "+447700900123", "Your receipt", "Body.", "R-4"))
    assert fake_notify.received == []


@pytest.mark.parametrize(
    ("backend", "kept"),
    [
        ("django.core.mail.backends.filebased.EmailBackend", True),
        ("django.core.mail.backends.smtp.EmailBackend", False),
        ("parity.web.notify.EmailBackend", False),
    ],
)
def test_a_sentence_saying_something_was_sent_says_when_it_was_only_kept(backend: str, kept: bool) -> None:
    with override_settings(EMAIL_BACKEND=backend):
        said = notify.kept("We have e-mailed them a link.")
    assert said.startswith("We have e-mailed them a link.")
    assert ("nothing actually reaches anyone" in said) is kept


@pytest.mark.django_db
@pytest.mark.parametrize(
    "backend", ["django.core.mail.backends.filebased.EmailBackend", "parity.web.notify.EmailBackend"]
)
def test_a_page_saying_a_link_was_sent_says_so_only_when_it_was(backend: str) -> None:
    with override_settings(EMAIL_BACKEND=backend):
        page = CheckedClient().get("/account/password-reset/sent").page
    notes = [text(n) for n in page.select(".govuk-inset-text")]
    assert notes == ([notify.KEPT_NOTE] if backend.endswith("filebased.EmailBackend") else [])
