"""Authenticator-app (TOTP) devices: enrolment, the QR code, and checking a code."""

from __future__ import annotations

from base64 import b32encode

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice
from markupsafe import Markup

from parity.accounts.models import User


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def pending_device(user: User) -> TOTPDevice:
    """The device being set up: one unconfirmed device per person, kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def confirm(device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()


def secret_text(device: TOTPDevice) -> str:
    """The shared secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> Markup:
    """The set-up QR code as inline SVG: drawn here, nothing fetched from another host."""
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(scale=5, border=4, dark="#0b0c0c", light="#ffffff", svgclass="parity-qr", omitsize=False)
    label = 'role="img" aria-label="QR code to add Parity to an authenticator app"'
    return Markup(svg.replace("<svg ", f"<svg {label} ", 1))  # noqa: S704 - segno's output; no markup from users


def check_code(device: TOTPDevice, token: str) -> str | None:
    """None if the code is right; otherwise what to tell the person. Wrong codes make the
    next try wait longer (1, 2, 4 ... seconds), and a code is never accepted twice."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return "Too many wrong codes in a row. Wait a little, then type the newest code"
    if device.verify_token(token):
        return None
    return "The code is not right. Check the app shows Parity and type the newest code"
