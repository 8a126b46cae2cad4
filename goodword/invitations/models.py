"""Invitations: who brought whom in, the sign-up requests of a "request" instance, and what
moderation did to the members a branch of the invitation tree brought in.

The rules (quota, expiry, the trust edge, the branch rule) are in docs/invitations.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rules import ACTION_WORDS, GROUND_WORDS


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Channel(models.TextChoices):
    EMAIL = "email", _("by e-mail")
    LINK = "link", _("as a link to hand over in person")


class Invitation(models.Model):
    """One invitation from `inviter`: by e-mail to `email`, or as a link handed over in person.

    The link carries a token derived from `nonce` and the site's secret key
    (`services.invitation_token`); only its SHA-256 (`token_hash`) is stored to look it up.
    Accepted once (`invitee`), it is a branch of the invitation tree and, unless the invitee
    declined it or it came from an approved sign-up request, a modest public trust edge.
    """

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    channel = models.CharField(_("how"), max_length=8, choices=Channel.choices)
    email = models.EmailField(_("e-mail address"), blank=True)
    note = models.CharField(_("how you know each other"), max_length=300, blank=True)
    nonce = models.CharField(max_length=32, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    invitee = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitation_received",
        verbose_name=_("invitee"),
    )
    # The invitee said no to the trust edge; the tree keeps the branch.
    edge_declined_at = models.DateTimeField(null=True, blank=True)
    recommendation_asked_at = models.DateTimeField(null=True, blank=True)
    # Set when the invitation is the approval of a sign-up request: no trust edge then.
    join_request = models.OneToOneField(
        "JoinRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=8, blank=True)
    # When each e-mail went out, so that a retried task never sends it twice.
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    asked_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(condition=~Q(inviter=F("invitee")), name="invitation_not_self"),
            models.CheckConstraint(
                condition=Q(status="accepted", invitee__isnull=False)
                | (~Q(status="accepted") & Q(invitee__isnull=True)),
                name="invitation_accepted_has_invitee",
            ),
        ]
        indexes = [
            models.Index(fields=["inviter", "status"]),
            models.Index(fields=["email", "status"]),
        ]

    def __str__(self) -> str:
        return f"Invitation #{self.pk} ({self.status})"

    def is_expired(self, now=None) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at <= (
            now or timezone.now()
        )

    @property
    def gives_edge(self) -> bool:
        """Whether the accepted invitation is a trust edge now."""
        return (
            self.status == InvitationStatus.ACCEPTED
            and self.edge_declined_at is None
            and self.join_request_id is None
        )


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")


class JoinRequest(models.Model):
    """Someone asks to join an instance in "request" mode. Approval sends an invitation from
    the approver, who then stands in the tree as the newcomer's inviter."""

    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("your name"), max_length=120)
    note = models.TextField(_("what brings you here"), max_length=1000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-up request")
        verbose_name_plural = _("sign-up requests")
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(status="pending"),
                name="joinrequest_one_pending_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"JoinRequest #{self.pk} ({self.status})"


class BranchSanction(models.Model):
    """A sanction of a member who came in by invitation, with the two members above them in
    the tree at that moment: the inviter is told, and the branch rule counts these rows while
    the sanction stands (not lifted)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    grand_inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20)
    ground = models.CharField(max_length=60, blank=True)
    # The moderation log entry of the sanction, so that lifting it finds this row.
    action_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the sanction was overturned: it no longer counts for the branch rule.
    lifted_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    lift_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["inviter", "created_at"]),
            models.Index(fields=["grand_inviter", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"BranchSanction #{self.pk}: {self.action}"

    @property
    def action_words(self):
        """Words for the action (lazy: rendered in the reader's language)."""
        return ACTION_WORDS.get(self.action, self.action)

    @property
    def ground_words(self):
        return GROUND_WORDS.get(self.ground, self.ground)


class InvitationRightsLoss(models.Model):
    """A member whose branch kept producing sanctioned accounts may not invite (nor approve
    sign-up requests). An operator restores the rights by deleting the row in the admin."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sanctioned_members = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lost invitation rights")
        verbose_name_plural = _("lost invitation rights")

    def __str__(self) -> str:
        return f"InvitationRightsLoss #{self.pk}"
