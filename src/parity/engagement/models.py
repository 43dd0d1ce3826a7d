"""What people told the force, and what was done about it ("you said, we did").

Community conversations and advisory-group meetings produce feedback; feedback is grouped
into themes; a response to a theme says what was done and links the actions in the force's
action plan that it led to. The public sees published responses only, never individual
feedback (it may say who gave it), and counts of people or comments under the disclosure
threshold are not published.
"""

from __future__ import annotations

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
