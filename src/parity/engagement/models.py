"""What people told the force, and what was done about it ("you said, we did").

Community conversations and advisory-group meetings produce feedback; feedback is grouped
into themes; a response to a theme says what was done and links the actions in the force's
action plan that it led to. The public sees published responses only, never individual
feedback (it may say who gave it), and counts of people or comments under the disclosure
threshold are not published.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from parity.reference.models import Force
from parity.web.model_fields import long_text


class EventKind(models.TextChoices):
    COMMUNITY_CONVERSATION = "community-conversation", "Community conversation"
    ADVISORY_GROUP = "advisory-group", "Independent advisory group meeting"
    PUBLIC_MEETING = "public-meeting", "Public meeting"
    SURVEY = "survey", "Survey or consultation"
    OTHER = "other", "Other"


class Event(models.Model):
    """A conversation, meeting or consultation where people gave their views."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="engagement_events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    title = models.CharField(max_length=250)
    held_on = models.DateField()
    place = models.CharField(max_length=250, blank=True, help_text="Where it was held, or 'Online'")
    facilitator = models.CharField(max_length=250, blank=True)
    attendees = models.PositiveIntegerField(null=True, blank=True)
    summary = long_text(blank=True)
    published = models.BooleanField(default=False)
    illustrative = models.BooleanField(default=False)  # a made-up example, labelled wherever shown
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["force__name", "-held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Theme(models.Model):
    """A subject several pieces of feedback share, such as "follow-up after reporting a crime"."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="engagement_themes")
    name = models.CharField(max_length=200)
    description = long_text(blank=True)
    illustrative = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["force__name", "name"]
        constraints = [models.UniqueConstraint(fields=["force", "name"], name="engagement_theme_unique_name")]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    EVENT = "event", "At a conversation or meeting"
    RECEIPT = "receipt", "Through a stop-and-search receipt"
    PANEL = "panel", "From a scrutiny panel"
    OTHER = "other", "Another way"


class SelfEthnicity(models.TextChoices):
    """How someone who gave feedback describes their ethnicity, if they choose to (broad groups,
    so that it is only ever counted, never used to pick anyone out)."""

    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE_BRITISH = "white-british", "White British"
    WHITE_OTHER = "white-other", "Another White background (such as Irish, Gypsy or Traveller, Roma)"
    OTHER = "other", "Another ethnic group"


# Ethnic minorities: every group but White British, as the census counts them.
MINORITY = frozenset(SelfEthnicity) - {SelfEthnicity.WHITE_BRITISH}


class Feedback(models.Model):
    """One point someone made, written down in plain words (no names or contact details)."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="engagement_feedback")
    event = models.ForeignKey(Event, on_delete=models.PROTECT, null=True, blank=True, related_name="feedback")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="feedback")
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.EVENT)
    text = long_text()
    received_on = models.DateField(default=timezone.localdate)
    # Optional, from the public form after an event; reported only as protected totals.
    ethnicity = models.CharField(max_length=20, choices=SelfEthnicity.choices, blank=True)
    area = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The receipt response this comment came from (channel "receipt"), so it is themed once.
    receipt_feedback = models.OneToOneField(
        "recording.Feedback", on_delete=models.SET_NULL, null=True, blank=True, related_name="engagement_comment"
    )

    class Meta:
        ordering = ["-received_on", "pk"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def source(self) -> str:
        """Where the comment came from, as staff pages say it: its event, or its channel. A
        receipt comment names the kind of stop it followed, as every kind of stop is given a
        receipt: "Through a receipt for a vehicle stop", never a stop-and-search receipt."""
        if self.event_id is not None and self.event is not None:
            return self.event.title
        if self.channel == Channel.RECEIPT and self.receipt_feedback is not None:
            return f"Through a receipt for a {self.receipt_feedback.stop.get_kind_display().lower()}"
        if self.channel == Channel.RECEIPT:
            return "Through a receipt for a stop"
        return self.get_channel_display()


class Response(models.Model):
    """ "You said, we did": what people said on a theme, what was done, and the actions it led to."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="engagement_responses")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="responses")
    you_said = long_text()
    we_did = long_text()
    actions = models.ManyToManyField("actions.Action", blank=True, related_name="responses")
    responded_on = models.DateField(default=timezone.localdate)
    published = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["force__name", "theme__name", "-responded_on", "pk"]

    def __str__(self) -> str:
        return f"Response on {self.theme}"


# --- The network: people who registered interest (personal data; erased on request or expiry) ---


class Involvement(models.TextChoices):
    ACTIVE = "active", "Actively involved: come to conversations and groups"
    INFORMED = "informed", "Simply informed: receive updates"


class Interest(models.TextChoices):
    STOP_AND_SEARCH = "stop-and-search", "Stop and search"
    USE_OF_FORCE = "use-of-force", "Use of force"
    RECRUITMENT = "recruitment", "Recruitment and who the police employ"
    COMPLAINTS = "complaints", "Complaints and how they are handled"
    HATE_CRIME = "hate-crime", "Hate crime"
    YOUNG_PEOPLE = "young-people", "Young people and policing"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood policing"


class AgeBand(models.TextChoices):
    FROM_16 = "16-24", "16 to 24"
    FROM_25 = "25-34", "25 to 34"
    FROM_35 = "35-49", "35 to 49"
    FROM_50 = "50-64", "50 to 64"
    FROM_65 = "65-plus", "65 or over"
    NOT_SAID = "not-said", "Prefer not to say"


class NetworkMember(models.Model):
    """Someone who asked to hear from, or take part in, a force's community engagement.

    Held only once they confirm by the e-mailed link (until then for a week at most), and
    only until they unsubscribe, ask to be erased or the retention period ends: then the row
    is deleted, and the audit trail keeps that it changed but never the name or address.
    """

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="network_members")
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    area = models.CharField(max_length=200, blank=True)
    involvement = models.CharField(max_length=20, choices=Involvement.choices)
    interests = models.JSONField(default=list, blank=True)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, default=AgeBand.NOT_SAID)
    # Optional and self-described; only ever counted with others (`parity.engagement.participation`).
    ethnicity = models.CharField(max_length=20, choices=SelfEthnicity.choices, blank=True)
    # A random secret in every link sent, so a link names one registration and no other.
    key = models.CharField(max_length=40, unique=True)
    consented_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["force__name", "name", "pk"]

    def __str__(self) -> str:
        return f"Network member {self.pk}"


class NetworkUpdate(models.Model):
    """An update (or a "you said, we did" digest) an engagement officer sends to the network,
    to those who chose to hear about its subject: the interests and area it names, or everyone."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="network_updates")
    subject = models.CharField(max_length=200)
    body = long_text()
    interests = models.JSONField(default=list, blank=True)  # empty: every member
    area = models.CharField(max_length=200, blank=True)  # empty: every area
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class UpdateDelivery(models.Model):
    """One update to one member: queued, then sent by the job. When the member is erased the
    row stays (the record that it was sent) but no longer says to whom."""

    update = models.ForeignKey(NetworkUpdate, on_delete=models.CASCADE, related_name="deliveries")
    member = models.ForeignKey(
        NetworkMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Copy {self.pk} of update {self.update_id}"


# --- Conversations: registration, topics and the facilitator's notes --------------------------


class Conversation(models.Model):
    """How people register for an event and what it covers. The online link goes only to those
    with a place (in their e-mail and on their own page), never on a public page."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="conversation")
    registration_open = models.BooleanField(default=False)
    capacity = models.PositiveIntegerField(null=True, blank=True)  # None: no limit
    waiting_list = models.BooleanField(default=True)  # when full: a waiting list, or "full"
    online_link = models.URLField(max_length=500, blank=True)
    facilitator_from = models.CharField(max_length=200, blank=True)  # the independent organisation
    # A random secret in the facilitator's link to the notes page; a new one cancels the old link.
    facilitator_key = models.CharField(max_length=40, unique=True)
    feedback_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event"]

    def __str__(self) -> str:
        return f"Registration for {self.event}"


class Topic(models.Model):
    """One subject a conversation covers, in the order it comes on the agenda."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "pk"]

    def __str__(self) -> str:
        return self.title


# --- Free text from the public, checked before staff read it (parity.engagement.moderation) -------


class Moderation(models.TextChoices):
    NONE = "none", "Nothing to check"
    PENDING = "pending", "Waiting to be checked"
    APPROVED = "approved", "Checked"
    REJECTED = "rejected", "Not shown"


class Moderated(models.Model):
    """A record with free text someone from the public wrote (`MODERATED_FIELD`). Patterns take
    out what they can on arrival; then an engagement officer reads it, takes out more (names
    without a title, say) and approves or rejects it. Until approved, no one else reads it."""

    MODERATED_FIELD: ClassVar[str] = ""

    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.NONE, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Place(models.TextChoices):
    PLACE = "place", "Has a place"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class Registration(Moderated):
    """Someone registered for a conversation (personal data). Name, address and access needs
    are erased once the retention period after the event ends; the self-described ethnic group
    and area stay, with nothing to say whose, so the protected totals still count them. The
    access needs are free text, checked before anyone but the moderator reads them."""

    MODERATED_FIELD = "access_needs"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    access_needs = long_text(blank=True)
    ethnicity = models.CharField(max_length=20, choices=SelfEthnicity.choices, blank=True)
    area = models.CharField(max_length=200, blank=True)
    place = models.CharField(max_length=20, choices=Place.choices, default=Place.PLACE)
    key = models.CharField(max_length=40, unique=True)  # the secret in their own links
    registered_at = models.DateTimeField(default=timezone.now)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "registered_at", "pk"]

    def __str__(self) -> str:
        return f"Registration {self.pk}"


class HeldComment(Moderated):
    """A comment left on a public feedback form (after a conversation, or through a registrant's
    link), held until an engagement officer has checked it; approved, its checked text becomes a
    piece of the event's feedback (`feedback`), to be themed and answered like any other."""

    MODERATED_FIELD = "text"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="held_comments")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="held_comments")
    text = long_text(blank=True)  # after the patterns (and the moderator's removals); blank once rejected
    ethnicity = models.CharField(max_length=20, choices=SelfEthnicity.choices, blank=True)
    area = models.CharField(max_length=200, blank=True)
    received_on = models.DateField(default=timezone.localdate)
    feedback = models.OneToOneField(
        Feedback, on_delete=models.SET_NULL, null=True, blank=True, related_name="held_comment"
    )

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Comment {self.pk} waiting to be checked"


class Point(models.Model):
    """One point the facilitator noted during the meeting, under a topic; the text is a piece
    of the event's feedback, so it is themed and answered like any other."""

    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="point")
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="points")
    noted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["noted_at", "pk"]

    def __str__(self) -> str:
        return f"Point {self.pk}"


# --- Advisory groups: members come from the network, are vetted, and meet -------------------


class GroupKind(models.TextChoices):
    IAG = "iag", "Independent advisory group"
    YOUNG = "young-iag", "Young persons' independent advisory group"
    DIVERSE = "diverse-communities", "Diverse communities group"
    OTHER = "other", "Another advisory group"


class AdvisoryGroup(models.Model):
    """A standing group of community members who advise the force. A group with an age range
    keeps young people's safeguarding rules: ages checked on application, a parent's or
    guardian's consent recorded before anyone under 16 joins, contact details shown to the
    engagement officer only."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="advisory_groups")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=GroupKind.choices)
    purpose = long_text()
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(default=24)
    open_to_applications = models.BooleanField(default=True)
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["force__name", "name"]
        constraints = [models.UniqueConstraint(fields=["force", "name"], name="engagement_group_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def for_young_people(self) -> bool:
        return self.min_age is not None or self.max_age is not None


# Under this age a parent's or guardian's consent is recorded before someone joins a group.
CONSENT_AGE = 16


class ApplicationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Waiting for the applicant to confirm"
    WAITING = "waiting", "Waiting to be vetted"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class GroupApplication(Moderated):
    """A network member's application to join a group, vetted by an engagement officer.
    Erased with the member (their details are personal data). Why they want to join is free
    text, checked like any other the public writes."""

    MODERATED_FIELD = "why"

    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="applications")
    member = models.ForeignKey(NetworkMember, on_delete=models.CASCADE, related_name="applications")
    why = long_text()
    age = models.PositiveSmallIntegerField(null=True, blank=True)  # asked by groups with an age range
    guardian_name = models.CharField(max_length=200, blank=True)
    guardian_contact = models.CharField(max_length=254, blank=True)
    guardian_consent_on = models.DateField(null=True, blank=True)
    guardian_consent_how = models.CharField(max_length=250, blank=True)
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.UNCONFIRMED)
    key = models.CharField(max_length=40, unique=True)
    applied_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = long_text(blank=True)

    class Meta:
        ordering = ["group__name", "applied_at", "pk"]

    def __str__(self) -> str:
        return f"Application {self.pk} to {self.group}"

    @property
    def needs_consent(self) -> bool:
        return self.age is not None and self.age < CONSENT_AGE


class GroupRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    MEMBER = "member", "Member"


class GroupMembership(models.Model):
    """A member's term on a group, from an accepted application. A chair signs in with an
    account at the same e-mail address holding the group-chair role in the force (given by
    the force administrator), to run the group's meetings while their term lasts."""

    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(NetworkMember, on_delete=models.CASCADE, related_name="memberships")
    application = models.OneToOneField(
        GroupApplication, on_delete=models.SET_NULL, null=True, blank=True, related_name="membership"
    )
    role = models.CharField(max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["group__name", "role", "member__name", "pk"]

    def __str__(self) -> str:
        return f"Membership {self.pk} of {self.group}"


class Declaration(models.Model):
    """A declaration of interest by a group member (a job, a relative in the force, a case)."""

    membership = models.ForeignKey(GroupMembership, on_delete=models.CASCADE, related_name="declarations")
    text = long_text()
    declared_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-declared_on", "pk"]

    def __str__(self) -> str:
        return f"Declaration {self.pk}"


class GroupMeeting(models.Model):
    """A meeting of a group: its agenda beforehand, then who came, the minutes and actions."""

    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    place = models.CharField(max_length=250, blank=True, help_text="Where it is held, or 'Online'")
    agenda = long_text()
    minutes = long_text(blank=True)
    present = models.ManyToManyField(GroupMembership, blank=True, related_name="meetings_attended")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["group__name", "-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.group} meeting on {self.held_on:%-d %B %Y}"


class MeetingAction(models.Model):
    """Something a meeting agreed someone would do."""

    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="actions")
    text = long_text()
    owner = models.CharField(max_length=200, help_text="Who will do it (a role, such as 'The chair')")
    due_on = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["done", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


# --- Theme suggestions (parity.engagement.suggest) and the leaders' review (parity.engagement.review) ---


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    ACCEPTED = "accepted", "Accepted as a theme"
    MERGED = "merged", "Merged into another suggestion"
    REJECTED = "rejected", "Rejected"
    REPLACED = "replaced", "Replaced by newer suggestions"


class ThemeSuggestion(models.Model):
    """Comments with no theme yet that the offline model found to share words, and a name made
    from those words; nothing changes until a person accepts, renames, merges or rejects it."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="theme_suggestions")
    event = models.ForeignKey(Event, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=200)
    terms = models.CharField(max_length=250, blank=True)  # the words that weigh most, comma-separated
    feedback = models.ManyToManyField(Feedback, related_name="suggestions")
    status = models.CharField(max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="suggestions")
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["force__name", "-created_at", "pk"]

    def __str__(self) -> str:
        return f"Suggested theme {self.name}"


class Decision(models.TextChoices):
    DIFFERENTLY = "differently", "Do differently"
    MORE = "more", "Do more"
    NO_CHANGE = "no-change", "No change"


class ReviewSession(models.Model):
    """Leaders going through the themes of a conversation (or of a period) to decide, for each,
    what the force will do; the decisions become the published "you said, we did" answers."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="review_sessions")
    title = models.CharField(max_length=250)
    held_on = models.DateField(default=timezone.localdate)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["force__name", "-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ReviewDecision(models.Model):
    """What the leaders decided on one theme, and why; its answer and any action it created."""

    session = models.ForeignKey(ReviewSession, on_delete=models.CASCADE, related_name="decisions")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="review_decisions")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    why = long_text()
    response = models.OneToOneField(Response, on_delete=models.PROTECT, related_name="review_decision")
    action = models.ForeignKey(
        "actions.Action", on_delete=models.PROTECT, null=True, blank=True, related_name="review_decisions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["session", "theme__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "theme"], name="engagement_review_one_decision_per_theme")
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.theme}"
