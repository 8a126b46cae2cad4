"""Background work of invitations: e-mails after commit, each at most once."""

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from goodword.subscriptions.models import MailKind
from goodword.subscriptions.services import absolute, send_address_mail, send_member_mail

from . import queries
from .models import BranchSanction, Invitation


def _claim(invitation_id: int, field: str) -> Invitation | None:
    claimed = Invitation.objects.filter(pk=invitation_id, **{f"{field}__isnull": True}).update(
        **{field: timezone.now()}
    )
    if not claimed:
        return None
    return Invitation.objects.select_related("inviter__profile", "invitee__profile").get(
        pk=invitation_id
    )


@task()
def send_invitation_task(invitation_id: int, language: str = "de") -> int:
    """The invitation to the invited address, with its one-time link (if still waiting)."""
    invitation = _claim(invitation_id, "mailed_at")
    if invitation is None or queries.refusal(invitation) or not invitation.email:
        return 0
    return int(
        send_address_mail(
            invitation.email,
            "invitations/email/invitation",
            {
                "inviter": queries.display_name(invitation.inviter),
                "note": invitation.note,
                "approved": invitation.join_request_id is not None,
                "url": queries.invitation_url(invitation),
                "expires_at": invitation.expires_at,
            },
            invitation.language or language,
        )
    )


@task()
def tell_inviter_accepted_task(invitation_id: int, language: str = "de") -> int:
    invitation = _claim(invitation_id, "accepted_mailed_at")
    if invitation is None or invitation.invitee is None:
        return 0
    return int(
        send_member_mail(
            invitation.inviter,
            MailKind.INVITATIONS,
            "invitations/email/accepted",
            {
                "invitee": queries.display_name(invitation.invitee),
                "url": absolute(reverse("invitations:list")),
            },
            language,
        )
    )


@task()
def tell_inviter_asked_task(invitation_id: int, language: str = "de") -> int:
    invitation = _claim(invitation_id, "asked_mailed_at")
    if invitation is None or invitation.invitee is None:
        return 0
    url = absolute(reverse("recommendations:create")) + f"?subject={invitation.invitee_id}"
    return int(
        send_member_mail(
            invitation.inviter,
            MailKind.INVITATIONS,
            "invitations/email/asked",
            {"invitee": queries.display_name(invitation.invitee), "url": url},
            language,
        )
    )


@task()
def tell_inviter_sanctioned_task(sanction_id: int, language: str = "de") -> int:
    """Tell the inviter (only them, not the whole branch) what moderation did and why."""
    claimed = BranchSanction.objects.filter(pk=sanction_id, mailed_at__isnull=True).update(
        mailed_at=timezone.now()
    )
    if not claimed:
        return 0
    record = BranchSanction.objects.select_related("member__profile", "inviter").get(pk=sanction_id)
    return int(
        send_member_mail(
            record.inviter,
            MailKind.INVITATIONS,
            "invitations/email/sanctioned",
            {
                "sanctioned": queries.display_name(record.member),
                "action": record.action_words,
                "ground": record.ground_words,
                "url": absolute(reverse("invitations:list")),
            },
            language,
        )
    )


@task()
def tell_inviter_lifted_task(sanction_id: int, language: str = "de") -> int:
    """Tell the inviter that the sanction they were told about was lifted (at most once)."""
    claimed = BranchSanction.objects.filter(
        pk=sanction_id, lifted_at__isnull=False, lift_mailed_at__isnull=True
    ).update(lift_mailed_at=timezone.now())
    if not claimed:
        return 0
    record = BranchSanction.objects.select_related("member__profile", "inviter").get(pk=sanction_id)
    return int(
        send_member_mail(
            record.inviter,
            MailKind.INVITATIONS,
            "invitations/email/lifted",
            {
                "sanctioned": queries.display_name(record.member),
                "action": record.action_words,
                "url": absolute(reverse("invitations:list")),
            },
            language,
        )
    )
