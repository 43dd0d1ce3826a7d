"""Shared set-up for the accounts tests: people with real passwords, and TOTP codes."""

from __future__ import annotations

import re
import time

from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from parity.accounts.models import RoleAssignment, User
from parity.accounts.roles import Role
from parity.reference.models import Force
from parity.scrutiny.models import Panel

PASSWORD = "correct horse battery staple"


def person(email: str, role: Role | None = None, *, force: str = "west-midlands", panel: Panel | None = None) -> User:
    user = User.objects.create_user(email, password=PASSWORD)
    if role is not None:
        RoleAssignment.objects.create(user=user, role=role, force=Force.objects.get(slug=force), panel=panel)
    return user


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show now (or `steps_ahead` 30-second steps later).

    django-otp refuses a code twice, so a second sign-in in the same half-minute uses the next one.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def link_in_last_mail() -> str:
    [url] = re.findall(r"https?://\S+", str(mail.outbox[-1].body))
    return str(url)
