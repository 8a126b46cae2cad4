"""Every write of invitations: invite, withdraw, accept (at sign-up), the invitee's say over
the trust edge, sign-up requests, and what a sanction means for the branch above.

The rules and numbers are in `rules.py` and docs/invitations.md.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from goodword.core import members
from goodword.core.locks import lock_member
from goodword.subscriptions.services import enqueue_after_commit
from goodword.trust import services as trust_services

from . import queries, rules
from .models import (
    BranchSanction,
    Channel,
    Invitation,
    InvitationRightsLoss,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
)
from .tasks import (
    send_invitation_task,
    tell_inviter_accepted_task,
    tell_inviter_asked_task,
    tell_inviter_lifted_task,
    tell_inviter_sanctioned_task,
)

User = get_user_model()


def _address_is_member(email: str) -> bool:
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": [_("Please enter the e-mail address to invite.")]})
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": [_("Please enter a valid e-mail address.")]}) from exc
    return email


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Please say in a few words how you know each other.")]})
    if len(note) > rules.NOTE_MAX:
        raise ValidationError(
            {"note": [_("At most %(max)s characters, please.") % {"max": rules.NOTE_MAX}]}
        )
    return note


def _new_invitation(inviter, *, channel: str, email: str, note: str, join_request=None):
    now = timezone.now()
    invitation = Invitation(
        inviter=inviter,
        channel=channel,
        email=email,
        note=note,
        nonce=secrets.token_hex(16),
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        join_request=join_request,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    invitation.token_hash = queries.token_hash(queries.invitation_token(invitation))
    invitation.save()
    if channel == Channel.EMAIL:
        enqueue_after_commit(send_invitation_task, invitation.pk)
    return invitation


@transaction.atomic
def create_invitation(inviter, *, channel: str, note: str, email: str = "") -> Invitation:
    """Invite someone by e-mail or as a link to hand over in person, with a short note on how
    the two know each other.

    Raises `ValidationError` (nothing written) for a bad address or note, an address that
    already belongs to a member, an invitation to that address still waiting, or no quota
    left (new accounts have none, `queries.get_quota`). The e-mail goes out after commit.
    """
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Please choose how to invite.")]})
    note = _clean_note(note)
    if channel == Channel.EMAIL:
        email = _clean_email(email)
        if email == (inviter.email or "").lower() or _address_is_member(email):
            raise ValidationError(
                {
                    "email": [
                        _(
                            "%(email)s already belongs to a member of Goodword: nobody needs "
                            "a second account. Find them in the directory and write them a "
                            "recommendation instead."
                        )
                        % {"email": email}
                    ]
                },
                code="member",
            )
    else:
        email = ""
    lock_member(inviter)
    if (
        email
        and Invitation.objects.filter(
            inviter=inviter,
            email__iexact=email,
            status=InvitationStatus.PENDING,
            expires_at__gt=timezone.now(),
        ).exists()
    ):
        raise ValidationError(
            {"email": [_("Your invitation to this address is still waiting for an answer.")]},
            code="duplicate",
        )
    quota = queries.get_quota(inviter)
    if quota.left <= 0:
        raise ValidationError(quota_message(quota), code="quota")
    return _new_invitation(inviter, channel=channel, email=email, note=note)


def quota_message(quota: queries.Quota) -> str:
    """Why a member cannot invite now, in words."""
    if quota.lost_rights:
        return _(
            "You cannot invite anyone at the moment: several members of your branch of the "
            "invitation tree were sanctioned by moderators (see “How invitations work”)."
        )
    if quota.new_account:
        return _(
            "New accounts cannot invite yet. Your first invitation becomes available "
            "%(days)s days after you joined."
        ) % {"days": settings.NEW_ACCOUNT_DAYS}
    return _(
        "All %(total)s of your invitations are in use. An invitation comes back when it is "
        "withdrawn or expires, and your quota grows with recommendations and time."
    ) % {"total": quota.total}


@transaction.atomic
def withdraw_invitation(inviter, invitation: Invitation) -> Invitation:
    """The inviter withdraws an invitation that is still waiting: its link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.inviter_id != inviter.pk:
        raise PermissionDenied(_("Only the member who sent this invitation can withdraw it."))
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(
            _("This invitation was already %(status)s.")
            % {"status": invitation.get_status_display()},
            code="state",
        )
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["status", "withdrawn_at"])
    return invitation


def _edge_refresh(invitation: Invitation) -> None:
    """Both directions of the invitation's trust edge go into the trust change log."""
    trust_services.request_trust_refresh(invitation.inviter_id, invitation.invitee_id)
    trust_services.request_trust_refresh(invitation.invitee_id, invitation.inviter_id)


@transaction.atomic
def accept_invitation(token: str, user) -> Invitation:
    """`user` (just signed up) accepts the invitation of `token`: the link is used up, the
    tree records who invited whom, the trust edge appears (unless the invitation was an
    approved sign-up request) and the inviter hears about it after commit.

    Raises `ValidationError` with the reason when the link does not work (any more) or the
    member came in with an invitation already."""
    found = queries.find_invitation(token)
    if found is None:
        raise ValidationError(queries.refusal(None), code="invalid")
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    reason = queries.refusal(invitation)
    if reason:
        raise ValidationError(reason, code="closed")
    if invitation.inviter_id == user.pk:
        raise ValidationError(_("You cannot accept your own invitation."), code="self")
    if Invitation.objects.filter(invitee=user).exists():
        raise ValidationError(_("You already joined with an invitation."), code="twice")
    invitation.status = InvitationStatus.ACCEPTED
    invitation.invitee = user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["status", "invitee", "accepted_at"])
    if invitation.gives_edge:
        _edge_refresh(invitation)
    if members.may_reach(user, invitation.inviter):
        enqueue_after_commit(tell_inviter_accepted_task, invitation.pk)
    return invitation


@transaction.atomic
def decline_invitation_edge(invitee, invitation: Invitation) -> Invitation:
    """The invitee says no to the invitation's trust edge (both directions go). The tree keeps
    the branch: who invited whom stays on record."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.invitee_id != invitee.pk:
        raise PermissionDenied(_("Only the invited member can decide about this."))
    if invitation.edge_declined_at is None:
        invitation.edge_declined_at = timezone.now()
        invitation.save(update_fields=["edge_declined_at"])
        _edge_refresh(invitation)
    return invitation


@transaction.atomic
def accept_invitation_edge(invitee, invitation: Invitation) -> Invitation:
    """The invitee takes back a "no" to the trust edge."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.invitee_id != invitee.pk:
        raise PermissionDenied(_("Only the invited member can decide about this."))
    if invitation.edge_declined_at is not None:
        invitation.edge_declined_at = None
        invitation.save(update_fields=["edge_declined_at"])
        _edge_refresh(invitation)
    return invitation


@transaction.atomic
def ask_for_recommendation(invitee, invitation: Invitation) -> Invitation:
    """The invitee asks the inviter for a full, written recommendation (once): the inviter
    gets an e-mail with a link to the recommendation form."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.invitee_id != invitee.pk:
        raise PermissionDenied(_("Only the invited member can ask."))
    members.require_reach(invitee, invitation.inviter)
    if invitation.recommendation_asked_at is not None:
        raise ValidationError(
            _("You already asked %(name)s on %(date)s.")
            % {
                "name": queries.display_name(invitation.inviter),
                "date": timezone.localtime(invitation.recommendation_asked_at).strftime("%d.%m.%Y"),
            },
            code="asked",
        )
    invitation.recommendation_asked_at = timezone.now()
    invitation.save(update_fields=["recommendation_asked_at"])
    enqueue_after_commit(tell_inviter_asked_task, invitation.pk)
    return invitation


# -- sign-up requests (SIGNUP_MODE "request") -------------------------------------------------
@transaction.atomic
def request_to_join(*, email: str, name: str, note: str) -> JoinRequest:
    """Someone asks to join. Raises `ValidationError` (nothing written) for bad input, an
    address that is already a member's, or a request from that address still waiting."""
    email = _clean_email(email)
    name = (name or "").strip()
    note = (note or "").strip()
    errors: dict[str, list] = {}
    if not name or len(name) > 120:
        errors["name"] = [_("Please tell us your name (at most 120 characters).")]
    if not rules.JOIN_NOTE_MIN <= len(note) <= rules.JOIN_NOTE_MAX:
        errors["note"] = [
            _(
                "Please describe in %(min)s to %(max)s characters what you do and whom you "
                "know here."
            )
            % {"min": rules.JOIN_NOTE_MIN, "max": rules.JOIN_NOTE_MAX}
        ]
    if errors:
        raise ValidationError(errors)
    if _address_is_member(email):
        raise ValidationError(
            {"email": [_("This address already belongs to a member: please log in instead.")]},
            code="member",
        )
    if JoinRequest.objects.filter(email__iexact=email, status=JoinRequestStatus.PENDING).exists():
        raise ValidationError(
            {"email": [_("A request from this address is already waiting for approval.")]},
            code="duplicate",
        )
    since = timezone.now() - timedelta(days=1)
    if JoinRequest.objects.filter(created_at__gt=since).count() >= rules.JOIN_REQUESTS_PER_DAY:
        raise ValidationError(_("Too many requests today. Please try again tomorrow."))
    return JoinRequest.objects.create(
        email=email,
        name=name,
        note=note,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def _require_good_standing(user) -> None:
    if not queries.is_in_good_standing(user):
        raise PermissionDenied(
            _(
                "Sign-up requests are approved by moderators and by members in good standing "
                "(recommended by someone, past the first %(days)s days)."
            )
            % {"days": settings.NEW_ACCOUNT_DAYS}
        )


@transaction.atomic
def approve_join_request(approver, join_request: JoinRequest) -> Invitation:
    """Approve a sign-up request: an invitation goes to the address from `approver`, who
    stands in the tree as the newcomer's inviter. It uses no quota and gives no trust edge
    (the approver does not know the newcomer)."""
    _require_good_standing(approver)
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request was already decided."), code="state")
    if _address_is_member(join_request.email):
        raise ValidationError(_("This address already belongs to a member."), code="member")
    join_request.status = JoinRequestStatus.APPROVED
    join_request.decided_at = timezone.now()
    join_request.decided_by = approver
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    with translation.override(join_request.language or settings.LANGUAGE_CODE):
        return _new_invitation(
            approver,
            channel=Channel.EMAIL,
            email=join_request.email,
            note="",
            join_request=join_request,
        )


@transaction.atomic
def decline_join_request(approver, join_request: JoinRequest) -> JoinRequest:
    _require_good_standing(approver)
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request was already decided."), code="state")
    join_request.status = JoinRequestStatus.DECLINED
    join_request.decided_at = timezone.now()
    join_request.decided_by = approver
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    return join_request


# -- moderation (core.hooks.MEMBER_SANCTIONED) ------------------------------------------------
def record_sanction(
    member, action: str, ground: str, *, action_id: int | None = None
) -> BranchSanction | None:
    """Runs inside the moderation service's transaction. Tells the member's inviter (not the
    whole branch) after commit, and applies the branch rule: an inviter, or the inviter's
    inviter, with `BRANCH_SANCTION_LIMIT` distinct sanctioned members in their branch within
    `BRANCH_WINDOW_DAYS` loses invitation rights; their waiting invitations are withdrawn."""
    invitation = (
        Invitation.objects.filter(invitee=member, status=InvitationStatus.ACCEPTED)
        .select_related("inviter")
        .first()
    )
    if invitation is None:
        return None
    above = (
        Invitation.objects.filter(
            invitee_id=invitation.inviter_id, status=InvitationStatus.ACCEPTED
        )
        .values_list("inviter_id", flat=True)
        .first()
    )
    record = BranchSanction.objects.create(
        member=member,
        inviter_id=invitation.inviter_id,
        grand_inviter_id=above,
        action=str(action)[:20],
        ground=str(ground)[:60],
        action_id=action_id,
    )
    enqueue_after_commit(tell_inviter_sanctioned_task, record.pk)
    if str(action) in rules.COUNTED_ACTIONS:
        for ancestor_id in filter(None, (invitation.inviter_id, above)):
            ancestor = User.objects.get(pk=ancestor_id)
            sanctioned = queries.count_branch_sanctioned(ancestor)
            if sanctioned >= rules.BRANCH_SANCTION_LIMIT:
                _take_rights(ancestor, sanctioned)
    return record


def lift_sanction(member, action_id: int) -> list[int]:
    """Runs inside the moderation service's transaction when a sanction is overturned: the
    inviter who was told about it is told it was lifted (after commit), it no longer counts
    for the branch rule, and an inviter (or the inviter's inviter) who lost the
    right to invite because of it gets it back when the rule no longer applies to them.
    Invitations withdrawn when the right was lost stay withdrawn. Returns the ids of the
    members whose rights came back."""
    records = list(
        BranchSanction.objects.select_for_update().filter(
            member=member, action_id=action_id, lifted_at__isnull=True
        )
    )
    if not records:
        return []
    BranchSanction.objects.filter(pk__in=[r.pk for r in records]).update(lifted_at=timezone.now())
    for record in records:
        enqueue_after_commit(tell_inviter_lifted_task, record.pk)
    ancestors = {a for r in records for a in (r.inviter_id, r.grand_inviter_id) if a}
    restored = []
    for loss in InvitationRightsLoss.objects.select_for_update().filter(member_id__in=ancestors):
        sanctioned = queries.count_branch_sanctioned(loss.member)
        if sanctioned < rules.BRANCH_SANCTION_LIMIT:
            loss.delete()
            restored.append(loss.member_id)
    return sorted(restored)


def _take_rights(member, sanctioned: int) -> None:
    _loss, created = InvitationRightsLoss.objects.get_or_create(
        member=member, defaults={"sanctioned_members": sanctioned}
    )
    if created:
        Invitation.objects.filter(inviter=member, status=InvitationStatus.PENDING).update(
            status=InvitationStatus.WITHDRAWN, withdrawn_at=timezone.now()
        )


# -- deletion (core.hooks.MEMBER_ERASING) -----------------------------------------------------
def erase_member(user) -> None:
    """The tree keeps its shape: accepted invitations stay, attributed to "a deleted member"
    on either side; addresses and notes go, waiting invitations are withdrawn and the
    member's sign-up request (by address) is removed. Trust already dropped the edges."""
    now = timezone.now()
    Invitation.objects.filter(inviter=user, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.WITHDRAWN, withdrawn_at=now
    )
    Invitation.objects.filter(inviter=user).update(email="", note="")
    Invitation.objects.filter(invitee=user).update(email="", note="")
    if user.email:
        JoinRequest.objects.filter(email__iexact=user.email).delete()
