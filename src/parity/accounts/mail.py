"""The e-mails accounts sends: a link to set a password (new accounts and resets alike), and
notice to other forces that a change to an account they hold waits for their agreement.

Sent through Django's EMAIL_BACKEND, which by default writes each message to a file in
PARITY_HOME/outbox, so a force can run Parity before it has a mail server.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from parity.accounts.models import AccountRequest, User


def password_link(user: User) -> str:
    """A one-time link: it stops working once used, once the password changes, or after
    PASSWORD_RESET_TIMEOUT (three days by default). It starts with PARITY_SITE_URL, never the
    Host a request came with, which whoever sends the request chooses."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def send_password_link(user: User, *, new_account: bool) -> str:
    """E-mail `user` a link to set their password; returns the link (for tests and logs only)."""
    link = password_link(user)
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    if new_account:
        subject = "Your Parity account: set your password"
        opening = "An account has been made for you on Parity. To start using it, set your password:"
    else:
        subject = "Set a new Parity password"
        opening = "Someone asked to set a new password for your Parity account. If it was you, use this link:"
    body = (
        f"{opening}\n\n{link}\n\n"
        f"The link works once, for {hours} hours. If you did not expect this e-mail, you can ignore it:"
        " nothing changes until the link is used.\n"
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return link


def send_request_notice(request: AccountRequest, to: list[str]) -> None:
    """Tell the administrators whose agreement a request needs (or the site administrators)."""
    if not to:
        return
    asker = request.requested_by.email if request.requested_by is not None else "the command line"
    where = settings.SITE_URL.rstrip("/") + reverse("accounts:requests")
    body = (
        f"An administrator of {request.force.name} ({asker}) has asked for a change to an account your "
        f"force also holds:\n\n  {request.describe()}\n\n"
        f"Nothing changes until you agree. To agree or decline, sign in and go to {where} "
        "(site administrators: `parity user requests`). If you did not expect this, decline it and "
        "speak to that force.\n"
    )
    send_mail("A Parity account change needs your agreement", body, settings.DEFAULT_FROM_EMAIL, to)


def send_role_notice(request: AccountRequest) -> None:
    """Tell someone whose account no force holds that a force has added them: the role is
    theirs once they sign in, so nothing changes on an account without its owner."""
    where = settings.SITE_URL.rstrip("/") + reverse("accounts:sign-in")
    body = (
        f"An administrator of {request.force.name} has added you to Parity as "
        f"{request.role_label()}.\n\nThe role is yours the next time you sign in: {where}\n\n"
        "If you did not expect this, ask that force to withdraw it before you next sign in.\n"
    )
    send_mail("You have been added to a force on Parity", body, settings.DEFAULT_FROM_EMAIL, [request.user.email])
