"""Every write on requests and their answers. Accepting an answer opens a conversation through
the messaging service, which records the contact grant that answering a request earns."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from goodword.core.members import require_reach, restriction, trusts
from goodword.introductions.services import introduce_on_request, is_trusted_contact
from goodword.messaging import privileges
from goodword.messaging import services as messaging
from goodword.messaging.models import GrantSource, Origin
from goodword.notifications.models import Kind as NoticeKind
from goodword.notifications.services import mark_read_for_page, notify
from goodword.topics.services import get_or_create_topics

from .models import Answer, AnswerKind, AnswerStatus, Ask, AskStatus, Visibility

TITLE_MAX = 120
TEXT_MIN = 20
TEXT_MAX = 2000
ANSWER_MIN = 20
MAX_TOPICS = 5


def _limit(user, action: str, used) -> None:
    """Refuse when a moderator restricted the member, or when the member's recent actions
    (`used`, a queryset counted under the member's lock) reach their limit."""
    if reason := restriction(user):
        raise ValidationError(reason, code="restricted")
    allowed, limit = privileges.within_limit(user, action, used)
    if not allowed:
        raise ValidationError(
            _(
                "You have reached your account’s limit for now (%(limit)s in 24 hours). "
                "Limits grow as members recommend you."
            )
            % {"limit": limit}
        )


def _since():
    return timezone.now() - privileges.WINDOW


@transaction.atomic
def post_ask(
    author,
    *,
    title: str,
    text: str,
    topic_names=(),
    city: str = "",
    remote: bool = False,
    visibility: str = Visibility.NETWORK,
) -> Ask:
    """Post a request. Needs a title, a text of at least 20 characters, and a city or remote."""
    errors: dict[str, list] = {}
    title = (title or "").strip()
    text = (text or "").strip()
    city = (city or "").strip()
    names = [n.strip() for n in topic_names if n and n.strip()]
    if not title:
        errors["title"] = [_("Please say in a few words what you need.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("At most %(max)s characters, please.") % {"max": TITLE_MAX}]
    if len(text) < TEXT_MIN or len(text) > TEXT_MAX:
        errors["text"] = [
            _("Please describe it in %(min)s to %(max)s characters.")
            % {"min": TEXT_MIN, "max": TEXT_MAX}
        ]
    if len(names) > MAX_TOPICS:
        errors["topics"] = [_("At most %(max)s topics, please.") % {"max": MAX_TOPICS}]
    if any(len(n) > 60 for n in names):
        errors["topics"] = [_("A topic can be at most 60 characters long.")]
    if not city and not remote:
        errors["city"] = [_("Please give a city, or say that remote is fine.")]
    if len(city) > 100:
        errors["city"] = [_("At most %(max)s characters, please.") % {"max": 100}]
    if visibility not in Visibility.values:
        errors["visibility"] = [_("Please choose who may see your request.")]
    if errors:
        raise ValidationError(errors)
    _limit(
        author,
        privileges.REQUEST,
        Ask.objects.filter(author=author, created_at__gte=_since()),
    )
    ask = Ask.objects.create(
        author=author, title=title, text=text, city=city, remote=remote, visibility=visibility
    )
    if names:
        ask.topics.set(get_or_create_topics(names))
    return ask


@transaction.atomic
def close_ask(ask: Ask, author, *, resolved: bool) -> Ask:
    """The asker marks the request resolved or withdraws it."""
    if ask.author_id != author.pk:
        raise PermissionDenied(_("Only the asker can close a request."))
    if not ask.is_open:
        raise ValidationError(_("This request is already closed."))
    ask.status = AskStatus.RESOLVED if resolved else AskStatus.WITHDRAWN
    ask.closed_at = timezone.now()
    ask.save(update_fields=["status", "closed_at"])
    return ask


def offer_refusal(ask: Ask) -> str:
    return _(
        "You can offer yourself only to members who already trust you. To help %(name)s, ask "
        "someone you both know to introduce you, or introduce someone you trust who can help."
    ) % {"name": ask.author}


def may_offer(ask: Ask, member) -> bool:
    return trusts(ask.author, member)


def _clean_answer_text(text: str) -> str:
    text = (text or "").strip()
    if len(text) < ANSWER_MIN or len(text) > TEXT_MAX:
        raise ValidationError(
            {
                "text": [
                    _("Please say why in %(min)s to %(max)s characters.")
                    % {"min": ANSWER_MIN, "max": TEXT_MAX}
                ]
            }
        )
    return text


def _check_can_answer(ask: Ask, member) -> None:
    if not ask.is_open:
        raise ValidationError(_("This request is closed."))
    if ask.author_id == member.pk:
        raise ValidationError(_("You cannot answer your own request."))
    require_reach(member, ask.author)
    _limit(
        member,
        privileges.ANSWER,
        Answer.objects.filter(author=member, created_at__gte=_since()),
    )


@transaction.atomic
def answer_with_introduction(ask: Ask, member, introduced, text: str) -> Answer:
    """“I recommend Bernd to you, because …”: suggest one of the answerer's trusted contacts."""
    text = _clean_answer_text(text)
    _check_can_answer(ask, member)
    if introduced.pk in (member.pk, ask.author_id):
        raise ValidationError(
            {"introduced": [_("Please choose someone other than yourself and the asker.")]}
        )
    require_reach(member, introduced)
    if not is_trusted_contact(member, introduced):
        raise ValidationError(
            {
                "introduced": [
                    _(
                        "You can recommend only your trusted contacts: members you recommended "
                        "or trust, or who recommended you."
                    )
                ]
            }
        )
    try:
        with transaction.atomic():
            answer = Answer.objects.create(
                ask=ask, author=member, kind=AnswerKind.INTRODUCE, introduced=introduced, text=text
            )
    except IntegrityError as exc:
        raise ValidationError(_("You have already suggested this member here.")) from exc
    _notify_asker(answer)
    return answer


def _notify_asker(answer: Answer) -> None:
    url = reverse("asks:detail", args=[answer.ask_id])
    notify(answer.ask.author, NoticeKind.ANSWER_RECEIVED, answer.author, url)


@transaction.atomic
def answer_with_offer(ask: Ask, member, text: str) -> Answer:
    """Offer oneself: allowed only if the asker already trusts the answerer."""
    text = _clean_answer_text(text)
    _check_can_answer(ask, member)
    if not may_offer(ask, member):
        raise PermissionDenied(offer_refusal(ask))
    try:
        with transaction.atomic():
            answer = Answer.objects.create(ask=ask, author=member, kind=AnswerKind.OFFER, text=text)
    except IntegrityError as exc:
        raise ValidationError(_("You have already offered your help here.")) from exc
    _notify_asker(answer)
    return answer


@transaction.atomic
def accept_answer(answer: Answer, asker) -> Answer:
    """The asker accepts an answer. An offer opens a conversation between the asker and the
    answerer at once, with the answer at the top. An introduction first asks the introduced
    member to agree (`introductions.services.introduce_on_request`); the conversation of all
    three opens when they accept. Either way the answerer earned contact with the asker."""
    answer = Answer.objects.select_for_update().select_related("ask").get(pk=answer.pk)
    if answer.ask.author_id != asker.pk:
        raise PermissionDenied(_("Only the asker can accept an answer."))
    if answer.status != AnswerStatus.PENDING:
        raise ValidationError(_("You have already decided on this answer."))
    require_reach(asker, answer.author)
    # Answering the asker's request earned the answerer contact (offers included).
    messaging.grant_contact(asker, answer.author, source=GrantSource.REQUEST)
    answer.status = AnswerStatus.ACCEPTED
    mark_read_for_page(asker, reverse("asks:detail", args=[answer.ask_id]))
    if answer.kind == AnswerKind.INTRODUCE:
        # The introduced member never asked for this: they must agree first, like any
        # introduction. The conversation of all three opens when they do.
        answer.introduction = introduce_on_request(
            answer.author, asker, answer.introduced, answer.text
        )
        answer.save(update_fields=["status", "introduction"])
        return answer
    conversation = messaging.open_conversation(
        [asker, answer.author],
        origin=Origin.REQUEST,
        started_by=asker,
        note=answer.text,
        note_author=answer.author,
    )
    answer.conversation = conversation
    answer.save(update_fields=["status", "conversation"])
    notify(
        answer.author,
        NoticeKind.CONVERSATION_STARTED,
        asker,
        messaging.conversation_url(conversation),
    )
    return answer


@transaction.atomic
def decline_answer(answer: Answer, asker) -> Answer:
    if answer.ask.author_id != asker.pk:
        raise PermissionDenied(_("Only the asker can decline an answer."))
    if answer.status != AnswerStatus.PENDING:
        raise ValidationError(_("You have already decided on this answer."))
    answer.status = AnswerStatus.DECLINED
    answer.save(update_fields=["status"])
    mark_read_for_page(asker, reverse("asks:detail", args=[answer.ask_id]))
    return answer
