"""Projects: a short collaboration of specialists who barely know each other ("Jongleure statt
Puzzler"). A member describes the problem and answers the three questions, names the seats
(one topic each), and fills them through borrowed trust: candidates ranked from the owner's
position, introductions by mutual contacts, invitations where contact is earned, and members
who ask to join. Supporters vouch for the owner; closing asks each member once how it went."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    NETWORK = "network", _("My network: people I trust and their trusted contacts")
    CIRCLES = "circles", _("My circles: members of the circles I belong to")
    MEMBERS = "members", _("All members")


VISIBILITY_FOR_OTHERS = {
    Visibility.NETWORK: _("Visible to the owner's trusted contacts and theirs"),
    Visibility.CIRCLES: _("Visible to the members of the owner's circles"),
    Visibility.MEMBERS: _("Visible to all members"),
}


class Pay(models.TextChoices):
    PAID = "paid", _("Paid")
    UNPAID = "unpaid", _("Unpaid")
    SHARED = "shared", _("Shared: costs and results are split")


class ProjectStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class Project(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="projects_owned",
        verbose_name=_("started by"),
    )
    title = models.CharField(_("project"), max_length=120)
    problem = models.TextField(_("the problem"))
    why_important = models.TextField(_("why it matters"))
    why_solvable = models.TextField(_("why it can be solved"))
    why_me = models.TextField(_("why I am the right person"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    city = models.CharField(_("place"), max_length=100, blank=True)
    remote = models.BooleanField(_("remote"), default=False)
    pay = models.CharField(_("pay"), max_length=10, choices=Pay.choices)
    visibility = models.CharField(
        _("who may see it"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    # What the owner does in the team ("who does what"); each seat has its own line.
    owner_task = models.CharField(_("what I do"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.OPEN
    )
    conversation = models.OneToOneField(
        "messaging.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project",
    )
    # The team's meetings (`goodword.meetings`): made when the team schedules its first one.
    meeting_group = models.OneToOneField(
        "meetings.MeetingGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="project_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "visibility", "created_at"]),
            models.Index(fields=["owner", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def visibility_for_others(self) -> str:
        """Who may see this project, in words for a reader who is not its owner."""
        return str(VISIBILITY_FOR_OTHERS[self.visibility])

    @property
    def is_open(self) -> bool:
        return self.status == ProjectStatus.OPEN


class ProjectValue(models.Model):
    """One value the team works by: chosen from the suggestions or written by the owner."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="values")
    text = models.CharField(_("value"), max_length=160)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("value")
        verbose_name_plural = _("values")

    def __str__(self) -> str:
        return self.text


class Seat(models.Model):
    """One speciality the project needs: a topic, what the seat does, and who sits in it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="seats")
    topic = models.ForeignKey(
        "topics.Topic", on_delete=models.PROTECT, related_name="+", verbose_name=_("topic")
    )
    task = models.CharField(_("what this seat does"), max_length=200, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_seats",
        verbose_name=_("member"),
    )
    filled_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "member"],
                condition=Q(member__isnull=False),
                name="seat_one_per_member_and_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} in {self.project_id}"

    @property
    def is_filled(self) -> bool:
        return self.member_id is not None


class ApplicationKind(models.TextChoices):
    INVITE = "invite", _("Invited by the owner")
    ASK = "ask", _("Asked to join")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    """A member for a seat: invited by the owner (the member answers) or asking to join (the
    owner answers). Accepting fills the seat."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="applications")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_applications"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ApplicationKind.choices)
    text = models.TextField(_("note"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["seat", "member"],
                condition=Q(status="pending"),
                name="application_one_pending_per_seat_and_member",
            ),
        ]
        indexes = [models.Index(fields=["member", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.member_id} → seat {self.seat_id} ({self.status})"


class SupportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the owner's consent")
    ACCEPTED = "accepted", _("Shown on the project")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Support(models.Model):
    """ "I think Lena is the right person, because …": the third question answered by someone
    else. Shown on the project once the owner consents."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="supports")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_supports"
    )
    text = models.TextField(_("because …"))
    status = models.CharField(
        _("status"), max_length=10, choices=SupportStatus.choices, default=SupportStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "author"],
                condition=Q(status__in=["pending", "accepted"]),
                name="support_one_active_per_author",
            ),
        ]

    def __str__(self) -> str:
        return f"support by {self.author_id} for {self.project_id} ({self.status})"


class IntroRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the contact")
    DONE = "done", _("Introduced")
    DECLINED = "declined", _("Declined")


class IntroRequest(models.Model):
    """The owner asks a mutual contact to introduce them to a candidate for a seat. The contact
    answers with an ordinary introduction (`goodword.introductions`), which both must accept."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="intro_requests")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_intro_requests"
    )
    note = models.TextField(_("note"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=IntroRequestStatus.choices,
        default=IntroRequestStatus.PENDING,
    )
    introduction = models.OneToOneField(
        "introductions.Introduction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_request",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("introduction request")
        verbose_name_plural = _("introduction requests")
        constraints = [
            models.UniqueConstraint(
                fields=["seat", "candidate", "contact"],
                condition=Q(status="pending"),
                name="intro_request_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(candidate=F("contact")), name="intro_request_contact_not_candidate"
            ),
        ]

    def __str__(self) -> str:
        return f"intro {self.contact_id}: {self.candidate_id} for seat {self.seat_id}"


class FollowupAnswer(models.TextChoices):
    RECOMMENDED = "recommended", _("Wrote a recommendation")
    MARKED = "marked", _("Set a private mark")
    NOTHING = "nothing", _("Nothing")


class Followup(models.Model):
    """After closing: what `member` chose to say about `teammate`. Seen by `member` only (it
    may name a private mark)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="followups")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_followups"
    )
    teammate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    answer = models.CharField(max_length=12, choices=FollowupAnswer.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "member", "teammate"], name="followup_once_per_teammate"
            ),
            models.CheckConstraint(
                condition=~Q(member=F("teammate")), name="followup_not_about_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"followup {self.member_id} on {self.teammate_id} in {self.project_id}"
