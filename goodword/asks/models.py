"""Requests ("Gesuche"): a member says what they need; others answer, preferably by
introducing someone."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    # The labels are the asker's choice in the form ("I"); others read `shown_to_others`.
    NETWORK = "network", _("People I trust and their trusted contacts")
    MEMBERS = "members", _("All members")


# Who may see a request, as read by someone other than the asker.
VISIBILITY_FOR_OTHERS = {
    Visibility.NETWORK: _("Visible to the asker's trusted contacts and theirs"),
    Visibility.MEMBERS: _("Visible to all members"),
}


class AskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Ask(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="asks",
        verbose_name=_("asked by"),
    )
    title = models.CharField(_("what do you need?"), max_length=120)
    text = models.TextField(_("details"))
    topics = models.ManyToManyField(
        "topics.Topic", blank=True, related_name="asks", verbose_name=_("topics")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    remote = models.BooleanField(_("remote is fine"), default=False)
    visibility = models.CharField(
        _("who may see it"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AskStatus.choices, default=AskStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["status", "visibility", "created_at"]),
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def visibility_for_others(self) -> str:
        """Who may see this request, in words for a reader who is not the asker."""
        return str(VISIBILITY_FOR_OTHERS.get(self.visibility, self.get_visibility_display()))

    @property
    def is_open(self) -> bool:
        return self.status == AskStatus.OPEN


class AnswerKind(models.TextChoices):
    INTRODUCE = "introduce", _("Introduces someone")
    OFFER = "offer", _("Offers to help")


class AnswerStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the asker")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Answer(models.Model):
    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ask_answers"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AnswerKind.choices)
    introduced = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("introduced member"),
    )
    text = models.TextField(_("why"))
    status = models.CharField(
        max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.PENDING
    )
    conversation = models.OneToOneField(
        "messaging.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ask_answer",
    )
    # An accepted answer that introduces someone: the introduction the introduced member must
    # accept before any conversation opens.
    introduction = models.OneToOneField(
        "introductions.Introduction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ask_answer",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="introduce") & Q(introduced__isnull=False))
                | (Q(kind="offer") & Q(introduced__isnull=True)),
                name="answer_introduces_someone_or_offers",
            ),
            models.UniqueConstraint(
                fields=["ask", "author", "introduced"], name="answer_introduce_once"
            ),
            models.UniqueConstraint(
                fields=["ask", "author"],
                condition=Q(kind="offer"),
                name="answer_offer_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.author_id} on {self.ask_id}"

    @property
    def opened_conversation_id(self) -> int | None:
        """The conversation this answer led to: at once for an offer, and for an introduction
        once the introduced member accepted."""
        if self.conversation_id:
            return self.conversation_id
        if self.introduction_id:
            return self.introduction.conversation_id
        return None
