"""Every write on circles: founding, joining (request or invitation), moderating, the board.

Each service is atomic and checks who may do it (`PermissionDenied` → 403), and refuses bad
input with a `ValidationError` naming the field (→ 400) before anything is written.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from goodword.core import members
from goodword.core.locks import lock_member
from goodword.invitations import rules as invitation_rules
from goodword.invitations.models import Channel
from goodword.invitations.services import create_invitation
from goodword.moderation.models import Action as ModerationAction
from goodword.moderation.services import record_action
from goodword.notifications.models import Kind as NoticeKind
from goodword.notifications.services import notify
from goodword.topics.models import Topic
from goodword.topics.queries import split_topic_names
from goodword.topics.services import get_or_create_topics

from .models import (
    Access,
    ActionKind,
    Circle,
    CircleAction,
    CircleInvitation,
    EmailInvitation,
    InvitationStatus,
    JoinedVia,
    JoinRequest,
    Membership,
    Post,
    PostIntent,
    RequestStatus,
    Role,
)

User = get_user_model()

NAME_MIN, NAME_MAX = 3, 120
PURPOSE_MIN, PURPOSE_MAX = 20, 2000
VALUES_MIN, VALUES_MAX = 1, 7
VALUE_MAX = 200
CITY_MAX = 100
NOTE_MAX = 1000
REASON_MIN, REASON_MAX = 5, 1000
POST_MIN, POST_MAX = 2, 4000
TOPICS_MAX = 5
# A member founds at most this many circles a day (a guard against floods, not a quota).
FOUNDED_PER_DAY = 3


def circle_url(circle: Circle) -> str:
    return reverse("circles:detail", args=[circle.pk])


# -- good standing ------------------------------------------------------------------------
def standing_refusal(user) -> str | None:
    """Why `user` may not found a circle yet, or None. Good standing: an active member whose
    account is no longer new (`core.members.is_new_account`, `NEW_ACCOUNT_DAYS`) and whom no
    moderator restricted or suspended (`core.members.restriction`)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _("Please log in.")
    if reason := members.restriction(user):
        return reason
    if members.is_new_account(user):
        return _(
            "New accounts cannot found a circle yet. Join a circle first and try again "
            "in a few days."
        )
    return None


# -- founding and editing -----------------------------------------------------------------
def _clean_values(values) -> list[str]:
    if isinstance(values, str):
        values = values.splitlines()
    cleaned = [" ".join(str(v).split()) for v in (values or [])]
    cleaned = [v for v in cleaned if v]
    if not VALUES_MIN <= len(cleaned) <= VALUES_MAX:
        raise ValidationError(
            {
                "values": [
                    _("Please state %(min)s to %(max)s values, one per line.")
                    % {"min": VALUES_MIN, "max": VALUES_MAX}
                ]
            }
        )
    if any(len(v) > VALUE_MAX for v in cleaned):
        raise ValidationError(
            {"values": [_("Each value at most %(max)s characters, please.") % {"max": VALUE_MAX}]}
        )
    if len({v.casefold() for v in cleaned}) != len(cleaned):
        raise ValidationError({"values": [_("Please state each value only once.")]})
    return cleaned


def _clean_topics(topics) -> list[Topic]:
    """Topic names (a comma-separated string or a list) or `Topic`s → up to five topics."""
    if isinstance(topics, str):
        topics = split_topic_names(topics)
    topics = list(topics or [])
    if len(topics) > TOPICS_MAX:
        raise ValidationError(
            {"topics": [_("At most %(max)s topics, please.") % {"max": TOPICS_MAX}]}
        )
    names = [t for t in topics if not isinstance(t, Topic)]
    try:
        created = get_or_create_topics(names) if names else []
    except ValidationError as exc:
        raise ValidationError({"topics": exc.messages}) from exc
    return [t for t in topics if isinstance(t, Topic)] + created


def _clean_circle(
    *, name: str, purpose: str, values, city: str, is_online: bool, access: str
) -> dict:
    name = " ".join((name or "").split())
    purpose = (purpose or "").strip()
    city = " ".join((city or "").split())
    errors: dict[str, list] = {}
    if not NAME_MIN <= len(name) <= NAME_MAX:
        errors["name"] = [
            _("Please give the circle a name of %(min)s to %(max)s characters.")
            % {"min": NAME_MIN, "max": NAME_MAX}
        ]
    if not PURPOSE_MIN <= len(purpose) <= PURPOSE_MAX:
        errors["purpose"] = [
            _(
                "Please describe what members want to achieve together "
                "in %(min)s to %(max)s characters."
            )
            % {"min": PURPOSE_MIN, "max": PURPOSE_MAX}
        ]
    if len(city) > CITY_MAX:
        errors["city"] = [_("At most %(max)s characters, please.") % {"max": CITY_MAX}]
    elif not city and not is_online:
        errors["city"] = [_("Please name the city where the circle meets, or choose online.")]
    if access not in Access.values:
        errors["access"] = [_("Please choose whether the circle is open or closed.")]
    try:
        values = _clean_values(values)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "purpose": purpose,
        "values": values,
        "city": city,
        "is_online": bool(is_online),
        "access": access,
    }


@transaction.atomic
def found_circle(
    founder,
    *,
    name: str,
    purpose: str,
    values,
    city: str = "",
    is_online: bool = False,
    access: str = Access.OPEN,
    topics=(),
) -> Circle:
    """A member in good standing founds a circle and becomes its first member (role founder),
    agreeing to the values they stated. Peers of one profession are welcome: there is no
    one-per-trade rule anywhere."""
    refusal = standing_refusal(founder)
    if refusal:
        raise PermissionDenied(refusal)
    fields = _clean_circle(
        name=name, purpose=purpose, values=values, city=city, is_online=is_online, access=access
    )
    topics = _clean_topics(topics)
    lock_member(founder)
    since = timezone.now() - timezone.timedelta(days=1)
    if Circle.objects.filter(founder=founder, created_at__gte=since).count() >= FOUNDED_PER_DAY:
        raise ValidationError(
            _("You founded %(n)s circles today. Please give them time to grow first.")
            % {"n": FOUNDED_PER_DAY}
        )
    circle = Circle.objects.create(founder=founder, **fields)
    if topics:
        circle.topics.set(topics)
    Membership.objects.create(
        circle=circle,
        member=founder,
        role=Role.FOUNDER,
        joined_via=JoinedVia.FOUNDED,
        agreed_values=circle.values,
        agreed_at=timezone.now(),
    )
    return circle


def require_moderator(circle: Circle, user) -> Membership:
    """The user's membership if they moderate the circle (founder or moderator); 403 otherwise."""
    membership = Membership.objects.filter(circle=circle, member=user).first()
    if membership is None or not membership.moderates:
        raise PermissionDenied(_("Only the circle's moderators can do this."))
    return membership


def _record(circle, actor, kind, *, member=None, post=None, reason: str = "") -> CircleAction:
    return CircleAction.objects.create(
        circle=circle, actor=actor, kind=kind, member=member, post=post, reason=reason
    )


@transaction.atomic
def update_circle(
    circle: Circle,
    moderator,
    *,
    name: str,
    purpose: str,
    values,
    city: str = "",
    is_online: bool = False,
    access: str = Access.OPEN,
    topics=(),
) -> Circle:
    """A moderator edits the circle. Members keep the values they agreed to on their
    membership; new members agree to the new ones."""
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    require_moderator(circle, moderator)
    fields = _clean_circle(
        name=name, purpose=purpose, values=values, city=city, is_online=is_online, access=access
    )
    topics = _clean_topics(topics)
    for key, value in fields.items():
        setattr(circle, key, value)
    circle.save()
    circle.topics.set(topics)
    _record(circle, moderator, ActionKind.EDIT)
    return circle


# -- joining --------------------------------------------------------------------------------
def _require_agreement(agree: bool) -> None:
    if not agree:
        raise ValidationError(
            {"agree": [_("Please agree to the circle's values: every member does.")]}
        )


def _clean_note(note: str, field: str = "note") -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {field: [_("At most %(max)s characters, please.") % {"max": NOTE_MAX}]}
        )
    return note


def _moderators(circle: Circle):
    return [
        m.member
        for m in Membership.objects.filter(circle=circle, role__in=[Role.FOUNDER, Role.MODERATOR])
        .select_related("member__profile")
        .order_by("pk")
    ]


def was_removed(circle: Circle, user) -> bool:
    """Whether a moderator removed `user` from the circle (they may come back by invitation)."""
    return CircleAction.objects.filter(
        circle=circle, kind=ActionKind.REMOVE_MEMBER, member=user
    ).exists()


@transaction.atomic
def ask_to_join(circle: Circle, applicant, *, agree: bool, note: str = "") -> JoinRequest:
    """Ask to join an open circle, agreeing to its values. The moderators are told (those
    the applicant may reach: blocks hold)."""
    members.require_unrestricted(applicant)
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    if circle.access != Access.OPEN:
        raise PermissionDenied(_("This circle takes new members by invitation only."))
    if Membership.objects.filter(circle=circle, member=applicant).exists():
        raise ValidationError(_("You are already a member of this circle."))
    if JoinRequest.objects.filter(
        circle=circle, applicant=applicant, status=RequestStatus.PENDING
    ).exists():
        raise ValidationError(_("You already asked to join. The moderators will answer soon."))
    if was_removed(circle, applicant):
        raise PermissionDenied(
            _("A moderator removed you from this circle. You can come back if they invite you.")
        )
    _require_agreement(agree)
    note = _clean_note(note)
    moderators = _moderators(circle)
    reachable = [m for m in moderators if members.may_reach(applicant, m)]
    if not reachable:
        raise PermissionDenied(_("You cannot ask to join this circle."))
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                circle=circle, applicant=applicant, note=note, agreed_values=circle.values
            )
    except IntegrityError as exc:  # a second request racing the first
        raise ValidationError(
            _("You already asked to join. The moderators will answer soon.")
        ) from exc
    url = reverse("circles:moderation", args=[circle.pk])
    for moderator in reachable:
        notify(moderator, NoticeKind.CIRCLE_JOIN_REQUESTED, applicant, url)
    return join_request


@transaction.atomic
def withdraw_request(join_request: JoinRequest, applicant) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.applicant_id != applicant.pk:
        raise PermissionDenied(_("Only the member who asked can withdraw the request."))
    if join_request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request was already answered."))
    join_request.status = RequestStatus.WITHDRAWN
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_at"])
    return join_request


def _pending_request(join_request: JoinRequest, moderator) -> JoinRequest:
    join_request = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("circle", "applicant")
        .get(pk=join_request.pk)
    )
    require_moderator(join_request.circle, moderator)
    if join_request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request was already answered."))
    return join_request


def _add_member(circle, member, *, via: str, admitted_by, agreed_values) -> Membership:
    membership, created = Membership.objects.get_or_create(
        circle=circle,
        member=member,
        defaults={
            "role": Role.MEMBER,
            "joined_via": via,
            "admitted_by": admitted_by,
            "agreed_values": agreed_values,
            "agreed_at": timezone.now(),
        },
    )
    if not created:
        raise ValidationError(_("%(name)s is already a member.") % {"name": member})
    return membership


@transaction.atomic
def admit(join_request: JoinRequest, moderator) -> Membership:
    """A moderator admits the applicant: they become a member with the values they agreed to
    when asking."""
    join_request = _pending_request(join_request, moderator)
    circle = join_request.circle
    membership = _add_member(
        circle,
        join_request.applicant,
        via=JoinedVia.REQUEST,
        admitted_by=moderator,
        agreed_values=join_request.agreed_values,
    )
    join_request.status = RequestStatus.ADMITTED
    join_request.decided_by = moderator
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    _record(circle, moderator, ActionKind.ADMIT, member=join_request.applicant)
    if members.may_reach(moderator, join_request.applicant):
        notify(join_request.applicant, NoticeKind.CIRCLE_ADMITTED, moderator, circle_url(circle))
    return membership


@transaction.atomic
def decline(join_request: JoinRequest, moderator, *, reason: str = "") -> JoinRequest:
    """A moderator declines a request. The optional reason stays in the circle's record and is
    shown to the applicant on the circle page; the applicant gets a notice that leads there."""
    join_request = _pending_request(join_request, moderator)
    reason = _clean_note(reason, "reason")
    join_request.status = RequestStatus.DECLINED
    join_request.decided_by = moderator
    join_request.decided_at = timezone.now()
    join_request.reason = reason
    join_request.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    _record(
        join_request.circle,
        moderator,
        ActionKind.DECLINE,
        member=join_request.applicant,
        reason=reason,
    )
    # Not naming the moderator: the decision is the circle's. The reason is on the circle page.
    if members.may_reach(moderator, join_request.applicant):
        notify(
            join_request.applicant,
            NoticeKind.CIRCLE_DECLINED,
            None,
            circle_url(join_request.circle),
        )
    return join_request


@transaction.atomic
def invite_by_email(circle: Circle, moderator, email: str, *, note: str):
    """A moderator invites someone by e-mail address. An address of a member becomes a circle
    invitation of that member (`invite`); anyone else gets an invitation to Goodword from the
    moderator (the invitations app: note on how they know each other, quota, expiry, the
    trust edge, the e-mail) that names the circle, and finds the circle invitation waiting
    when they sign up with it (`welcome_invited`). Returns the `CircleInvitation` or the
    `EmailInvitation`; raises `ValidationError` (nothing written) as the invitations app does.
    """
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    require_moderator(circle, moderator)
    members.require_unrestricted(moderator)
    address = (email or "").strip()
    existing = (
        User.objects.filter(email__iexact=address, is_active=True).first() if address else None
    )
    if existing is not None and existing.pk != moderator.pk:
        return invite(circle, moderator, existing, note=note)
    prefix = _("An invitation into the circle “%(name)s”.") % {"name": circle.name}
    text = (note or "").strip()
    if len(prefix) + 1 + len(text) > invitation_rules.NOTE_MAX:
        raise ValidationError(
            {
                "note": [
                    _("At most %(max)s characters, please.")
                    % {"max": invitation_rules.NOTE_MAX - len(prefix) - 1}
                ]
            }
        )
    if not text:
        raise ValidationError({"note": [_("Please say in a few words how you know each other.")]})
    invitation = create_invitation(
        moderator, channel=Channel.EMAIL, email=address, note=f"{prefix} {text}"
    )
    pending = EmailInvitation.objects.create(
        circle=circle, invitation=invitation, invited_by=moderator, note=text
    )
    _record(circle, moderator, ActionKind.INVITE)
    return pending


def welcome_invited(user) -> list[CircleInvitation]:
    """A newcomer signed up with an invitation a circle moderator sent by e-mail: the circle
    invitation waits for them (they accept by agreeing to the values, as every member does)."""
    made = []
    for pending in EmailInvitation.objects.filter(invitation__invitee=user).select_related(
        "circle", "invited_by"
    ):
        circle = pending.circle
        already = (
            Membership.objects.filter(circle=circle, member=user).exists()
            or CircleInvitation.objects.filter(
                circle=circle, invitee=user, status=InvitationStatus.PENDING
            ).exists()
        )
        if not already and pending.invited_by.is_active:
            made.append(
                CircleInvitation.objects.create(
                    circle=circle, invitee=user, invited_by=pending.invited_by, note=pending.note
                )
            )
            notify(user, NoticeKind.CIRCLE_INVITED, pending.invited_by, circle_url(circle))
        pending.delete()
    return made


@transaction.atomic
def invite(circle: Circle, moderator, invitee, *, note: str = "") -> CircleInvitation:
    """A moderator invites an existing member (the way into a closed circle, and welcome in
    open ones too). Blocks and a deleted account stop it (`core.members.require_reach`)."""
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    require_moderator(circle, moderator)
    members.require_reach(moderator, invitee)
    if Membership.objects.filter(circle=circle, member=invitee).exists():
        raise ValidationError(_("%(name)s is already a member.") % {"name": invitee})
    if CircleInvitation.objects.filter(
        circle=circle, invitee=invitee, status=InvitationStatus.PENDING
    ).exists():
        raise ValidationError(_("%(name)s was already invited.") % {"name": invitee})
    note = _clean_note(note)
    invitation = CircleInvitation.objects.create(
        circle=circle, invitee=invitee, invited_by=moderator, note=note
    )
    _record(circle, moderator, ActionKind.INVITE, member=invitee)
    notify(invitee, NoticeKind.CIRCLE_INVITED, moderator, circle_url(circle))
    return invitation


def _pending_invitation(invitation: CircleInvitation, invitee) -> CircleInvitation:
    invitation = (
        CircleInvitation.objects.select_for_update(of=("self",))
        .select_related("circle")
        .get(pk=invitation.pk)
    )
    if invitation.invitee_id != invitee.pk:
        raise PermissionDenied(_("This invitation is for someone else."))
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("You already answered this invitation."))
    return invitation


@transaction.atomic
def accept_invitation(invitation: CircleInvitation, invitee, *, agree: bool) -> Membership:
    """The invited member joins, agreeing to the circle's values as they stand now."""
    invitation = _pending_invitation(invitation, invitee)
    _require_agreement(agree)
    circle = invitation.circle
    membership = _add_member(
        circle,
        invitee,
        via=JoinedVia.INVITATION,
        admitted_by=invitation.invited_by,
        agreed_values=circle.values,
    )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    # A pending request of theirs is answered by the invitation.
    JoinRequest.objects.filter(
        circle=circle, applicant=invitee, status=RequestStatus.PENDING
    ).update(
        status=RequestStatus.ADMITTED, decided_by=invitation.invited_by, decided_at=timezone.now()
    )
    return membership


@transaction.atomic
def decline_invitation(invitation: CircleInvitation, invitee) -> CircleInvitation:
    invitation = _pending_invitation(invitation, invitee)
    invitation.status = InvitationStatus.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    return invitation


@transaction.atomic
def leave_circle(circle: Circle, member) -> None:
    membership = Membership.objects.select_for_update().filter(circle=circle, member=member).first()
    if membership is None:
        raise ValidationError(_("You are not a member of this circle."))
    if membership.role == Role.FOUNDER:
        raise ValidationError(
            _("As the founder you hold the circle together. Appoint moderators to share the work.")
        )
    membership.delete()


# -- roles ----------------------------------------------------------------------------------
def _founder_only(circle: Circle, user) -> None:
    if not Membership.objects.filter(circle=circle, member=user, role=Role.FOUNDER).exists():
        raise PermissionDenied(_("Only the founder appoints moderators."))


@transaction.atomic
def set_moderator(circle: Circle, founder, member, *, moderator: bool) -> Membership:
    """The founder appoints a member as moderator, or ends that role."""
    _founder_only(circle, founder)
    membership = Membership.objects.select_for_update().filter(circle=circle, member=member).first()
    if membership is None:
        raise ValidationError(_("%(name)s is not a member of this circle.") % {"name": member})
    if membership.role == Role.FOUNDER:
        raise ValidationError(_("The founder always moderates."))
    membership.role = Role.MODERATOR if moderator else Role.MEMBER
    membership.save(update_fields=["role"])
    _record(circle, founder, ActionKind.APPOINT if moderator else ActionKind.DISMISS, member=member)
    return membership


# -- moderation ----------------------------------------------------------------------------
def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise ValidationError(
            {
                "reason": [
                    _("Please give a reason in %(min)s to %(max)s characters.")
                    % {"min": REASON_MIN, "max": REASON_MAX}
                ]
            }
        )
    return reason


def _log(moderator, ground: str, reason: str, member, kind: str, content_id: int) -> None:
    """The site's moderation log (public without names): the same transaction as the removal.
    Checks the ground (`ValidationError` on the field `ground`)."""
    record_action(
        moderator,
        ModerationAction.REMOVE,
        ground,
        reason,
        member,
        content_kind=kind,
        content_id=content_id,
        source="circles",
    )


@transaction.atomic
def remove_member(circle: Circle, moderator, member, *, ground: str, reason: str) -> CircleAction:
    """A moderator removes a member on a documented ground (`moderation.models.Ground`) with a
    reason: into the circle's moderation record and the site's moderation log. Founders cannot
    be removed; only the founder removes a moderator."""
    acting = require_moderator(circle, moderator)
    reason = _clean_reason(reason)
    membership = Membership.objects.select_for_update().filter(circle=circle, member=member).first()
    if membership is None:
        raise ValidationError(_("%(name)s is not a member of this circle.") % {"name": member})
    if membership.role == Role.FOUNDER or membership.member_id == moderator.pk:
        raise PermissionDenied(_("You cannot remove this member."))
    if membership.role == Role.MODERATOR and acting.role != Role.FOUNDER:
        raise PermissionDenied(_("Only the founder removes a moderator."))
    _log(moderator, ground, reason, member, "circle_membership", circle.pk)
    membership.delete()
    return _record(circle, moderator, ActionKind.REMOVE_MEMBER, member=member, reason=reason)


@transaction.atomic
def remove_post(post: Post, moderator, *, ground: str, reason: str) -> Post:
    """A moderator removes a post on a documented ground with a reason; the board shows that it
    was removed and why, and the removal goes into the site's moderation log."""
    post = Post.objects.select_for_update(of=("self",)).select_related("circle").get(pk=post.pk)
    require_moderator(post.circle, moderator)
    reason = _clean_reason(reason)
    if post.removed_at is not None:
        raise ValidationError(_("This post was already removed."))
    _log(moderator, ground, reason, post.author, "circle_post", post.pk)
    post.removed_at = timezone.now()
    post.removed_by = moderator
    post.removal_reason = reason
    post.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    _record(
        post.circle, moderator, ActionKind.REMOVE_POST, member=post.author, post=post, reason=reason
    )
    return post


# -- the board ------------------------------------------------------------------------------
@transaction.atomic
def post_to_board(circle: Circle, author, *, intent: str, text: str) -> Post:
    """A member writes on the circle's board. Every post names its intent; there is no offer
    intent, as a circle is for growing together, not for pitching."""
    if not Membership.objects.filter(circle=circle, member=author).exists():
        raise PermissionDenied(_("Only members of the circle can post on its board."))
    members.require_unrestricted(author)
    text = (text or "").strip()
    errors: dict[str, list] = {}
    if intent not in PostIntent.values:
        errors["intent"] = [_("Please choose what your post is about.")]
    if not POST_MIN <= len(text) <= POST_MAX:
        errors["text"] = [
            _("Please write %(min)s to %(max)s characters.") % {"min": POST_MIN, "max": POST_MAX}
        ]
    if errors:
        raise ValidationError(errors)
    return Post.objects.create(circle=circle, author=author, intent=intent, text=text)
