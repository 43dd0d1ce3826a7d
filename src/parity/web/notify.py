"""GOV.UK Notify: e-mail and text messages through a real delivery service.

Notify sends from templates a force sets up once in its Notify account: one e-mail template
whose subject is `((subject))` and whose body is `((body))`, and one text-message template
whose body is `((body))`. Parity fills them in; every message it sends (set-password links,
network confirmations and updates, receipts) goes through them.

`EmailBackend` is a Django mail backend (`PARITY_EMAIL_BACKEND=parity.web.notify.EmailBackend`),
so everything that sends e-mail through Django uses Notify without knowing it. `send_text`
sends one text message (the receipts' backend uses it).

Until a service is set up, Parity writes messages to a file on the server (`outbox()` says
so); pages that would say a message was sent say it was kept instead (`KEPT_NOTE`), and
`parity check-deploy` warns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient
from requests import RequestException

from parity.errors import ParityError

# Mail backends that keep messages on this machine instead of delivering them.
_KEPT = ("django.core.mail.backends.filebased.EmailBackend", "django.core.mail.backends.console.EmailBackend")

KEPT_NOTE = (
    "This copy of Parity is not connected to an e-mail or text-message service yet, so nothing "
    "actually reaches anyone: messages are kept on the server. Ask the people who run it."
)


class NotifyError(ParityError):
    """Notify refused or could not take a message; the words say why, without the API key."""


def outbox() -> bool:
    """True when e-mail is written to a file or the console instead of being sent."""
    return settings.EMAIL_BACKEND in _KEPT


def receipts_outbox() -> bool:
    """True when receipts are written to a file (the default receipt backend) instead of sent."""
    return str(settings.PARITY_RECEIPT_BACKEND).endswith(".OutboxBackend")


def kept_note() -> str:
    """The note for pages that say an e-mail went: empty when e-mail is really sent."""
    return KEPT_NOTE if outbox() else ""


def kept(text: str) -> str:
    """`text`, a sentence saying something was sent, followed by the note when it was not."""
    return f"{text} {KEPT_NOTE}" if outbox() else text


def _client() -> NotificationsAPIClient:
    if not settings.PARITY_NOTIFY_API_KEY:
        raise NotifyError("no Notify API key is set (PARITY_NOTIFY_API_KEY)")
    return NotificationsAPIClient(  # type: ignore[no-untyped-call]
        settings.PARITY_NOTIFY_API_KEY, base_url=settings.PARITY_NOTIFY_URL, timeout=settings.EMAIL_TIMEOUT
    )


def _post(send: Any, **fields: Any) -> str:
    """Call one of the client's send methods; the notification's id, or NotifyError."""
    try:
        answer = send(**fields)
    except APIError as error:
        status = getattr(error, "status_code", "")
        raise NotifyError(f"Notify refused the message ({status}): {getattr(error, 'message', error)}") from error
    except RequestException as error:
        raise NotifyError(f"Notify could not be reached: {type(error).__name__}") from error
    return str(answer.get("id", "")) if isinstance(answer, dict) else ""


def send_email(address: str, subject: str, body: str, reference: str = "", unsubscribe: str = "") -> str:
    template = settings.PARITY_NOTIFY_EMAIL_TEMPLATE
    if not template:
        raise NotifyError("no Notify e-mail template is set (PARITY_NOTIFY_EMAIL_TEMPLATE)")
    fields: dict[str, Any] = {"email_address": address, "template_id": template}
    fields["personalisation"] = {"subject": subject, "body": body}
    if reference:
        fields["reference"] = reference
    if unsubscribe:
        fields["one_click_unsubscribe_url"] = unsubscribe
    return _post(_client().send_email_notification, **fields)


def send_text(number: str, body: str, reference: str = "") -> str:
    template = settings.PARITY_NOTIFY_SMS_TEMPLATE
    if not template:
        raise NotifyError("no Notify text-message template is set (PARITY_NOTIFY_SMS_TEMPLATE)")
    fields: dict[str, Any] = {"phone_number": number, "template_id": template, "personalisation": {"body": body}}
    if reference:
        fields["reference"] = reference
    return _post(_client().send_sms_notification, **fields)


class EmailBackend(BaseEmailBackend):
    """Django's mail, sent through Notify: one notification per recipient of each message."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            try:
                unsubscribe = _unsubscribe_link(message)
                for address in message.recipients():
                    send_email(address, str(message.subject), str(message.body), unsubscribe=unsubscribe)
            except NotifyError:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent


def _unsubscribe_link(message: EmailMessage) -> str:
    """The https link of a List-Unsubscribe header, which Notify offers as one-click unsubscribe."""
    header = str(message.extra_headers.get("List-Unsubscribe", ""))
    links = [part.strip(" <>") for part in header.split(",")]
    return next((link for link in links if link.startswith("https://")), "")
