"""The receipt's QR code, drawn on the server as inline SVG (segno): nothing from another host."""

from __future__ import annotations

import segno
from markupsafe import Markup


def svg(url: str) -> Markup:
    """A QR code for the receipt page's address, labelled for assistive technology."""
    code = segno.make(url, error="m")
    drawn = code.svg_inline(scale=4, border=4, dark="#0b0c0c", light="#ffffff", svgclass="parity-qr", omitsize=True)
    label = 'role="img" aria-label="QR code that opens this receipt"'
    return Markup(drawn.replace("<svg ", f"<svg {label} ", 1))  # noqa: S704 - segno's output; the URL is ours
