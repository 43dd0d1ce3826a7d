"""An illustrative action plan, built by code, for tests and the demonstration.

Thirty recommendations (from a made-up research report, a made-up local delivery of the
Police Race Action Plan and made-up scrutiny panel findings), about thirty-five actions,
and a community conversation with its feedback and "you said, we did". None of it is any
force's real plan: every source, event and theme is marked illustrative and labelled so
wherever it is shown. The wording is Parity's own; nothing is quoted from a force.

`load_example` imports the register through the CSV import, then works it through monthly
cycles (owners' updates and evidence, the board's decisions, the secretary's snapshot and
steering-group pack) with a seeded random choice of what happens, and ends the quarter
with the public progress report.
"""

from __future__ import annotations

import calendar
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from parity.accounts import audit
from parity.accounts.models import User
from parity.accounts.permissions import has_role
from parity.accounts.roles import Role
from parity.accounts.services import add_person, grant_role
from parity.actions import csv_register, progress, reports, snapshots
from parity.actions.models import Action, DecisionKind, Report, Source, Status
from parity.analysis.period import parse_period
from parity.errors import ParityError
from parity.reference.models import Force

LABEL = "Illustrative example"
SOURCES = {
    "EX-RESEARCH": (
        "local-research",
        "Illustrative example: research on Black and minority ethnic people's experience of policing",
    ),
    "EX-PRAP": ("race-action-plan", "Illustrative example: local delivery of the Police Race Action Plan"),
    "EX-PANEL": ("scrutiny-panel", "Illustrative example: stop and search scrutiny panel findings"),
}

# (source, reference, theme, pillar, text, [(action title, months to due, measures)])
Spec = tuple[str, str, str, str, str, list[tuple[str, int, str]]]
RECOMMENDATIONS: list[Spec] = [
    ("EX-RESEARCH", "R1", "stop-and-search", "use-of-powers",
     "Explain the grounds for every stop and search clearly, give the person a record, and check through "
     "supervision that this happens.",
     [("Add a grounds-quality check to supervisors' monthly reviews", 6, "stop-search-ratio Black"),
      ("Publish a plain-English guide to what a search record should contain", 3, "")]),
    ("EX-RESEARCH", "R2", "stop-and-search", "use-of-powers",
     "Review body-worn video of a sample of searches every month, with community observers.",
     [("Set up a monthly body-worn video review with the scrutiny panel", 4, "")]),
    ("EX-RESEARCH", "R3", "stop-and-search", "use-of-powers",
     "Monitor the disproportionality of searches by ethnic group every month and act on unexplained rises.",
     [("Report the stop and search disproportionality ratio to the steering group monthly", 2,
       "stop-search-ratio Black | stop-search-ratio Asian"),
      ("Agree the rises in the ratio that trigger a review", 5, "")]),
    ("EX-RESEARCH", "R4", "stop-and-search", "use-of-powers",
     "Reduce searches for small amounts of drugs that end with no further action.",
     [("Issue guidance on proportionate searches for possession", 6, "stop-search-rate Black")]),
    ("EX-RESEARCH", "R5", "stop-and-search", "use-of-powers",
     "Involve young people in shaping how stop and search is explained to them.",
     [("Run workshops with youth groups on rights during a search", 5, "")]),
    ("EX-RESEARCH", "R6", "stop-and-search", "use-of-powers",
     "Make it easy to give feedback or complain after a search.",
     [("Add a feedback route to the search receipt", 7, "")]),
    ("EX-RESEARCH", "R7", "use-of-force", "use-of-powers",
     "Record and review the use of force by ethnic group.",
     [("Add ethnicity to the use-of-force review dashboard", 8, "")]),
    ("EX-RESEARCH", "R8", "recruitment", "internal-culture",
     "Set a target for the workforce to reflect the communities it serves, and report progress.",
     [("Publish workforce representation against the census every quarter", 4, ""),
      ("Agree a representation target with the steering group", 3, "")]),
    ("EX-RESEARCH", "R9", "recruitment", "internal-culture",
     "Offer positive-action support to applicants from under-represented groups at every stage.",
     [("Start a mentoring scheme for applicants", 6, "")]),
    ("EX-RESEARCH", "R10", "recruitment", "internal-culture",
     "Find out, stage by stage, why applicants from minority ethnic groups leave the recruitment process.",
     [("Analyse the recruitment process by ethnic group", 5, "")]),
    ("EX-RESEARCH", "R11", "recruitment", "internal-culture",
     "Support minority ethnic officers and staff to stay and to be promoted.",
     [("Introduce exit interviews and a progression programme", 9, "")]),
    ("EX-RESEARCH", "R12", "recruitment", "internal-culture",
     "Recruit police community support officers from the neighbourhoods they will serve.",
     [("Hold recruitment events in priority neighbourhoods", 4, "")]),
    ("EX-RESEARCH", "R13", "training", "internal-culture",
     "Train all officers and staff in the history of race and policing, with community members helping to "
     "deliver it.",
     [("Design a race and policing training module with community members", 5, ""),
      ("Deliver the module to every frontline officer", 10, "")]),
    ("EX-RESEARCH", "R14", "training", "use-of-powers",
     "Include community members in stop and search training.",
     [("Invite community trainers to search training days", 4, "")]),
    ("EX-RESEARCH", "R15", "training", "use-of-powers",
     "Train supervisors to challenge disproportionate or poor-quality stops.",
     [("Add a supervision module on the quality of searches", 6, "")]),
    ("EX-RESEARCH", "R16", "victims", "protection",
     "Keep every victim informed about what is happening with their report, even when it cannot go further.",
     [("Call back every victim whose crime is closed without a charge", 4, ""),
      ("Survey victim satisfaction by ethnic group", 6, "")]),
    ("EX-RESEARCH", "R17", "victims", "protection",
     "Compare victim satisfaction across ethnic groups and act on any gap.",
     [("Report victim satisfaction by ethnic group every quarter", 3, "")]),
    ("EX-RESEARCH", "R18", "victims", "protection",
     "Improve the response to hate crime, with specialist support for victims.",
     [("Train hate crime champions in every area", 7, "")]),
    ("EX-RESEARCH", "R19", "victims", "protection",
     "Offer interpreters and accessible information to victims who need them.",
     [("Review language support for victims", 5, "")]),
    ("EX-RESEARCH", "R20", "victims", "protection",
     "Work with community organisations to encourage people to report crime.",
     [("Agree third-party reporting centres with community organisations", 6, "")]),
    ("EX-RESEARCH", "R21", "engagement", "community-engagement",
     "Refresh the independent advisory groups so they reflect the communities served.",
     [("Recruit new independent advisory group members", 4, "")]),
    ("EX-RESEARCH", "R22", "engagement", "community-engagement",
     "Hold regular community conversations and report back what was done.",
     [("Hold a community conversation every quarter and publish what was done", 3, "")]),
    ("EX-RESEARCH", "R23", "engagement", "community-engagement",
     "Increase positive contact with young people through schools and youth groups.",
     [("Plan neighbourhood officers' visits to schools", 5, "")]),
    ("EX-RESEARCH", "R24", "engagement", "community-engagement",
     "Take part in community events where people spend their leisure time.",
     [("Attend community festivals and events in every area", 6, "")]),
    ("EX-PRAP", "P1", "governance", "internal-culture",
     "Make the chief officer team accountable for the race action plan, reporting progress to an independent board.",
     [("Report progress to the independent board every quarter", 2, "")]),
    ("EX-PRAP", "P2", "data", "performance-and-data",
     "Publish data on the use of police powers by ethnic group, with explanations.",
     [("Publish stop and search figures by ethnic group on the force's website", 3, "stop-search-rate Black")]),
    ("EX-PRAP", "P3", "complaints", "protection",
     "Review complaints of discrimination with people who have lived experience.",
     [("Recruit lived-experience advisors to review discrimination complaints", 5, "")]),
    ("EX-PANEL", "F1", "stop-and-search", "use-of-powers",
     "Several search records the panel reviewed gave grounds that did not say what the officer saw or heard.",
     [("Brief officers on recording grounds, with examples from the panel", 2, "")]),
    ("EX-PANEL", "F2", "stop-and-search", "use-of-powers",
     "Body-worn video was missing for some of the searches the panel asked to review.",
     [("Check that every search is recorded on body-worn video", 3, "")]),
    ("EX-PANEL", "F3", "engagement", "community-engagement",
     "People who were searched were not always told how to give feedback.",
     [("Print the feedback route on every search record", 4, "")]),
]  # fmt: skip


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def register_rows(start: date, owners: Sequence[str]) -> list[dict[str, str]]:
    """The illustrative register as CSV rows, due dates counted from `start`."""
    rows = []
    n = 0
    for source, reference, theme, pillar, text, actions in RECOMMENDATIONS:
        kind, title = SOURCES[source]
        for i, (action_title, months, measures) in enumerate(actions, start=1):
            due = add_months(start, months)
            span = (due - start).days
            milestones = [
                (start + timedelta(days=span // 3), "Plan agreed with the steering group"),
                (start + timedelta(days=2 * span // 3), "First results reviewed"),
            ]
            rows.append(
                {
                    "source_reference": source,
                    "source_kind": kind,
                    "source_title": title,
                    "source_published_on": (start - timedelta(days=180)).isoformat(),
                    "source_url": "",
                    "source_illustrative": "yes",
                    "recommendation_reference": reference,
                    "recommendation_text": text,
                    "theme": theme,
                    "pillar": pillar,
                    "action_reference": f"{reference}.{i}",
                    "action_title": action_title,
                    "action_description": f"{LABEL}: an action made up to show how Parity tracks progress.",
                    "owner_email": owners[n % len(owners)] if owners else "",
                    "due_on": due.isoformat(),
                    "status": "not-started",
                    "published": "no",
                    "milestones": csv_register.LIST_SEPARATOR.join(f"{d.isoformat()} {t}" for d, t in milestones),
                    "measures": measures,
                }
            )
            n += 1
    return rows


def register_csv(start: date, owners: Sequence[str] = ()) -> str:
    buffer = io.StringIO()
    csv_register.write_csv(register_rows(start, owners), buffer)
    return buffer.getvalue()


# --- people ----------------------------------------------------------------------------------


def ensure_person(email: str, role: Role, force: Force, full_name: str = "") -> User:
    user, _ = add_person(email, full_name=full_name)
    if not has_role(user, role, force=force):
        grant_role(user, role, force)
    return user


@dataclass
class Cast:
    owners: list[User]
    chair: User
    secretary: User


def cast(force: Force, owners: Sequence[str] = (), board: Sequence[str] = ()) -> Cast:
    """The people of the example: the given accounts, or made-up ones at example.org."""
    owner_emails = list(owners) or [f"illustrative.owner{i}@example.org" for i in range(1, 6)]
    people = [
        ensure_person(e, Role.ACTION_OWNER, force, "" if owners else f"Illustrative owner {i}")
        for i, e in enumerate(owner_emails, start=1)
    ]
    board_emails = list(board) + [
        e for e in ("illustrative.chair@example.org", "illustrative.secretary@example.org") if len(board) < 2
    ]
    chair = ensure_person(board_emails[0], Role.BOARD_MEMBER, force, "" if board else "Illustrative chair")
    secretary = ensure_person(
        board_emails[1], Role.BOARD_MEMBER, force, "" if len(board) > 1 else "Illustrative secretary"
    )
    return Cast(people, chair, secretary)


# --- a month of work ----------------------------------------------------------------------------

NOTES = {
    Status.NOT_STARTED: "Not started yet: waiting for the lead to be confirmed.",
    Status.ON_TRACK: "Work is going to plan; the next step is agreed with the working group.",
    Status.AT_RISK: "Progress has slowed because the team is short of staff; a new date is being discussed.",
    Status.OFF_TRACK: "This has stalled: the funding it needs has not been agreed.",
}


@dataclass
class Outcome:
    snapshots: list[str] = field(default_factory=list)
    packs: list[Report] = field(default_factory=list)
    public: Report | None = None
    updates: int = 0
    approvals: int = 0


def _status(rng: random.Random, first: bool) -> Status:
    choices = [Status.NOT_STARTED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK]
    weights = [30, 50, 15, 5] if first else [5, 65, 20, 10]
    return rng.choices(choices, weights)[0]


def _fresh(action: Action) -> Action:
    return Action.objects.select_related("force", "owner").get(pk=action.pk)


def _owner_work(action: Action, rng: random.Random, day: date, first: bool, outcome: Outcome) -> None:
    owner = action.owner
    assert owner is not None
    with audit.acting_as(owner):
        status = _status(rng, first)
        if action.status != Status.NOT_STARTED and status == Status.NOT_STARTED:
            status = Status.ON_TRACK  # once started, an action does not go back to "not started"
        progress.add_update(action, owner, status=status, note=NOTES[status], public=rng.random() < 0.5, on=day)
        outcome.updates += 1
        if rng.random() < 0.3:
            progress.add_link(
                action,
                owner,
                title=f"{LABEL}: document for {action.reference}",
                url=f"https://example.org/illustrative/{action.reference.lower()}",
                public=rng.random() < 0.5,
                on=day,
            )
        for milestone in action.milestones.filter(done_on__isnull=True, due_on__lte=day):
            if rng.random() < 0.8:
                progress.mark_milestone_done(milestone, on=day)


def _ask_sign_off(action: Action, rng: random.Random, day: date, with_evidence: bool) -> None:
    owner = action.owner
    assert owner is not None
    with audit.acting_as(owner):
        if with_evidence and not action.evidence.exists():
            progress.add_link(
                action,
                owner,
                title=f"{LABEL}: completion report for {action.reference}",
                url=f"https://example.org/illustrative/{action.reference.lower()}/done",
                public=True,
                on=day,
            )
        progress.request_completion(
            action, owner, note="Everything agreed for this action is done; please sign it off.", on=day
        )


def run_month(
    force: Force, month: str, *, people: Cast, rng: random.Random, outcome: Outcome, until: date, first: bool
) -> None:
    """One monthly cycle: updates mid-month, sign-off requests, the board meeting, the
    snapshot and pack at the month's end (only for a month that has ended by `until`)."""
    start, end = snapshots.month_bounds(month)
    open_actions = list(
        Action.objects.filter(force=force, added_on__lte=end)
        .exclude(status__in=[Status.COMPLETE, Status.CLOSED])
        .select_related("owner", "force")
        .order_by("reference")
    )
    for action in open_actions:
        day = start + timedelta(days=rng.randint(5, 18))
        if day < until and action.owner is not None and rng.random() < 0.85:
            _owner_work(action, rng, day, first, outcome)
    if not first:
        candidates = [a for a in open_actions if a.owner is not None and _fresh(a).status == Status.ON_TRACK]
        for action in rng.sample(candidates, k=min(len(candidates), 4)):
            day = start + timedelta(days=20)
            if day < until and _fresh(action).completion_requested_on is None:
                _ask_sign_off(_fresh(action), rng, day, with_evidence=rng.random() < 0.75)
    meeting = start + timedelta(days=25)
    if meeting >= until:
        return
    _board_meeting(force, people, rng, day=meeting, outcome=outcome, first=first)
    if end < until:
        with audit.acting_as(people.secretary):
            snapshot = snapshots.take(force, month, by=people.secretary, on=end)
            outcome.snapshots.append(snapshot.month)
            outcome.packs.append(reports.steering_pack(force, month, by=people.secretary, on=end))


def _board_meeting(force: Force, people: Cast, rng: random.Random, *, day: date, outcome: Outcome, first: bool) -> None:
    with audit.acting_as(people.chair):
        waiting = Action.objects.filter(force=force, completion_requested_on__isnull=False).exclude(
            status__in=[Status.COMPLETE, Status.CLOSED]
        )
        returned = False
        for action in waiting.select_related("owner", "force").order_by("reference"):
            if not action.evidence.exists() and not action.measures.exists():
                continue  # waits for evidence: the board cannot approve it
            if not returned and rng.random() < 0.25:
                progress.decide(
                    action,
                    people.chair,
                    kind=DecisionKind.RETURNED,
                    note="Please show how the change reached every team before we sign it off.",
                    on=day,
                )
                returned = True
                continue
            progress.decide(action, people.chair, kind=DecisionKind.APPROVED, note="Evidence seen.", on=day)
            outcome.approvals += 1
        if first:
            for action in Action.objects.filter(force=force).select_related("force"):
                if rng.random() < 0.65:
                    action.published = True
                    action.save(update_fields=["published"])


def close_one(force: Force, people: Cast, day: date) -> None:
    action = Action.objects.filter(force=force, reference="R6.1").select_related("force").first()
    if action is not None and not action.finished:
        with audit.acting_as(people.chair):
            progress.decide(
                action,
                people.chair,
                kind=DecisionKind.CLOSED,
                note="Replaced by the new search receipt, which carries a feedback route for every search.",
                on=day,
            )


# --- other workflows' parts ----------------------------------------------------------------------

# Another workflow adds its illustrative part of the example from its `AppConfig.ready()`
# (engagement: a community conversation answered by these actions), since actions may not
# import the workflows above it. Each is called with the force, the cast, the day the
# conversation is held and the day it is answered, after the register is imported.
Companion = Callable[[Force, "Cast", date, date], None]
_COMPANIONS: list[Companion] = []


def register_companion(load: Companion) -> None:
    if load not in _COMPANIONS:
        _COMPANIONS.append(load)


# --- the whole example ---------------------------------------------------------------------------


class AlreadyLoaded(ParityError, ValueError):
    pass


@transaction.atomic
def load_example(
    force: Force,
    *,
    quarter: str,
    today: date,
    owners: Sequence[str] = (),
    board: Sequence[str] = (),
    seed: int = 7,
) -> Outcome:
    """Import the register at the quarter's start and run every month up to `today`; the
    quarter's public report is made (and published) if the quarter has ended by then."""
    if Source.objects.filter(force=force, reference__in=list(SOURCES)).exists():
        raise AlreadyLoaded(f"the illustrative example is already loaded for {force.name}")
    period = parse_period(quarter)
    people = cast(force, owners, board)
    rng = random.Random(seed)  # noqa: S311 - chooses what happens in a made-up example, not a secret
    outcome = Outcome()
    with audit.acting_as(people.secretary):
        csv_register.import_register(
            force,
            register_csv(period.start, [o.email for o in people.owners]),
            name="illustrative-register.csv",
            on=period.start,
        )
    for load in _COMPANIONS:
        load(force, people, period.start + timedelta(days=6), period.start + timedelta(days=30))
    month = snapshots.month_of(period.start)
    first = True
    while snapshots.month_bounds(month)[0] < today:
        if month == snapshots.month_of(period.end) and period.end - timedelta(days=3) < today:
            close_one(force, people, period.end - timedelta(days=3))
        run_month(force, month, people=people, rng=rng, outcome=outcome, until=today, first=first)
        first = False
        if month == snapshots.month_of(period.end) and period.end < today:
            with audit.acting_as(people.secretary):
                outcome.public = reports.publish(
                    reports.public_report(force, period.label, by=people.secretary, on=period.end),
                    on=period.end + timedelta(days=1),
                )
        year, number = int(month[:4]), int(month[5:])
        month = f"{year + 1}-01" if number == 12 else f"{year}-{number + 1:02d}"
    return outcome
