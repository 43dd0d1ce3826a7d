"""Who may do what with a panel: the roles each kind of page needs, and the guard views use.

Panel roles (chair, member) reach only their own panel; force roles reach every panel of
their force. Membership decides panel roles (`services.members` keeps them in step), and a
member whose term has ended or who has left is refused even before that catches up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from parity.accounts import audit
from parity.accounts.models import RoleAssignment, User
from parity.accounts.permissions import AnyUser, RoleDenied, guard, has_role
from parity.accounts.roles import PANEL_ROLES, Role
from parity.accounts.scopes import ended_roles
from parity.scrutiny.models import Member, Panel

PANEL_PEOPLE = (Role.PANEL_CHAIR, Role.PANEL_MEMBER)
FORCE_STAFF = (Role.FORCE_ADMIN, Role.ANALYST)
# Panel pages, case packs, findings and draft reports.
READERS = (*PANEL_PEOPLE, *FORCE_STAFF)
# Members and the panel's settings: the chair, and the force's administrator who sets it up.
RUNNERS = (Role.PANEL_CHAIR, Role.FORCE_ADMIN)
CHAIR = (Role.PANEL_CHAIR,)
# The force answers findings and says whether body-worn video exists.
ANSWERERS = FORCE_STAFF
# Lived-experience advisors review closed complaints for a complaints-review panel.
ADVISORS = (Role.ADVISOR,)

V = TypeVar("V", bound=Callable[..., HttpResponse])
PanelOf = Callable[[HttpRequest, dict[str, Any]], Panel]


def panels_for(user: AnyUser, *roles: str) -> QuerySet[Panel]:
    """Panels `user` may act on: those where they hold a panel role among `roles`, plus
    every panel of a force where they hold one of the other `roles`.

    panels_for(user, Role.PANEL_CHAIR, Role.PANEL_MEMBER)  # their own panels only
    panels_for(user, Role.PANEL_MEMBER, Role.FORCE_ADMIN)  # and all of a force they run
    """
    if not user.is_authenticated:
        return Panel.objects.none()
    wanted = [Role(r) for r in roles] or list(Role)
    held = RoleAssignment.objects.filter(user_id=user.pk, role__in=wanted).exclude(ended_roles())
    own = held.filter(role__in=[r for r in wanted if r in PANEL_ROLES]).values("panel_id")
    forces = held.exclude(role__in=list(PANEL_ROLES)).values("force_id")
    return Panel.objects.filter(Q(pk__in=own) | Q(force__in=forces))


def panel_arg(name: str = "panel_id") -> PanelOf:
    """The panel named by a URL argument."""
    return lambda request, kwargs: get_object_or_404(Panel.objects.select_related("force"), pk=kwargs[name])


def panel_of(model: type[Model], name: str, path: str = "panel") -> PanelOf:
    """The panel of the object named by a URL argument: panel_of(Case, "case_id")."""

    def resolve(request: HttpRequest, kwargs: dict[str, Any]) -> Panel:
        obj = get_object_or_404(model._default_manager.select_related(path), pk=kwargs[name])
        target: Any = obj
        for hop in path.split("__"):
            target = getattr(target, hop)
        return cast(Panel, target)

    return resolve


def _ended_membership(user: User, panel: Panel) -> Member | None:
    """The person's membership of this panel if it has ended (and no force role lets them in)."""
    if has_role(user, *FORCE_STAFF, force=panel.force_id):
        return None
    member = Member.objects.filter(panel=panel, user=user).first()
    return member if member is not None and not member.is_current() else None


def reviews_records(panel: Panel) -> bool:
    """Does the panel review police records at meetings (samples, case packs, decisions,
    meeting and quarterly reports)? A complaints-review panel does not: its advisors review
    closed complaints on their own pages (parity.victims.advisors), and share only the
    members, settings and findings pages with the other kinds."""
    return panel.kind != Panel.Kind.COMPLAINTS


RECORDS_ONLY = "a complaints-review panel reviews complaints on its advisors' pages, not records at meetings"


def panel_view(*roles: str, panel: PanelOf, records: bool = False) -> Callable[[V], V]:
    """Guard a view on one panel: signed in, second factor, one of `roles` on the
    panel (or in its force, for force roles), and a current member if on it as a member.
    With `records`, the page is one of reviewing police records at meetings, refused on a
    panel that does not (`reviews_records`). The view receives the panel as `request.panel`.
    Refusals are 403 and audited."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            found: dict[str, Panel] = {}

            def resolve(req: HttpRequest, kw: dict[str, Any]) -> Panel:
                found["panel"] = panel(req, kw)
                return found["panel"]

            response = guard(request, roles, panel=resolve, kwargs=kwargs)
            if response is not None:
                return response
            the_panel = found["panel"]
            user = cast(User, request.user)
            ended = _ended_membership(user, the_panel)
            if ended is not None:
                reason = f"membership of the panel “{the_panel}” has ended"
                audit.record_denied(request, reason, force=the_panel.force_id)
                raise RoleDenied(f"You do not have access to this page: your {reason}.")
            if records and not reviews_records(the_panel):
                audit.record_denied(request, RECORDS_ONLY, force=the_panel.force_id)
                raise RoleDenied(
                    f"This page is not part of the “{the_panel}” panel's work: {RECORDS_ONLY}. "
                    "Its complaints are on the panel's complaints review pages."
                )
            request.panel = the_panel  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return cast(V, wrapper)

    return decorate


def membership(user: User, panel: Panel) -> Member | None:
    return Member.objects.filter(panel=panel, user=user).first()


def is_chair(user: User, panel: Panel) -> bool:
    return has_role(user, Role.PANEL_CHAIR, panel=panel)


def can_review(user: User, panel: Panel) -> bool:
    """Chairs and members give verdicts; observers and force staff do not."""
    if not has_role(user, *PANEL_PEOPLE, panel=panel):
        return False
    member = membership(user, panel)
    return member is None or member.reviews_cases


def deny(request: HttpRequest, panel: Panel, reason: str) -> RoleDenied:
    """Audit a refusal that roles alone do not decide (an observer giving a verdict)."""
    audit.record_denied(request, reason, force=panel.force_id)
    return RoleDenied(f"You do not have access to this page: {reason}.")
