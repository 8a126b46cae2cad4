"""Every write on conversations, messages, blocks, reports and contact settings.

Each service checks the contact rules itself (`rules.py`), so views, the API and other apps
cannot skip them. A refusal raises `ContactRefused` before anything is written.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from goodword.core import members
from goodword.notifications.models import Kind as NoticeKind
from goodword.notifications.services import mark_read_for_page, notify, notify_unless_unread
from goodword.subscriptions.services import enqueue_after_commit

from . import privileges, rules
from .models import (
    Block,
    ContactGrant,
    Conversation,
    Intent,
    Message,
    OfferWelcome,
    Origin,
    Participant,
    Report,
    ReportReason,
    ReportStatus,
)
from .tasks import send_new_conversation_email_task

MAX_MESSAGE_LENGTH = 5000
MAX_REPORT_NOTE_LENGTH = 1000


ContactRefused = rules.ContactRefused


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Please write a message.")]})
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {
                "text": [
                    _("A message can be at most %(max)s characters long.")
                    % {"max": MAX_MESSAGE_LENGTH}
                ]
            }
        )
    return text


def _clean_intent(intent: str) -> str:
    if intent not in Intent.values:
        raise ValidationError({"intent": [_("Please choose what your message is about.")]})
    return intent


def _add_message(conversation: Conversation, sender, intent: str, text: str) -> Message:
    message = Message.objects.create(
        conversation=conversation, sender=sender, intent=intent, text=text
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    Participant.objects.filter(conversation=conversation, user=sender).update(
        last_read_at=message.created_at
    )
    conversation.last_message_at = message.created_at
    return message


@transaction.atomic
def start_conversation(sender, recipient, intent: str, text: str) -> Conversation:
    """Start a conversation with a first message, if the contact rules allow it."""
    intent = _clean_intent(intent)
    text = _clean_text(text)
    decision = rules.can_contact(sender, recipient, intent)
    if not decision.allowed:
        raise ContactRefused(decision)
    conversation = Conversation.objects.create(started_by=sender, origin=Origin.DIRECT)
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, user=sender),
            Participant(conversation=conversation, user=recipient),
        ]
    )
    _add_message(conversation, sender, intent, text)
    notify(recipient, NoticeKind.CONVERSATION_STARTED, sender, conversation_url(conversation))
    _mail_new_conversation(conversation)
    return conversation


def conversation_url(conversation: Conversation) -> str:
    return reverse("messaging:conversation", args=[conversation.pk])


def _mail_new_conversation(conversation: Conversation) -> None:
    enqueue_after_commit(send_new_conversation_email_task, conversation.pk)


@transaction.atomic
def send_message(conversation: Conversation, sender, intent: str, text: str) -> Message:
    """Add a message to a conversation the sender is part of (check with `access_conversation`)."""
    intent = _clean_intent(intent)
    text = _clean_text(text)
    if not conversation.participants.filter(user=sender).exists():
        raise PermissionDenied("not a participant")
    decision = rules.can_send_in(conversation, sender, intent)
    if not decision.allowed:
        raise ContactRefused(decision)
    message = _add_message(conversation, sender, intent, text)
    url = conversation_url(conversation)
    # In the app only (no e-mail per message), and one unread notice per conversation at a time.
    for seat in conversation.participants.exclude(user=sender).select_related("user"):
        if members.may_reach(sender, seat.user):  # a member who left is told nothing
            notify_unless_unread(seat.user, NoticeKind.MESSAGE_RECEIVED, sender, url)
    return message


@transaction.atomic
def open_conversation(
    members, *, origin: str, started_by, note: str = "", note_author=None
) -> Conversation:
    """Open a conversation that an accepted introduction, request or project team earned.

    Called by the introductions, requests and projects services once everybody has agreed;
    records a `ContactGrant` between each pair of members except the note's author, so that the
    members may also write (and make offers) to each other later.
    """
    if origin not in (Origin.INTRODUCTION, Origin.REQUEST, Origin.PROJECT):
        raise ValueError("open_conversation is for introductions, requests and project teams")
    members = list({m.pk: m for m in members}.values())
    if len(members) < 2:
        raise ValueError("a conversation needs at least two members")
    conversation = Conversation.objects.create(
        started_by=started_by,
        origin=origin,
        context_note=note.strip(),
        context_author=note_author,
        last_message_at=timezone.now(),
    )
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=m) for m in members]
    )
    introduced = [m for m in members if note_author is None or m.pk != note_author.pk]
    for a in introduced:
        for b in introduced:
            if a.pk != b.pk:
                grant_contact(a, b, source=origin)
    _mail_new_conversation(conversation)
    return conversation


@transaction.atomic
def add_to_team_conversation(conversation: Conversation, member) -> None:
    """Add a member who joined a project team later to the team's conversation (idempotent),
    with the same contact grants as the others. Only for project conversations."""
    if conversation.origin != Origin.PROJECT:
        raise ValueError("only project conversations take members later")
    _participant, created = Participant.objects.get_or_create(
        conversation=conversation, user=member
    )
    if not created:
        return
    for seat in conversation.participants.exclude(user=member).select_related("user"):
        grant_contact(seat.user, member, source=Origin.PROJECT)
        grant_contact(member, seat.user, source=Origin.PROJECT)


@transaction.atomic
def remove_from_team_conversation(conversation: Conversation, member) -> bool:
    """Take a member who left a project team (or whose seat the owner freed) out of the team's
    conversation: they no longer read or write in it; their messages stay for the others. Only
    for project conversations. Returns whether they were in it.

    The contact grants the team earned stay: members who worked together may still write to
    each other, as after any accepted introduction (a block still stops them)."""
    if conversation.origin != Origin.PROJECT:
        raise ValueError("only members of a project conversation leave it")
    deleted, _details = Participant.objects.filter(conversation=conversation, user=member).delete()
    return bool(deleted)


def grant_contact(grantor, grantee, *, source: str) -> ContactGrant:
    """Record that `grantor` agreed to hear from `grantee` (idempotent)."""
    grant, _created = ContactGrant.objects.get_or_create(
        grantor=grantor, grantee=grantee, source=source
    )
    return grant


def mark_conversation_read(conversation: Conversation, user) -> None:
    """The member looked at the conversation: its messages and notifications are read."""
    Participant.objects.filter(conversation=conversation, user=user).update(
        last_read_at=timezone.now()
    )
    mark_read_for_page(user, conversation_url(conversation))


@transaction.atomic
def block_member(blocker, blocked) -> Block:
    """Refuse all further contact from `blocked` (idempotent)."""
    if blocker.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    # Whoever is blocked may no longer send offers, even if they were welcome before.
    OfferWelcome.objects.filter(owner=blocker, sender=blocked).delete()
    return block


@transaction.atomic
def unblock_member(blocker, blocked) -> bool:
    deleted, _details = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return bool(deleted)


@transaction.atomic
def report_member(
    reporter,
    reported,
    reason: str,
    note: str = "",
    conversation: Conversation | None = None,
    *,
    recommendation=None,
    about_profile: bool = False,
) -> Report:
    """Report a member who wrote to the reporter (`conversation`), the author of a public
    recommendation (`recommendation`, checked by the caller with
    `recommendations.queries.get_recommendation`), or a member's profile (`about_profile`).

    Goes to the moderation queue and blocks the reported member for the reporter. One report
    alone penalises nobody: the reported member's limits tighten only if a moderator upholds a
    report, or while several independent reporters in good standing have reports open
    (`privileges.count_independent_reporters`). Reports count against the reporter's daily
    limit (`privileges.REPORT`).
    """
    if reporter.pk == reported.pk:
        raise ValidationError(_("You cannot report yourself."))
    if recommendation is not None and recommendation.author_id != reported.pk:
        raise ValueError("a recommendation is reported as its author's")
    if reason not in ReportReason.values:
        raise ValidationError({"reason": [_("Please choose why you are reporting.")]})
    note = (note or "").strip()
    if len(note) > MAX_REPORT_NOTE_LENGTH:
        raise ValidationError(
            {
                "note": [
                    _("The note can be at most %(max)s characters long.")
                    % {"max": MAX_REPORT_NOTE_LENGTH}
                ]
            }
        )
    if Report.objects.filter(
        reporter=reporter, reported=reported, status=ReportStatus.OPEN
    ).exists():
        raise ValidationError(
            _("You have already reported this member. A moderator will look at it soon.")
        )
    allowed, limit = privileges.within_limit(reporter, privileges.REPORT)
    if not allowed:
        raise ValidationError(
            _(
                "You have sent %(limit)s reports in the last 24 hours, the most for now. "
                "Please try again tomorrow."
            )
            % {"limit": limit},
            code="rate_limited",
        )
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=reporter,
                reported=reported,
                reason=reason,
                note=note,
                conversation=conversation,
                recommendation=recommendation,
                about_profile=about_profile,
            )
    except IntegrityError as exc:  # a concurrent double submit
        raise ValidationError(_("You have already reported this member.")) from exc
    block_member(reporter, reported)
    return report


def describe_report_outcome(reported) -> str:
    """What the reporter is told after reporting."""
    return _(
        "Thank you. Your report went to the moderators, who will look at it. %(name)s is "
        "blocked for you. A single report restricts nobody: a moderator decides."
    ) % {"name": reported}


MAX_RESOLUTION_REASON_LENGTH = 1000


@transaction.atomic
def resolve_report(report: Report, moderator, *, upheld: bool, reason: str = "") -> Report:
    """A moderator's decision, with the reason written down. An upheld report restricts the
    reported member for the report window; dismissing needs a reason, because it undoes what
    the report (with others) may have caused. Moderators decide through
    `goodword.moderation.services.take_action`, which calls this and writes the audit log."""
    reason = (reason or "").strip()
    if not upheld and not reason:
        raise ValidationError({"reason": [_("Please give a reason for dismissing the report.")]})
    if len(reason) > MAX_RESOLUTION_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": [
                    _("The reason can be at most %(max)s characters long.")
                    % {"max": MAX_RESOLUTION_REASON_LENGTH}
                ]
            }
        )
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.OPEN:
        raise ValidationError(_("This report has already been decided."))
    report.status = ReportStatus.UPHELD if upheld else ReportStatus.DISMISSED
    report.resolved_at = timezone.now()
    report.resolved_by = moderator
    report.resolution_reason = reason
    report.save(update_fields=["status", "resolved_at", "resolved_by", "resolution_reason"])
    return report


@transaction.atomic
def reopen_upheld_report(report: Report, moderator, *, reason: str) -> Report:
    """An upheld report overturned on appeal becomes dismissed, so it no longer restricts the
    reported member. Called by `goodword.moderation.services` only."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.UPHELD:
        return report
    report.status = ReportStatus.DISMISSED
    report.resolved_at = timezone.now()
    report.resolved_by = moderator
    report.resolution_reason = (reason or "").strip()[:MAX_RESOLUTION_REASON_LENGTH]
    report.save(update_fields=["status", "resolved_at", "resolved_by", "resolution_reason"])
    return report


def claim_outcome_mail(report_id: int) -> bool:
    """Mark the report's outcome e-mail as sent; False when it was already (a retried task)."""
    return bool(
        Report.objects.filter(pk=report_id, outcome_mailed_at__isnull=True).update(
            outcome_mailed_at=timezone.now()
        )
    )


def hide_messages(sender, conversation_ids) -> list[int]:
    """Hide `sender`'s messages in these conversations from the other participants (a
    moderator's decision; called inside `goodword.moderation.services`' transaction).
    Returns the ids of the messages hidden now."""
    visible = Message.objects.filter(
        sender=sender, conversation_id__in=list(conversation_ids), hidden_at__isnull=True
    )
    ids = list(visible.values_list("pk", flat=True))
    Message.objects.filter(pk__in=ids).update(hidden_at=timezone.now())
    return ids


def unhide_messages(message_ids) -> int:
    """Show hidden messages again (a hiding lifted on appeal)."""
    return Message.objects.filter(pk__in=list(message_ids)).update(hidden_at=None)


@transaction.atomic
def welcome_offers(owner, sender) -> OfferWelcome:
    """The owner explicitly welcomes offers from `sender` (idempotent)."""
    if owner.pk == sender.pk:
        raise ValidationError(_("You cannot welcome offers from yourself."))
    if Block.objects.filter(blocker=owner, blocked=sender).exists():
        raise ValidationError(_("Unblock this member first."))
    welcome, _created = OfferWelcome.objects.get_or_create(owner=owner, sender=sender)
    return welcome


@transaction.atomic
def stop_welcoming_offers(owner, sender) -> bool:
    deleted, _details = OfferWelcome.objects.filter(owner=owner, sender=sender).delete()
    return bool(deleted)
