"""The one base class of Parity's own errors.

Every error Parity raises on purpose (refused input, a question the data cannot answer, a
failed delivery) derives from `ParityError`, so a caller can tell Parity's refusals from
bugs with one `except`. Each also keeps the built-in class it has always had (ValueError,
LookupError ...), so existing handlers still catch it.
"""

from __future__ import annotations


class ParityError(Exception):
    """An error Parity raises on purpose, with a message meant for the person who caused it."""
