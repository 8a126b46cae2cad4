"""Meetings: meetings of a circle or of a group of members (a project's team, say) with RSVPs,
a waiting list and a growth round, one-to-one "Kennenlernen" between two members, and each
member's private calendar feed.

Times are stored in UTC with the time zone the organiser chose (`time_zone`), so that pages,
e-mails and calendar files show the local time of the place where people meet.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingGroup(models.Model):
    """Members who meet without being a circle, e.g. a project's team. The app that owns the
    group (projects) creates it and keeps its members in step, through the meetings services;
    the meetings app never imports that app. Only the group's members see its meetings; each
    member may schedule one; hosts and the meeting's organiser change or cancel it."""

    name = models.CharField(_("name"), max_length=160)
    # The page the group lives on (e.g. a project's team space), linked from its meetings.
    home_path = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting group")
        verbose_name_plural = _("meeting groups")

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(MeetingGroup, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_groups"
    )
    is_host = models.BooleanField(default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="group_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in group {self.group_id}"


class Meeting(models.Model):
    # A meeting belongs to a circle or to a group, never both (`meeting_one_audience`).
    circle = models.ForeignKey(
        "circles.Circle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("circle"),
    )
    group = models.ForeignKey(
        MeetingGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("group"),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="meetings_organised",
        verbose_name=_("organiser"),
    )
    title = models.CharField(_("title"), max_length=160)
    agenda = models.TextField(_("agenda"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    place = models.CharField(_("place (address)"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    # None: no limit. Only "yes" answers take a seat.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    growth_round = models.BooleanField(_("growth round"), default=True)
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    cancel_reason = models.TextField(blank=True)
    # iCalendar SEQUENCE: goes up with every change that calendars must pick up.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""), name="meeting_place_or_link"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="meeting_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(circle__isnull=False, group__isnull=True)
                | Q(circle__isnull=True, group__isnull=False),
                name="meeting_one_audience",
            ),
        ]
        indexes = [
            models.Index(fields=["circle", "starts_at"]),
            models.Index(fields=["group", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_name(self) -> str:
        """The circle's or the group's name."""
        return str(self.circle if self.circle_id else self.group)

    @property
    def audience_path(self) -> str:
        """Where the circle or group lives (the circle's page, a team space)."""
        if self.circle_id:
            return reverse("circles:detail", args=[self.circle_id])
        return self.group.home_path if self.group_id else ""

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class Answer(models.TextChoices):
    YES = "yes", _("Yes, I’ll come")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No")


class Rsvp(models.Model):
    """One member's answer to one meeting. A "yes" beyond the capacity waits (`waiting`), in
    the order of `waiting_since`, for a seat that someone gives up."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_rsvps"
    )
    answer = models.CharField(_("answer"), max_length=5, choices=Answer.choices)
    waiting = models.BooleanField(default=False)
    waiting_since = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField()
    # Claims: the reminder goes out at most once per member and meeting.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["answered_at", "pk"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="rsvp_once"),
            models.CheckConstraint(
                condition=Q(waiting=False) | Q(answer="yes"), name="rsvp_only_yes_waits"
            ),
        ]
        indexes = [models.Index(fields=["meeting", "answer", "waiting"])]

    def __str__(self) -> str:
        waiting = " (waiting)" if self.waiting else ""
        return f"{self.member_id} → {self.meeting_id}: {self.answer}{waiting}"

    @property
    def has_seat(self) -> bool:
        return self.answer == Answer.YES and not self.waiting


class Goal(models.Model):
    """Growth round: what an attendee wants help with at this meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="goals")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_goals"
    )
    text = models.TextField(_("my goal"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="goal_once")]

    def __str__(self) -> str:
        return f"{self.member_id} at {self.meeting_id}"


class HelpNote(models.Model):
    """After a meeting, an attendee's private note that `helper` helped them. Seen by its
    author only; it prompts a thank-you or a recommendation and changes nothing for others."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="help_notes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_help_notes"
    )
    helper = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member", "helper"], name="help_note_once"),
            models.CheckConstraint(condition=~Q(member=F("helper")), name="help_note_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.helper_id} helped {self.member_id} at {self.meeting_id}"


class OneToOneStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Agreed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OneToOne(models.Model):
    """A one-to-one "Kennenlernen": one member proposes times, the other accepts one or
    declines; afterwards each may say that they now know the other personally."""

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="one_to_ones_proposed"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="one_to_ones_received"
    )
    note = models.TextField(_("why you would like to meet"))
    place = models.CharField(_("place (address)"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=60)
    status = models.CharField(
        max_length=10, choices=OneToOneStatus.choices, default=OneToOneStatus.PROPOSED
    )
    starts_at = models.DateTimeField(null=True, blank=True)  # the time accepted
    decline_note = models.TextField(blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # "We now know each other personally", each side for themselves.
    proposer_knows_at = models.DateTimeField(null=True, blank=True)
    invitee_knows_at = models.DateTimeField(null=True, blank=True)
    # Claim: the reminder to both goes out at most once.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("one-to-one")
        verbose_name_plural = _("one-to-ones")
        constraints = [
            models.CheckConstraint(
                condition=~Q(proposer=F("invitee")), name="one_to_one_two_members"
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(starts_at__isnull=False),
                name="one_to_one_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15) & Q(duration_minutes__lte=480),
                name="one_to_one_duration_range",
            ),
        ]
        indexes = [
            models.Index(fields=["proposer", "status"]),
            models.Index(fields=["invitee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.proposer_id} ↔ {self.invitee_id} ({self.status})"

    def other(self, user):
        return self.invitee if user.pk == self.proposer_id else self.proposer

    @property
    def ends_at(self):
        if self.starts_at is None:
            return None
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def know_each_other(self) -> bool:
        return bool(self.proposer_knows_at and self.invitee_knows_at)

    def knows_at(self, user):
        return self.proposer_knows_at if user.pk == self.proposer_id else self.invitee_knows_at


class ProposedTime(models.Model):
    one_to_one = models.ForeignKey(OneToOne, on_delete=models.CASCADE, related_name="times")
    starts_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["one_to_one", "starts_at"], name="proposed_time_once")
        ]

    def __str__(self) -> str:
        return f"{self.one_to_one_id} @ {self.starts_at.isoformat()}"


class CalendarFeed(models.Model):
    """A member's private iCal feed. Only the SHA-256 hash of the secret is stored; a new
    secret replaces the old one, so a leaked address is revoked by making a new one."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed of {self.member_id}"
