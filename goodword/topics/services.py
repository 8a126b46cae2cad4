"""Writes to the shared topic vocabulary."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Concept, Topic
from .vocabulary import compile_vocabulary, forget_vocabulary, get_vocabulary

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
            topic = Topic.objects.create(
                name=cleaned,
                slug=_unique_slug(topic_slug(cleaned)),
                concept_id=concept_for_name(cleaned),
            )
            return topic
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


def _preferred_concept(vocab, concept_ids: set[int]) -> int | None:
    """Of several concepts a topic name could mean, the field of work before the profession."""
    if not concept_ids:
        return None
    return min(concept_ids, key=lambda c: (vocab.kinds.get(c) != "topic", c))


def import_vocabulary(entries: list[dict], concept_model=None, topic_model=None) -> int:
    """Create or update the concepts in `entries` (the format of `topics/data/vocabulary.json`)
    by name, set their broader and related concepts, and link every topic without a concept
    to the concept its name expresses. Existing expressions that operators added are kept.
    Takes the model classes so that a data migration can pass its historical ones.
    Returns the number of concepts written."""
    concept_model = concept_model or Concept
    topic_model = topic_model or Topic
    with transaction.atomic():
        by_name = {c.name.lower(): c for c in concept_model.objects.all()}
        for entry in entries:
            concept = by_name.get(entry["name"].lower())
            if concept is None:
                concept = concept_model(name=entry["name"])
            concept.name_en = entry.get("name_en", "") or concept.name_en
            concept.kind = entry.get("kind", "topic")
            known = [line for line in (concept.expressions or "").splitlines() if line.strip()]
            lowered = {line.strip().lower() for line in known}
            known += [e for e in entry.get("expressions", []) if e.lower() not in lowered]
            concept.expressions = "\n".join(known)
            concept.save()
            by_name[concept.name.lower()] = concept
        for entry in entries:
            concept = by_name[entry["name"].lower()]
            broader = by_name.get((entry.get("broader") or "").lower())
            if broader is not None and broader.pk != concept.pk:
                concept.broader = broader
                concept.save(update_fields=["broader"])
            related = [by_name[r.lower()] for r in entry.get("related", []) if r.lower() in by_name]
            if related:
                concept.related.add(*related)
        concepts = list(concept_model.objects.all())
        vocab = compile_vocabulary(
            [
                (c.pk, c.name, c.kind, [c.name, c.name_en, *c.expressions.splitlines()])
                for c in concepts
            ],
            {c.pk: c.broader_id for c in concepts},
            [],
        )
        _link_topics(vocab, topic_model)
    forget_vocabulary()
    return len(entries)


def _link_topics(vocab, topic_model) -> int:
    linked = []
    for topic in topic_model.objects.filter(concept__isnull=True).only("pk", "name"):
        topic.concept_id = _preferred_concept(vocab, vocab.concepts_of_name(topic.name))
        if topic.concept_id is not None:
            linked.append(topic)
    topic_model.objects.bulk_update(linked, ["concept"], batch_size=500)
    return len(linked)


def link_topics_to_vocabulary() -> int:
    """Link every topic without a concept to the concept its name expresses (for topics
    written without `get_or_create_topic`, e.g. by the demo seed). Returns how many."""
    with transaction.atomic():
        return _link_topics(get_vocabulary(), Topic)


def concept_for_name(name: str) -> int | None:
    """The vocabulary concept a new topic called `name` is linked to (None if it names none)."""
    vocab = get_vocabulary()
    ids = vocab.concepts_of_name(name)
    if ids:
        # This process's vocabulary may be older than a concept an operator just deleted.
        ids = set(Concept.objects.filter(pk__in=ids).values_list("pk", flat=True))
    return _preferred_concept(vocab, ids)
