from django_tasks import task

from .services import refresh_search_document


@task()
def refresh_search_document_task(user_id: int) -> None:
    """Rebuild one member's search document after a change was committed (idempotent)."""
    refresh_search_document(user_id)
