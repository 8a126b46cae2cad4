"""Every write on projects, seats, applications, supporters, introduction requests and the
follow-up after closing.

Contact rules, as for requests (docs/contact-rules.md, "Projects"): asking to join a seat is an
answer, not a pitch, so it needs what an offer on a request needs (the owner already trusts the
member, public facts only); inviting someone needs what starting a conversation needs
(`messaging.rules.can_contact`); nothing new reaches a member across a block
(`core.members.require_reach`). A refusal raises before anything is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from goodword.core.members import may_reach, require_reach, trusts
from goodword.introductions import services as introductions
from goodword.meetings import services as meetings
from goodword.meetings.models import Meeting
from goodword.messaging import privileges, rules
from goodword.messaging import services as messaging
from goodword.messaging.models import Intent, Origin
from goodword.notifications.models import Kind as NoticeKind
from goodword.notifications.services import notify
from goodword.recommendations import services as recommendations
from goodword.topics.services import get_or_create_topic
from goodword.trust import services as trust
from goodword.trust.models import TrustMark
from goodword.trust.queries import is_trusted_contact

from .models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Followup,
    FollowupAnswer,
    IntroRequest,
    IntroRequestStatus,
    Pay,
    Project,
    ProjectStatus,
    ProjectValue,
    Seat,
    Support,
    SupportStatus,
    Visibility,
)

TITLE_MAX = 120
TEXT_MIN = 20
TEXT_MAX = 2000
NOTE_MIN = 20
NOTE_MAX = 1000
SEATS_MAX = 8
VALUES_MAX = 8
VALUE_MAX = 160
TASK_MAX = 200
CITY_MAX = 100


def _limit(user, action: str, used, message: str | None = None) -> None:
    """Refuse when the member's recent actions (`used`, counted under the member's lock) reach
    the limit of their tier (`messaging.privileges`)."""
    allowed, limit = privileges.within_limit(user, action, used)
    if not allowed:
        raise ValidationError(
            (
                message
                or _(
                    "You have reached your account’s limit for now (%(limit)s in 24 hours). "
                    "Limits grow as members recommend you."
                )
            )
            % {"limit": limit}
        )


def _since():
    return timezone.now() - privileges.WINDOW


def _clean_note(text: str, field: str = "text") -> str:
    text = (text or "").strip()
    if len(text) < NOTE_MIN or len(text) > NOTE_MAX:
        raise ValidationError(
            {
                field: [
                    _("Please write %(min)s to %(max)s characters.")
                    % {"min": NOTE_MIN, "max": NOTE_MAX}
                ]
            }
        )
    return text


def _clean_seats(seats: Iterable, errors: dict) -> list[tuple[str, str]]:
    cleaned: list[tuple[str, str]] = []
    seen: set[str] = set()
    for entry in seats or ():
        name, task = (entry, "") if isinstance(entry, str) else (entry[0], entry[1])
        name = " ".join(str(name or "").split())
        task = (task or "").strip()
        if not name:
            continue
        if len(name) > 60:
            errors["seats"] = [_("A topic can be at most 60 characters long.")]
        if len(task) > TASK_MAX:
            errors["seats"] = [
                _("Say what a seat does in at most %(max)s characters.") % {"max": TASK_MAX}
            ]
        if name.casefold() in seen:
            errors["seats"] = [
                _("Each speciality needs only one seat: “%(name)s” is there twice.")
                % {"name": name}
            ]
        seen.add(name.casefold())
        cleaned.append((name, task))
    if not cleaned:
        errors["seats"] = [_("Please name at least one speciality the project needs.")]
    elif len(cleaned) > SEATS_MAX:
        errors["seats"] = [_("At most %(max)s seats, please.") % {"max": SEATS_MAX}]
    return cleaned


def _clean_values(values: Iterable[str], errors: dict) -> list[str]:
    cleaned: list[str] = []
    seen: set[str] = set()
    for value in values or ():
        value = " ".join(str(value or "").split())
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            cleaned.append(value)
    if any(len(v) > VALUE_MAX for v in cleaned):
        errors["values"] = [_("A value can be at most %(max)s characters long.") % {"max": 160}]
    elif len(cleaned) > VALUES_MAX:
        errors["values"] = [_("At most %(max)s values, please.") % {"max": VALUES_MAX}]
    elif not cleaned:
        errors["values"] = [_("Please choose or write at least one value the team will work by.")]
    return cleaned


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


@transaction.atomic
def create_project(
    owner,
    *,
    title: str,
    problem: str,
    why_important: str,
    why_solvable: str,
    why_me: str,
    starts_on,
    ends_on,
    city: str = "",
    remote: bool = False,
    pay: str = "",
    visibility: str = Visibility.NETWORK,
    values: Iterable[str] = (),
    seats: Iterable = (),
    owner_task: str = "",
) -> Project:
    """Describe a project: the problem, the three questions answered, a time frame, a place or
    remote, pay, the values and at least one seat (a topic each). One `ValidationError` lists
    every problem; nothing is written then."""
    errors: dict[str, list] = {}
    title = (title or "").strip()
    city = (city or "").strip()
    owner_task = (owner_task or "").strip()
    if not title:
        errors["title"] = [_("Please give the project a short name.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("At most %(max)s characters, please.") % {"max": TITLE_MAX}]
    texts = {}
    for field, given, empty in (
        ("problem", problem, _("Please describe the problem.")),
        ("why_important", why_important, _("Please say why the problem matters.")),
        ("why_solvable", why_solvable, _("Please say why it can be solved.")),
        ("why_me", why_me, _("Please say why you are the right person.")),
    ):
        text = (given or "").strip()
        if not text:
            errors[field] = [empty]
        elif len(text) < TEXT_MIN or len(text) > TEXT_MAX:
            errors[field] = [
                _("Please write %(min)s to %(max)s characters.")
                % {"min": TEXT_MIN, "max": TEXT_MAX}
            ]
        texts[field] = text
    start, end = _as_date(starts_on), _as_date(ends_on)
    if start is None:
        errors["starts_on"] = [_("Please give the day the project starts.")]
    if end is None:
        errors["ends_on"] = [_("Please give the day the project ends.")]
    elif start is not None and end < start:
        errors["ends_on"] = [_("The project cannot end before it starts.")]
    elif end < timezone.localdate():
        errors["ends_on"] = [_("This day has passed: a project looks ahead.")]
    if not city and not remote:
        errors["city"] = [_("Please give a place, or say that the project works remotely.")]
    elif len(city) > CITY_MAX:
        errors["city"] = [_("At most %(max)s characters, please.") % {"max": CITY_MAX}]
    if pay not in Pay.values:
        errors["pay"] = [_("Please say whether the project is paid, unpaid or shared.")]
    if visibility not in Visibility.values:
        errors["visibility"] = [_("Please choose who may see your project.")]
    if len(owner_task) > TASK_MAX:
        errors["owner_task"] = [_("At most %(max)s characters, please.") % {"max": TASK_MAX}]
    cleaned_values = _clean_values(values, errors)
    cleaned_seats = _clean_seats(seats, errors)
    if errors:
        raise ValidationError(errors)
    _limit(
        owner,
        privileges.REQUEST,
        Project.objects.filter(owner=owner, created_at__gte=_since()),
    )
    project = Project.objects.create(
        owner=owner,
        title=title,
        starts_on=start,
        ends_on=end,
        city=city,
        remote=remote,
        pay=pay,
        visibility=visibility,
        owner_task=owner_task,
        **texts,
    )
    ProjectValue.objects.bulk_create(
        [ProjectValue(project=project, text=v, position=i) for i, v in enumerate(cleaned_values)]
    )
    Seat.objects.bulk_create(
        [
            Seat(project=project, topic=get_or_create_topic(name), task=task, position=i)
            for i, (name, task) in enumerate(cleaned_seats)
        ]
    )
    return project


def _locked_project(project: Project) -> Project:
    return Project.objects.select_for_update(of=("self",)).get(pk=project.pk)


def _require_owner(project: Project, user, message: str) -> None:
    if project.owner_id != user.pk:
        raise PermissionDenied(message)


def _require_open(project: Project) -> None:
    if not project.is_open:
        raise ValidationError(_("This project is closed."))


@transaction.atomic
def add_seat(project: Project, owner, topic_name: str, task: str = "") -> Seat:
    """The owner adds a seat to an open project."""
    project = _locked_project(project)
    _require_owner(project, owner, _("Only the owner can add seats."))
    _require_open(project)
    errors: dict[str, list] = {}
    cleaned = _clean_seats([(topic_name, task)], errors)
    if not errors and project.seats.count() >= SEATS_MAX:
        errors["seats"] = [_("At most %(max)s seats, please.") % {"max": SEATS_MAX}]
    if errors:
        raise ValidationError(errors)
    name, task = cleaned[0]
    topic = get_or_create_topic(name)
    if project.seats.filter(topic=topic).exists():
        raise ValidationError({"seats": [_("This project already has a seat for this topic.")]})
    position = (project.seats.order_by("-position").values_list("position", flat=True).first()) or 0
    return Seat.objects.create(project=project, topic=topic, task=task, position=position + 1)


@transaction.atomic
def remove_seat(seat: Seat, owner) -> None:
    """The owner removes a seat nobody sits in; its open invitations and requests end."""
    project = _locked_project(seat.project)
    _require_owner(project, owner, _("Only the owner can remove seats."))
    _require_open(project)
    seat = Seat.objects.select_for_update(of=("self",)).get(pk=seat.pk)
    if seat.is_filled:
        raise ValidationError(_("Somebody sits in this seat: it stays."))
    if project.seats.count() <= 1:
        raise ValidationError(_("A project needs at least one seat."))
    seat.delete()


def team_members(project: Project) -> list:
    """The owner first, then the members in the seats, in seat order."""
    seats = project.seats.filter(member__isnull=False).select_related("member__profile")
    members = [project.owner]
    for seat in seats:
        if seat.member_id not in {m.pk for m in members}:
            members.append(seat.member)
    return members


def is_team_member(project: Project, user) -> bool:
    return project.owner_id == user.pk or project.seats.filter(member_id=user.pk).exists()


def _check_seat_open(seat: Seat, member) -> None:
    _require_open(seat.project)
    if seat.is_filled:
        raise ValidationError(_("This seat is already filled."))
    if member.pk == seat.project.owner_id:
        raise ValidationError(_("This is your own project: you are in the team already."))
    if seat.project.seats.filter(member_id=member.pk).exists():
        raise ValidationError(_("%(name)s already has a seat in this project.") % {"name": member})


def join_refusal(project: Project) -> str:
    """Why a member may not ask to join: the same words as a refused offer on a request."""
    return _(
        "You can ask to join only the projects of members who already trust you. To join "
        "%(name)s’s project, ask someone you both know to introduce you."
    ) % {"name": project.owner}


def may_ask_to_join(project: Project, member) -> bool:
    """The owner trusts the member through public facts (`core.members.trusts`): the rule for
    offers on requests, so a project cannot be used to pitch a stranger."""
    return trusts(project.owner, member)


def matches_seat(seat: Seat, member) -> bool:
    """The member works on the seat's topic: it is on their profile, or a public
    recommendation praises them for it."""
    profile = getattr(member, "profile", None)
    if profile is not None and profile.topics.filter(pk=seat.topic_id).exists():
        return True
    return member.recommendations_received.filter(status="accepted", topics=seat.topic).exists()


def _notify_url(project: Project) -> str:
    return reverse("projects:detail", args=[project.pk])


@transaction.atomic
def ask_to_join(seat: Seat, member, text: str) -> Application:
    """A member whose topics match asks to join a seat: an answer to the project, not a pitch.
    Allowed only if the owner already trusts the member (as an offer on a request)."""
    text = _clean_note(text)
    seat = (
        Seat.objects.select_for_update(of=("self",))
        .select_related("project__owner")
        .get(pk=seat.pk)
    )
    project = seat.project
    _check_seat_open(seat, member)
    require_reach(member, project.owner)
    if not matches_seat(seat, member):
        raise ValidationError(
            _(
                "This seat is for “%(topic)s”. Members whose topics match can ask to join: add "
                "the topic to your profile if it is your field."
            )
            % {"topic": seat.topic}
        )
    if not may_ask_to_join(project, member):
        raise PermissionDenied(join_refusal(project))
    _limit(
        member,
        privileges.ANSWER,
        Application.objects.filter(
            member=member, kind=ApplicationKind.ASK, created_at__gte=_since()
        ),
    )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                seat=seat, member=member, kind=ApplicationKind.ASK, text=text
            )
    except IntegrityError as exc:
        raise ValidationError(_("You have already asked to join this seat.")) from exc
    notify(project.owner, NoticeKind.PROJECT_APPLICATION, member, _notify_url(project))
    return application


@transaction.atomic
def invite(seat: Seat, owner, member, text: str) -> Application:
    """The owner invites a member to a seat, where the contact rules let the owner write to
    them (`messaging.rules.can_contact`); otherwise ask a mutual contact for an introduction."""
    text = _clean_note(text)
    seat = (
        Seat.objects.select_for_update(of=("self",))
        .select_related("project__owner")
        .get(pk=seat.pk)
    )
    project = seat.project
    _require_owner(project, owner, _("Only the owner can invite members to a project."))
    _check_seat_open(seat, member)
    decision = rules.can_contact(owner, member, Intent.QUESTION)
    if not decision.allowed:
        raise rules.ContactRefused(decision)
    _limit(
        owner,
        privileges.CONVERSATION,
        Application.objects.filter(
            seat__project__owner=owner, kind=ApplicationKind.INVITE, created_at__gte=_since()
        ),
    )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                seat=seat, member=member, kind=ApplicationKind.INVITE, text=text
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already invited %(name)s to this seat.") % {"name": member}
        ) from exc
    notify(member, NoticeKind.PROJECT_INVITATION, owner, _notify_url(project))
    return application


def _decider(application: Application):
    """Who answers: the invited member, or the owner for a member who asked."""
    if application.kind == ApplicationKind.INVITE:
        return application.member_id
    return application.seat.project.owner_id


def _locked_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("seat__project__owner", "member__profile")
        .get(pk=application.pk)
    )


@transaction.atomic
def accept_application(application: Application, user) -> Application:
    """The invited member accepts, or the owner accepts a member who asked: the seat is
    filled. When the last seat fills, the team conversation opens; later members join it."""
    application = _locked_application(application)
    if _decider(application) != user.pk:
        raise PermissionDenied(_("Only the one who was asked can answer."))
    project = _locked_project(application.seat.project)
    seat = Seat.objects.select_for_update(of=("self",)).get(pk=application.seat_id)
    seat.project = project
    # The seat first: "already filled" says more than "already answered" (the other open
    # applications for a seat end when it fills).
    _check_seat_open(seat, application.member)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This has already been answered."))
    other = project.owner if user.pk == application.member_id else application.member
    require_reach(user, other)
    now = timezone.now()
    seat.member = application.member
    seat.filled_at = now
    seat.save(update_fields=["member", "filled_at"])
    application.status = ApplicationStatus.ACCEPTED
    application.decided_at = now
    application.save(update_fields=["status", "decided_at"])
    # The seat is taken, and the member sits in one seat only: the other open ones end.
    Application.objects.filter(status=ApplicationStatus.PENDING).filter(seat=seat).update(
        status=ApplicationStatus.DECLINED, decided_at=now
    )
    Application.objects.filter(
        status=ApplicationStatus.PENDING, seat__project=project, member=application.member
    ).update(status=ApplicationStatus.WITHDRAWN, decided_at=now)
    notify(other, NoticeKind.PROJECT_SEAT_FILLED, user, _notify_url(project))
    _open_team_space(project, application.member)
    if project.meeting_group_id:
        meetings.add_group_member(project.meeting_group, application.member)
    return application


def _open_team_space(project: Project, newcomer) -> None:
    if project.conversation_id:
        messaging.add_to_team_conversation(project.conversation, newcomer)
        return
    if project.seats.filter(member__isnull=True).exists():
        return
    members = team_members(project)
    project.conversation = messaging.open_conversation(
        members, origin=Origin.PROJECT, started_by=project.owner
    )
    project.save(update_fields=["conversation"])
    url = reverse("projects:team", args=[project.pk])
    for member in members:
        if member.pk != newcomer.pk and may_reach(newcomer, member):
            notify(member, NoticeKind.CONVERSATION_STARTED, project.owner, url)


@transaction.atomic
def decline_application(application: Application, user) -> Application:
    application = _locked_application(application)
    if _decider(application) != user.pk:
        raise PermissionDenied(_("Only the one who was asked can answer."))
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This has already been answered."))
    application.status = ApplicationStatus.DECLINED
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    return application


@transaction.atomic
def withdraw_application(application: Application, user) -> Application:
    """Whoever started it takes it back: the member their request, the owner an invitation."""
    application = _locked_application(application)
    starter = (
        application.seat.project.owner_id
        if application.kind == ApplicationKind.INVITE
        else application.member_id
    )
    if starter != user.pk:
        raise PermissionDenied(_("Only whoever sent it can withdraw it."))
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This has already been answered."))
    application.status = ApplicationStatus.WITHDRAWN
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    return application


# Supporters ---------------------------------------------------------------------------------


@transaction.atomic
def support_project(project: Project, author, text: str) -> Support:
    """ "I think Lena is the right person, because …". The owner decides whether it is shown."""
    text = _clean_note(text)
    if project.owner_id == author.pk:
        raise ValidationError(_("You cannot support your own project."))
    _require_open(project)
    require_reach(author, project.owner)
    # A support reaches the owner with a text: counted like an answer to a request, so a project
    # cannot become a way to send many strangers words.
    _limit(
        author,
        privileges.ANSWER,
        Support.objects.filter(author=author, created_at__gte=_since()),
    )
    try:
        with transaction.atomic():
            support = Support.objects.create(project=project, author=author, text=text)
    except IntegrityError as exc:
        raise ValidationError(_("You already support this project.")) from exc
    notify(project.owner, NoticeKind.PROJECT_SUPPORT, author, _notify_url(project))
    return support


def _locked_support(support: Support) -> Support:
    return (
        Support.objects.select_for_update(of=("self",)).select_related("project").get(pk=support.pk)
    )


@transaction.atomic
def decide_support(support: Support, owner, *, accept: bool) -> Support:
    """The owner consents to showing a support on the project, or declines it."""
    support = _locked_support(support)
    _require_owner(support.project, owner, _("Only the owner decides what the project shows."))
    if support.status != SupportStatus.PENDING:
        raise ValidationError(_("This has already been answered."))
    support.status = SupportStatus.ACCEPTED if accept else SupportStatus.DECLINED
    support.decided_at = timezone.now()
    support.save(update_fields=["status", "decided_at"])
    return support


@transaction.atomic
def withdraw_support(support: Support, author) -> Support:
    support = _locked_support(support)
    if support.author_id != author.pk:
        raise PermissionDenied(_("Only its author can withdraw a support."))
    if support.status not in (SupportStatus.PENDING, SupportStatus.ACCEPTED):
        raise ValidationError(_("This support is no longer shown."))
    support.status = SupportStatus.WITHDRAWN
    support.decided_at = timezone.now()
    support.save(update_fields=["status", "decided_at"])
    return support


# Introductions through a mutual contact ------------------------------------------------------


@transaction.atomic
def request_introduction(seat: Seat, owner, candidate, contact, note: str) -> IntroRequest:
    """The owner asks one of their trusted contacts to introduce them to a candidate. The
    contact answers with an ordinary introduction, which both must accept."""
    note = _clean_note(note, "note")
    seat = Seat.objects.select_related("project__owner").get(pk=seat.pk)
    project = seat.project
    _require_owner(project, owner, _("Only the owner can ask for introductions."))
    _check_seat_open(seat, candidate)
    if contact.pk in (owner.pk, candidate.pk):
        raise ValidationError({"contact": [_("Please choose someone who knows both of you.")]})
    require_reach(owner, contact)
    if not is_trusted_contact(owner, contact):
        raise ValidationError(
            {
                "contact": [
                    _(
                        "You can ask only your trusted contacts for an introduction: members "
                        "you recommended or trust, or who recommended you."
                    )
                ]
            }
        )
    _limit(
        owner,
        privileges.CONVERSATION,
        IntroRequest.objects.filter(seat__project__owner=owner, created_at__gte=_since()),
    )
    try:
        with transaction.atomic():
            request = IntroRequest.objects.create(
                seat=seat, candidate=candidate, contact=contact, note=note
            )
    except IntegrityError as exc:
        raise ValidationError(_("You have already asked for this introduction.")) from exc
    notify(
        contact,
        NoticeKind.PROJECT_INTRO_REQUEST,
        owner,
        reverse("projects:intro_request", args=[request.pk]),
    )
    return request


def _locked_intro_request(request: IntroRequest) -> IntroRequest:
    return (
        IntroRequest.objects.select_for_update(of=("self",))
        .select_related("seat__project__owner", "candidate", "contact")
        .get(pk=request.pk)
    )


@transaction.atomic
def introduce_for_project(request: IntroRequest, contact, note: str) -> IntroRequest:
    """The contact introduces the owner and the candidate (`introductions.introduce`: the same
    checks and notices as every introduction)."""
    request = _locked_intro_request(request)
    if request.contact_id != contact.pk:
        raise PermissionDenied(_("Only the member who was asked can answer."))
    if request.status != IntroRequestStatus.PENDING:
        raise ValidationError(_("This has already been answered."))
    introduction = introductions.introduce(
        contact, request.seat.project.owner, request.candidate, note
    )
    request.status = IntroRequestStatus.DONE
    request.introduction = introduction
    request.save(update_fields=["status", "introduction"])
    return request


@transaction.atomic
def decline_intro_request(request: IntroRequest, contact) -> IntroRequest:
    """The contact would rather not introduce them. Nobody is told why."""
    request = _locked_intro_request(request)
    if request.contact_id != contact.pk:
        raise PermissionDenied(_("Only the member who was asked can answer."))
    if request.status != IntroRequestStatus.PENDING:
        raise ValidationError(_("This has already been answered."))
    request.status = IntroRequestStatus.DECLINED
    request.save(update_fields=["status"])
    return request


# The team -----------------------------------------------------------------------------------


@transaction.atomic
def set_task(project: Project, user, task: str) -> None:
    """A team member says what they do in the team (the owner for their own part)."""
    task = (task or "").strip()
    if len(task) > TASK_MAX:
        raise ValidationError({"task": [_("At most %(max)s characters, please.") % {"max": 200}]})
    project = _locked_project(project)
    if project.owner_id == user.pk:
        project.owner_task = task
        project.save(update_fields=["owner_task"])
        return
    seat = project.seats.select_for_update(of=("self",)).filter(member_id=user.pk).first()
    if seat is None:
        raise PermissionDenied(_("Only the team can say who does what."))
    seat.task = task
    seat.save(update_fields=["task"])


def _meeting_group(project: Project):
    """The team's meeting group, made on first use and kept in step with the team: the owner
    hosts (changes or cancels any team meeting), every member of the team may schedule one."""
    team = team_members(project)
    if project.meeting_group_id is None:
        project.meeting_group = meetings.create_meeting_group(
            project.title,
            home_path=reverse("projects:team", args=[project.pk]),
            hosts=[project.owner],
            members=team[1:],
        )
        project.save(update_fields=["meeting_group"])
        return project.meeting_group
    group = project.meeting_group
    for member in team:
        meetings.add_group_member(group, member, host=member.pk == project.owner_id)
    return group


@transaction.atomic
def schedule_team_meeting(project: Project, user, **data) -> Meeting:
    """A member of the team schedules a meeting of the team (`meetings.schedule_meeting` with
    the team's group: the same checks, RSVPs, notices, reminders and calendar files as a
    circle's meeting). Only the team sees it. Refused once the project is closed."""
    project = _locked_project(project)
    if not is_team_member(project, user):
        raise PermissionDenied(_("Only the team can schedule its meetings."))
    _require_open(project)
    return meetings.schedule_meeting(user, group=_meeting_group(project), **data)


def _require_open_team(project: Project) -> None:
    if not project.is_open:
        raise ValidationError(
            _("This project is closed: the team stays as it was, for the follow-up.")
        )


def _empty_seat(project: Project, seat: Seat) -> None:
    """The member stands up: the seat is open again (new applications may fill it), and they
    leave the team conversation and the team's meeting group. Their accepted application stays
    as the record that they once sat there. The caller holds the project's and seat's locks."""
    member = seat.member
    seat.member = None
    seat.filled_at = None
    seat.save(update_fields=["member", "filled_at"])
    if project.conversation_id:
        messaging.remove_from_team_conversation(project.conversation, member)
    if project.meeting_group_id:
        meetings.remove_group_member(project.meeting_group, member)


@transaction.atomic
def leave_seat(project: Project, member) -> Seat:
    """A member in a seat of an open project leaves the team: the seat is free again, they
    leave the team conversation and the team's meetings, and the owner is told. The owner
    cannot leave (they close the project instead); once closed, the team stays as it was for
    the follow-up."""
    project = _locked_project(project)
    seat = project.seats.select_for_update(of=("self",)).filter(member_id=member.pk).first()
    if project.owner_id == member.pk:
        raise ValidationError(
            _(
                "You started this project, so you cannot leave its team. If it cannot go on, "
                "close it instead."
            )
        )
    if seat is None:
        raise PermissionDenied(_("Only a member of the team can leave it."))
    _require_open_team(project)
    _empty_seat(project, seat)
    if may_reach(member, project.owner):
        notify(
            project.owner,
            NoticeKind.PROJECT_MEMBER_LEFT,
            member,
            reverse("projects:team", args=[project.pk]),
        )
    return seat


@transaction.atomic
def free_seat(seat: Seat, owner) -> Seat:
    """The owner takes a member out of a seat of an open project: the same as if they had
    left (`leave_seat`), and the member is told. Only the owner; once closed, the team stays
    as it was for the follow-up."""
    project = _locked_project(seat.project)
    _require_owner(project, owner, _("Only the owner can free a seat."))
    seat = Seat.objects.select_for_update(of=("self",)).get(pk=seat.pk)
    _require_open_team(project)
    if not seat.is_filled:
        raise ValidationError(_("Nobody sits in this seat."))
    member = seat.member
    _empty_seat(project, seat)
    if may_reach(owner, member):
        notify(member, NoticeKind.PROJECT_SEAT_FREED, owner, _notify_url(project))
    return seat


@transaction.atomic
def close_project(project: Project, owner, *, done: bool) -> Project:
    """The owner closes the project (done or stopped). Open invitations and requests to join
    end; each other team member is asked once, by one notice, how it went."""
    project = _locked_project(project)
    _require_owner(project, owner, _("Only the owner can close a project."))
    _require_open(project)
    now = timezone.now()
    project.status = ProjectStatus.DONE if done else ProjectStatus.STOPPED
    project.closed_at = now
    project.save(update_fields=["status", "closed_at"])
    Application.objects.filter(seat__project=project, status=ApplicationStatus.PENDING).update(
        status=ApplicationStatus.WITHDRAWN, decided_at=now
    )
    IntroRequest.objects.filter(seat__project=project, status=IntroRequestStatus.PENDING).update(
        status=IntroRequestStatus.DECLINED
    )
    members = team_members(project)
    if len(members) > 1:
        url = reverse("projects:followup", args=[project.pk])
        for member in members:
            if member.pk != owner.pk and may_reach(owner, member):
                notify(member, NoticeKind.PROJECT_CLOSED, owner, url)
    return project


def _check_followup(project: Project, member, teammate) -> None:
    if project.is_open:
        raise ValidationError(_("The project is still open: say how it went once it is closed."))
    team = {m.pk for m in team_members(project)}
    if member.pk not in team:
        raise PermissionDenied(_("Only the team is asked how it went."))
    if teammate.pk not in team or teammate.pk == member.pk:
        raise ValidationError(_("Please choose someone from your team."))
    if Followup.objects.filter(project=project, member=member, teammate=teammate).exists():
        raise ValidationError(_("You have already answered for %(name)s.") % {"name": teammate})


def followup_draft(project: Project, teammate) -> dict:
    """What a follow-up recommendation starts with: "we worked together in project X"."""
    seat = project.seats.filter(member_id=teammate.pk).select_related("topic").first()
    return {
        "text": _("We worked together in the project “%(title)s”. ") % {"title": project.title},
        "topics": seat.topic.name if seat else "",
        "relationship": "worked_together",
        "known_since": project.starts_on.year,
    }


@transaction.atomic
def followup_recommend(
    project: Project, member, teammate, *, text, topic_names, relationship, known_since
) -> Followup:
    """Write a recommendation for a teammate through the recommendations service: it stays
    pending until the teammate accepts it, as every recommendation."""
    _check_followup(project, member, teammate)
    recommendations.give_recommendation(
        member, teammate, text, topic_names, relationship, known_since
    )
    return Followup.objects.create(
        project=project, member=member, teammate=teammate, answer=FollowupAnswer.RECOMMENDED
    )


@transaction.atomic
def followup_mark(project: Project, member, teammate) -> Followup:
    """Set the private mark "I have worked with them", unless the member already set a mark
    for the teammate (which stays as it is)."""
    _check_followup(project, member, teammate)
    if not TrustMark.objects.filter(marker=member, member=teammate).exists():
        trust.set_trust_mark(member, teammate, "worked_with")
    return Followup.objects.create(
        project=project, member=member, teammate=teammate, answer=FollowupAnswer.MARKED
    )


@transaction.atomic
def followup_nothing(project: Project, member, teammate) -> Followup:
    _check_followup(project, member, teammate)
    return Followup.objects.create(
        project=project, member=member, teammate=teammate, answer=FollowupAnswer.NOTHING
    )
