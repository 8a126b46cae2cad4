"""Every write on recommendations. Each service is atomic and does the write and its consequences:
notifications (whose e-mail goes out after commit) and, when an accepted recommendation appears
or goes away, a trust-graph refresh after commit. Views and the API call only these."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from goodword.core import hooks, members
from goodword.core.locks import lock_member
from goodword.core.members import is_new_account
from goodword.notifications.models import Kind
from goodword.notifications.services import mark_read_for_page, notify
from goodword.topics.services import get_or_create_topic

from .markdown import render_markdown
from .models import ACTIVE_STATUSES, Recommendation, Relationship, Status

TEXT_MIN = 20
TEXT_MAX = 2000
TOPICS_MIN = 1
TOPICS_MAX = 5
TOPIC_NAME_MAX = 60
YEAR_MIN = 1950


class RateLimited(ValidationError):
    """Too many recommendations in 24 hours. A ValidationError, so forms show it; the API
    answers 429 for it."""


# --- validation -----------------------------------------------------------------------------


def clean_topic_names(topic_names) -> list[str]:
    """Strip, collapse spaces and drop case-insensitive duplicates; keep the given order."""
    if isinstance(topic_names, str):
        topic_names = topic_names.replace(";", ",").split(",")
    names: list[str] = []
    seen: set[str] = set()
    for raw in topic_names or []:
        name = re.sub(r"\s+", " ", str(raw)).strip(" ,;#")
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def _validate_content(text, topic_names, relationship, known_since) -> dict:
    """Check the fields a member writes. Raises one ValidationError listing every problem."""
    errors: dict[str, list[str]] = {}
    text = (text or "").strip().replace("\r\n", "\n")
    if len(text) < TEXT_MIN:
        errors.setdefault("text", []).append(
            _("Please write at least %(min)d characters (you wrote %(count)d).")
            % {"min": TEXT_MIN, "count": len(text)}
        )
    elif len(text) > TEXT_MAX:
        errors.setdefault("text", []).append(
            _("Please keep it to %(max)d characters (you wrote %(count)d).")
            % {"max": TEXT_MAX, "count": len(text)}
        )
    names = clean_topic_names(topic_names)
    if len(names) < TOPICS_MIN:
        errors.setdefault("topics", []).append(_("Please name at least one topic."))
    elif len(names) > TOPICS_MAX:
        errors.setdefault("topics", []).append(
            _("Please choose at most %(max)d topics.") % {"max": TOPICS_MAX}
        )
    too_long = [n for n in names if len(n) > TOPIC_NAME_MAX]
    if too_long:
        errors.setdefault("topics", []).append(
            _("A topic can have at most %(max)d characters.") % {"max": TOPIC_NAME_MAX}
        )
    if relationship not in Relationship.values:
        errors.setdefault("relationship", []).append(_("Please choose how you know each other."))
    this_year = timezone.localdate().year
    try:
        year = int(known_since)
    except (TypeError, ValueError):
        year = None
    if year is None or not YEAR_MIN <= year <= this_year:
        errors.setdefault("known_since", []).append(
            _("Please enter a year between %(min)d and %(max)d.")
            % {"min": YEAR_MIN, "max": this_year}
        )
    if errors:
        raise ValidationError(errors)
    return {"text": text, "topic_names": names, "relationship": relationship, "known_since": year}


def _is_member(user) -> bool:
    """An active account with a display name: only such members give and receive."""
    if user is None or not user.is_active or not user.pk:
        return False
    try:
        return bool(user.profile.display_name)
    except ObjectDoesNotExist:
        return False


def _active_pair_exists(author, subject) -> bool:
    return Recommendation.objects.active().filter(author=author, subject=subject).exists()


def _duplicate_error() -> ValidationError:
    return ValidationError(
        _(
            "You have already written a recommendation for this member. "
            "You can edit it or withdraw it instead."
        ),
        code="duplicate",
    )


def check_can_recommend(author, subject) -> None:
    """Who may recommend whom, apart from the text. Views use it before showing the form."""
    if not _is_member(author):
        raise ValidationError(
            _("Please add your display name to your profile before recommending someone."),
            code="author_incomplete",
        )
    if subject is None or not _is_member(subject):
        raise ValidationError(
            _("This member cannot receive recommendations."), code="subject_invalid"
        )
    if author.pk == subject.pk:
        raise ValidationError(_("You cannot recommend yourself."), code="self")
    _check_reach(author, subject)
    if _active_pair_exists(author, subject):
        raise _duplicate_error()


def _check_reach(author, subject) -> None:
    """A block either way: nothing new from the author may reach the subject (and back)."""
    refusal = members.reach_refusal(author, subject)
    if refusal is not None:
        raise ValidationError(refusal, code="blocked")


def check_rate_limit(author) -> None:
    """New accounts may give few recommendations per 24 hours; everybody has a daily cap."""
    now = timezone.now()
    new = is_new_account(author, now)
    limit = settings.RECOMMENDATION_NEW_ACCOUNT_PER_DAY if new else settings.RECOMMENDATION_PER_DAY
    recent = Recommendation.objects.filter(
        author=author, created_at__gte=now - timedelta(hours=24)
    ).count()
    if recent >= limit:
        raise RateLimited(
            ngettext(
                "You can write at most %(limit)d recommendation per day. "
                "Please try again tomorrow.",
                "You can write at most %(limit)d recommendations per day. "
                "Please try again tomorrow.",
                limit,
            )
            % {"limit": limit},
            code="rate_limited",
        )


def review_url(recommendation: Recommendation) -> str:
    return reverse("recommendations:inbox") + f"#recommendation-{recommendation.pk}"


# --- services -------------------------------------------------------------------------------


def give_recommendation(
    author, subject, text, topic_names, relationship, known_since
) -> Recommendation:
    """Write a recommendation for `subject`. It stays pending until the subject accepts it.

    Raises ValidationError (RateLimited for the rate limit) with messages in the active language.
    """
    check_can_recommend(author, subject)
    data = _validate_content(text, topic_names, relationship, known_since)
    try:
        with transaction.atomic():
            # Count under the author's lock: parallel requests must not all pass the limit.
            lock_member(author)
            check_rate_limit(author)
            recommendation = Recommendation.objects.create(
                author=author,
                subject=subject,
                text=data["text"],
                text_html=render_markdown(data["text"]),
                relationship=data["relationship"],
                known_since=data["known_since"],
                status=Status.PENDING,
            )
            recommendation.topics.set([get_or_create_topic(n) for n in data["topic_names"]])
            notify(subject, Kind.RECOMMENDATION_RECEIVED, author, review_url(recommendation))
    except IntegrityError as exc:  # a concurrent request created the same pair first
        raise _duplicate_error() from exc
    return recommendation


def _changed(recommendation: Recommendation, old_status: str) -> None:
    """Inside the change's transaction: search and trust each follow through their hook
    (`core.hooks.RECOMMENDATION_CHANGED`)."""
    hooks.run(hooks.RECOMMENDATION_CHANGED, recommendation, old_status)


def _require(condition: bool) -> None:
    """Not yours looks like absent: 404, as in the `access_*` helpers."""
    if not condition:
        raise Http404


def _locked(recommendation: Recommendation) -> Recommendation:
    """Re-read the row for update so that two clicks cannot both change the status."""
    return Recommendation.objects.select_for_update().get(pk=recommendation.pk)


def _wrong_state() -> ValidationError:
    return ValidationError(
        _("This recommendation has changed in the meantime. Please reload the page."),
        code="wrong_state",
    )


def edit_recommendation(
    editor, recommendation, text, topic_names, relationship, known_since
) -> Recommendation:
    """The author changes the text, topics, relationship or year. The recommendation goes back
    to pending and the subject is asked again; the subject can never edit it."""
    _require(recommendation.author_id == editor.pk)
    _check_reach(editor, recommendation.subject)
    data = _validate_content(text, topic_names, relationship, known_since)
    with transaction.atomic():
        recommendation = _locked(recommendation)
        if recommendation.status not in ACTIVE_STATUSES:
            raise _wrong_state()
        if recommendation.hidden_by_moderators_at is not None:
            raise ValidationError(
                _(
                    "The moderators hid the text of this recommendation, so it cannot be "
                    "edited. You can appeal the decision (see Notifications) or withdraw the "
                    "recommendation."
                ),
                code="hidden_by_moderators",
            )
        old_status = recommendation.status
        recommendation.text = data["text"]
        recommendation.text_html = render_markdown(data["text"])
        recommendation.relationship = data["relationship"]
        recommendation.known_since = data["known_since"]
        recommendation.status = Status.PENDING
        recommendation.accepted_at = None
        recommendation.save()
        recommendation.topics.set([get_or_create_topic(n) for n in data["topic_names"]])
        _changed(recommendation, old_status)  # back to pending: out of search and trust
        notify(
            recommendation.subject,
            Kind.RECOMMENDATION_EDITED,
            editor,
            review_url(recommendation),
        )
    return recommendation


def _transition(actor, recommendation, *, role: str, from_statuses, to_status) -> Recommendation:
    owner_id = recommendation.subject_id if role == "subject" else recommendation.author_id
    _require(owner_id == actor.pk)
    with transaction.atomic():
        recommendation = _locked(recommendation)
        if recommendation.status not in from_statuses:
            raise _wrong_state()
        old_status = recommendation.status
        recommendation.status = to_status
        if to_status == Status.ACCEPTED and recommendation.accepted_at is None:
            recommendation.accepted_at = timezone.now()
        recommendation.save(update_fields=["status", "accepted_at", "updated_at"])
        _changed(recommendation, old_status)
        mark_read_for_page(actor, review_url(recommendation))
    return recommendation


def accept_recommendation(actor, recommendation) -> Recommendation:
    """The subject consents: the recommendation becomes public and the author is told."""
    with transaction.atomic():
        recommendation = _transition(
            actor,
            recommendation,
            role="subject",
            from_statuses=(Status.PENDING,),
            to_status=Status.ACCEPTED,
        )
        if members.may_reach(actor, recommendation.author):
            notify(
                recommendation.author,
                Kind.RECOMMENDATION_ACCEPTED,
                actor,
                reverse("accounts:profile", args=[recommendation.subject_id]),
            )
    return recommendation


def decline_recommendation(actor, recommendation) -> Recommendation:
    """The subject says no to a pending recommendation. It is never published."""
    return _transition(
        actor,
        recommendation,
        role="subject",
        from_statuses=(Status.PENDING,),
        to_status=Status.DECLINED,
    )


def hide_recommendation(actor, recommendation) -> Recommendation:
    """The subject takes an accepted recommendation off their public profile."""
    return _transition(
        actor,
        recommendation,
        role="subject",
        from_statuses=(Status.ACCEPTED,),
        to_status=Status.HIDDEN,
    )


def unhide_recommendation(actor, recommendation) -> Recommendation:
    """The subject shows a hidden recommendation again."""
    return _transition(
        actor,
        recommendation,
        role="subject",
        from_statuses=(Status.HIDDEN,),
        to_status=Status.ACCEPTED,
    )


def withdraw_recommendation(actor, recommendation) -> Recommendation:
    """The author takes back what they wrote. It disappears from both profiles."""
    return _transition(
        actor,
        recommendation,
        role="author",
        from_statuses=ACTIVE_STATUSES,
        to_status=Status.WITHDRAWN,
    )


def hide_by_moderators(author, recommendation_ids) -> list[int]:
    """Hide the words of `author`'s recommendations `recommendation_ids` from everybody but
    the author (a moderator's decision; called inside `goodword.moderation.services`'
    transaction). The recommendation stays, and so does its trust edge; search drops its text
    and topics. Returns the ids hidden now."""
    recs = list(
        Recommendation.objects.select_for_update()
        .filter(
            pk__in=list(recommendation_ids),
            author=author,
            hidden_by_moderators_at__isnull=True,
        )
        .order_by("pk")
    )
    now = timezone.now()
    for rec in recs:
        rec.hidden_by_moderators_at = now
        rec.save(update_fields=["hidden_by_moderators_at"])
        hooks.run(hooks.RECOMMENDATION_CHANGED, rec, rec.status)
    return [rec.pk for rec in recs]


def show_after_moderation(recommendation_ids) -> list[int]:
    """Show hidden words again (a hiding lifted on appeal or by a moderator)."""
    recs = list(
        Recommendation.objects.select_for_update()
        .filter(pk__in=list(recommendation_ids), hidden_by_moderators_at__isnull=False)
        .order_by("pk")
    )
    for rec in recs:
        rec.hidden_by_moderators_at = None
        rec.save(update_fields=["hidden_by_moderators_at"])
        hooks.run(hooks.RECOMMENDATION_CHANGED, rec, rec.status)
    return [rec.pk for rec in recs]
