"""What recording registers with the rest of Parity when Django starts.

- The audit trail: every recorded stop, person, contact and feedback change, with contact
  addresses and feedback comments redacted (the trail must not keep erasable personal data)
  and receipt references redacted (they are keys to the public receipt page).
- Scrutiny: the sampling rule "every stop with negative feedback" and the case-pack section
  showing the person's feedback on that stop (`parity.recording.scrutiny`).
"""

from __future__ import annotations


def connect() -> None:
    from parity.accounts import audit
    from parity.recording.models import Feedback, OfficerProfile, Person, ReceiptContact, Stop

    # The reference is the key to the person's receipt and survey: the trail notes it, never
    # its value, so no one reading the trail can answer a survey in their name.
    audit.register(Stop, redact=("reference", "submission_key"))
    audit.register(Person, force="stop.force")
    audit.register(OfficerProfile)
    audit.register(ReceiptContact, redact=("address",), force="stop.force")
    audit.register(Feedback, redact=("comments", "checked_comments"), force="stop.force")

    from parity.recording import scrutiny

    scrutiny.register()
