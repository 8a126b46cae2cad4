"""Every write to a member's account and profile goes through a function in this module."""

from __future__ import annotations

import base64
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goodword.core import hooks
from goodword.core.export import iso
from goodword.topics.services import get_or_create_topics, normalise_topic_name

from .models import LANGUAGE_CHOICES, PROFILE_FACTS, Profile, ProfileVisibility, User
from .portraits import process_portrait

MAX_TOPICS = 12
LANGUAGE_CODES = {code for code, _label in LANGUAGE_CHOICES}


@transaction.atomic
def create_profile(user: User, *, display_name: str = "") -> Profile:
    """Give a new member their (empty) profile. Idempotent: returns the existing one if present."""
    profile, _created = Profile.objects.get_or_create(
        user=user, defaults={"display_name": display_name.strip()[:120]}
    )
    return profile


def validate_topic_names(names: list[str]) -> list[str]:
    """Normalised, case-insensitively de-duplicated topic names; `ValidationError` on bad ones."""
    cleaned: list[str] = []
    errors: list[str] = []
    for name in names:
        try:
            value = normalise_topic_name(name)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if value.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(value)
    if len(cleaned) > MAX_TOPICS:
        errors.append(_("Please choose at most %(max)d topics.") % {"max": MAX_TOPICS})
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def update_profile(profile: Profile, changes: dict[str, Any]) -> Profile:
    """Change some of a member's facts. `changes` maps `PROFILE_FACTS` (and `topics`, a list
    of names; new ones join the shared vocabulary) to new values. Everything is validated first;
    on any error a `ValidationError` with per-field messages is raised and nothing is saved."""
    unknown = set(changes) - {*PROFILE_FACTS, "topics"}
    if unknown:
        raise ValidationError(
            {name: [_("This field cannot be changed.")] for name in sorted(unknown)}
        )
    # Work on a fresh copy so a failed validation leaves the caller's object untouched.
    candidate = Profile.objects.select_for_update().get(pk=profile.pk)
    errors: dict[str, list[str]] = {}
    for name in PROFILE_FACTS:
        if name not in changes:
            continue
        value = changes[name]
        if name == "languages":
            value = list(dict.fromkeys(value or []))
            bad = [code for code in value if code not in LANGUAGE_CODES]
            if bad:
                errors.setdefault(name, []).append(
                    _("Unknown language: %(codes)s.") % {"codes": ", ".join(map(str, bad))}
                )
        elif value is None:
            value = ""
        elif isinstance(value, str):
            value = value.strip()
        setattr(candidate, name, value)

    topic_names: list[str] | None = None
    if "topics" in changes:
        try:
            topic_names = validate_topic_names(list(changes["topics"] or []))
        except ValidationError as exc:
            errors.setdefault("topics", []).extend(exc.messages)

    try:
        candidate.full_clean(exclude=["user", "topics"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    candidate.save()
    if topic_names is not None:
        candidate.topics.set(get_or_create_topics(topic_names))
    hooks.run(hooks.PROFILE_CHANGED, candidate.user_id)
    return candidate


def _delete_file_after_commit(name: str) -> None:
    """Files are not part of the transaction: remove one only once the change is committed."""
    if name:
        storage = Profile._meta.get_field("portrait").storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def set_portrait(user: User, upload) -> Profile:
    """Give the member a portrait (replacing the old one): checked, cropped, shrunk and stripped
    of metadata by `portraits.process_portrait`; `ValidationError` and nothing stored for
    anything else."""
    picture = process_portrait(upload)
    create_profile(user)
    profile = Profile.objects.select_for_update().get(pk=user.pk)
    old = profile.portrait.name
    profile.portrait.save(picture.name, picture, save=False)
    # If the transaction fails after this, the new file stays behind unreferenced; an orphan
    # costs 30 KB, a deleted portrait that is still referenced would be a broken page.
    Profile.objects.filter(pk=profile.pk).update(portrait=profile.portrait.name)
    _delete_file_after_commit(old)
    return profile


@transaction.atomic
def remove_portrait(user: User) -> None:
    """The member goes back to their initials; the file is deleted."""
    profile = Profile.objects.select_for_update().filter(pk=user.pk).first()
    if profile is None or not profile.portrait:
        return
    _delete_file_after_commit(profile.portrait.name)
    Profile.objects.filter(pk=profile.pk).update(portrait="")


def set_language(user: User, language: str) -> User:
    """The member's language for pages and mails; one of `settings.LANGUAGES`."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Please choose one of the offered languages.")]})
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return user


def _exported_portrait(profile: Profile) -> dict | None:
    """The stored picture itself (the JPEG Goodword keeps), so the export is complete."""
    if not profile.portrait:
        return None
    try:
        with profile.portrait.open("rb") as picture:
            data = picture.read()
    except OSError:  # the file is gone (a restored database without its media)
        return None
    return {"content_type": "image/jpeg", "base64": base64.b64encode(data).decode("ascii")}


def export_member_data(user: User) -> dict[str, Any]:
    """Everything Goodword stores about `user` and that they wrote (GDPR Art. 15/20), as JSON-
    ready data. Other members appear only as id and public display name. Each app adds its own
    sections through `core.hooks.MEMBER_EXPORT`; sections of the same name are merged."""
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    data: dict[str, Any] = {
        "format": "goodword-export/1",
        "exported_at": iso(timezone.now()),
        "account": {
            "id": user.pk,
            "email": user.email,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in user.emailaddress_set.all()
            ],
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
            "language": user.language,
        },
        "profile": {
            **{name: getattr(profile, name) for name in PROFILE_FACTS},
            "topics": [t.name for t in profile.topics.all()] if profile.pk else [],
            "looking_for_hidden_by_moderators_at": iso(profile.looking_for_hidden_at),
            "portrait": _exported_portrait(profile),
            "created_at": iso(profile.created_at),
            "updated_at": iso(profile.updated_at),
        },
    }
    for sections in hooks.run(hooks.MEMBER_EXPORT, user):
        for name, section in sections.items():
            if isinstance(section, dict) and isinstance(data.get(name), dict):
                data[name] = {**data[name], **section}
            else:
                data[name] = section
    return data


@transaction.atomic
def delete_account(user: User, *, password: str) -> None:
    """Delete a member after checking their password (GDPR Art. 17).

    Their personal data is erased: e-mail addresses, password, profile facts and topics,
    recommendations given and received, private marks, notifications, tokens, contact and
    e-mail settings. What other members wrote and did with them stays (Art. 17(3)): referrals,
    requests and answers, introductions, conversations with everybody's messages, and reports,
    attributed to "a deleted member". The account row remains as that anonymous placeholder
    (no e-mail, no name, no login), so that those records keep their other side.
    What is kept and why is explained on the deletion page (`accounts/delete_account.html`).
    """
    if not password or not user.check_password(password):
        raise ValidationError({"password": [_("That is not your current password.")]})
    with transaction.atomic():
        # First each app's deletion rule (trust records the member's edges, so that every
        # running process drops them), then each app erases its part.
        hooks.run(hooks.MEMBER_DELETING, user)
        hooks.run(hooks.MEMBER_ERASING, user)
        _erase_account(user)
        hooks.run(hooks.PROFILE_CHANGED, user.pk)  # out of search


def _erase_account(user: User) -> None:
    EmailAddress.objects.filter(user=user).delete()
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        profile.topics.clear()
        # Every fact goes, so a fact added to `PROFILE_FACTS` later is erased too.
        erased = dict.fromkeys(PROFILE_FACTS, "")
        erased.update(languages=[], visibility=ProfileVisibility.MEMBERS)
        Profile.objects.filter(pk=profile.pk).update(**erased)
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.email = f"deleted-{locked.pk}@deleted.invalid"
    locked.set_unusable_password()
    locked.is_active = False
    locked.is_staff = False
    locked.is_superuser = False
    locked.last_login = None
    locked.language = ""
    locked.deleted_at = timezone.now()
    locked.save()
    # Other sessions end by themselves: an inactive account with a new password hash no longer
    # authenticates.
    locked.groups.clear()
    locked.user_permissions.clear()


def hide_looking_for(user: User) -> bool:
    """Hide the member's "looking for" text from everybody else (a moderator's decision;
    called inside `goodword.moderation.services`' transaction). False when there is no text
    or it is hidden already."""
    now = timezone.now()
    return bool(
        Profile.objects.filter(user=user, looking_for_hidden_at__isnull=True)
        .exclude(looking_for="")
        .update(looking_for_hidden_at=now)
    )


def show_looking_for(user: User) -> bool:
    """Show the "looking for" text again (a hiding lifted)."""
    return bool(
        Profile.objects.filter(user=user, looking_for_hidden_at__isnull=False).update(
            looking_for_hidden_at=None
        )
    )
