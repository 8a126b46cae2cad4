"""Circles: communities of peers who want to grow together, in one city or online.

A circle has a purpose and a short list of stated values every member agrees to on joining
(the agreement is recorded on the membership). Open circles take join requests, closed ones
invitations; moderators admit. The board is strictly chronological: no ranking, likes or counts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Access(models.TextChoices):
    OPEN = "open", _("Open: anyone may ask to join")
    CLOSED = "closed", _("Closed: by invitation only")


class Role(models.TextChoices):
    FOUNDER = "founder", _("Founder")
    MODERATOR = "moderator", _("Moderator")
    MEMBER = "member", _("Member")


# Roles that may admit, decline, invite, remove and edit.
MODERATING_ROLES = (Role.FOUNDER, Role.MODERATOR)


class JoinedVia(models.TextChoices):
    FOUNDED = "founded", _("Founded the circle")
    REQUEST = "request", _("Asked to join and was admitted")
    INVITATION = "invitation", _("Was invited")


class Circle(models.Model):
    name = models.CharField(_("name"), max_length=120)
    purpose = models.TextField(_("purpose"))
    # A short list of sentences; every member agrees to them on joining.
    values = models.JSONField(_("stated values"), default=list)
    city = models.CharField(_("city"), max_length=100, blank=True)
    is_online = models.BooleanField(_("meets online"), default=False)
    access = models.CharField(_("who may join"), max_length=10, choices=Access.choices)
    topics = models.ManyToManyField(
        "topics.Topic", blank=True, related_name="circles", verbose_name=_("topics")
    )
    founder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="circles_founded",
        verbose_name=_("founder"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("circle")
        verbose_name_plural = _("circles")
        constraints = [
            models.CheckConstraint(
                condition=~Q(city="") | Q(is_online=True), name="circle_city_or_online"
            ),
        ]
        indexes = [models.Index(fields=["city"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("circles:detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.access == Access.CLOSED


class Membership(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_via = models.CharField(max_length=12, choices=JoinedVia.choices)
    # Who let the member in (a moderator, or the member who invited them); None for the founder.
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The values exactly as the member agreed to them, and when.
    agreed_values = models.JSONField(default=list)
    agreed_at = models.DateTimeField()
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["circle", "member"], name="membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.circle_id} ({self.role})"

    @property
    def moderates(self) -> bool:
        return self.role in MODERATING_ROLES


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    ADMITTED = "admitted", _("Admitted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    """A member asks to join an open circle, agreeing to its values; a moderator decides."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="join_requests")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_join_requests"
    )
    note = models.TextField(_("a word to the moderators"), blank=True)
    agreed_values = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "applicant"],
                condition=Q(status="pending"),
                name="join_request_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id} → {self.circle_id} ({self.status})"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class CircleInvitation(models.Model):
    """A moderator invites an existing member (the way into a closed circle)."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="invitations")
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("circle invitation")
        verbose_name_plural = _("circle invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "invitee"],
                condition=Q(status="pending"),
                name="circle_invitation_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitee_id} invited to {self.circle_id} ({self.status})"


class EmailInvitation(models.Model):
    """A moderator invited someone who is not a member yet, by e-mail, through the
    invitations app (its quota, expiry and trust edge apply). When that person signs up with
    the link, the circle invitation is waiting for them (`services.welcome_invited`)."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="email_invitations")
    invitation = models.OneToOneField(
        "invitations.Invitation", on_delete=models.CASCADE, related_name="circle_invitation"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("circle invitation by e-mail")
        verbose_name_plural = _("circle invitations by e-mail")

    def __str__(self) -> str:
        return f"invitation {self.invitation_id} into {self.circle_id}"


class PostIntent(models.TextChoices):
    """What a board post wants, shown on every post (like a message's intent). No offers:
    a circle is for growing together, not for pitching."""

    QUESTION = "question", _("Question")
    ADVICE = "advice", _("Advice")
    HELP = "help", _("Asking for help")
    REPORT = "report", _("Report from a meeting")
    GOAL = "goal", _("Goal")


class Post(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_posts"
    )
    intent = models.CharField(_("intent"), max_length=10, choices=PostIntent.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)
    # A moderator's removal keeps the row (the board says that and why something was removed).
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]  # strictly chronological, nothing else
        verbose_name = _("board post")
        verbose_name_plural = _("board posts")
        indexes = [models.Index(fields=["circle", "created_at"])]

    def __str__(self) -> str:
        return f"{self.intent} by {self.author_id} in {self.circle_id}"


class ActionKind(models.TextChoices):
    ADMIT = "admit", _("Admitted a member")
    DECLINE = "decline", _("Declined a join request")
    INVITE = "invite", _("Invited a member")
    REMOVE_POST = "remove_post", _("Removed a post")
    REMOVE_MEMBER = "remove_member", _("Removed a member")
    APPOINT = "appoint", _("Appointed a moderator")
    DISMISS = "dismiss", _("Ended a moderator role")
    EDIT = "edit", _("Edited the circle")


class CircleAction(models.Model):
    """The circle's own moderation record: who did what, to whom, and why. Moderators of the
    circle read it; removals with their reason also go to the site's moderation log once the
    moderation app offers one."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="actions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ActionKind.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("circle moderation record")
        verbose_name_plural = _("circle moderation records")

    def __str__(self) -> str:
        return f"{self.kind} in {self.circle_id} by {self.actor_id}"
