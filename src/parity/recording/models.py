"""Stops recorded by officers, the people in them, receipts, contact details and feedback.

One `Stop` table holds all three kinds (stop and search, stop and account, section 163
vehicle stop) because they share everything a receipt, a feedback form and the access rules
need; the few fields only one kind has are blank for the others. Each person stopped is a
`Person` row: one for a search or an account, everyone in the vehicle for a vehicle stop.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from parity.accounts.models import Team
from parity.recording import choices, references
from parity.reference.models import Force
from parity.web.model_fields import long_text

# What the forms and the API accept: the models hold the same limits (parity.web.model_fields).
GROUNDS_LIMIT = 2000
ACCOUNT_REASON_LIMIT = 1000
COMMENTS_LIMIT = 2000


class OfficerProfile(models.Model):
    """What the form remembers for an officer, and the pseudonym panels and receipts show."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recording_profiles")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    pseudonym = models.CharField(max_length=20, unique=True, help_text="Shown instead of the officer's name")
    station = models.CharField(max_length=120, blank=True)
    identifier = models.CharField(
        max_length=20, blank=True, help_text="Warrant or collar number: on the receipt (PACE), never shown to panels"
    )
    last_location = models.CharField(max_length=200, blank=True)
    last_neighbourhood = models.CharField(max_length=120, blank=True)
    last_legislation = models.CharField(max_length=20, blank=True)
    last_object = models.CharField(max_length=20, blank=True)
    last_bwv = models.BooleanField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "force"], name="one_profile_per_officer_force")]

    def __str__(self) -> str:
        return self.pseudonym


class Stop(models.Model):
    """One recorded encounter and its receipt reference."""

    class Kind(models.TextChoices):
        SEARCH = "search", "Stop and search"
        ACCOUNT = "account", "Stop and account"
        VEHICLE = "vehicle", "Vehicle stop"

    class Channel(models.TextChoices):
        WEB = "web", "Recorded on the web form"
        API = "api", "Sent by a force system"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    reference = models.CharField(max_length=references.LENGTH, unique=True, editable=False)
    # sha256 of the survey code only the person was given (`references.new_survey_code`);
    # blank for stops recorded before survey codes, whose survey the reference alone opens.
    survey_digest = models.CharField(max_length=64, blank=True, editable=False)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recorded_stops")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    officer_pseudonym = models.CharField(max_length=20)
    # PACE Code A 4.3: the record names the officer by warrant or other identification
    # number. The person stopped reads it on their receipt; panels see only the pseudonym.
    officer_identifier = models.CharField(max_length=20, blank=True)
    station = models.CharField(max_length=120)
    occurred_at = models.DateTimeField()
    location = models.CharField(max_length=200, help_text="Street or place, in the officer's words")
    neighbourhood = models.CharField(max_length=120, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    bwv_recorded = models.BooleanField(null=True, help_text="Body-worn video switched on")
    recorded_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.WEB)
    # The web form's one-time key, or a force system's own id: sending the same record
    # twice (a retry on a slow connection) returns the first, never a duplicate.
    submission_key = models.CharField(max_length=64, blank=True)

    # Stop and search (PACE Code A).
    search_type = models.CharField(max_length=20, blank=True)
    legislation = models.CharField(max_length=20, blank=True)
    object_of_search = models.CharField(max_length=20, blank=True)
    grounds = long_text(GROUNDS_LIMIT, blank=True)
    outcome_linked = models.BooleanField(null=True, help_text="The outcome was linked to the object searched for")
    removal_more_than_outer = models.BooleanField(null=True)
    # Stop and account.
    account_reason = long_text(ACCOUNT_REASON_LIMIT, blank=True)
    # Vehicle stop.
    vehicle_reason = models.CharField(max_length=20, blank=True)
    # Every kind: what happened (codes from `choices`, per kind).
    outcome = models.CharField(max_length=24)
    followed_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="preceded_by",
        help_text="The stop and search that followed this stop",
    )  # fmt: skip
    # The powers.StopSearch row panels sample (searches only; see parity.recording.mirror).
    stop_search = models.OneToOneField(
        "powers.StopSearch", on_delete=models.SET_NULL, null=True, blank=True, related_name="recorded_stop"
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "submission_key"], condition=~Q(submission_key=""), name="one_stop_per_submission"
            )
        ]
        indexes = [
            models.Index(fields=["force", "kind", "occurred_at"]),
            models.Index(fields=["officer", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def display_reference(self) -> str:
        return references.display(self.reference)

    @property
    def outcome_label(self) -> str:
        options = {
            self.Kind.SEARCH: choices.SEARCH_OUTCOMES,
            self.Kind.ACCOUNT: choices.AccountOutcome.choices,
            self.Kind.VEHICLE: choices.VehicleOutcome.choices,
        }[self.Kind(self.kind)]
        return choices.label(options, self.outcome)


class Person(models.Model):
    """One person stopped: the subject of a search or account, or someone in the vehicle."""

    stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="people")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=10, choices=choices.PersonRole.choices)
    self_defined = models.CharField(max_length=2, help_text="2021 census 19+1 code, or NS: prefer not to say")
    officer_defined = models.CharField(max_length=12, help_text="The officer's perception: a 5+1 group")
    age_band = models.CharField(max_length=10)
    gender = models.CharField(max_length=10)

    class Meta:
        ordering = ["stop", "position"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} in {self.stop}"


class ReceiptContact(models.Model):
    """Where to send the receipt: kept only until it is sent, or the retention period ends."""

    class Channel(models.TextChoices):
        SMS = "sms", "Text message"
        EMAIL = "email", "E-mail"

    stop = models.OneToOneField(Stop, on_delete=models.CASCADE, related_name="contact")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    address = models.CharField(max_length=254, blank=True, help_text="Blank once erased")
    # The survey code for the message, kept only until it is sent or erased, with the address.
    survey_code = models.CharField(max_length=references.CODE_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.get_channel_display()} receipt for {self.stop}"


class Feedback(models.Model):
    """What the person stopped said about it, from the public receipt page.

    Their comments are free text and may name someone, so no one but a moderator reads them
    until a moderator has checked them (`parity.recording.moderation`): `comments` holds the
    words as typed until then, `checked_comments` what may be shown once approved.
    """

    class Moderation(models.TextChoices):
        NONE = "none", "No comments"
        PENDING = "pending", "Waiting to be checked"
        APPROVED = "approved", "Checked and approved"
        REJECTED = "rejected", "Checked and not approved"

    stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="feedback")
    submitted_at = models.DateTimeField(auto_now_add=True)
    respect = models.CharField(max_length=6, choices=choices.Answer.choices, blank=True)
    told_why = models.CharField(max_length=6, choices=choices.Answer.choices, blank=True)
    satisfaction = models.CharField(max_length=20, choices=choices.Satisfaction.choices, blank=True)
    comments = long_text(COMMENTS_LIMIT, blank=True, help_text="As typed; blanked once a moderator has decided")
    self_defined = models.CharField(max_length=2, blank=True, help_text="Given with the feedback, optional")
    negative = models.BooleanField(default=False, db_index=True)
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.NONE, db_index=True)
    checked_comments = long_text(
        blank=True, help_text="The comments with personal details removed: by pattern, then by the moderator"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"Feedback on {self.stop}"
