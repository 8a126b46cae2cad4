from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RECOMMENDATION_RECEIVED = "recommendation_received", _("New recommendation to review")
    RECOMMENDATION_EDITED = "recommendation_edited", _("Edited recommendation to review")
    RECOMMENDATION_ACCEPTED = "recommendation_accepted", _("Your recommendation was accepted")
    INTRODUCTION_RECEIVED = "introduction_received", _("Someone introduced you: please answer")
    INTRODUCTION_ACCEPTED = "introduction_accepted", _("An introduction was accepted by both")
    CONVERSATION_STARTED = "conversation_started", _("A conversation was opened with you")
    MESSAGE_RECEIVED = "message_received", _("New message in a conversation")
    ANSWER_RECEIVED = "answer_received", _("New answer to your request")
    REFERRAL_RECEIVED = "referral_received", _("You were passed a lead")
    REFERRAL_UPDATED = "referral_updated", _("News about a lead you passed")
    REQUEST_DIGEST = "request_digest", _("Today's open requests from your network")
    PROJECT_INVITATION = "project_invitation", _("You were invited to join a project")
    PROJECT_APPLICATION = "project_application", _("Someone asks to join your project")
    PROJECT_SEAT_FILLED = "project_seat_filled", _("A seat in a project is filled")
    PROJECT_SUPPORT = "project_support", _("Someone supports your project: please review")
    PROJECT_INTRO_REQUEST = (
        "project_intro_request",
        _("You were asked to introduce someone for a project"),
    )
    PROJECT_CLOSED = "project_closed", _("A project you were part of is closed: how did it go?")
    PROJECT_MEMBER_LEFT = "project_member_left", _("A member left your project's team")
    PROJECT_SEAT_FREED = "project_seat_freed", _("Your seat in a project was freed")
    CIRCLE_JOIN_REQUESTED = "circle_join_requested", _("Someone asks to join your circle")
    CIRCLE_ADMITTED = "circle_admitted", _("You were admitted to a circle")
    CIRCLE_INVITED = "circle_invited", _("You were invited to a circle")
    CIRCLE_DECLINED = "circle_declined", _("Your request to join a circle was declined")
    MODERATION_DECISION = "moderation_decision", _("A moderator decided about your account")
    REPORT_DECIDED = "report_decided", _("A moderator decided on your report")
    APPEAL_RECEIVED = "appeal_received", _("An appeal waits for your decision")
    APPEAL_DECIDED = "appeal_decided", _("Your appeal was decided")
    MEETING_SCHEDULED = "meeting_scheduled", _("A new meeting in your circle")
    MEETING_INVITED = "meeting_invited", _("You are invited to a meeting")
    MEETING_CHANGED = "meeting_changed", _("A meeting you answered has changed")
    MEETING_CANCELLED = "meeting_cancelled", _("A meeting you answered is cancelled")
    MEETING_SEAT = "meeting_seat", _("A seat came free for you at a meeting")
    MEETING_REMINDER = "meeting_reminder", _("Reminder: your meeting is coming up")
    ONE_TO_ONE_PROPOSED = "one_to_one_proposed", _("Someone would like to get to know you")
    ONE_TO_ONE_ACCEPTED = "one_to_one_accepted", _("Your one-to-one was accepted")
    ONE_TO_ONE_DECLINED = "one_to_one_declined", _("Your one-to-one was declined")
    ONE_TO_ONE_CANCELLED = "one_to_one_cancelled", _("Your one-to-one was cancelled")


# Kinds shown as a sentence naming the actor ("Anna passed you a lead"), see `_text.html`.
SENTENCE_KINDS = frozenset(
    {
        Kind.INTRODUCTION_RECEIVED,
        Kind.INTRODUCTION_ACCEPTED,
        Kind.CONVERSATION_STARTED,
        Kind.MESSAGE_RECEIVED,
        Kind.ANSWER_RECEIVED,
        Kind.REFERRAL_RECEIVED,
        Kind.REFERRAL_UPDATED,
        Kind.CIRCLE_JOIN_REQUESTED,
        Kind.CIRCLE_ADMITTED,
        Kind.CIRCLE_INVITED,
        Kind.MEETING_SCHEDULED,
        Kind.MEETING_INVITED,
        Kind.ONE_TO_ONE_PROPOSED,
        Kind.ONE_TO_ONE_ACCEPTED,
        Kind.ONE_TO_ONE_DECLINED,
        Kind.ONE_TO_ONE_CANCELLED,
        Kind.PROJECT_MEMBER_LEFT,
        Kind.PROJECT_SEAT_FREED,
    }
)


class Notification(models.Model):
    """An in-app notice. The text is rendered from `kind` in the reader's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when the e-mail went out, so that a retried task never sends it twice.
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def actor_name(self) -> str:
        """The actor's public name, or "a deleted member" once they deleted their account
        (their notices to others stay); "" when there is no actor or no name."""
        actor = self.actor
        if actor is None:
            return ""
        if getattr(actor, "deleted_at", None) is not None:
            return str(actor)
        profile = getattr(actor, "profile", None)
        return profile.display_name if profile else ""
