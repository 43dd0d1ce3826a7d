"""Stand-ins for an SMS or e-mail provider, plugged in through PARITY_RECEIPT_BACKEND as a
force would plug in its own. Only the external provider is faked; Parity's code is real."""

from __future__ import annotations

from parity.recording.delivery import DeliveryFailed, ReceiptMessage

SENT: list[ReceiptMessage] = []


class UnavailableProvider:
    """A provider that is down: every message fails."""

    def send(self, message: ReceiptMessage) -> None:
        raise DeliveryFailed("the SMS provider did not answer")


class RecordingProvider:
    """A provider that accepts everything and keeps what it was given."""

    def send(self, message: ReceiptMessage) -> None:
        SENT.append(message)


class BrokenProvider:
    """A provider whose own code fails in a way it did not plan for."""

    def send(self, message: ReceiptMessage) -> None:
        raise RuntimeError("provider bug")
