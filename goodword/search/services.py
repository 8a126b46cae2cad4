"""Every write to the search index. The index is derived data: `refresh_search_document`
rebuilds one member's document from the profile and accepted recommendations, so calling it
again is always safe."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from goodword.accounts.models import Profile
from goodword.recommendations.models import Recommendation, Status

from . import text
from .models import SearchDocument


def _build(profile: Profile, topic_names: Iterable[str], texts: list[str]) -> SearchDocument:
    facts = "\n".join(
        part for part in (profile.profession, profile.city, ", ".join(topic_names)) if part
    )
    body = "\n\n".join(texts)
    return SearchDocument(
        user_id=profile.user_id,
        name=profile.display_name,
        facts=facts,
        body=body,
        parts=text.index_parts((profile.profession, facts, body)),
        city_key=text.fold(profile.city.strip())[:100],
    )


def _fts_rows(docs: list[SearchDocument]) -> list[tuple]:
    return [
        (
            doc.user_id,
            text.index_tokens(doc.name),
            text.index_tokens(doc.facts),
            text.index_tokens(doc.body),
            doc.parts,
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
            "INSERT INTO search_fts (rowid, name, facts, body, parts) VALUES (%s, %s, %s, %s, %s)",
            _fts_rows(docs),
        )


def build_documents(user_ids: list[int]) -> list[SearchDocument]:
    """Search documents for the listed members who are active and have a name (three queries)."""
    profiles = list(
        Profile.objects.filter(user_id__in=user_ids, user__is_active=True)
        .exclude(display_name="")
        .prefetch_related("topics")
        .only("user_id", "display_name", "profession", "city")
    )
    listed = [p.user_id for p in profiles]
    texts: dict[int, list[str]] = {i: [] for i in listed}
    rec_topics: dict[int, dict[str, None]] = {i: {} for i in listed}
    recs = (
        Recommendation.objects.filter(subject_id__in=listed, status=Status.ACCEPTED)
        .order_by("subject_id", "-accepted_at", "-pk")
        .prefetch_related("topics")
        .only("pk", "subject_id", "text")
    )
    for rec in recs:
        texts[rec.subject_id].append(rec.text)
        for topic in rec.topics.all():
            rec_topics[rec.subject_id].setdefault(topic.name, None)
    docs = []
    for profile in profiles:
        names = dict.fromkeys(t.name for t in profile.topics.all())
        names.update(rec_topics[profile.user_id])
        docs.append(_build(profile, names, texts[profile.user_id]))
    return docs


def store_documents(user_ids: list[int], docs: list[SearchDocument]) -> None:
    """Replace the documents of `user_ids` (members without a document are dropped)."""
    with transaction.atomic():
        SearchDocument.objects.filter(user_id__in=user_ids).delete()
        SearchDocument.objects.bulk_create(docs)
        _write_fts(user_ids, docs)


def refresh_search_document(user_id: int) -> SearchDocument | None:
    """Rebuild one member's search document from their profile and accepted recommendations.
    Members who are inactive or have no name are removed from the index. Idempotent."""
    docs = build_documents([user_id])
    store_documents([user_id], docs)
    return docs[0] if docs else None


def request_search_refresh(*user_ids: int) -> None:
    """Ask for a refresh of these members' documents once the current transaction commits.

    Call this from services that change what a member can be found by: accepting, hiding,
    unhiding, withdrawing or editing a recommendation (the subject), and profile changes."""
    from .tasks import refresh_search_document_task

    for user_id in dict.fromkeys(user_ids):
        transaction.on_commit(lambda user_id=user_id: refresh_search_document_task.enqueue(user_id))


def clear_search_index() -> None:
    """Drop every document (used by `rebuild_search_index`)."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_fts")
