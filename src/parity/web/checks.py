"""Parity's own deployment checks, run by `parity check-deploy` beside Django's `check --deploy`.

Django checks Django's settings; these check what only Parity knows: that its compiled
front end is there, that the secret key and database are production ones, that the Content
Security Policy has not been loosened, and that the accessibility statement has a contact.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from parity.web import notify

# Sources the policy may name: this site itself, nothing; images may also be inline data.
_ALLOWED_SOURCES = {"'self'", "'none'"}
_ALLOWED_IMAGE_SOURCES = _ALLOWED_SOURCES | {"data:"}


@register(Tags.security, deploy=True)
def check_secure(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.SECURE:
        return []
    return [
        Warning(
            "Parity is not set up to run behind HTTPS.",
            hint="Set PARITY_SECURE=true: secure cookies, HSTS and a redirect from HTTP to HTTPS.",
            id="parity.W001",
        )
    ]


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if os.environ.get("PARITY_SECRET_KEY"):
        return []
    return [
        Warning(
            "The secret key was read from a file Parity generated in PARITY_HOME, meant for development.",
            hint="Set PARITY_SECRET_KEY from your secret store (50 or more random characters).",
            id="parity.W002",
        )
    ]


@register(Tags.database, deploy=True)
def check_database(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return []
    return [
        Warning(
            "Parity is using the embedded SQLite database.",
            hint="Use PostgreSQL in production: set DATABASE_URL=postgresql://user@host:5432/parity.",
            id="parity.W003",
        )
    ]


@register(Tags.staticfiles, deploy=True)
def check_static(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if not finders.find("parity/parity.css") or not finders.find("govuk/govuk-frontend.min.js"):
        problems.append(
            Error(
                "The compiled front end (parity/parity.css, govuk/govuk-frontend.min.js) is missing.",
                hint="Run scripts/build-assets, or install Parity from a release, which includes it.",
                id="parity.E001",
            )
        )
    manifest = settings.STATIC_ROOT and os.path.join(settings.STATIC_ROOT, "staticfiles.json")
    if os.environ.get("PARITY_STATIC_MANIFEST") != "1":
        problems.append(
            Warning(
                "Static files are served under their plain names, so browsers cannot cache them for long.",
                hint="Set PARITY_STATIC_MANIFEST=1 and, with it set, run `parity manage collectstatic --noinput`.",
                id="parity.W004",
            )
        )
    elif not (manifest and os.path.exists(manifest)):
        problems.append(
            Error(
                f"PARITY_STATIC_MANIFEST=1 but there is no manifest at {manifest}: every page would fail.",
                hint="With PARITY_STATIC_MANIFEST=1 and the same PARITY_HOME, run "
                "`parity manage collectstatic --noinput`, then restart.",
                id="parity.E002",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def check_content_security_policy(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    directives = settings.CONTENT_SECURITY_POLICY.get("DIRECTIVES", {})
    loose = {
        name: sorted(set(sources) - (_ALLOWED_IMAGE_SOURCES if name == "img-src" else _ALLOWED_SOURCES))
        for name, sources in directives.items()
    }
    loose = {name: extra for name, extra in loose.items() if extra}
    missing = [name for name in ("default-src", "script-src", "style-src", "object-src") if name not in directives]
    if not loose and not missing:
        return []
    detail = "; ".join([f"{n} allows {', '.join(e)}" for n, e in loose.items()] + [f"{m} is not set" for m in missing])
    return [
        Error(
            f"The Content Security Policy has been loosened: {detail}.",
            hint="Parity loads nothing from other hosts and runs no inline script or style: serve it from static/.",
            id="parity.E003",
        )
    ]


@register(deploy=True)
def check_accessibility_contact(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.CONTACT_EMAIL:
        return []
    return [
        Warning(
            "The accessibility statement gives no contact for reporting a problem.",
            hint="Set PARITY_CONTACT_EMAIL (and PARITY_OPERATOR_NAME): the accessibility regulations require it.",
            id="parity.W005",
        )
    ]


@register(deploy=True)
def check_messages_are_delivered(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Messages kept in a file reach nobody; a Notify backend without its key or templates fails."""
    problems: list[CheckMessage] = []
    kept = [
        what
        for what, local in (
            ("e-mail (PARITY_EMAIL_BACKEND)", notify.outbox()),
            ("receipts (PARITY_RECEIPT_BACKEND)", notify.receipts_outbox()),
        )
        if local
    ]
    if kept:
        problems.append(
            Warning(
                f"Messages are written to a file on the server, not sent: {' and '.join(kept)}.",
                hint="Set PARITY_EMAIL_BACKEND=parity.web.notify.EmailBackend and "
                "PARITY_RECEIPT_BACKEND=parity.recording.delivery.NotifyBackend with PARITY_NOTIFY_API_KEY "
                "and the template ids, or PARITY_EMAIL_BACKEND to SMTP (docs/guides/deploying.md).",
                id="parity.W006",
            )
        )
    uses_notify = (
        settings.EMAIL_BACKEND == "parity.web.notify.EmailBackend"
        or settings.PARITY_RECEIPT_BACKEND.endswith(".NotifyBackend")
    )
    missing = [
        name
        for name in ("PARITY_NOTIFY_API_KEY", "PARITY_NOTIFY_EMAIL_TEMPLATE", "PARITY_NOTIFY_SMS_TEMPLATE")
        if uses_notify and not getattr(settings, name)
    ]
    if missing:
        problems.append(
            Error(
                f"GOV.UK Notify is chosen but {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: "
                "every message would fail.",
                hint="Copy the API key and the two template ids from the force's Notify account.",
                id="parity.E004",
            )
        )
    return problems
