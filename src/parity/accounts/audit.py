"""The audit trail: who did what to which record, when, from where, and whether it was allowed.

Three ways in, for every domain:

- `register(Model)` once (in the app's `AppConfig.ready`): every create, update and delete
  of that model made through `save()`/`delete()` is recorded with a field-by-field diff.
  Bulk `QuerySet.update()`/`bulk_create()` bypass signals: call `record()` for those.
- `record_view(obj)` whenever someone looks at something sensitive (a case pack, a
  body-worn-video log), so that a force can answer "who has seen this?".
- `record(action, ...)` for anything else (sign-ins, refused access, a sample drawn).

The actor and request come from the current request (set by `AuditContextMiddleware`) or
from `acting_as(...)` in commands, so domain code rarely passes them. Each row carries a
sha256 digest chained to the row before it, so that a row changed or removed outside the
application is detected by `verify_chain()`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpRequest

from parity.accounts.models import AuditEvent, User
from parity.reference.models import Force
from parity.web.clients import client_ip as client_ip  # re-exported: audit.client_ip is the same function


class Action:
    """The actions Parity itself records; domains may record their own ("sample.drawn")."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    VIEW = "view"
    DENIED = "access.denied"
    SIGN_IN = "sign-in"
    SIGN_IN_FAILED = "sign-in.failed"
    SIGN_OUT = "sign-out"
    LOCKED_OUT = "locked-out"
    UNLOCKED = "unlocked"
    PASSWORD_LINK_SENT = "password.link-sent"  # noqa: S105 - an action name, not a secret
    PASSWORD_LINK_ASKED = "password.link-asked"  # noqa: S105 - an action name, not a secret
    PASSWORD_LINK_HELD = "password.link-held"  # noqa: S105 - an action name, not a secret
    PASSWORD_SET = "password.set"  # noqa: S105 - an action name, not a secret
    SECOND_FACTOR_SET_UP = "second-factor.set-up"
    SECOND_FACTOR_VERIFIED = "second-factor.verified"
    SECOND_FACTOR_FAILED = "second-factor.failed"
    SECOND_FACTOR_RESET = "second-factor.reset"
    TOKEN_ISSUED = "token.issued"  # noqa: S105 - an action name, not a secret
    TOKEN_REVOKED = "token.revoked"  # noqa: S105 - an action name, not a secret
    SESSION_ENDED = "session.ended"  # the absolute lifetime ran out (PARITY_SESSION_MAX_HOURS)
    PERSON_INVITED = "person.invited"  # added to a force: the same event whatever followed
    CHANGE_ASKED = "account.change-asked"  # asked another force holding the account to agree
    CHANGE_AGREED = "account.change-agreed"
    CHANGE_DECLINED = "account.change-declined"
    CHANGE_WITHDRAWN = "account.change-withdrawn"
    PERSON_WITHDRAWN = "person.withdrawn"  # an addition taken back before it completed


REDACTED = "(redacted)"


# --- who is acting -------------------------------------------------------------------------


@dataclass
class _Context:
    request: HttpRequest | None = None
    actor: User | None = None
    label: str = ""


_context: ContextVar[_Context | None] = ContextVar("parity_audit_context", default=None)


@contextmanager
def acting_as(actor: User | None = None, *, label: str = "", request: HttpRequest | None = None) -> Iterator[None]:
    """Attribute everything recorded inside the block to this actor (or label, for commands)."""
    token = _context.set(_Context(request=request, actor=actor, label=label))
    try:
        yield
    finally:
        _context.reset(token)


def _request_user(request: HttpRequest | None) -> User | None:
    user = getattr(request, "user", None) if request is not None else None
    return user if isinstance(user, User) and user.is_authenticated else None


# --- writing -------------------------------------------------------------------------------

_UNSET: Any = object()


def record(
    action: str,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: str = "",
    changes: dict[str, Any] | None = None,
    force: Force | int | None = None,
    allowed: bool = True,
    request: HttpRequest | None = None,
    actor: User | None = _UNSET,
) -> AuditEvent:
    """Write one audit event. `obj` fills the object type, id and (if registered) the force."""
    context = _context.get() or _Context()
    request = request if request is not None else context.request
    if actor is _UNSET:
        actor = _request_user(request) or context.actor
    if obj is not None:
        object_type = object_type or _type_label(obj.__class__)
        object_id = object_id or str(obj.pk)
        if force is None:
            force = force_of(obj)
    event = AuditEvent(
        actor=actor,
        actor_label=actor.email if actor is not None else context.label or "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        summary=summary,
        changes=_jsonable(changes or {}),
        force_id=force.pk if isinstance(force, Force) else force,
        allowed=allowed,
    )
    if request is not None:
        event.ip_address = client_ip(request)
        event.user_agent = request.headers.get("user-agent", "")[:300]
    with transaction.atomic():
        _lock_chain()
        previous = AuditEvent.objects.order_by("-id").values_list("digest", flat=True).first() or ""
        event.digest = digest(event, previous)
        event.save()
    return event


def record_view(obj: models.Model, *, summary: str = "", request: HttpRequest | None = None) -> AuditEvent:
    """Record that the current user looked at `obj` (call it in the view that shows it)."""
    return record(Action.VIEW, obj=obj, summary=summary or f"Viewed {_describe(obj)}", request=request)


def record_denied(request: HttpRequest, reason: str, *, force: Force | int | None = None) -> AuditEvent:
    """Record a refused request: what was asked for, by whom, and why it was refused."""
    match = getattr(request, "resolver_match", None)
    return record(
        Action.DENIED,
        object_type="api" if request.path.startswith("/api/") else "page",
        object_id=(match.view_name if match else "") or "",
        summary=f"{request.method} {request.path[:400]}: {reason}",
        force=force,
        allowed=False,
        request=request,
    )


def _lock_chain() -> None:
    """Serialise writers so that each row chains to the one committed before it.

    SQLite transactions here begin IMMEDIATE (settings), which already takes the write lock;
    PostgreSQL takes a transaction-scoped advisory lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x70617269])  # "pari"


def digest(event: AuditEvent, previous: str) -> str:
    """The chained sha256 of one event; stable across SQLite and PostgreSQL round trips."""
    at = event.at.astimezone(UTC).isoformat(timespec="microseconds")
    body = {
        "previous": previous,
        "at": at,
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "summary": event.summary,
        "changes": event.changes,
        "force": event.force_id,
        "ip_address": event.ip_address,
        "user_agent": event.user_agent,
        "allowed": event.allowed,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- erasing addresses and browsers, keeping the chain verifiable ---------------------------

CLIENT_ERASED = "audit.client-erased"
_ERASED_BATCH = 500


def _erasure_proof(event: AuditEvent, previous: str) -> str:
    """The sha256 of the row as it is once its address and browser are blanked, bound to the
    digest it had when whole. Kept in a later (chained) event, it lets `verify_chain` check
    every other field of an erased row (docs/decisions/0005-erasing-audit-addresses.md)."""
    erased = AuditEvent(
        at=event.at,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        summary=event.summary,
        changes=event.changes,
        force_id=event.force_id,
        ip_address=None,
        user_agent="",
        allowed=event.allowed,
    )
    return hashlib.sha256(f"{digest(erased, previous)}\n{event.digest}".encode()).hexdigest()


def erase_client_details(events: models.QuerySet[AuditEvent], why: str) -> int:
    """Blank the address and browser of these events, keeping the events themselves.

    Only rows whose digest still checks are erased (a tampered row is left as evidence).
    Each batch's proofs are written in one chained event (`CLIENT_ERASED`), so the trail
    still verifies and shows that, when and why the details were erased. The number erased.
    """
    erased = 0
    tampered: list[int] = []
    while True:
        with transaction.atomic():
            _lock_chain()
            held = events.filter(Q(ip_address__isnull=False) | ~Q(user_agent="")).exclude(pk__in=tampered)
            batch = list(held.order_by("id")[:_ERASED_BATCH])
            if not batch:
                return erased
            proofs: dict[str, str] = {}
            for event in batch:
                previous = AuditEvent.objects.filter(id__lt=event.pk).order_by("-id").values_list("digest", flat=True)
                before = previous.first() or ""
                if digest(event, before) == event.digest:
                    proofs[str(event.pk)] = _erasure_proof(event, before)
                else:
                    tampered.append(event.pk)
            if not proofs:
                continue
            # The one sanctioned change to audit rows: the base QuerySet.update, not the
            # refusing AuditQuerySet.update, and only these two fields.
            models.QuerySet.update(
                AuditEvent.objects.filter(pk__in=[int(pk) for pk in proofs]), ip_address=None, user_agent=""
            )
            record(
                CLIENT_ERASED,
                object_type="accounts.auditevent",
                summary=f"Erased the address and browser of {len(proofs)} audit events: {why}",
                changes={"erased": proofs},
                request=None,
                actor=None,
            )
            erased += len(proofs)
            if len(batch) < _ERASED_BATCH:
                return erased


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  # id of the first row whose digest does not match

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainReport:
    """Recompute every digest in order; the first mismatch is where the trail was altered.

    A row whose address and browser were erased (`erase_client_details`) is checked against
    the proof recorded when it was erased, which a later row of the chain holds."""
    proofs: dict[int, str] = {}
    for changes in AuditEvent.objects.filter(action=CLIENT_ERASED).values_list("changes", flat=True):
        erased = changes.get("erased", {}) if isinstance(changes, dict) else {}
        proofs |= {int(pk): proof for pk, proof in erased.items()}
    previous = ""
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        whole = digest(event, previous) == event.digest
        erased_as_recorded = (
            event.pk in proofs
            and event.ip_address is None
            and event.user_agent == ""
            and _erasure_proof(event, previous) == proofs[event.pk]
        )
        if not (whole or erased_as_recorded):
            return ChainReport(checked, event.pk)
        previous = event.digest
        checked += 1
    return ChainReport(checked, None)


# --- automatic capture of registered models ------------------------------------------------

ForceResolver = Callable[[models.Model], "Force | int | None"]


@dataclass(frozen=True)
class Registration:
    exclude: frozenset[str]
    redact: frozenset[str]
    force: ForceResolver | None
    m2m: tuple[str, ...] = field(default=())


_registry: dict[type[models.Model], Registration] = {}


def register(
    model: type[models.Model],
    *,
    exclude: Iterable[str] = (),
    redact: Iterable[str] = (),
    force: str | ForceResolver | None = None,
) -> None:
    """Record every create, update and delete of `model` with a field-level diff.

    exclude: fields never recorded (timestamps that change on every save).
    redact: fields whose change is recorded but not their values (personal data that must
        be erasable, such as contact details: the trail must not keep a copy).
    force: how to find the record's force, so force administrators see the event: a
        dotted path ("panel.force") or a callable; by default the model's `force` field,
        else `panel.force`.
    """
    if model in _registry:
        return
    names = {f.name for f in model._meta.get_fields()}
    if force is None:
        force = "force" if "force" in names else "panel.force" if "panel" in names else None
    resolver = _path_resolver(force) if isinstance(force, str) else force
    m2m = tuple(f.name for f in model._meta.many_to_many if f.name not in set(exclude))
    _registry[model] = Registration(frozenset(exclude), frozenset(redact), resolver, m2m)
    uid = f"parity-audit-{_type_label(model)}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}-pre")
    post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-post")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}-delete")
    for name in m2m:
        through = getattr(model, name).through
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{uid}-{name}", weak=False)


def is_registered(model: type[models.Model]) -> bool:
    return model in _registry


def force_of(obj: models.Model) -> int | None:
    """The force a record belongs to, by its registration (or a `force` field)."""
    registration = _registry.get(obj.__class__)
    if registration is not None:
        resolver = registration.force
    else:
        resolver = _path_resolver("force") if hasattr(obj, "force_id") else None
    if resolver is None:
        return None
    value = resolver(obj)
    return value.pk if isinstance(value, Force) else value


def _path_resolver(path: str) -> ForceResolver:
    def resolve(obj: models.Model) -> Force | int | None:
        *hops, last = path.split(".")
        target: Any = obj
        for hop in hops:
            target = getattr(target, hop, None)
            if target is None:
                return None
        value = getattr(target, f"{last}_id", None)
        return value if value is not None else getattr(target, last, None)

    return resolve


def _type_label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _describe(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name} “{obj}”"


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _jsonable(value: Any) -> Any:
    # Round-trip once so the digest sees exactly what the database will give back.
    return json.loads(json.dumps(value, cls=_Encoder))


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The recorded field values of one row (foreign keys as ids)."""
    exclude = _registry[obj.__class__].exclude if obj.__class__ in _registry else frozenset()
    values = {f.name: f.value_from_object(obj) for f in obj._meta.concrete_fields if f.name not in exclude}
    return dict(_jsonable(values))


def _diff(before: dict[str, Any], after: dict[str, Any], redact: frozenset[str]) -> dict[str, Any]:
    changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            if name in redact:
                old, new = (REDACTED if old is not None else None), (REDACTED if new is not None else None)
            changes[name] = {"before": old, "after": new}
    return changes


def _before_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance.__dict__["_audit_before"] = snapshot(old) if old is not None else None


def _after_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw:
        return
    before = None if created else instance.__dict__.pop("_audit_before", None)
    changes = _diff(before or {}, snapshot(instance), _registry[sender].redact)
    if not changes and not created:
        return
    verb = "Created" if created or before is None else "Changed"
    record(
        Action.CREATE if verb == "Created" else Action.UPDATE,
        obj=instance,
        summary=f"{verb} {_describe(instance)}",
        changes=changes,
    )


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    changes = _diff(snapshot(instance), {}, _registry[sender].redact)
    record(Action.DELETE, obj=instance, summary=f"Deleted {_describe(instance)}", changes=changes)


def _m2m_changed(
    sender: type[models.Model],
    *,
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    """Additions to and removals from a registered model's many-to-many fields."""
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    owner_model = instance.__class__ if not reverse else model
    registration = _registry.get(owner_model)
    if registration is None:
        return
    name = next(n for n in registration.m2m if getattr(owner_model, n).through is sender)
    key = "added" if action == "post_add" else "removed"
    if not reverse:
        ids = (
            sorted(pk_set or ())
            if action != "pre_clear"
            else sorted(getattr(instance, name).values_list("pk", flat=True))
        )
        if ids:
            record(Action.UPDATE, obj=instance, summary=f"Changed {_describe(instance)}", changes={name: {key: ids}})
        return
    for owner in owner_model._base_manager.filter(pk__in=pk_set or ()):
        record(Action.UPDATE, obj=owner, summary=f"Changed {_describe(owner)}", changes={name: {key: [instance.pk]}})
