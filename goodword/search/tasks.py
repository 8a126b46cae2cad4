"""Background work of the search index. Tasks take ids only and are idempotent."""

from django.db import transaction
from django_tasks import task

from .services import refresh_search_document


@task()
def refresh_search_document_task(user_id: int) -> None:
    """Rebuild one member's search document after a change was committed (idempotent)."""
    refresh_search_document(user_id)


def request_search_refresh(*user_ids: int) -> None:
    """Ask for a refresh of these members' documents once the current transaction commits.

    Other apps reach this through `core.hooks` (`PROFILE_CHANGED`, `RECOMMENDATION_CHANGED`):
    whenever what a member can be found by changes."""
    for user_id in dict.fromkeys(user_ids):
        # robust: the change is committed; a failed enqueue is logged (`rebuild_search_index`
        # repairs the index), never a 500 for a saved write.
        transaction.on_commit(
            lambda user_id=user_id: refresh_search_document_task.enqueue(user_id), robust=True
        )
