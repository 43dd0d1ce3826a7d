"""Receipt references: unguessable, easy to read aloud and type, with a check character.

A reference is 14 random symbols from Crockford's base32 alphabet (70 bits from `secrets`)
and one check symbol (Luhn mod 32), shown in three groups of five: `7KQ2M-D9XWA-4TRB8`.

- 70 random bits: with a million receipts issued, a million guesses an hour would take over
  100,000 years to hit one; guessing is rate-limited and logged besides.
- Crockford's alphabet has no I, L, O or U, so nothing is mistaken for 1 or 0, and typing
  i, l or o is read as 1, 1 or 0; case, spaces and hyphens do not matter.
- The check symbol catches every single mistyped symbol and most swapped neighbours, so a
  typing mistake is told "check the reference" without a database look-up.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)
PAYLOAD = 14
LENGTH = PAYLOAD + 1
GROUP = 5
_VALUE = {symbol: i for i, symbol in enumerate(ALPHABET)}
_READ_AS = {"I": "1", "L": "1", "O": "0"}
_IGNORED = str.maketrans("", "", " -–.\t\n")
RANDOM_BITS = PAYLOAD * 5


def _luhn_sum(symbols: str, double_first: bool) -> int:
    total = 0
    double = double_first
    for symbol in reversed(symbols):
        addend = _VALUE[symbol] * (2 if double else 1)
        total += addend // BASE + addend % BASE
        double = not double
    return total


def check_symbol(payload: str) -> str:
    """The Luhn mod 32 check symbol for a payload of alphabet symbols."""
    return ALPHABET[(BASE - _luhn_sum(payload, True) % BASE) % BASE]


def new_reference() -> str:
    """A fresh reference in its stored form: 15 symbols, no separators."""
    payload = "".join(secrets.choice(ALPHABET) for _ in range(PAYLOAD))
    return payload + check_symbol(payload)


def normalise(text: str) -> str | None:
    """The stored form of what someone typed, or None if it cannot be a reference.

    Accepts any case, spaces and hyphens, and i, l, o for 1, 1, 0; refuses anything with the
    wrong length, a symbol outside the alphabet, or a check symbol that does not match.
    """
    if len(text) > 64:
        return None
    cleaned = "".join(_READ_AS.get(c, c) for c in text.translate(_IGNORED).upper())
    if len(cleaned) != LENGTH or any(c not in _VALUE for c in cleaned):
        return None
    return cleaned if _luhn_sum(cleaned, False) % BASE == 0 else None


def display(reference: str) -> str:
    """The reference as printed: three groups of five."""
    return "-".join(reference[i : i + GROUP] for i in range(0, len(reference), GROUP))


# --- survey codes ------------------------------------------------------------------------------
#
# The survey is the person stopped's alone, but the officer holds the reference (on their
# records). So answering it needs a second secret, the survey code: 10 random symbols (50 bits)
# given only to the person (in the QR code and under the reference at the hand-over, and in the
# message sent to them), stored only as a hash, never shown on any page the force can open later.

CODE_LENGTH = 10


def new_survey_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What someone typed, in the code's stored form (forgiving case, spaces, hyphens, i/l/o)."""
    return "".join(_READ_AS.get(c, c) for c in text[:64].translate(_IGNORED).upper())


def display_code(code: str) -> str:
    """The code as printed: two groups of five."""
    return display(code)


def survey_digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def code_matches(code: str, digest: str) -> bool:
    return hmac.compare_digest(survey_digest(code), digest)
