"""Moderators, moderation actions (the audit log; the public log is a view of it) and appeals.

Every write goes through `services.py`; the grounds are documented in docs/moderation.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Moderator(models.Model):
    """A member with the moderator role (granted with `manage.py moderator` or in the admin)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderator_role",
        verbose_name=_("member"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderator")
        verbose_name_plural = _("moderators")

    def __str__(self) -> str:
        return str(self.user)


class Action(models.TextChoices):
    DISMISS = "dismiss", _("Reports dismissed")
    WARN = "warn", _("Warning")
    HIDE = "hide", _("Content hidden")
    RESTRICT = "restrict", _("Restricted")
    SUSPEND = "suspend", _("Suspended")
    REMOVE = "remove", _("Removed")
    LIFT = "lift", _("Lifted")
    CONFIRM = "confirm", _("Confirmed on appeal")


# What a moderator decides in the queue; REMOVE comes from the apps above (`record_action`),
# LIFT and CONFIRM from deciding an appeal.
QUEUE_ACTIONS = (Action.DISMISS, Action.WARN, Action.HIDE, Action.RESTRICT, Action.SUSPEND)
# Actions that fire `core.hooks.MEMBER_SANCTIONED` and can be appealed.
SANCTIONS = frozenset({Action.WARN, Action.HIDE, Action.RESTRICT, Action.SUSPEND})


class Ground(models.TextChoices):
    """The documented grounds (docs/moderation.md). Change both together."""

    SPAM = "spam", _("Spam or unwanted sales pitch")
    HARASSMENT = "harassment", _("Harassment, threats or abuse")
    DECEPTION = "deception", _("Deception: false identity, false claims or fraud")
    PRIVACY = "privacy", _("Personal data of others made public")
    ILLEGAL = "illegal", _("Illegal content")
    RULES = "rules", _("Other breach of the rules for members")
    NO_BREACH = "no_breach", _("No breach of the rules found")
    NOT_ENOUGH = "not_enough", _("Not enough to go on")
    DISPROPORTIONATE = "disproportionate", _("The action was too severe")


BREACH_GROUNDS = (
    Ground.SPAM,
    Ground.HARASSMENT,
    Ground.DECEPTION,
    Ground.PRIVACY,
    Ground.ILLEGAL,
    Ground.RULES,
)


# What each ground and action means, for members (the grounds page) and docs/moderation.md.
GROUND_TEXTS = {
    Ground.SPAM: _(
        "Messages or offers nobody asked for, sent to many, or the same pitch again and again."
    ),
    Ground.HARASSMENT: _(
        "Insults, threats, pressure, unwanted advances, or going on after being asked to stop."
    ),
    Ground.DECEPTION: _(
        "Pretending to be someone else, claiming qualifications or recommendations one does not "
        "have, or trying to cheat someone."
    ),
    Ground.PRIVACY: _(
        "Making others' personal data public (addresses, phone numbers, private messages) "
        "without their consent."
    ),
    Ground.ILLEGAL: _(
        "Content that is against the law, for example incitement, defamation, fraud or "
        "infringement of others' rights (DSA Art. 16 notices)."
    ),
    Ground.RULES: _("Any other breach of the rules members agreed to; the reason says which."),
    Ground.NO_BREACH: _("The moderator found no breach of the rules."),
    Ground.NOT_ENOUGH: _("There is not enough to decide that the rules were broken."),
    Ground.DISPROPORTIONATE: _("The rules were broken, but the action was too severe."),
}
ACTION_TEXTS = {
    Action.DISMISS: _("The reports are closed without consequences for the member."),
    Action.WARN: _("The member is warned. Nothing else changes for now."),
    Action.HIDE: _(
        "The reported content is hidden: the member's messages in the reported conversations "
        "from the others there, the text of a reported recommendation from everybody but its "
        "author."
    ),
    Action.RESTRICT: _(
        "For 30 days the member cannot start contact, write messages or post; they can read."
    ),
    Action.SUSPEND: _("The account is closed until the suspension is lifted."),
    Action.REMOVE: _("Removed from a circle or project by its moderators."),
    Action.LIFT: _(
        "The action is undone: on appeal by another moderator, or by a moderator who found it "
        "wrong or too severe."
    ),
    Action.CONFIRM: _("On appeal, another moderator confirmed the action."),
}


def grounds_for(action: str) -> tuple:
    """The grounds a moderator may give for `action`."""
    if action == Action.DISMISS:
        return (Ground.NO_BREACH, Ground.NOT_ENOUGH)
    if action == Action.LIFT:
        return (Ground.NO_BREACH, Ground.NOT_ENOUGH, Ground.DISPROPORTIONATE)
    return BREACH_GROUNDS


class ModerationAction(models.Model):
    """One moderation decision: the audit log. The public log shows date, action, ground and
    reason of each entry, never the member, the moderator or the reporters."""

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices)
    reason = models.TextField(_("reason"))
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions_taken",
        verbose_name=_("moderator"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions",
        verbose_name=_("member concerned"),
    )
    # The app that took the action and its word for the thing concerned ("member",
    # "conversation_messages", "circle_post", ...); shown in the public log.
    source = models.CharField(_("source"), max_length=40, default="moderation")
    content_kind = models.CharField(_("content"), max_length=40, default="member")
    content_id = models.PositiveBigIntegerField(null=True, blank=True)
    # What "hide" hid, so that lifting it shows exactly that again.
    hidden_message_ids = models.JSONField(default=list, blank=True)
    hidden_recommendation_ids = models.JSONField(default=list, blank=True)
    hidden_profile_text = models.BooleanField(default=False)
    reports = models.ManyToManyField(
        "messaging.Report", blank=True, related_name="moderation_actions"
    )
    # For LIFT and CONFIRM: the action the appeal was about.
    reviews = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reviewed_by",
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    # Set when the e-mail to the member went out, so a retried task never mails twice.
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        indexes = [models.Index(fields=["member", "action", "lifted_at"])]

    def __str__(self) -> str:
        return f"{self.action} ({self.ground}) → {self.member_id}"

    @property
    def is_sanction(self) -> bool:
        return self.action in SANCTIONS


class Appeal(models.Model):
    """The member's objection to a sanction. Goes to a moderator other than the one who
    decided, where one exists."""

    action = models.OneToOneField(ModerationAction, on_delete=models.CASCADE, related_name="appeal")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("your appeal"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appeals_assigned",
        verbose_name=_("assigned to"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.OneToOneField(
        ModerationAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appeal_decided",
    )
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | Q(decision__isnull=False),
                name="appeal_decided_with_decision",
            )
        ]

    def __str__(self) -> str:
        return f"appeal on {self.action_id}"
