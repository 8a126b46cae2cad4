"""Every write to the search index. The index is derived data: `refresh_search_document`
rebuilds one member's document from the profile and accepted recommendations, so calling it
again is always safe."""

from __future__ import annotations

from django.db import connection, transaction

from goodword.accounts.models import Profile
from goodword.recommendations.models import Recommendation, Status
from goodword.topics.vocabulary import Vocabulary, get_vocabulary, token

from . import text
from .cache import index_changed
from .models import SearchDocument


def _concept_tokens(concepts) -> str:
    return " ".join(token(c) for c in sorted(concepts))


def _build(
    profile: Profile, topics: dict[str, int | None], texts: list[str], vocab: Vocabulary
) -> SearchDocument:
    facts = "\n".join(
        part for part in (profile.profession, profile.city, ", ".join(topics)) if part
    )
    topic_concepts: set[int] = set()
    for name, concept_id in topics.items():
        topic_concepts |= vocab.concepts_in(name)
        if concept_id is not None:
            topic_concepts.add(concept_id)
    body = "\n\n".join(texts)
    body_concepts = vocab.concepts_in(body) if body else set()
    topic_text = " ".join((profile.city, *topics))
    return SearchDocument(
        user_id=profile.user_id,
        name=profile.display_name,
        facts=facts,
        name_terms=text.index_tokens(profile.display_name),
        profession_terms=" ".join(
            (
                text.index_tokens(profile.profession),
                _concept_tokens(vocab.concepts_in(profile.profession)),
            )
        ).strip(),
        topic_terms=" ".join(
            (text.index_tokens(topic_text), _concept_tokens(topic_concepts))
        ).strip(),
        parts=text.index_parts((profile.profession, *topics)),
        body_terms=" ".join((text.index_tokens(body), _concept_tokens(body_concepts))).strip(),
        city_key=text.fold(profile.city.strip())[:100],
    )


def _fts_rows(docs: list[SearchDocument]) -> list[tuple]:
    return [
        (
            doc.user_id,
            doc.name_terms,
            doc.profession_terms,
            doc.topic_terms,
            doc.parts,
            doc.body_terms,
        )
        for doc in docs
    ]


def _write_fts(user_ids: list[int], docs: list[SearchDocument]) -> None:
    """SQLite only: replace the FTS5 rows of `user_ids` with `docs`."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(i,) for i in user_ids])
        cursor.executemany(
            "INSERT INTO search_fts (rowid, name, profession, topics, parts, body)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            _fts_rows(docs),
        )


def build_documents(user_ids: list[int]) -> list[SearchDocument]:
    """Search documents for the listed members who are active and have a name (four queries,
    plain values rather than model instances: `rebuild_search_index` runs this 100,000 times)."""
    profiles = list(
        Profile.objects.filter(user_id__in=user_ids, user__is_active=True)
        .exclude(display_name="")
        .only("user_id", "display_name", "profession", "city")
    )
    listed = [p.user_id for p in profiles]
    texts: dict[int, list[str]] = {i: [] for i in listed}
    topics: dict[int, dict[str, int | None]] = {i: {} for i in listed}
    profile_topics = Profile.topics.through.objects.filter(profile_id__in=listed)
    for user_id, name, concept_id in profile_topics.values_list(
        "profile_id", "topic__name", "topic__concept_id"
    ):
        topics[user_id].setdefault(name, concept_id)
    # Words a moderator hid are nobody's to find (docs/moderation.md).
    accepted = {
        "subject_id__in": listed,
        "status": Status.ACCEPTED,
        "hidden_by_moderators_at__isnull": True,
    }
    for subject_id, body in (
        Recommendation.objects.filter(**accepted)
        .order_by("subject_id", "-accepted_at", "-pk")
        .values_list("subject_id", "text")
    ):
        texts[subject_id].append(body)
    rec_topics = Recommendation.topics.through.objects.filter(
        **{f"recommendation__{k}": v for k, v in accepted.items()}
    )
    for subject_id, name, concept_id in rec_topics.values_list(
        "recommendation__subject_id", "topic__name", "topic__concept_id"
    ):
        topics[subject_id].setdefault(name, concept_id)
    vocab = get_vocabulary()
    return [_build(p, topics[p.user_id], texts[p.user_id], vocab) for p in profiles]


def store_documents(user_ids: list[int], docs: list[SearchDocument]) -> None:
    """Replace the documents of `user_ids` (members without a document are dropped)."""
    with transaction.atomic():
        SearchDocument.objects.filter(user_id__in=user_ids).delete()
        SearchDocument.objects.bulk_create(docs)
        _write_fts(user_ids, docs)
        index_changed()


def refresh_search_document(user_id: int) -> SearchDocument | None:
    """Rebuild one member's search document from their profile and accepted recommendations.
    Members who are inactive or have no name are removed from the index. Idempotent."""
    docs = build_documents([user_id])
    store_documents([user_id], docs)
    return docs[0] if docs else None


def clear_search_index() -> None:
    """Drop every document (used by `rebuild_search_index`)."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        index_changed()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_fts")
