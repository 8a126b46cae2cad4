"""Writes to the shared topic vocabulary."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Topic

MAX_NAME_LENGTH = 60
_GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def normalise_topic_name(name: str) -> str:
    """Collapse whitespace, strip stray separators; raise `ValidationError` if nothing is left
    or the name is too long. The capitalisation a member typed is kept for display."""
    cleaned = re.sub(r"\s+", " ", str(name)).strip(" ,;#")
    if not cleaned:
        raise ValidationError(_("A topic needs a name."), code="blank")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("“%(name)s…” is too long for a topic (at most %(max)d characters).")
            % {"name": cleaned[:20], "max": MAX_NAME_LENGTH},
            code="max_length",
        )
    return cleaned


def topic_slug(name: str) -> str:
    """ASCII slug with German transliteration (Möbelbau → moebelbau)."""
    return slugify(name.translate(_GERMAN_LETTERS))[:70] or "topic"


def _unique_slug(base: str) -> str:
    slug, n = base, 2
    while Topic.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def get_or_create_topic(name: str) -> Topic:
    """The topic called `name` (case-insensitive), created if the vocabulary lacks it."""
    cleaned = normalise_topic_name(name)
    existing = Topic.objects.filter(name__iexact=cleaned).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Topic.objects.create(name=cleaned, slug=_unique_slug(topic_slug(cleaned)))
    except IntegrityError:
        # Someone created it at the same moment: theirs is as good as ours.
        return Topic.objects.get(name__iexact=cleaned)


def get_or_create_topics(names: list[str]) -> list[Topic]:
    """Topics for a list of names, de-duplicated case-insensitively, order kept."""
    topics: list[Topic] = []
    seen: set[int] = set()
    for name in names:
        topic = get_or_create_topic(name)
        if topic.pk not in seen:
            seen.add(topic.pk)
            topics.append(topic)
    return topics
