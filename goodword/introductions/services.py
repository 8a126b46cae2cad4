"""Every write on introductions. When both members accept, the messaging service opens the
conversation (with the introducer's note) and records the contact grants."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from goodword.core.members import may_reach, require_reach
from goodword.messaging import privileges
from goodword.messaging import services as messaging
from goodword.messaging.models import Origin
from goodword.messaging.queries import blocks_between
from goodword.notifications.models import Kind as NoticeKind
from goodword.notifications.services import mark_read_for_page, notify
from goodword.subscriptions.services import enqueue_after_commit
from goodword.trust.queries import is_trusted_contact as trusted

from .models import Answer, Introduction, Status
from .tasks import send_introduction_email_task, send_introduction_opened_email_task

NOTE_MIN = 20
NOTE_MAX = 2000


def is_trusted_contact(owner, member) -> bool:
    """`member` is one of `owner`'s trusted contacts (`trust.queries.is_trusted_contact`, the
    same closeness as search and the network page)."""
    return trusted(owner, member)


def _check_pair(member_a, member_b) -> None:
    if blocks_between(member_a, member_b):
        # Say nothing about who blocked whom: blocks are nobody else's business.
        raise ValidationError(_("You cannot introduce these two members to each other."))


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) < NOTE_MIN:
        raise ValidationError(
            {
                "note": [
                    _("Please say in at least %(min)s characters why they should meet.")
                    % {"min": NOTE_MIN}
                ]
            }
        )
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": [_("The note can be at most %(max)s characters long.") % {"max": NOTE_MAX}]}
        )
    return note


@transaction.atomic
def introduce(introducer, member_a, member_b, note: str) -> Introduction:
    """Introduce two of the introducer's trusted contacts to each other. Both must accept."""
    note = _clean_note(note)
    if member_a.pk == member_b.pk:
        raise ValidationError({"member_b": [_("Please choose two different members.")]})
    if introducer.pk in (member_a.pk, member_b.pk):
        raise ValidationError(
            {"member_b": [_("Introduce two other members: you already know yourself.")]}
        )
    for member in (member_a, member_b):
        require_reach(introducer, member)
    for field, member in (("member_a", member_a), ("member_b", member_b)):
        if not is_trusted_contact(introducer, member):
            raise ValidationError(
                {
                    field: [
                        _(
                            "You can introduce only your trusted contacts: members you "
                            "recommended or trust, or who recommended you. %(name)s is not "
                            "one of them yet."
                        )
                        % {"name": member}
                    ]
                }
            )
    _check_pair(member_a, member_b)
    pair = [member_a.pk, member_b.pk]
    if Introduction.objects.filter(
        introducer=introducer,
        member_a__in=pair,
        member_b__in=pair,
        status__in=[Status.PENDING, Status.ACCEPTED],
    ).exists():
        raise ValidationError(_("You have already introduced these two members."))
    since = timezone.now() - privileges.WINDOW
    used = Introduction.objects.filter(introducer=introducer, created_at__gte=since)
    allowed, limit = privileges.within_limit(introducer, privileges.CONVERSATION, used)
    if not allowed:
        raise ValidationError(
            _(
                "You have reached your account’s limit of introductions for now (%(limit)s in "
                "24 hours). Limits grow as members recommend you."
            )
            % {"limit": limit}
        )
    introduction = Introduction.objects.create(
        introducer=introducer, member_a=member_a, member_b=member_b, note=note
    )
    url = reverse("introductions:detail", args=[introduction.pk])
    for member in (member_a, member_b):
        notify(member, NoticeKind.INTRODUCTION_RECEIVED, introducer, url)
    enqueue_after_commit(send_introduction_email_task, introduction.pk)
    return introduction


@transaction.atomic
def introduce_on_request(introducer, asker, introduced, note: str) -> Introduction:
    """The asker accepted an answer that introduces `introduced`: ask `introduced` to agree,
    like every other introduction. The asker's acceptance counts as their answer; nothing
    opens (no conversation, no grant between the asker and `introduced`) until `introduced`
    accepts too."""
    note = _clean_note(note)
    require_reach(introducer, introduced)
    require_reach(asker, introduced)
    _check_pair(asker, introduced)
    introduction = Introduction.objects.create(
        introducer=introducer,
        member_a=asker,
        member_b=introduced,
        note=note,
        answer_a=Answer.ACCEPTED,
    )
    url = reverse("introductions:detail", args=[introduction.pk])
    notify(introduced, NoticeKind.INTRODUCTION_RECEIVED, introducer, url)
    enqueue_after_commit(send_introduction_email_task, introduction.pk)
    return introduction


@transaction.atomic
def answer_introduction(introduction: Introduction, member, *, accept: bool) -> Introduction:
    """An introduced member accepts or declines. Both accepting opens the conversation."""
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if member.pk not in (introduction.member_a_id, introduction.member_b_id):
        raise PermissionDenied(_("Only the two introduced members can answer."))
    if introduction.status != Status.PENDING:
        raise ValidationError(_("This introduction is no longer open."))
    answer = Answer.ACCEPTED if accept else Answer.DECLINED
    field = "answer_a" if member.pk == introduction.member_a_id else "answer_b"
    setattr(introduction, field, answer)
    fields = [field]
    if not accept:
        introduction.status = Status.DECLINED
        introduction.decided_at = timezone.now()
        fields += ["status", "decided_at"]
    elif introduction.answer_a == introduction.answer_b == Answer.ACCEPTED:
        # A block made since the introduction: nothing opens, and nobody learns who blocked.
        _check_pair(introduction.member_a, introduction.member_b)
        introduction.status = Status.ACCEPTED
        introduction.decided_at = timezone.now()
        introduction.conversation = messaging.open_conversation(
            [introduction.member_a, introduction.member_b, introduction.introducer],
            origin=Origin.INTRODUCTION,
            started_by=introduction.introducer,
            note=introduction.note,
            note_author=introduction.introducer,
        )
        fields += ["status", "decided_at", "conversation"]
        # The member accepting last knows already; the introducer and the other member learn
        # that the conversation is open.
        url = messaging.conversation_url(introduction.conversation)
        for other in (introduction.introducer, introduction.member_a, introduction.member_b):
            if other.pk != member.pk and may_reach(member, other):
                notify(other, NoticeKind.INTRODUCTION_ACCEPTED, member, url)
        enqueue_after_commit(send_introduction_opened_email_task, introduction.pk)
    introduction.save(update_fields=fields)
    mark_read_for_page(member, reverse("introductions:detail", args=[introduction.pk]))
    return introduction


@transaction.atomic
def withdraw_introduction(introduction: Introduction, introducer) -> Introduction:
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if introducer.pk != introduction.introducer_id:
        raise PermissionDenied(_("Only the introducer can withdraw an introduction."))
    if introduction.status != Status.PENDING:
        raise ValidationError(_("This introduction is no longer open."))
    introduction.status = Status.WITHDRAWN
    introduction.decided_at = timezone.now()
    introduction.save(update_fields=["status", "decided_at"])
    return introduction
