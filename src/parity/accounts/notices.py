"""Telling people what needs them to act, each person alone, by the way they chose.

The workflows call `tell(...)` at the moments someone must act: cases drawn for a panel's
review, a panel asking the force for body-worn video or an answer to a finding, an action
given to its owner, sign-off asked of the board or decided for the owner, a new panel member.
Accounts sits below the workflows, so they call down into it and it knows none of them.

Each notice is for one person, and says no more than that person may already see: the
e-mail names the thing and links to its page, where signing in shows the rest. A person
chooses on their account page whether each notice is e-mailed as it happens (the default;
the `send-notices` job, every five minutes) or listed in one e-mail a day (the
`send-notice-digests` job). Every e-mail is recorded on its notices and in the audit trail;
while Parity writes e-mail to a file instead of sending it, the trail says "kept".
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import Notice, NoticeDelivery, RoleAssignment, User
from parity.accounts.scopes import PanelScope, ended_roles
from parity.errors import ParityError
from parity.presentation.formatting import counted
from parity.reference.models import Force
from parity.web import notify

log = logging.getLogger(__name__)

SENT = "notice.e-mailed"
DIGEST_SENT = "notice.digest-e-mailed"
# What a mail backend raises when a message cannot go: Notify's refusals derive from
# ParityError, SMTP's from these. Anything else is a bug and stops the job.
_MAIL_ERRORS = (ParityError, smtplib.SMTPException, OSError)


def holders(
    roles: Iterable[str],
    *,
    force: Force | int | None = None,
    panel: PanelScope | None = None,
    leaving_out: Iterable[User | None] = (),
) -> list[User]:
    """The active people holding one of `roles` on `panel` (panel roles) or in `force`
    (force roles), less those left out (the person who acted, who knows already)."""
    held = RoleAssignment.objects.filter(role__in=list(roles)).exclude(ended_roles())
    if panel is not None:
        held = held.filter(panel_id=panel.pk)
    if force is not None:
        held = held.filter(force_id=force.pk if isinstance(force, Force) else force)
    left_out = [user.pk for user in leaving_out if user is not None]
    people = User.objects.filter(pk__in=held.values("user_id"), is_active=True).exclude(pk__in=left_out)
    return list(people.order_by("pk"))


def tell(
    people: Iterable[User | None],
    kind: str,
    text: str,
    link: str,
    *,
    force: Force | int | None = None,
    key: str = "",
) -> list[Notice]:
    """One notice for each person (once each; none for an inactive account). With `key`, a
    person already told under that key is not told again, so daily reminders repeat nothing."""
    force_id = force.pk if isinstance(force, Force) else force
    made = []
    seen: set[int] = set()
    for person in people:
        if person is None or not person.is_active or person.pk in seen:
            continue
        seen.add(person.pk)
        if key and Notice.objects.filter(user=person, key=key).exists():
            continue
        made.append(
            Notice.objects.create(user=person, kind=kind, text=text[:500], link=link, key=key, force_id=force_id)
        )
    return made


def waiting() -> Q:
    return Q(sent_at__isnull=True, digested_at__isnull=True)


def recent(user: User, limit: int = 30) -> QuerySet[Notice]:
    """A person's own notices, newest first, for their account page."""
    return Notice.objects.filter(user=user).order_by("-created_at", "-pk")[:limit]


def choose(user: User, notices_by: str, *, by: User) -> bool:
    """Set how `user` is told; only they choose it. True when it changed (the audit trail
    records the change with its before and after, as for every change to an account)."""
    if by.pk != user.pk:
        raise PermissionError("people choose how they are told for themselves")
    if notices_by not in NoticeDelivery.values:
        raise ValueError(f"unknown choice {notices_by!r}")
    if user.notices_by == notices_by:
        return False
    user.notices_by = notices_by
    user.save(update_fields=["notices_by"])
    return True


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _footer(user: User) -> str:
    where = _url(reverse("accounts:notices"))
    if user.notices_by == NoticeDelivery.DIGEST:
        other = "You get one e-mail a day listing what needs you. To get an e-mail for each as it happens"
    else:
        other = "You get an e-mail for each thing that needs you. To get one e-mail a day instead"
    return f"{other}, change it on your account: {where}\n"


def _done(verb: str) -> str:
    """ "E-mailed", or "Kept" while Parity writes e-mail to a file and nothing reaches anyone."""
    return "Kept (no e-mail service yet)" if notify.outbox() else verb


@dataclass(frozen=True)
class Sent:
    """What a sending job did: how many e-mails went, and how many could not (tried again next time)."""

    emails: int = 0
    notices: int = 0
    failed: int = 0


def send_pending() -> Sent:
    """The `send-notices` job: e-mail each waiting notice of everyone who wants them as they
    happen, one e-mail each. A notice that cannot go now stays waiting for the next run."""
    pending = (
        Notice.objects.filter(waiting(), user__notices_by=NoticeDelivery.EACH, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    emails = failed = 0
    for notice in pending:
        body = f"{notice.text}\n\n{_url(notice.link)}\n\nSign in to see more and to act.\n\n{_footer(notice.user)}"
        try:
            send_mail(f"Parity: {notice.get_kind_display()}", body, settings.DEFAULT_FROM_EMAIL, [notice.user.email])
        except _MAIL_ERRORS as error:
            log.warning("notice %s could not be e-mailed: %s", notice.pk, error)
            failed += 1
            continue
        Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
        audit.record(
            SENT,
            obj=notice.user,
            force=notice.force_id,
            summary=f"{_done('E-mailed')} a notice to {notice.user.email}: {notice.get_kind_display()}",
            changes={"notice": notice.pk, "kind": notice.kind},
        )
        emails += 1
    return Sent(emails=emails, notices=emails, failed=failed)


def digest_body(user: User, notices: Sequence[Notice]) -> str:
    lines = [f"{counted(len(notices), 'thing needs', 'things need')} you in Parity since your last digest:", ""]
    for notice in notices:
        when = timezone.localtime(notice.created_at)
        lines += [f"- {notice.text} ({when:%-d %B %Y})", f"  {_url(notice.link)}", ""]
    lines += ["Sign in to see more and to act.", "", _footer(user)]
    return "\n".join(lines)


def send_digests() -> Sent:
    """The `send-notice-digests` job: one e-mail to each person who chose a daily digest,
    listing every notice of theirs since their last digest. People with none get nothing."""
    people = (
        User.objects.filter(notices_by=NoticeDelivery.DIGEST, is_active=True)
        .filter(pk__in=Notice.objects.filter(waiting()).values("user_id"))
        .order_by("pk")
    )
    emails = listed = failed = 0
    for person in people:
        notices = list(Notice.objects.filter(waiting(), user=person).order_by("created_at", "pk"))
        subject = f"Parity: {counted(len(notices), 'thing needs', 'things need')} you (daily digest)"
        try:
            send_mail(subject, digest_body(person, notices), settings.DEFAULT_FROM_EMAIL, [person.email])
        except _MAIL_ERRORS as error:
            log.warning("the digest for user %s could not be e-mailed: %s", person.pk, error)
            failed += 1
            continue
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(digested_at=timezone.now())
        audit.record(
            DIGEST_SENT,
            obj=person,
            summary=f"{_done('E-mailed')} a daily digest of {counted(len(notices), 'notice')} to {person.email}",
            changes={"notices": [n.pk for n in notices]},
        )
        emails += 1
        listed += len(notices)
    return Sent(emails=emails, notices=listed, failed=failed)
