"""Conversations, intent-labelled messages, and what members decide about contact.

Every write goes through `services.py`; who may contact whom is decided in `rules.py` only.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Intent(models.TextChoices):
    """What a message wants. Shown on every message, so nobody has to guess."""

    QUESTION = "question", _("Question")
    ADVICE = "advice", _("Advice")
    INTRODUCTION = "introduction", _("Introduction")
    OFFER = "offer", _("Offer")
    THANKS = "thanks", _("Thanks")


class Origin(models.TextChoices):
    DIRECT = "direct", _("Direct message")
    INTRODUCTION = "introduction", _("Introduction")
    REQUEST = "request", _("Answer to a request")
    PROJECT = "project", _("Project team")


class Conversation(models.Model):
    """A thread between two or more members (three after an introduction)."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversations_started",
        verbose_name=_("started by"),
    )
    origin = models.CharField(
        _("origin"), max_length=20, choices=Origin.choices, default=Origin.DIRECT
    )
    # The introducer's note (or the answer to a request) that the conversation rests on.
    context_note = models.TextField(_("note"), blank=True)
    context_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("note by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    # Set when the "new conversation" e-mail went out, so a retried task never mails twice.
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-last_message_at", "-created_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [models.Index(fields=["started_by", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.origin})"


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_seats"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="participant_once_per_conversation"
            )
        ]
        indexes = [models.Index(fields=["user", "conversation"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messages_sent",
        verbose_name=_("sender"),
    )
    intent = models.CharField(_("intent"), max_length=20, choices=Intent.choices)
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a moderator hid the message: the other participants see a notice instead of
    # the text; the sender still sees their own words (docs/moderation.md).
    hidden_at = models.DateTimeField(_("hidden by the moderators at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["conversation", "created_at"]),
            models.Index(fields=["sender", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.intent} by {self.sender_id} in {self.conversation_id}"

    def text_for(self, viewer) -> str:
        """The text as `viewer` may read it: empty when the moderators hid it from them."""
        if self.hidden_at is not None and getattr(viewer, "pk", None) != self.sender_id:
            return ""
        return self.text


class Block(models.Model):
    """`blocker` accepts nothing more from `blocked`. The blocked member is told plainly."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once_per_pair"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class OfferWelcome(models.Model):
    """The owner's explicit "offers welcome from X"."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offers_welcome"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "sender"], name="offer_welcome_once"),
            models.CheckConstraint(condition=~Q(owner=F("sender")), name="offer_welcome_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} welcomes offers from {self.sender_id}"


class GrantSource(models.TextChoices):
    INTRODUCTION = "introduction", _("Accepted introduction")
    REQUEST = "request", _("Answer to a request")
    PROJECT = "project", _("Project team")


class ContactGrant(models.Model):
    """`grantor` agreed to hear from `grantee`: an accepted introduction or a request answered.

    Written by the introductions and requests apps through `services.grant_contact`; both
    sources also allow offers (see docs/contact-rules.md).
    """

    grantor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_grants_given"
    )
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_grants"
    )
    source = models.CharField(max_length=20, choices=GrantSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["grantor", "grantee", "source"], name="contact_grant_once"
            ),
            models.CheckConstraint(
                condition=~Q(grantor=F("grantee")), name="contact_grant_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grantor_id} hears from {self.grantee_id} ({self.source})"


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or unwanted sales pitch")
    ABUSE = "abuse", _("Abuse or harassment")
    DECEPTION = "deception", _("False or misleading claims")
    PRIVACY = "privacy", _("Someone's personal data made public")
    ILLEGAL = "illegal", _("Illegal content")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class Report(models.Model):
    """A member reported as spam or abuse. Moderators decide in the product's moderation
    queue (`goodword.moderation`), which resolves reports through `services.resolve_report`."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_made",
        verbose_name=_("reporter"),
    )
    reported = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_received",
        verbose_name=_("reported member"),
    )
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("conversation"),
    )
    # A report about a public recommendation (its author is `reported`); none for a report
    # from a conversation.
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("recommendation"),
    )
    # A report about the member's profile (their "looking for" text, name or facts).
    about_profile = models.BooleanField(_("about the profile"), default=False)
    reason = models.CharField(_("reason"), max_length=10, choices=ReportReason.choices)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution_reason = models.TextField(_("reason for the decision"), blank=True)
    # Set when the reporter was e-mailed the outcome, so a retried task never mails twice.
    outcome_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "reported"],
                condition=Q(status="open"),
                name="report_one_open_per_pair",
            ),
            models.CheckConstraint(condition=~Q(reporter=F("reported")), name="report_not_self"),
        ]
        indexes = [models.Index(fields=["reported", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.reporter_id} reported {self.reported_id} ({self.status})"
